// Runs the payment job at a fixed rate, one tick at a time.
//
// Why not node-cron: cron counts in whole seconds and can only express intervals that divide a
// minute evenly, while SCHEDULED_JOB_INTERVAL_SECONDS accepts fractions down to 0.05 (the tests use
// them). A timer does the same job as APScheduler's interval trigger did in the original workshop.
//
// A tick that is still running when the next one is due is not doubled up: the next tick is skipped
// (as APScheduler's max_instances=1 did), so one instance never pays two orders at once.
import type { Logger } from '../../platform/logger';

export interface Scheduler {
  start(): void;
  /** Stops ticking and waits, at most `graceMs`, for the tick in flight. Returns whether it finished. */
  stop(graceMs: number): Promise<boolean>;
}

export function createFixedRateScheduler(options: {
  intervalMs: number;
  tick: () => Promise<unknown>;
  logger: Logger;
}): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  function runOnce(): void {
    if (inFlight) return;
    inFlight = options
      .tick()
      .then(
        () => undefined,
        // A tick that throws is a bug or an outage (database gone), not a payment outcome: log it
        // with its stack, once, and keep the schedule going so the job recovers by itself.
        (error: unknown) => {
          options.logger.error('payment job tick failed', { error });
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
  }

  return {
    start() {
      if (timer) return;
      timer = setInterval(runOnce, options.intervalMs);
    },
    async stop(graceMs) {
      clearInterval(timer);
      timer = undefined;
      if (!inFlight) return true;
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timeout = setTimeout(() => resolve(false), graceMs);
      });
      const finished = await Promise.race([inFlight.then(() => true as const), timedOut]);
      clearTimeout(timeout);
      return finished;
    },
  };
}
