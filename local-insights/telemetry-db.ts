// The local stand-in for Application Insights' tables: one SQLite file, one table per
// Application Insights table, with its column names, so the same questions can be asked of it.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Mapped, Row, TableName } from './envelope';

const COMMON = `timestamp TEXT NOT NULL, itemCount INTEGER NOT NULL, operation_Id TEXT, operation_ParentId TEXT, operation_Name TEXT,
  cloud_RoleName TEXT, cloud_RoleInstance TEXT, application_Version TEXT, sdkVersion TEXT, customDimensions TEXT`;

const SCHEMA: Record<TableName, string> = {
  requests: `id TEXT, name TEXT, url TEXT, success INTEGER NOT NULL, resultCode TEXT, duration REAL, customMeasurements TEXT`,
  dependencies: `id TEXT, name TEXT, data TEXT, target TEXT, type TEXT, success INTEGER NOT NULL, resultCode TEXT, duration REAL, customMeasurements TEXT`,
  traces: `message TEXT, severityLevel INTEGER`,
  exceptions: `type TEXT, outerMessage TEXT, message TEXT, severityLevel INTEGER, details TEXT`,
  customMetrics: `name TEXT, value REAL, valueCount INTEGER, valueSum REAL, valueMin REAL, valueMax REAL, valueStdDev REAL`,
  customEvents: `name TEXT, customMeasurements TEXT`,
};

export class TelemetryDb {
  private readonly inserts = new Map<string, StatementSync>();

  private constructor(readonly db: DatabaseSync) {}

  static open(file: string): TelemetryDb {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new DatabaseSync(file, { timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL');
    for (const [table, columns] of Object.entries(SCHEMA)) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${COMMON}, ${columns})`);
      db.exec(`CREATE INDEX IF NOT EXISTS ix_${table}_timestamp ON ${table} (timestamp)`);
    }
    return new TelemetryDb(db);
  }

  /** Stores the rows of one batch in one transaction. */
  insertAll(items: Mapped[]): void {
    this.db.exec('BEGIN');
    try {
      for (const { table, row } of items) this.statementFor(table, row).run(row);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Rows of one table, oldest first: for tests and, later, a query page. */
  rows(table: TableName): unknown[] {
    return this.db.prepare(`SELECT * FROM ${table} ORDER BY timestamp, rowid`).all();
  }

  close(): void {
    this.db.close();
  }

  private statementFor(table: TableName, row: Row): StatementSync {
    const columns = Object.keys(row);
    const key = `${table}:${columns.join(',')}`;
    let statement = this.inserts.get(key);
    if (!statement) {
      statement = this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      this.inserts.set(key, statement);
    }
    return statement;
  }
}
