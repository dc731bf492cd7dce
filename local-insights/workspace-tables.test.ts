// Both of Application Insights' schemas over the same stored rows: envelopes ingested as the SDK
// sends them, then asked in the classic form (requests) and the workspace form (AppRequests), with
// answers worked out by hand from the rows below. Also the classic tables nothing here sends
// (pageViews, availabilityResults, browserTimings), which exist and are empty, as in Azure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Column, Value } from './kql/ast';
import type { Pushdown } from './kql/engine';
import { runKql } from './kql/run-kql';
import { SqliteSource } from './kql/sqlite-source';
import { toWire } from './kql/values';
import { mapEnvelope } from './envelope';
import { TelemetryDb } from './telemetry-db';

const APP = 'order-processing-app';
const FINANCE = 'order-processing-finance-package';
const NOW = Date.parse('2024-05-01T12:00:00Z');

const envelope = (time: string, role: string, baseType: string, baseData: Record<string, unknown>) => ({
  name: `Microsoft.ApplicationInsights.${baseType}`, time, iKey: 'k',
  tags: { 'ai.cloud.role': role, 'ai.cloud.roleInstance': `${role}-1`, 'ai.operation.id': `op-${time}`, 'ai.operation.name': 'POST /new', 'ai.application.ver': '1.2.0' },
  data: { baseType, baseData },
});
const request = (time: string, role: string, name: string, success: boolean, code: string, duration: string, properties?: Record<string, string>) =>
  envelope(time, role, 'RequestData', { id: `r-${time}`, name, url: `http://localhost${name.split(' ')[1] ?? ''}`, success, responseCode: code, duration, properties, measurements: { size: 3 } });

const db = TelemetryDb.open(':memory:');
db.insertAll([
  request('2024-05-01T10:00:00.000Z', APP, 'POST /new', true, '201', '00:00:00.120', { orderId: '7' }),
  request('2024-05-01T10:05:00.000Z', APP, 'POST /new', false, '507', '00:00:00.030'),
  request('2024-05-01T10:10:00.000Z', FINANCE, 'POST /ProcessPayment', false, '503', '00:00:02.000', { orderId: '7' }),
  request('2024-05-01T11:00:00.000Z', FINANCE, 'POST /ProcessPayment', true, '200', '00:00:00.250'),
  request('2024-05-01T11:30:00.000Z', APP, 'GET /', false, '500', '00:00:00.100'),
  envelope('2024-05-01T10:10:00.100Z', APP, 'RemoteDependencyData', { id: 'd1', name: 'POST /ProcessPayment', data: 'http://finance/ProcessPayment', target: 'localhost:3001', type: 'HTTP', duration: '00:00:02.010', resultCode: '503', success: false }),
  envelope('2024-05-01T10:10:00.200Z', APP, 'ExceptionData', { exceptions: [{ typeName: 'PaymentFailed', message: 'finance package said 503', stack: 'PaymentFailed: x\n    at logFailedAttempt (/app/orders/payment-job.ts:10:5)' }], properties: { orderId: '7' } }),
  envelope('2024-05-01T10:10:00.300Z', APP, 'MessageData', { message: 'payment not accepted', severityLevel: 'Warning', properties: { orderId: '7' } }),
  envelope('2024-05-01T10:11:00.000Z', APP, 'MetricData', { metrics: [{ name: 'queue_length', value: 12, count: 3, min: 2, max: 6 }] }),
  envelope('2024-05-01T10:12:00.000Z', APP, 'MetricData', { metrics: [{ name: '\\Processor(_Total)\\% Processor Time', value: 42.5 }] }),
  envelope('2024-05-01T10:13:00.000Z', FINANCE, 'EventData', { name: 'seeded', properties: { count: '11' } }),
].map(mapEnvelope));
const source = new SqliteSource(db.db);

function run(query: string, from: SqliteSource = source) {
  const answer = runKql(query, from, { now: NOW });
  if (!answer.ok) throw new Error(`${query}\n  ${answer.diagnostics.map((d) => d.message).join('\n  ')}`);
  return answer.result;
}
/** Rows as the query API writes them (datetimes as ISO text, dynamic values as JSON text). */
const rows = (query: string): unknown[][] => {
  const result = run(query);
  return result.rows.map((row) => row.map((value, i) => toWire(value, result.columns[i]?.type ?? 'dynamic')));
};
const typesOf = (query: string): Record<string, string> => Object.fromEntries(run(query).columns.map((c) => [c.name, c.type]));

test('AppRequests answers the workshop\'s question over the rows requests holds: failed requests by role', () => {
  // Failed: 10:05 (app), 10:10 (finance), 11:30 (app).
  assert.deepEqual(rows('AppRequests | where Success == false | summarize count() by AppRoleName | order by AppRoleName asc'), [[APP, 2], [FINANCE, 1]]);
  assert.deepEqual(rows('requests | where success == "False" | summarize count() by cloud_RoleName | order by cloud_RoleName asc'), [[APP, 2], [FINANCE, 1]]);
});

test('the workspace columns carry Log Analytics\' types: Success bool, DurationMs real, Properties dynamic, ItemCount int, TimeGenerated datetime', () => {
  assert.deepEqual(typesOf('AppRequests | project TimeGenerated, Success, DurationMs, Properties, Measurements, ItemCount, ResultCode, _ResourceId'), {
    TimeGenerated: 'datetime', Success: 'bool', DurationMs: 'real', Properties: 'dynamic', Measurements: 'dynamic', ItemCount: 'int', ResultCode: 'string', _ResourceId: 'string',
  });
  assert.deepEqual(rows('AppRequests | take 1 | project TimeGenerated, Id, Name, Success, ResultCode, DurationMs, Properties, Measurements, ItemCount, OperationName, AppRoleInstance, AppVersion, Type'), [
    ['2024-05-01T10:00:00Z', 'r-2024-05-01T10:00:00.000Z', 'POST /new', true, '201', 120, '{"orderId":"7"}', '{"size":3}', 1, 'POST /new', `${APP}-1`, '1.2.0', 'AppRequests'],
  ]);
});

test('the same rows answer the same sums in both schemas', () => {
  // 120 + 30 + 2000 + 250 + 100 ms
  assert.deepEqual(rows('requests | summarize sum(duration), count()'), [[2500, 5]]);
  assert.deepEqual(rows('AppRequests | summarize sum(DurationMs), count()'), [[2500, 5]]);
  assert.deepEqual(rows('AppRequests | where Success | summarize avg(DurationMs)'), [[185]]);
});

test('each workspace table reads its classic table\'s rows under the mapped names', () => {
  assert.deepEqual(rows('AppDependencies | project Target, DependencyType, Name, Data, Success, ResultCode, DurationMs, Type'), [
    ['localhost:3001', 'HTTP', 'POST /ProcessPayment', 'http://finance/ProcessPayment', false, '503', 2010, 'AppDependencies'],
  ]);
  assert.deepEqual(rows('AppExceptions | project ExceptionType, OuterMessage, ProblemId, SeverityLevel, tostring(Properties.orderId)'), [
    ['PaymentFailed', 'finance package said 503', 'PaymentFailed at logFailedAttempt', 3, '7'],
  ]);
  assert.deepEqual(rows('AppTraces | project Message, SeverityLevel, AppRoleName'), [['payment not accepted', 2, APP]]);
  // AppMetrics: ItemCount is the number of values aggregated (customMetrics' valueCount), Sum their sum.
  assert.deepEqual(rows('AppMetrics | project Name, ItemCount, Sum, Min, Max'), [['queue_length', 3, 12, 2, 6]]);
  assert.deepEqual(rows('customMetrics | project name, value, valueCount, itemCount'), [['queue_length', 12, 3, 1]]);
  assert.deepEqual(rows('AppPerformanceCounters | project Name, Category, Counter, Instance, Value'), [['% Processor Time', 'Processor', '% Processor Time', '_Total', 42.5]]);
  assert.deepEqual(rows('AppEvents | project Name, tostring(Properties["count"]), AppRoleName'), [['seeded', '11', FINANCE]]);
});

test('every classic and workspace table the Logs blade knows exists, empty when nothing sends to it', () => {
  for (const table of ['pageViews', 'availabilityResults', 'browserTimings', 'AppPageViews', 'AppAvailabilityResults', 'AppBrowserTimings']) {
    assert.deepEqual(rows(`${table} | count`), [[0]], table);
  }
  assert.deepEqual(typesOf('availabilityResults | project success, duration, location'), { success: 'string', duration: 'real', location: 'string' });
  assert.deepEqual(typesOf('AppBrowserTimings | project TotalDurationMs, Url'), { TotalDurationMs: 'real', Url: 'string' });
});

/** SqliteSource, recording what the engine asks it to narrow by. */
class RecordingSource extends SqliteSource {
  readonly filters: Pushdown[] = [];
  override read(table: Parameters<SqliteSource['read']>[0], columns: Column[], filter: Pushdown): Value[][] {
    this.filters.push(filter);
    return super.read(table, columns, filter);
  }
}

test('a leading where on TimeGenerated or a string column narrows the read, as timestamp does for the classic table', () => {
  const recording = new RecordingSource(db.db);
  const result = run('AppRequests | where TimeGenerated > datetime(2024-05-01T10:30:00Z) | where AppRoleName == "order-processing-app" | project Name', recording);
  assert.deepEqual(result.rows, [['GET /']]);
  assert.deepEqual(recording.filters, [{ since: Date.parse('2024-05-01T10:30:00Z'), until: null, equals: [{ column: 'AppRoleName', value: APP }] }]);
  const classic = new RecordingSource(db.db);
  run('requests | where timestamp > datetime(2024-05-01T10:30:00Z) | project name', classic);
  assert.equal(classic.filters[0]?.since, Date.parse('2024-05-01T10:30:00Z'));
});
