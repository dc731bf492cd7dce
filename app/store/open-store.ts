// Opens the configured database, waiting for it with backoff: at start the database may not be
// reachable yet (an Azure SQL database resuming, a file locked by another process), and failing at
// once would only make App Service restart the app in a loop.
import type { DatabaseConfig } from '../config';
import type { Logger } from '../../platform/logger';
import { asError } from '../../platform/errors';
import type { OrderStore } from './order-store';
import { SqliteOrderStore } from './sqlite-store';
import { MssqlOrderStore } from './mssql-store';

export async function openStore(config: DatabaseConfig): Promise<OrderStore> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteOrderStore.open(config);
    case 'mssql':
      return MssqlOrderStore.open(config);
  }
}

export function describeDatabase(config: DatabaseConfig): string {
  return config.kind === 'sqlite'
    ? `SQLite file ${config.file} (cap ${config.maxSizeMb} MB)`
    : `SQL Server ${config.server}/${config.database}`;
}

export interface WaitOptions {
  logger: Logger;
  /** Stop waiting when this says so (the process is shutting down). */
  shouldGiveUp: () => boolean;
  /** Told the reason each time an attempt fails. */
  onWaiting?: (reason: string) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export async function openStoreWhenReady(config: DatabaseConfig, options: WaitOptions): Promise<OrderStore> {
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let delayMs = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await openStore(config);
      options.logger.info('database ready', { database: describeDatabase(config), attempt });
      return store;
    } catch (thrown) {
      const error = asError(thrown);
      if (options.shouldGiveUp()) throw error;
      options.onWaiting?.(error.message);
      options.logger.warn('waiting for the database', {
        database: describeDatabase(config),
        attempt,
        retryInSeconds: delayMs / 1000,
        reason: error.message,
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(maxDelayMs, delayMs * 2);
    }
  }
}
