import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIngestionApp } from './server';
import { TelemetryDb } from './telemetry-db';
import { QueryRunner } from './kql/query-runner';
import type { InsightsConfig } from './config';

export interface RunningInsights {
  url: string;
  db: TelemetryDb;
  queries: QueryRunner;
  stop(): Promise<void>;
}

export async function startInsights(config: InsightsConfig): Promise<RunningInsights> {
  const db = TelemetryDb.open(config.databaseFile);
  const queries = new QueryRunner(config.databaseFile);
  // The query worker warms its parser (seconds) while ingestion already runs. Should it fail to
  // start, the first query reports why; ingestion does not depend on it.
  queries.start().catch(() => undefined);
  const host = config.host ?? '127.0.0.1';
  const server: Server = createIngestionApp({ db, queries }).listen(config.port, host);
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
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queries.stop();
      db.close();
    },
  };
}
