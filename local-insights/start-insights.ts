import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIngestionApp } from './server';
import { TelemetryDb } from './telemetry-db';
import { QueryRunner } from './kql/query-runner';
import type { InsightsConfig } from './config';
import { systemClock, type Clock } from '../platform/clock';
import { ProblemStore } from './problems/problem-store';
import { createProblemTracker } from './problems/problem-tracker';
import { problemRoutes } from './problems/routes';
import { repositoryTopFolders } from './problems/top-folders';

export interface RunningInsights {
  url: string;
  db: TelemetryDb;
  queries: QueryRunner;
  problems: ProblemStore;
  stop(): Promise<void>;
}

export async function startInsights(config: InsightsConfig, clock: Clock = systemClock): Promise<RunningInsights> {
  const db = TelemetryDb.open(config.databaseFile);
  const problems = new ProblemStore(db.db);
  const tracker = createProblemTracker({ store: problems, clock });
  // Notification events are recorded here, undelivered: delivering them through action groups is
  // one call to deliverPendingNotifications (problems/notify.ts), wired where action groups live.
  const routes = problemRoutes({ store: problems, tracker, clock, sourceUrl: config.sourceUrl, topFolders: repositoryTopFolders() });
  const queries = new QueryRunner(config.databaseFile);
  // The query worker warms its parser (seconds) while ingestion already runs. Should it fail to
  // start, the first query reports why; ingestion does not depend on it.
  queries.start().catch(() => undefined);
  const host = config.host ?? '127.0.0.1';
  const server: Server = createIngestionApp({ db, queries, problems: { tracker, routes } }).listen(config.port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo; // a TCP server always has an AddressInfo
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    db,
    queries,
    problems,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queries.stop();
      db.close();
    },
  };
}
