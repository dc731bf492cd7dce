// Entry point of the app process: settings first (a bad one stops us with one clear line), then
// telemetry, and only then the app itself: Application Insights must be switched on before
// express, http and winston are loaded, or it cannot see them.
import { loadAppConfig } from './config';
import { InvalidSetting } from './settings';
import { startTelemetry } from './telemetry';

/** App Service sends SIGTERM and waits 5 s before it kills the process. */
const HARD_STOP_MS = 4500;
/** Part of that budget kept for sending the last telemetry. */
const TELEMETRY_FLUSH_MS = 1000;

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const telemetry = await startTelemetry({
    roleName: 'order-processing-app',
    version: config.version,
    connectionString: config.appInsightsConnectionString,
    storageDirectory: config.telemetryStorageDirectory,
  });
  const { startApp } = await import('./start-app'); // loaded now, on purpose: see above
  const running = await startApp(config);
  running.logger.info('telemetry', { applicationInsights: telemetry.enabled ? 'on' : 'off (APPLICATIONINSIGHTS_CONNECTION_STRING is not set)' });

  const shutDown = (signal: string) => {
    running.logger.info('shutdown requested', { signal });
    setTimeout(() => process.exit(1), HARD_STOP_MS).unref();
    running
      .stop()
      .then(() => telemetry.flush(TELEMETRY_FLUSH_MS))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          running.logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutDown('SIGTERM'));
  process.once('SIGINT', () => shutDown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof InvalidSetting) {
    console.error(`order-processing-app: ${error.message}`);
  } else {
    console.error('order-processing-app failed to start:', error);
  }
  process.exit(1);
});
