// Builds the real dependencies, listens, and starts the payment job. Returns a handle whose stop()
// shuts everything down in the right order, inside App Service's 5-second stop budget.
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { systemClock, type Clock } from '../platform/clock';
import type { AppConfig } from './config';
import { listen } from '../platform/listen';
import { createLogger, type Logger } from '../platform/logger';
import { createFixedRateScheduler } from './orders/fixed-rate-scheduler';
import { createPaymentJob } from './orders/payment-job';
import { DOWNLOAD_BYTES } from './orders/place-order';
import { createFinanceClient } from './payments/finance-client';
import { registerQueueLengthMetric } from './queue-metric';
import { registerResourceMetrics } from './resource-metrics';
import { createApp } from './server';
import { describeDatabase, openStoreWhenReady } from './store/open-store';
import { StoreWhenReady } from './store/store-when-ready';

export interface RunningApp {
  url: string;
  port: number;
  logger: Logger;
  /** Stops taking work, lets the payment in flight finish (bounded), closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Where log lines go (stdout by default); tests read them from here. */
  logStream?: Writable;
}

/** How long a payment in flight may take to finish once a stop is asked for. */
const STOP_GRACE_MS = 3000;

export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const clock = options.clock ?? systemClock;
  const logger = createLogger({ roleName: 'order-processing-app', level: config.logLevel, secrets: config.secrets, stream: options.logStream });
  let stopping = false;

  logger.info('starting', { version: config.version, database: describeDatabase(config.database), financePackage: config.finance.baseUrl });
  // Listen first, so that while the database is awaited /healthz can say why we are not ready.
  const store = new StoreWhenReady(config.database.kind);
  const finance = createFinanceClient(config.finance);
  const app = createApp({ store, finance, clock, logger, makeDownload: () => randomBytes(DOWNLOAD_BYTES), version: config.version });

  const { server, port, url } = await listen(app, config.port, config.host);
  store.ready(await openStoreWhenReady(config.database, { logger, shouldGiveUp: () => stopping, onWaiting: (reason) => store.waiting(reason) }));

  registerQueueLengthMetric(store, clock);
  registerResourceMetrics(store);
  const job = createPaymentJob({ store, finance, clock, logger, retry: config.job.retry, leaseMs: config.job.leaseMs });
  const scheduler = createFixedRateScheduler({ intervalMs: config.job.intervalMs, tick: job.tick, logger });
  scheduler.start();
  logger.info('listening', { url, jobIntervalSeconds: config.job.intervalMs / 1000 });

  return {
    url,
    port,
    logger,
    async stop() {
      if (stopping) return;
      stopping = true;
      logger.info('stopping: no new payments will start');
      const finished = await scheduler.stop(STOP_GRACE_MS);
      if (!finished) logger.warn('a payment was still in flight; its order will be re-queued when its lease expires');
      server.closeIdleConnections();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 500).unref();
      });
      await store.close();
      logger.info('stopped');
    },
  };
}
