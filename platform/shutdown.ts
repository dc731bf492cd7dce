// What both processes do on SIGTERM (App Service stopping or restarting them) and SIGINT (Ctrl-C):
// stop taking work, let what is in flight finish, send the last telemetry, exit, all within the
// 5 seconds App Service waits before it kills the process.
import type { Logger } from './logger';
import type { Telemetry } from './telemetry';

const HARD_STOP_MS = 4500;
/** Part of the budget kept for sending the last telemetry. */
const TELEMETRY_FLUSH_MS = 1000;

export function stopOnSignals(running: { logger: Logger; stop(): Promise<void> }, telemetry?: Telemetry): void {
  const shutDown = (signal: string) => {
    running.logger.info('shutdown requested', { signal });
    setTimeout(() => process.exit(1), HARD_STOP_MS).unref();
    running
      .stop()
      .then(() => telemetry?.flush(TELEMETRY_FLUSH_MS))
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
