// The embedded database: one SQLite file, shared safely by several app processes.
//
// - WAL lets the dashboard read while the job writes; busy_timeout makes a second process wait
//   for a write lock instead of failing.
// - DATABASE_MAX_SIZE_MB is a hard cap, as an Azure SQL database's MaxSize is: new orders are
//   refused (storage-full, HTTP 507) once they would not fit, and max_page_count makes SQLite itself
//   refuse to grow past it (SQLITE_FULL). Deleting orders frees pages that later inserts reuse,
//   so Reset makes room again.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { AppError, storageFull } from '../errors';
import type { ClaimedOrder, Order, OrderChange, OrderStatus } from '../orders/lifecycle';
import type { NewOrder, OrderStore, Summary } from './order-store';
// workshop(queue-query): solution
import { rowToClaimedOrder, rowToCount, rowToDownload, rowToOrder, rowToSummary } from './shared-sql';
// workshop(queue-query): starter
// import { firstDue, rowToClaimedOrder, rowToCount, rowToDownload, rowToOrder, rowToSummary } from './shared-sql';
// workshop(queue-query): end
import { sqliteStatements as sql } from './sqlite-sql';

const toDbTime = (date: Date): number => date.getTime();

// node:sqlite reports SQLite's extended result code as `errcode`: SQLITE_FULL (13), or
// SQLITE_IOERR_WRITE (778) when the file cannot grow.
const SQLITE_FULL = 13;
const SQLITE_IOERR_WRITE = 778;

function isStorageFull(error: unknown): boolean {
  if (!(error instanceof Error) || !('errcode' in error)) return false;
  return error.errcode === SQLITE_FULL || error.errcode === SQLITE_IOERR_WRITE;
}

/**
 * Runs `work` in one BEGIN IMMEDIATE transaction (the write lock taken at once, so two processes
 * never both read and then both try to write), rolled back if it throws. node:sqlite has no
 * transaction helper of its own.
 */
export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export interface SqliteOptions {
  file: string;
  maxSizeMb: number;
}

export class SqliteOrderStore implements OrderStore {
  readonly engine = 'sqlite';
  private readonly statements = new Map<string, StatementSync>();

  private constructor(
    private readonly db: DatabaseSync,
    private readonly capBytes: number,
    /** Room kept free for updates once intake is refused: 1% of the cap, at least 64 KB. */
    private readonly reserveBytes = Math.max(64 * 1024, capBytes / 100),
  ) {}

  /** One transaction: check the room left, insert the order, then its download. */
  private insertOrder(order: NewOrder): Order {
    return immediateTransaction(this.db, () => {
      // Refuse before the hard cap is reached, keeping a little room so that the orders already
      // stored can still be claimed, updated and paid when intake is full.
      const used = rowToCount(this.prepared(sql.usedBytes).get());
      if (used + order.download.length > this.capBytes - this.reserveBytes) throw storageFull();
      const stored = rowToOrder(
        this.prepared(sql.insertOrder).get({
          product: order.product,
          customer: order.customer,
          placedAt: toDbTime(order.placedAt),
          placedOffsetMinutes: order.placedOffsetMinutes,
          receivedAt: toDbTime(order.receivedAt),
        }),
      );
      this.prepared(sql.insertDownload).run({ orderId: stored.id, download: order.download });
      return stored;
    });
  }

  /** Each statement is compiled once and reused. */
  private prepared(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Opens (creating if needed) the database file and its schema. Throws if the file cannot be used. */
  static open(options: SqliteOptions): SqliteOrderStore {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    const capBytes = options.maxSizeMb * 1024 * 1024;
    const db = new DatabaseSync(options.file, { timeout: 5000 });
    try {
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      const pageSize = Number(db.prepare('PRAGMA page_size').get()?.page_size);
      db.exec(`PRAGMA max_page_count = ${Math.floor(capBytes / pageSize)}`);
      immediateTransaction(db, () => {
        for (const statement of sql.schema) db.exec(statement);
      });
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteOrderStore(db, capBytes);
  }

  async addOrder(order: NewOrder): Promise<Order> {
    try {
      return this.insertOrder(order);
    } catch (error) {
      if (isStorageFull(error)) throw storageFull();
      throw error;
    }
  }

  async countOrders(): Promise<number> {
    return rowToCount(this.prepared(sql.countOrders).get());
  }

  async claimNextDue(now: Date, leaseUntil: Date): Promise<ClaimedOrder | undefined> {
    const claim = immediateTransaction(this.db, () => {
      this.prepared(sql.requeueExpiredLeases).run({ now: toDbTime(now) });
      // workshop(queue-query): solution
      return this.prepared(sql.claimNextDue).get({ now: toDbTime(now), leaseUntil: toDbTime(leaseUntil) });
      // workshop(queue-query): starter
      // const next = firstDue(this.prepared(sql.everyOrder).all().map(rowToOrder), now);
      // return next && this.prepared(sql.claimById).get({ id: next.id, leaseUntil: toDbTime(leaseUntil) });
      // workshop(queue-query): end
    });
    return rowToClaimedOrder(claim);
  }

  async saveAttemptResult(order: ClaimedOrder, change: OrderChange): Promise<boolean> {
    const claim = { id: order.id, attempts: order.attempts };
    switch (change.status) {
      case 'Complete':
        return this.prepared(sql.markComplete).run({ ...claim, processedAt: toDbTime(change.dateProcessed) }).changes === 1;
      case 'Failed':
        return this.prepared(sql.markFailed).run({ ...claim, reason: change.failureReason }).changes === 1;
      case 'Queued':
        return (
          this
            .prepared(sql.requeueForRetry)
            .run({ ...claim, nextAttemptAt: toDbTime(change.nextAttemptAt), lastError: change.lastError }).changes === 1
        );
    }
  }

  async listOrders(filter: { status?: OrderStatus; limit: number }): Promise<Order[]> {
    const rows =
      filter.status === undefined
        ? this.prepared(sql.listAll).all({ limit: filter.limit })
        : this.prepared(sql.listByStatus).all({ status: filter.status, limit: filter.limit });
    return rows.map(rowToOrder);
  }

  async dashboardOrders(since: Date, limit: number): Promise<Order[]> {
    return this.prepared(sql.dashboardOrders).all({ since: toDbTime(since), limit }).map(rowToOrder);
  }

  async summary(since: Date): Promise<Summary> {
    return rowToSummary(this.prepared(sql.summary).get({ since: toDbTime(since) }));
  }

  async getDownload(id: number): Promise<Buffer | undefined> {
    const row: unknown = this.prepared(sql.download).get({ id });
    return row === undefined ? undefined : rowToDownload(row);
  }

  async deleteAllOrders(): Promise<number> {
    return immediateTransaction(this.db, () => {
      this.prepared(sql.deleteAllDownloads).run();
      return Number(this.prepared(sql.deleteAll).run().changes);
    });
  }

  async spaceUsed(): Promise<{ usedBytes: number; maxBytes: number }> {
    return { usedBytes: rowToCount(this.prepared(sql.usedBytes).get()), maxBytes: this.capBytes };
  }

  async ping(): Promise<void> {
    try {
      this.prepared(sql.ping).get();
    } catch (error) {
      throw new AppError('database-unavailable', `the order database cannot be read: ${String(error)}`);
    }
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
