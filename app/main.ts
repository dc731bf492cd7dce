// Entry point of the app process: settings first (a bad one stops us with one clear line), then the
// app itself. start-app is loaded only after the settings are known, on purpose: telemetry must be
// switched on before express, http and winston are loaded, or it cannot see them.
import { loadAppConfig } from './config';
import { InvalidSetting } from './settings';

/** App Service sends SIGTERM and waits 5 s before it kills the process. */
const HARD_STOP_MS = 4500;

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const { startApp } = await import('./start-app');
  const running = await startApp(config);

  const shutDown = (signal: string) => {
    running.logger.info('shutdown requested', { signal });
    setTimeout(() => process.exit(1), HARD_STOP_MS).unref();
    running.stop().then(
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
