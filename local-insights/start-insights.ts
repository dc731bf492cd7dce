import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIngestionApp } from './server';
import { TelemetryDb } from './telemetry-db';
import { QueryRunner } from './kql/query-runner';
import type { InsightsConfig } from './config';
import { AlertStore } from './alerts/alert-store';
import { Notifier } from './alerts/notifier';
import { RuleEvaluator } from './alerts/evaluator';
import { AlertScheduler } from './alerts/scheduler';

/** Webhook delivery limits: small, because an alert receiver answers "ok" and little more. */
const WEBHOOK_LIMITS = { timeoutMs: 5000, maxResponseBytes: 4096, attempts: 3, backoffMs: 500 };

export interface RunningInsights {
  url: string;
  db: TelemetryDb;
  queries: QueryRunner;
  alerts: { store: AlertStore; evaluator: RuleEvaluator; notifier: Notifier; scheduler: AlertScheduler };
  stop(): Promise<void>;
}

export async function startInsights(
  config: InsightsConfig,
  options: { clock?: () => Date; webhook?: Partial<typeof WEBHOOK_LIMITS> } = {},
): Promise<RunningInsights> {
  const clock = options.clock ?? (() => new Date());
  const db = TelemetryDb.open(config.databaseFile);
  const queries = new QueryRunner(config.databaseFile);
  // The query worker warms its parser (seconds) while ingestion already runs. Should it fail to
  // start, the first query reports why; ingestion does not depend on it.
  queries.start().catch(() => undefined);
  const host = config.host ?? '127.0.0.1';
  let url = '';
  const store = AlertStore.open(config.databaseFile);
  const notifier = new Notifier({
    store, clock, baseUrl: () => url, smtpUrl: config.smtpUrl ?? null, mailFrom: config.alertMailFrom ?? 'local-insights@localhost',
    webhook: { ...WEBHOOK_LIMITS, ...options.webhook },
  });
  const evaluator = new RuleEvaluator({ store, queries, notifier });
  const scheduler = new AlertScheduler({
    store, evaluator, clock, timeScale: config.alertTimeScale ?? 1,
    // Query errors are recorded on the rule (lastEvaluation); this is for bugs, which must be seen.
    onError: (rule, error) => console.error(`local-insights: evaluating alert rule ${rule} crashed:`, error),
  });
  const alerts = { store, evaluator, notifier, scheduler, onRulesChanged: () => scheduler.refresh() };
  const server: Server = createIngestionApp({ db, queries, alerts, clock }).listen(config.port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo; // a TCP server always has an AddressInfo
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  url = `http://${shown}:${port}`;
  scheduler.refresh();
  return {
    url,
    db,
    queries,
    alerts: { store, evaluator, notifier, scheduler },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await notifier.idle();
      notifier.close();
      await queries.stop();
      store.close();
      db.close();
    },
  };
}
