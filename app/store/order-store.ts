// One interface for the order database, whatever the engine. It is async even though
// node:sqlite is synchronous, because mssql is not. Rows come back as plain objects, and no
// listing method ever reads the 100 KB download bytes.
import type { ClaimedOrder, Order, OrderChange, OrderStatus } from '../orders/lifecycle';

export interface NewOrder {
  product: string;
  customer: string;
  placedAt: Date;
  /** The offset the order was placed in, kept as given (+600 for +10:00). */
  placedOffsetMinutes: number;
  download: Buffer;
  /** When the app accepted it: its first attempt is due from then, whatever date it was placed. */
  receivedAt: Date;
}

export interface Summary {
  queued: number;
  processing: number;
  failed: number;
  complete: number;
  placedLast10Minutes: number;
  processedLast10Minutes: number;
}

export interface OrderStore {
  readonly engine: 'sqlite' | 'mssql';
  /** Throws AppError('storage-full') when the database has no room; nothing else is touched then. */
  addOrder(order: NewOrder): Promise<Order>;
  countOrders(): Promise<number>;
  /**
   * Atomically claims the oldest queued order whose next attempt is due (re-queueing first any
   * order whose lease has expired), marks it Processing, counts the attempt and sets its lease.
   * Two instances on one database never get the same order.
   */
  claimNextDue(now: Date, leaseUntil: Date): Promise<ClaimedOrder | undefined>;
  /**
   * Stores the result of an attempt. Returns false, changing nothing, when the claim was lost
   * (the lease expired and another instance took the order meanwhile).
   */
  saveAttemptResult(order: ClaimedOrder, change: OrderChange): Promise<boolean>;
  listOrders(filter: { status?: OrderStatus; limit: number }): Promise<Order[]>;
  /** Queued, Processing and Failed orders, and those completed since `since`; oldest placed first. */
  dashboardOrders(since: Date, limit: number): Promise<Order[]>;
  summary(since: Date): Promise<Summary>;
  getDownload(id: number): Promise<Buffer | undefined>;
  deleteAllOrders(): Promise<number>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Space the data takes and the most it may take (Azure SQL's max size; DATABASE_MAX_SIZE_MB here): the resource metric of part 10. */
  spaceUsed(): Promise<{ usedBytes: number; maxBytes: number }>;
  close(): Promise<void>;
}

/** How many orders the dashboard list would show without its limit. */
export function dashboardTotal(summary: Summary): number {
  return summary.queued + summary.processing + summary.failed + summary.processedLast10Minutes;
}
