// npm run telemetry -- "SELECT …"   the local track's stand-in for the Logs blade of Application
// Insights: runs one SQL query against the telemetry local-insights stored, read-only, and prints
// the rows as a table. `npm run telemetry -- tables` lists the tables and their columns.
import fs from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { loadInsightsConfig } from './config';
import { InvalidSetting } from '../app/settings';

/** Long cells (payloads, stacks) are cut so a row still fits on a terminal line or two. */
const MAX_CELL = 80;

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

export function formatRows(rows: Array<Record<string, unknown>>): string {
  const first = rows[0];
  if (!first) return '(no rows)';
  const columns = Object.keys(first);
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line(columns), widths.map((width) => '-'.repeat(width)).join('-+-'), ...cells.map(line), `(${rows.length} rows)`].join('\n');
}

export function runQuery(databaseFile: string, query: string): Array<Record<string, unknown>> {
  // Opening read-only also fails when the file does not exist, rather than creating it.
  const db = new DatabaseSync(databaseFile, { readOnly: true });
  try {
    if (query.trim() === 'tables') {
      return db
        .prepare("SELECT m.name AS \"table\", group_concat(p.name, ', ') AS columns FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' GROUP BY m.name")
        .all() as Array<Record<string, unknown>>;
    }
    const statement = db.prepare(query);
    if (statement.columns().length === 0) throw new Error('only queries that return rows (SELECT …) run here: the telemetry is read-only');
    return statement.all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

function main(): void {
  const query = process.argv.slice(2).join(' ');
  if (query.trim() === '') {
    console.error('usage: npm run telemetry -- "SELECT name, count(*) FROM requests GROUP BY name"   (or: npm run telemetry -- tables)');
    process.exit(2);
  }
  try {
    const { databaseFile } = loadInsightsConfig(process.env);
    if (!fs.existsSync(databaseFile)) {
      console.error(`no telemetry yet: ${databaseFile} does not exist. Run npm start first (it starts local-insights), then query.`);
      process.exit(1);
    }
    const rows = runQuery(databaseFile, query);
    // The column lists are long: printed whole, one table per paragraph, rather than cut to fit.
    if (query.trim() === 'tables') console.log(rows.map((row) => `${String(row.table)}\n  ${String(row.columns)}`).join('\n\n'));
    else console.log(formatRows(rows));
  } catch (error) {
    const hint = error instanceof InvalidSetting ? '' : ' (the tables and their columns: npm run telemetry -- tables)';
    console.error(`telemetry: ${error instanceof Error ? error.message : String(error)}${hint}`);
    process.exit(1);
  }
}

if (require.main === module) main();
