// Every SQLite statement of the embedded store: the shared ones plus SQLite's own. Times are epoch ms.
import { ORDER_COLUMNS, sharedStatements } from './shared-sql';

const columns = ORDER_COLUMNS.join(', ');

export const sqliteStatements = {
  ...sharedStatements({ top: '', limit: 'LIMIT @limit' }),

  schema: [
    `CREATE TABLE IF NOT EXISTS orders (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      product TEXT NOT NULL,
      customer TEXT NOT NULL,
      placed_at INTEGER NOT NULL,
      placed_offset_minutes INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('Queued', 'Processing', 'Complete', 'Failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      lease_expires_at INTEGER,
      processed_at INTEGER,
      failure_reason TEXT,
      last_error TEXT
    )`,
    // The 100 KB downloads live in their own table: status updates then rewrite a small row, not
    // 100 KB, and a full database can still process the orders it holds.
    `CREATE TABLE IF NOT EXISTS order_downloads (
      order_id INTEGER PRIMARY KEY REFERENCES orders (id),
      bytes BLOB NOT NULL
    )`,
    // workshop(queue-query): solution
    // The queue pick walks this index in placed order and stops at the first due order.
    // workshop(queue-query): end
    'CREATE INDEX IF NOT EXISTS ix_orders_queue ON orders (status, placed_at, id, next_attempt_at)',
    'CREATE INDEX IF NOT EXISTS ix_orders_placed ON orders (placed_at, id)',
    'CREATE INDEX IF NOT EXISTS ix_orders_processed ON orders (status, processed_at)',
    'CREATE INDEX IF NOT EXISTS ix_orders_lease ON orders (status, lease_expires_at)',
  ],

  // Run together in one transaction, with insertDownload.
  insertOrder:
    'INSERT INTO orders (product, customer, placed_at, placed_offset_minutes, status, attempts, next_attempt_at) ' +
    `VALUES (@product, @customer, @placedAt, @placedOffsetMinutes, 'Queued', 0, @receivedAt) RETURNING ${columns}`,
  insertDownload: 'INSERT INTO order_downloads (order_id, bytes) VALUES (@orderId, @download)',

  /** Bytes in use (pages holding data, not free ones): compared with the cap before an insert. */
  usedBytes: 'SELECT (page_count - freelist_count) * page_size AS n FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()',

  // workshop(queue-query): solution
  // Runs inside BEGIN IMMEDIATE (after requeueExpiredLeases), so no other connection can claim
  // between the pick and the update.
  claimNextDue:
    "UPDATE orders SET status = 'Processing', attempts = attempts + 1, lease_expires_at = @leaseUntil " +
    "WHERE id = (SELECT id FROM orders WHERE status = 'Queued' AND next_attempt_at <= @now ORDER BY placed_at, id LIMIT 1) " +
    `RETURNING ${columns}`,
  // workshop(queue-query): starter
  // claimById:
  //   "UPDATE orders SET status = 'Processing', attempts = attempts + 1, lease_expires_at = @leaseUntil " +
  //   `WHERE id = @id AND status = 'Queued' RETURNING ${columns}`,
  // workshop(queue-query): end
};
