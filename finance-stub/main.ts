// Entry point of the finance package process: settings first, then the package itself.
import { InvalidSetting } from '../app/settings';
import { loadFinanceConfig } from './config';

async function main(): Promise<void> {
  const config = loadFinanceConfig(process.env);
  const { startFinance } = await import('./start-finance');
  const running = await startFinance(config);
  const shutDown = (signal: string) => {
    running.logger.info('shutdown requested', { signal });
    setTimeout(() => process.exit(1), 4500).unref();
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutDown('SIGTERM'));
  process.once('SIGINT', () => shutDown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidSetting ? `order-processing-finance-package: ${error.message}` : error);
  process.exit(1);
});
