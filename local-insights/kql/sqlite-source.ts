// Reads local-insights' SQLite tables as the engine's rows: each stored value turned into its
// column's type. A workspace table (AppRequests …) reads its classic table's rows, each column from
// the classic column it maps to (workspace-schema.ts). Simple filters are pushed into SQL; the engine
// applies them again anyway.
import type { DatabaseSync } from 'node:sqlite';
import type { Column, Value } from './ast';
import type { Pushdown, TableSource } from './engine';
import { CLASSIC_TABLES, storageOf, type ClassicTable, type SchemaTable } from './schema';
import type { ColumnSource } from './workspace-schema';

type Reader = (stored: unknown) => Value;

// node:sqlite gives null for SQL NULL, numbers for INTEGER and REAL columns, text for TEXT ones.
const text = (stored: unknown): Value => (stored === null ? '' : String(stored));
const number = (stored: unknown): Value => (typeof stored === 'number' ? stored : null);

function readerFor(column: Column): Reader {
  // success is stored as 1/0 (telemetry-db.ts); always set, but a NULL would read as the empty string.
  if (column.name === 'success') return (stored) => (stored === null ? '' : stored === 1 ? 'True' : 'False');
  switch (column.type) {
    case 'bool': return (stored) => (stored === null ? null : stored === 1); // the workspace's Success, from the same 1/0
    case 'datetime': return (stored) => (typeof stored === 'string' ? Date.parse(stored) : null);
    case 'dynamic': return (stored) => {
      if (typeof stored !== 'string') return null;
      try {
        return JSON.parse(stored) as Value;
      } catch {
        return stored;
      }
    };
    case 'int': case 'long': case 'real': case 'decimal': case 'timespan': return number;
    default: return text;
  }
}

/**
 * A column as SQL selects it from the stored table. itemId, unique per item in Application Insights,
 * is made from the table and the rowid rather than stored: a random GUID per row halved the
 * ingestion rate.
 */
function selectFor(stored: ClassicTable, source: ColumnSource, params: Record<string, string>, place: number): string {
  if (source === null) return 'NULL';
  if ('value' in source) {
    // A constant (a workspace table's Type) goes in as a parameter named for its place in the select,
    // so no text of ours is ever quoted into SQL.
    params[`c${place}`] = source.value;
    return `@c${place}`;
  }
  if (source.column !== 'itemId') return `"${source.column}"`;
  return `printf('%08x-0000-4000-8000-%012x', ${CLASSIC_TABLES.indexOf(stored) + 1}, rowid)`;
}

/** The stored column a string equality can be pushed onto: a plain text column, not success (1/0), not a made-up itemId. */
function storedTextColumn(source: ColumnSource): string | null {
  if (source === null || !('column' in source) || source.column === 'itemId' || source.column === 'success') return null;
  return source.column;
}

const iso = (ms: number): string => new Date(Math.floor(ms)).toISOString();

export class SqliteSource implements TableSource {
  /** The columns each stored table has in this file, read once. */
  private readonly storedColumns: Map<ClassicTable, Set<string>>;

  constructor(private readonly db: DatabaseSync) {
    this.storedColumns = new Map(CLASSIC_TABLES.map((table) => {
      const info = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
      return [table, new Set(info.map((column) => column.name))];
    }));
  }

  /**
   * A column added to the schema after a telemetry file was written is missing from that file until
   * local-insights opens it again (telemetry-db.ts adds it); `npm run telemetry` opens files
   * read-only, so such a column reads as empty rather than failing the query.
   */
  private sourceIn(stored: ClassicTable, source: ColumnSource): ColumnSource {
    const present = this.storedColumns.get(stored) as Set<string>;
    return source !== null && 'column' in source && source.column !== 'itemId' && !present.has(source.column) ? null : source;
  }

  read(table: SchemaTable, columns: Column[], filter: Pushdown): Value[][] {
    const storage = storageOf(table);
    const { stored } = storage;
    const sourceOf = (name: string): ColumnSource => this.sourceIn(stored, storage.sourceOf(name));
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (filter.since !== null) {
      where.push('timestamp >= @since');
      params.since = iso(filter.since);
    }
    if (filter.until !== null) {
      where.push('timestamp <= @until');
      params.until = iso(filter.until + 1);
    }
    filter.equals.forEach(({ column, value }, i) => {
      // Only columns of the table itself, by name: a let or a computed column never reaches here.
      if (value === '' || !columns.some((c) => c.name === column && c.type === 'string')) return; // stored NULL reads as ''
      const storedColumn = storedTextColumn(sourceOf(column));
      if (storedColumn === null) return;
      where.push(`"${storedColumn}" = @v${i}`);
      params[`v${i}`] = value;
    });
    const select = columns.map((c, place) => selectFor(stored, sourceOf(c.name), params, place)).join(', ');
    const sql = `SELECT ${select} FROM ${stored}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY timestamp, rowid`;
    const readers = columns.map(readerFor);
    // all() rather than iterate(): one crossing into SQLite instead of one per row is the faster of the two.
    const statement = this.db.prepare(sql);
    statement.setReturnArrays(true);
    const found = statement.all(params) as unknown as unknown[][];
    return found.map((values) => readers.map((read, k) => read(values[k])));
  }
}
