// workshop(app-insights): solution
// Entry point of the app process: settings first (a bad one stops us with one clear line), then
// telemetry, and only then the app itself: Application Insights must be switched on before
// express, http and winston are loaded, or it cannot see them.
// workshop(app-insights): starter
// // Entry point of the app process: settings first (a bad one stops us with one clear line), then
// // the app itself, loaded only now so that anything that must start before express, http and
// // winston are loaded (Application Insights, for one) has its place here.
// workshop(app-insights): end
import { loadAppConfig } from './config';
import { InvalidSetting } from '../platform/settings';
import { stopOnSignals } from '../platform/shutdown';
// workshop(app-insights): solution
import { startTelemetry, telemetryOptionsFor } from '../platform/telemetry';
// workshop(app-insights): end

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  // workshop(app-insights): solution
  const telemetry = await startTelemetry(telemetryOptionsFor('order-processing-app', config));
  // workshop(app-insights): end
  const { startApp } = await import('./start-app'); // loaded now, on purpose: see above
  const running = await startApp(config);
  // workshop(app-insights): solution
  running.logger.info('telemetry', { applicationInsights: telemetry.enabled ? 'on' : 'off (APPLICATIONINSIGHTS_CONNECTION_STRING is not set)' });
  stopOnSignals(running, telemetry);
  // workshop(app-insights): starter
  // stopOnSignals(running);
  // workshop(app-insights): end
}

main().catch((error: unknown) => {
  if (error instanceof InvalidSetting) {
    console.error(`order-processing-app: ${error.message}`);
  } else {
    console.error('order-processing-app failed to start:', error);
  }
  process.exit(1);
});
