import { listen } from '../app/listen';
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
  const { server, url } = await listen(createIngestionApp({ db }), config.port);
  return {
    url,
    db,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
