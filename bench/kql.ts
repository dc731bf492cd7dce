// KQL figures for `npm run bench`: each WORKSHOP.md query over 100,000 requests and 100,000 traces
// (and workshop questions in the workspace-based form, AppRequests & co., over the same rows),
// a time-bounded summarize over 1,000,000 requests, and how fast local-insights stores envelopes
// against a raw SQLite insert loop of the same rows.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mapEnvelope, type Mapped } from '../local-insights/envelope';
import { warmUp } from '../local-insights/kql/kusto-parser';
import { runKql } from '../local-insights/kql/run-kql';
import { SqliteSource } from '../local-insights/kql/sqlite-source';
import { TelemetryDb } from '../local-insights/telemetry-db';
import { workshopQueries } from '../tests/helpers/workshop-queries';
import { median, round } from './measure';

const APP = 'order-processing-app';

/**
 * Workshop questions as a learner asks them of a Log Analytics workspace: the same rows read through
 * the workspace tables' mapping, so their cost is counted against the same target.
 */
const WORKSPACE_QUERIES: Record<string, string> = {
  failedByRole: 'AppRequests | where TimeGenerated > ago(10m) | where Success == false | summarize count() by AppRoleName',
  // WORKSHOP.md's part 5 and part 10 requests queries, and part 5's traces query, in the workspace form.
  byNameAndCode: `AppRequests | where AppRoleName == "${APP}" | summarize count() by Name, ResultCode | order by count_ desc`,
  intakeByMinute: `AppRequests | where AppRoleName == "${APP}" and Name == "POST /new" | summarize count() by ResultCode, bin(TimeGenerated, 1m) | render timechart`,
  notAccepted: `AppTraces | where AppRoleName == "${APP}" | where Message == "payment not accepted"
    | project TimeGenerated, orderId = tostring(Properties.orderId), statusCode = tostring(Properties.statusCode) | order by TimeGenerated desc`,
};

/** `count` requests and as many traces, one every `spacingMs` up to now, shaped as the app sends them. */
function telemetry(count: number, spacingMs: number, now: number): Mapped[] {
  const items: Mapped[] = [];
  const tags = { 'ai.cloud.role': APP, 'ai.operation.id': 'op' };
  for (let k = 0; k < count; k++) {
    const time = new Date(now - (count - k) * spacingMs).toISOString();
    items.push(mapEnvelope({ name: 'r', time, tags, data: { baseType: 'RequestData', baseData: {
      id: `r${k}`, name: k % 3 ? 'POST /new' : 'GET /', duration: '00:00:00.050', responseCode: k % 10 ? '201' : '507', success: k % 10 !== 0, properties: { orderId: String(k) },
    } } }));
    items.push(mapEnvelope({ name: 't', time, tags, data: { baseType: 'MessageData', baseData: {
      message: k % 2 ? 'payment attempt' : 'payment accepted', properties: { orderId: String(k), statusCode: '200' },
    } } }));
  }
  return items;
}

function store(file: string, items: Mapped[]): number {
  const db = TelemetryDb.open(file);
  const started = performance.now();
  for (let i = 0; i < items.length; i += 1000) db.insertAll(items.slice(i, i + 1000));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return items.length / seconds;
}

/** The same rows through one prepared INSERT per table in a transaction per 1,000: the ceiling. */
function rawInsert(file: string, items: Mapped[]): number {
  TelemetryDb.open(file).close();
  const db = new DatabaseSync(file);
  const statements = new Map<string, StatementSync>();
  const started = performance.now();
  for (let i = 0; i < items.length; i += 1000) {
    db.exec('BEGIN');
    {
      for (const { table, row } of items.slice(i, i + 1000)) {
        const key = `${table}:${Object.keys(row).join(',')}`;
        let statement = statements.get(key);
        if (!statement) {
          statement = db.prepare(`INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((c) => `@${c}`).join(', ')})`);
          statements.set(key, statement);
        }
        statement.run(row);
      }
    }
    db.exec('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return items.length / seconds;
}

function timeQuery(file: string, query: string, runs: number): number {
  const db = new DatabaseSync(file, { readOnly: true });
  const source = new SqliteSource(db);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const answer = runKql(query, source, { now: Date.now() });
    times.push(performance.now() - started);
    if (!answer.ok) throw new Error(`${query}: ${JSON.stringify(answer.diagnostics)}`);
  }
  db.close();
  return median(times);
}

export function kqlBench(file: (name: string) => string, results: Record<string, number>, notes: string[]): void {
  results.kqlWarmUpMs = round(warmUp(), 0);
  const now = Date.now();
  const items = telemetry(100_000, 30, now);
  results.ingestPerSecond = round(store(file('kql-100k.db'), items), 0);
  results.rawTelemetryInsertPerSecond = round(rawInsert(file('kql-raw.db'), items), 0);
  results.ingestVsRawRatio = round(results.ingestPerSecond / results.rawTelemetryInsertPerSecond);
  const workshop = workshopQueries().filter((q) => q.language === 'kusto');
  const times = workshop.map((q) => {
    const ms = round(timeQuery(file('kql-100k.db'), q.text, 5), 0);
    results[`kqlMs_line${q.line}`] = ms;
    return ms;
  });
  for (const [name, query] of Object.entries(WORKSPACE_QUERIES)) {
    const ms = round(timeQuery(file('kql-100k.db'), query, 5), 0);
    results[`kqlMs_workspace_${name}`] = ms;
    times.push(ms);
  }
  results.kqlMsMax100k = Math.max(...times);
  const big = file('kql-1m.db');
  store(big, telemetry(1_000_000, 30, now).filter((item) => item.table === 'requests'));
  // In a process of its own, so its peak memory is the query's (and the parser's), as in the worker.
  const query = 'requests | where timestamp > ago(1h) | summarize count() by bin(timestamp, 1m), resultCode';
  const measured: unknown = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'kql-memory.ts'), big, query], { encoding: 'utf8' }));
  const { ms, peakRssMb } = measured as { ms: number; peakRssMb: number }; // printed by kql-memory.ts just above
  results.kqlMs_1M_binByMinute = round(ms, 0);
  results.kqlPeakRssMb_1M = round(peakRssMb, 0);
  notes.push('kqlMs_lineN: WORKSHOP.md\'s KQL block at line N over 100,000 requests + 100,000 traces (one every 30 ms), in-process, median of 5 (the query worker adds message passing only)');
  notes.push(`kqlMs_workspace_*: workshop questions in the workspace form over the same rows (${Object.values(WORKSPACE_QUERIES).join('; ')}); counted in kqlMsMax100k`);
  notes.push('kqlMs_1M_binByMinute: requests | where timestamp > ago(1h) | summarize count() by bin(timestamp, 1m), resultCode over 1,000,000 requests (8 h of them); kqlPeakRssMb_1M: peak memory of a process doing only that (parser included)');
  notes.push('ingestVsRawRatio: envelopes mapped and stored by local-insights\' TelemetryDb against one prepared INSERT per row of the same rows, 1,000 per transaction');
}
