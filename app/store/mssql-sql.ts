// Every T-SQL statement of the SQL Server / Azure SQL store, in one place, so a test can parse
// them all (no SQL Server runs on a laptop or in CI). Times are DATETIME2 in UTC, except placed_at,
// a DATETIMEOFFSET that keeps the offset the order was placed in.
import { ORDER_COLUMNS, sharedStatements } from './shared-sql';

const inserted = ORDER_COLUMNS.map((c) => `inserted.${c}`).join(', ');

export const mssqlStatements = {
  ...sharedStatements({ top: 'TOP (@limit) ', limit: '' }),

  spaceUsed:
    "SELECT SUM(CAST(FILEPROPERTY(name, 'SpaceUsed') AS bigint)) * 8192 AS usedBytes, " +
    "CAST(DATABASEPROPERTYEX(DB_NAME(), 'MaxSizeInBytes') AS bigint) AS maxBytes FROM sys.database_files WHERE type_desc = 'ROWS'",

  schema: [
    `IF OBJECT_ID(N'dbo.orders', N'U') IS NULL CREATE TABLE dbo.orders (
      id INT IDENTITY(1,1) PRIMARY KEY,
      product NVARCHAR(100) NOT NULL,
      customer NVARCHAR(100) NOT NULL,
      placed_at DATETIMEOFFSET(3) NOT NULL,
      placed_offset_minutes AS DATEPART(TZOFFSET, placed_at),
      status VARCHAR(10) NOT NULL,
      attempts INT NOT NULL DEFAULT 0,
      next_attempt_at DATETIME2(3) NOT NULL,
      lease_expires_at DATETIME2(3) NULL,
      processed_at DATETIME2(3) NULL,
      failure_reason NVARCHAR(1000) NULL,
      last_error NVARCHAR(1000) NULL
    )`,
    `IF OBJECT_ID(N'dbo.order_downloads', N'U') IS NULL CREATE TABLE dbo.order_downloads (
      order_id INT NOT NULL PRIMARY KEY REFERENCES dbo.orders (id),
      bytes VARBINARY(MAX) NOT NULL
    )`,
    "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'ix_orders_queue') CREATE INDEX ix_orders_queue ON dbo.orders (status, placed_at, id) INCLUDE (next_attempt_at)",
    "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'ix_orders_placed') CREATE INDEX ix_orders_placed ON dbo.orders (placed_at, id)",
    "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'ix_orders_processed') CREATE INDEX ix_orders_processed ON dbo.orders (status, processed_at)",
    "IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'ix_orders_lease') CREATE INDEX ix_orders_lease ON dbo.orders (status, lease_expires_at)",
  ],

  // @placedAt arrives as ISO 8601 text with its offset, so the offset survives into DATETIMEOFFSET.
  // Run together in one transaction, with insertDownload.
  insertOrder:
    'INSERT INTO orders (product, customer, placed_at, status, attempts, next_attempt_at) ' +
    `OUTPUT ${inserted} ` +
    "VALUES (@product, @customer, CAST(@placedAt AS DATETIMEOFFSET(3)), 'Queued', 0, @receivedAt)",
  insertDownload: 'INSERT INTO order_downloads (order_id, bytes) VALUES (@orderId, @download)',

  // workshop(queue-query): solution
  // One statement: UPDLOCK holds the picked row until the update, READPAST skips rows another
  // instance holds, so instances never wait for each other and never claim the same order.
  claimNextDue:
    "UPDATE orders SET status = 'Processing', attempts = attempts + 1, lease_expires_at = @leaseUntil " +
    `OUTPUT ${inserted} ` +
    'WHERE id = (SELECT TOP (1) id FROM orders WITH (ROWLOCK, READPAST, UPDLOCK) ' +
    "WHERE status = 'Queued' AND next_attempt_at <= @now ORDER BY placed_at, id) AND status = 'Queued'",
  // workshop(queue-query): starter
  // claimById:
  //   "UPDATE orders SET status = 'Processing', attempts = attempts + 1, lease_expires_at = @leaseUntil " +
  //   `OUTPUT ${inserted} WHERE id = @id AND status = 'Queued'`,
  // workshop(queue-query): end
};

/** Azure SQL's "database has reached its size quota" (40544) and SQL Server's "filegroup full" (1105). */
export const STORAGE_FULL_ERROR_NUMBERS = [40544, 1105];
