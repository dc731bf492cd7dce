import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIngestionApp } from './server';
import { TelemetryDb } from './telemetry-db';
import { QueryRunner } from './kql/query-runner';
import type { InsightsConfig } from './config';
import type { Clock } from '../platform/clock';
import { ProblemStore } from './problems/problem-store';
import { createProblemTracker } from './problems/problem-tracker';
import { serialDelivery } from './problems/notify';
import { problemRoutes } from './problems/routes';
import { repositoryTopFolders } from './problems/top-folders';
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
  problems: ProblemStore;
  alerts: { store: AlertStore; evaluator: RuleEvaluator; notifier: Notifier; scheduler: AlertScheduler };
  stop(): Promise<void>;
}

/** How often notification events recorded outside ingestion (a resolve, a deployment) are sent on. */
const NOTIFICATION_SWEEP_MS = 1000;

export async function startInsights(
  config: InsightsConfig,
  options: { clock?: Clock; webhook?: Partial<typeof WEBHOOK_LIMITS> } = {},
): Promise<RunningInsights> {
  const clock = options.clock ?? (() => new Date());
  const db = TelemetryDb.open(config.databaseFile);
  const problems = new ProblemStore(db.db);
  const tracker = createProblemTracker({ store: problems, clock });
  const routes = problemRoutes({ store: problems, tracker, clock, sourceUrl: config.sourceUrl, topFolders: repositoryTopFolders() });
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
    // Once per run of skips, not every tick: the next evaluation records how many there were.
    onSkip: (rule, turns) => {
      if (turns === 1) console.warn(`local-insights: alert rule ${rule} is skipping turns: its last evaluation is still running, usually behind a long query on the Logs page`);
    },
  });
  const alerts = { store, evaluator, notifier, scheduler, onRulesChanged: () => scheduler.refresh() };
  // Problem notifications (problems/) go out through the same action groups as alerts: after each
  // batch ingested, and on a short sweep for those a resolve, reopen or deployment records.
  const deliverNotifications = serialDelivery(problems, (group, message) => notifier.sendMessage(group, message));
  const sendNotifications = () => void deliverNotifications().catch((error: unknown) => console.error('local-insights: problem notifications failed:', error));
  const sweep = setInterval(sendNotifications, NOTIFICATION_SWEEP_MS);
  sweep.unref();
  const server: Server = createIngestionApp({ db, queries, problems: { tracker, routes }, alerts, clock, onBatch: sendNotifications }).listen(config.port, host);
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
    problems,
    alerts: { store, evaluator, notifier, scheduler },
    async stop() {
      clearInterval(sweep);
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
