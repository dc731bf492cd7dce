// npm run telemetry -- '<KQL>'   the Logs blade of Application Insights in a terminal: runs one KQL
// query (the same text as in the portal) over the telemetry local-insights stored, read-only, and
// prints the answer as a table. `--json` prints the query API's JSON; `--timespan PT1H` bounds it;
// `npm run telemetry -- tables` lists the tables and their columns.
import fs from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { loadInsightsConfig } from './config';
import { InvalidSetting } from '../platform/settings';
import { runKql } from './kql/run-kql';
import { SqliteSource } from './kql/sqlite-source';
import { QUERY_LIMITS } from './kql/query-limits';
import { SCHEMA } from './kql/schema';
import { toWireAnswer, toWireError, type WireAnswer, type WireError } from './kql/wire';
import { parseTimespan } from './timespan';

/** Long cells (payloads, stacks) are cut so a row still fits on a terminal line or two. */
const MAX_CELL = 80;

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

export function formatTable(columns: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '(no rows)';
  const cells = rows.map((row) => columns.map((_c, i) => cell(row[i])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line(columns), widths.map((width) => '-'.repeat(width)).join('-+-'), ...cells.map(line), `(${rows.length} rows)`].join('\n');
}

export function formatRows(rows: Array<Record<string, unknown>>): string {
  const columns = Object.keys(rows[0] ?? {});
  return formatTable(columns, rows.map((row) => columns.map((column) => row[column])));
}

/** One KQL query over a telemetry file, answered as the query API would (200 answer or 400 error). */
export function answerKql(databaseFile: string, query: string, timespan: string | null, now = Date.now()): WireAnswer | WireError {
  const window = timespan ? parseTimespan(timespan, now) : null;
  if (window && 'error' in window) throw new Error(window.error);
  // Opening read-only also fails when the file does not exist, rather than creating it.
  const db = new DatabaseSync(databaseFile, { readOnly: true });
  try {
    const answer = runKql(query, new SqliteSource(db), { now, timespan: window });
    return answer.ok ? toWireAnswer(answer.result, QUERY_LIMITS) : toWireError(answer.diagnostics);
  } finally {
    db.close();
  }
}

export interface CliArguments {
  query: string;
  json: boolean;
  timespan: string | null;
}

export function parseArguments(argv: string[]): CliArguments | { error: string } {
  const rest: string[] = [];
  let json = false;
  let timespan: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--timespan') {
      timespan = argv[i + 1] ?? null;
      i += 1;
      if (!timespan) return { error: '--timespan needs an ISO 8601 duration, e.g. --timespan PT1H' };
    } else if (arg.startsWith('--timespan=')) timespan = arg.slice('--timespan='.length);
    else rest.push(arg);
  }
  const query = rest.join(' ').trim();
  if (query === '') return { error: 'usage: npm run telemetry -- \'requests | summarize count() by name\' [--json] [--timespan PT1H]   (or: npm run telemetry -- tables)' };
  return { query, json, timespan };
}

const TABLE_LIST = Object.entries(SCHEMA).map(([table, columns]) => `${table}\n  ${columns.map((c) => `${c.name}:${c.type}`).join(', ')}`).join('\n\n');

/** What the command prints, and its exit code. */
export function telemetryCommand(argv: string[], databaseFile: string): { out: string; code: number } {
  const args = parseArguments(argv);
  if ('error' in args) return { out: args.error, code: 2 };
  if (args.query === 'tables') return { out: TABLE_LIST, code: 0 };
  if (!fs.existsSync(databaseFile)) return { out: `no telemetry yet: ${databaseFile} does not exist. Run npm start first (it starts local-insights), then query.`, code: 1 };
  const answer = answerKql(databaseFile, args.query, args.timespan);
  if (args.json) return { out: JSON.stringify(answer, null, 2), code: 'error' in answer && !('tables' in answer) ? 1 : 0 };
  if (!('tables' in answer)) {
    const inner = answer.error.innererror;
    const caret = inner ? `\n${args.query.split('\n')[inner.line - 1] ?? ''}\n${' '.repeat(inner.pos)}^` : '';
    return { out: `telemetry: ${inner?.message ?? answer.error.message}${caret}\n(the tables and their columns: npm run telemetry -- tables)`, code: 1 };
  }
  const table = answer.tables[0];
  const text = formatTable(table?.columns.map((c) => c.name) ?? [], table?.rows ?? []);
  const cut = answer.error ? `\n${answer.error.details.map((d) => d.message).join('\n')}` : '';
  return { out: `${text}${cut}`, code: 0 };
}

function main(): void {
  try {
    const { databaseFile } = loadInsightsConfig(process.env);
    const { out, code } = telemetryCommand(process.argv.slice(2), databaseFile);
    (code === 0 ? console.log : console.error)(out);
    process.exitCode = code;
  } catch (error) {
    console.error(`telemetry: ${error instanceof InvalidSetting || error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
