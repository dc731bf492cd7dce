import type { AddressInfo } from 'node:net';
import { createIngestionApp } from './server';
import { TelemetryDb } from './telemetry-db';
import type { InsightsConfig } from './config';

export interface RunningInsights {
  url: string;
  db: TelemetryDb;
  stop(): Promise<void>;
}

export async function startInsights(config: InsightsConfig): Promise<RunningInsights> {
  const db = TelemetryDb.open(config.databaseFile);
  const server = createIngestionApp({ db }).listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo; // a TCP server always has an AddressInfo
  return {
    url: `http://localhost:${port}`,
    db,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
