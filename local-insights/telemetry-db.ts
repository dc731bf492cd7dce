// The local stand-in for Application Insights' tables: one SQLite file, one table per classic
// Application Insights table, with every column of its schema (kql/schema.ts), so the same
// questions can be asked of it. Datetimes are ISO 8601 text, dynamic values JSON text.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Mapped, Row, TableName } from './envelope';
import { CLASSIC_SCHEMA, type ColumnSpec } from './kql/schema';

const SQL_TYPE: Record<string, string> = { datetime: 'TEXT', string: 'TEXT', dynamic: 'TEXT', real: 'REAL', int: 'INTEGER', long: 'INTEGER' };

/** success is stored as 1/0 (as earlier versions of this file did) and read as the classic schema's "True"/"False". */
const sqlType = (column: ColumnSpec): string => (column.name === 'success' ? 'INTEGER' : SQL_TYPE[column.type] ?? 'TEXT');

/**
 * Columns local-insights keeps beside a classic table, outside its schema: KQL never sees them (it
 * reads only the schema's columns), so the tables answer as Application Insights' do.
 * `exceptions.fingerprint` ties each exception to its problem (problems/).
 */
const OWN_COLUMNS: Record<string, string[]> = { exceptions: ['fingerprint'] };

export class TelemetryDb {
  private readonly inserts = new Map<string, StatementSync>();

  private constructor(readonly db: DatabaseSync) {}

  static open(file: string): TelemetryDb {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new DatabaseSync(file, { timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL');
    for (const [table, columns] of Object.entries(CLASSIC_SCHEMA)) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (${columns.map((c) => `${c.name} ${sqlType(c)}`).join(', ')})`);
      // A file written by an earlier version lacks some columns: add them (older rows read them as empty).
      const present = new Set(db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all().map((row) => row.name));
      for (const column of columns) if (!present.has(column.name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column.name} ${sqlType(column)}`);
      for (const own of OWN_COLUMNS[table] ?? []) {
        if (!present.has(own)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${own} TEXT`);
        db.exec(`CREATE INDEX IF NOT EXISTS ix_${table}_${own} ON ${table} (${own}, timestamp)`);
      }
      db.exec(`CREATE INDEX IF NOT EXISTS ix_${table}_timestamp ON ${table} (timestamp)`);
    }
    return new TelemetryDb(db);
  }

  /**
   * Stores the rows of one batch in one transaction, and answers them as stored, so what follows
   * ingestion (problems/) sees them. (itemId is made from the rowid when read: kql/sqlite-source.ts.)
   */
  insertAll(items: Mapped[]): Mapped[] {
    this.db.exec('BEGIN');
    try {
      for (const { table, row } of items) this.statementFor(table, row).run(row);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return items;
  }

  /** Rows of one table, oldest first: for tests. Queries go through KQL (kql/sqlite-source.ts). */
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
