// SQL that SQLite and SQL Server both accept, written once. node:sqlite and mssql both bind
// `@name` parameters, so the same text runs on either. What truly differs (the schema, the atomic
// claim, inserting with the offset kept, and paging) lives in sqlite-sql.ts and mssql-sql.ts.
//
// Times: SQLite keeps them as epoch milliseconds, SQL Server as DATETIME2 / DATETIMEOFFSET; each
// store converts with its own toDbTime(), and rowToOrder() below reads either form.
import { z } from 'zod';
import { ORDER_STATUSES, type ClaimedOrder, type Order } from '../orders/lifecycle';
import { toIsoWithOffset } from '../../platform/london-time';

/** Every column of an order. The 100 KB downloads are in order_downloads, read one at a time. */
export const ORDER_COLUMNS = [
  'id',
  'product',
  'customer',
  'placed_at',
  'placed_offset_minutes',
  'status',
  'attempts',
  'next_attempt_at',
  'processed_at',
  'failure_reason',
  'last_error',
] as const;

const columns = ORDER_COLUMNS.join(', ');

/** How a dialect limits a query to `@limit` rows: `SELECT TOP (@limit) …` or `… LIMIT @limit`. */
export interface Paging {
  top: string;
  limit: string;
}

const LEASE_EXPIRED = 'lease expired: the instance that claimed it stopped before finishing';

/** The statements both engines share. Each store runs them with its own parameter binding. */
export function sharedStatements(paging: Paging) {
  const page = (where: string) =>
    `SELECT ${paging.top}${columns} FROM orders ${where} ORDER BY placed_at, id ${paging.limit}`.replace(/\s+/g, ' ').trim();
  return {
    countOrders: 'SELECT COUNT(*) AS n FROM orders',
    requeueExpiredLeases:
      `UPDATE orders SET status = 'Queued', lease_expires_at = NULL, next_attempt_at = @now, last_error = '${LEASE_EXPIRED}' ` +
      `WHERE status = 'Processing' AND lease_expires_at < @now`,
    // Each result is stored only while the claim still holds (same order, same attempt), so an
    // instance that lost its lease cannot overwrite what the next one did.
    markComplete:
      "UPDATE orders SET status = 'Complete', processed_at = @processedAt, lease_expires_at = NULL, last_error = NULL " +
      "WHERE id = @id AND status = 'Processing' AND attempts = @attempts",
    markFailed:
      "UPDATE orders SET status = 'Failed', failure_reason = @reason, lease_expires_at = NULL " +
      "WHERE id = @id AND status = 'Processing' AND attempts = @attempts",
    requeueForRetry:
      "UPDATE orders SET status = 'Queued', next_attempt_at = @nextAttemptAt, last_error = @lastError, lease_expires_at = NULL " +
      "WHERE id = @id AND status = 'Processing' AND attempts = @attempts",
    listAll: page(''),
    listByStatus: page('WHERE status = @status'),
    dashboardOrders: page("WHERE status IN ('Queued', 'Processing', 'Failed') OR (status = 'Complete' AND processed_at >= @since)"),
    // One round trip; each count is answered from an index.
    summary:
      "SELECT (SELECT COUNT(*) FROM orders WHERE status = 'Queued') AS queued, " +
      "(SELECT COUNT(*) FROM orders WHERE status = 'Processing') AS processing, " +
      "(SELECT COUNT(*) FROM orders WHERE status = 'Failed') AS failed, " +
      "(SELECT COUNT(*) FROM orders WHERE status = 'Complete') AS complete, " +
      '(SELECT COUNT(*) FROM orders WHERE placed_at >= @since) AS placedLast10Minutes, ' +
      "(SELECT COUNT(*) FROM orders WHERE status = 'Complete' AND processed_at >= @since) AS processedLast10Minutes",
    download: 'SELECT bytes AS download FROM order_downloads WHERE order_id = @id',
    // Downloads first: they reference their order.
    deleteAllDownloads: 'DELETE FROM order_downloads',
    deleteAll: 'DELETE FROM orders',
    ping: 'SELECT 1 AS ok',
    // workshop(queue-query): solution
    // workshop(queue-query): starter
    // // What the payment job reads to choose the next order to pay.
    // everyOrder: 'SELECT o.*, d.bytes AS download FROM orders o JOIN order_downloads d ON d.order_id = o.id',
    // workshop(queue-query): end
  };
}

export type SharedStatements = ReturnType<typeof sharedStatements>;

const dbTime = z.union([z.number(), z.date()]).transform((v) => (typeof v === 'number' ? new Date(v) : v));

const OrderRow = z.object({
  id: z.number().int(),
  product: z.string(),
  customer: z.string(),
  placed_at: dbTime,
  placed_offset_minutes: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  attempts: z.number().int(),
  next_attempt_at: dbTime,
  processed_at: dbTime.nullable(),
  failure_reason: z.string().nullable(),
  last_error: z.string().nullable(),
});

/** One database row (from either engine) as a plain Order. */
export function rowToOrder(row: unknown): Order {
  const r = OrderRow.parse(row);
  return {
    id: r.id,
    product: r.product,
    customer: r.customer,
    datePlaced: toIsoWithOffset(r.placed_at, r.placed_offset_minutes),
    dateProcessed: r.processed_at,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    failureReason: r.failure_reason,
    lastError: r.last_error,
  };
}

/** The row a claim returned, or undefined when nothing was due. */
export function rowToClaimedOrder(row: unknown): ClaimedOrder | undefined {
  if (row === undefined) return undefined;
  const order = rowToOrder(row);
  if (order.status !== 'Processing') throw new Error(`claimed order ${order.id} came back ${order.status}`);
  return { ...order, status: order.status };
}

const SummaryRow = z.object({
  queued: z.coerce.number(),
  processing: z.coerce.number(),
  failed: z.coerce.number(),
  complete: z.coerce.number(),
  placedLast10Minutes: z.coerce.number(),
  processedLast10Minutes: z.coerce.number(),
});

export const rowToSummary = (row: unknown) => SummaryRow.parse(row);

const CountRow = z.object({ n: z.coerce.number() });
export const rowToCount = (row: unknown): number => CountRow.parse(row).n;

// mssql reads a BLOB as a Buffer, node:sqlite as a plain Uint8Array: both become a Buffer over the
// same memory, without a copy.
const DownloadRow = z.object({ download: z.instanceof(Uint8Array) });
export const rowToDownload = (row: unknown): Buffer => {
  const bytes = DownloadRow.parse(row).download;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};
// workshop(queue-query): solution
// workshop(queue-query): starter
//
// /** The oldest order that is due. */
// export function firstDue(orders: Order[], now: Date): Order | undefined {
//   const due = orders.filter((order) => order.status === 'Queued' && order.nextAttemptAt <= now);
//   due.sort((a, b) => Date.parse(a.datePlaced) - Date.parse(b.datePlaced) || a.id - b.id);
//   return due[0];
// }
// workshop(queue-query): end
