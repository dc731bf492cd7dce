// SQL Server / Azure SQL, through mssql. Kept thin on purpose: the statements are in
// mssql-sql.ts (parsed by a test) and rows are mapped by the same shared-sql.ts code SQLite uses,
// because no SQL Server can run where the tests run.
import sql from 'mssql';
import { z } from 'zod';
import { AppError, storageFull } from '../errors';
import type { ClaimedOrder, Order, OrderChange, OrderStatus } from '../orders/lifecycle';
import { toIsoWithOffset } from '../../platform/london-time';
import type { NewOrder, OrderStore, Summary } from './order-store';
import { mssqlStatements as statements, STORAGE_FULL_ERROR_NUMBERS } from './mssql-sql';
// workshop(queue-query): solution
import { rowToClaimedOrder, rowToCount, rowToDownload, rowToOrder, rowToSummary } from './shared-sql';
// workshop(queue-query): starter
// import { firstDue, rowToClaimedOrder, rowToCount, rowToDownload, rowToOrder, rowToSummary } from './shared-sql';
// workshop(queue-query): end

export interface MssqlOptions {
  server: string;
  database: string;
  user: string;
  password: string;
}

type Params = Record<string, string | number | Date | Buffer | null>;

export function isMssqlStorageFull(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'number' in error &&
    typeof error.number === 'number' &&
    STORAGE_FULL_ERROR_NUMBERS.includes(error.number)
  );
}

export class MssqlOrderStore implements OrderStore {
  readonly engine = 'mssql';

  private constructor(private readonly pool: sql.ConnectionPool) {}

  static async open(options: MssqlOptions): Promise<MssqlOrderStore> {
    const pool = new sql.ConnectionPool({
      server: options.server,
      database: options.database,
      user: options.user,
      password: options.password,
      options: { encrypt: true, trustServerCertificate: false }, // Azure SQL requires TLS
      pool: { max: 10 },
    });
    await pool.connect();
    const store = new MssqlOrderStore(pool);
    for (const statement of statements.schema) await store.query(statement, {});
    return store;
  }

  private async query(text: string, params: Params, transaction?: sql.Transaction): Promise<sql.IResult<unknown>> {
    const request = transaction ? new sql.Request(transaction) : this.pool.request();
    for (const [name, value] of Object.entries(params)) request.input(name, value);
    return request.query(text);
  }

  async addOrder(order: NewOrder): Promise<Order> {
    const transaction = new sql.Transaction(this.pool);
    await transaction.begin();
    try {
      const inserted = await this.query(statements.insertOrder, {
        product: order.product,
        customer: order.customer,
        placedAt: toIsoWithOffset(order.placedAt, order.placedOffsetMinutes),
        receivedAt: order.receivedAt,
      }, transaction);
      const stored = rowToOrder(inserted.recordset[0]);
      await this.query(statements.insertDownload, { orderId: stored.id, download: order.download }, transaction);
      await transaction.commit();
      return stored;
    } catch (error) {
      await transaction.rollback().catch(() => undefined); // Azure SQL may have rolled back already
      if (isMssqlStorageFull(error)) throw storageFull();
      throw error;
    }
  }

  async countOrders(): Promise<number> {
    return rowToCount((await this.query(statements.countOrders, {})).recordset[0]);
  }

  async claimNextDue(now: Date, leaseUntil: Date): Promise<ClaimedOrder | undefined> {
    await this.query(statements.requeueExpiredLeases, { now });
    // workshop(queue-query): solution
    const row = (await this.query(statements.claimNextDue, { now, leaseUntil })).recordset[0];
    // workshop(queue-query): starter
    // const next = firstDue((await this.query(statements.everyOrder, {})).recordset.map(rowToOrder), now);
    // const row = next && (await this.query(statements.claimById, { id: next.id, leaseUntil })).recordset[0];
    // workshop(queue-query): end
    return rowToClaimedOrder(row);
  }

  async saveAttemptResult(order: ClaimedOrder, change: OrderChange): Promise<boolean> {
    const claim = { id: order.id, attempts: order.attempts };
    const result =
      change.status === 'Complete'
        ? await this.query(statements.markComplete, { ...claim, processedAt: change.dateProcessed })
        : change.status === 'Failed'
          ? await this.query(statements.markFailed, { ...claim, reason: change.failureReason })
          : await this.query(statements.requeueForRetry, { ...claim, nextAttemptAt: change.nextAttemptAt, lastError: change.lastError });
    return result.rowsAffected[0] === 1;
  }

  async listOrders(filter: { status?: OrderStatus; limit: number }): Promise<Order[]> {
    const result =
      filter.status === undefined
        ? await this.query(statements.listAll, { limit: filter.limit })
        : await this.query(statements.listByStatus, { status: filter.status, limit: filter.limit });
    return result.recordset.map(rowToOrder);
  }

  async dashboardOrders(since: Date, limit: number): Promise<Order[]> {
    return (await this.query(statements.dashboardOrders, { since, limit })).recordset.map(rowToOrder);
  }

  async summary(since: Date): Promise<Summary> {
    return rowToSummary((await this.query(statements.summary, { since })).recordset[0]);
  }

  async getDownload(id: number): Promise<Buffer | undefined> {
    const row: unknown = (await this.query(statements.download, { id })).recordset[0];
    return row === undefined ? undefined : rowToDownload(row);
  }

  async deleteAllOrders(): Promise<number> {
    await this.query(statements.deleteAllDownloads, {});
    return (await this.query(statements.deleteAll, {})).rowsAffected[0] ?? 0;
  }

  /** What the portal's "Data space used" and "Data max size" show: used data pages, and the database's MaxSizeInBytes. */
  async spaceUsed(): Promise<{ usedBytes: number; maxBytes: number }> {
    const row = z.object({ usedBytes: z.coerce.number(), maxBytes: z.coerce.number() }).parse((await this.query(statements.spaceUsed, {})).recordset[0]);
    return row;
  }

  async ping(): Promise<void> {
    try {
      await this.query(statements.ping, {});
    } catch (error) {
      throw new AppError('database-unavailable', `the order database cannot be reached: ${String(error)}`);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
