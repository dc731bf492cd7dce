// Entry point of the finance package process: settings, then telemetry, then the package itself
// (loaded after telemetry on purpose, as in app/main.ts).
import { InvalidSetting } from '../platform/settings';
import { stopOnSignals } from '../platform/shutdown';
import { startTelemetry, telemetryOptionsFor } from '../platform/telemetry';
import { loadFinanceConfig } from './config';

async function main(): Promise<void> {
  const config = loadFinanceConfig(process.env);
  const telemetry = await startTelemetry(telemetryOptionsFor('order-processing-finance-package', config));
  const { startFinance } = await import('./start-finance');
  const running = await startFinance(config);
  stopOnSignals(running, telemetry);
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidSetting ? `order-processing-finance-package: ${error.message}` : error);
  process.exit(1);
});
