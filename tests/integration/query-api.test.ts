// Application Insights' query API on local-insights, over real HTTP on loopback: what the SDK
// sent is answered in KQL, in Azure's response shape, from a worker thread with a time limit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import axios from 'axios';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { QUERY_LIMITS } from '../../local-insights/kql/query-limits';
import { makeTempDir } from '../helpers/temp-dir';

let insights: RunningInsights;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const request = (time: string, name: string, code: string, success: boolean, orderId: number) => ({
  name: 'Microsoft.ApplicationInsights.Request', time, iKey: 'k', tags: { 'ai.cloud.role': 'order-processing-app' },
  data: { baseType: 'RequestData', baseData: { id: `r${orderId}`, name, duration: '00:00:00.050', responseCode: code, success, properties: { orderId: String(orderId) } } },
});

before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('query-api'), 'telemetry.db') });
  const batch = [
    request(ago(90), 'POST /new', '201', true, 1), request(ago(30), 'POST /new', '201', true, 2), request(ago(20), 'POST /new', '507', false, 3),
    ...Array.from({ length: 400 }, (_v, i) => request(ago(200 + i), 'GET /healthz', '200', true, 100 + i)),
  ];
  const stored = await axios.post(`${insights.url}/v2.1/track`, batch);
  assert.equal(stored.data.itemsAccepted, batch.length);
  await insights.queries.start();
});
after(() => insights.stop());

const api = axios.create({ validateStatus: () => true });
const queryUrl = () => `${insights.url}/v1/apps/any-name/query`;

test('local-insights listens on loopback by default', () => {
  assert.match(insights.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('GET with query parameters answers the PrimaryResult table with Kusto\'s column names and types', async () => {
  const response = await api.get(queryUrl(), { params: { query: 'requests | where name == "POST /new" | summarize count() by resultCode | order by resultCode asc' } });
  assert.equal(response.status, 200);
  assert.deepEqual(response.data, {
    tables: [{ name: 'PrimaryResult', columns: [{ name: 'resultCode', type: 'string' }, { name: 'count_', type: 'long' }], rows: [['201', 2], ['507', 1]] }],
  });
});

test('an expression over aggregates is answered as Kusto does, named as the analyser names it', async () => {
  const response = await api.post(queryUrl(), { query: 'requests | where name == "POST /new" | summarize failRate = round(100.0 * countif(success == "False") / count(), 1), countif(success == "True") - countif(success == "False")' });
  assert.equal(response.status, 200);
  // 1 of the 3 orders failed: 33.3 %, and 2 - 1.
  assert.deepEqual(response.data.tables[0], { name: 'PrimaryResult', columns: [{ name: 'failRate', type: 'real' }, { name: 'Column1', type: 'long' }], rows: [[33.3, 1]] });
});

test('POST with a JSON body and a timespan only reads rows inside it', async () => {
  const response = await api.post(queryUrl(), { query: 'requests | where name == "POST /new" | project id, success | order by id asc', timespan: 'PT1H' });
  assert.equal(response.status, 200);
  assert.deepEqual(response.data.tables[0].rows, [['r2', 'True'], ['r3', 'False']]);
});

test('a query with render answers the chart it asks for beside the table', async () => {
  const response = await api.post(queryUrl(), { query: 'requests | summarize count() by bin(timestamp, 1h) | render timechart with (title="Per hour")' });
  assert.equal(response.status, 200);
  assert.deepEqual(response.data.render, { visualization: 'timechart', title: 'Per hour' });
  assert.match(response.data.tables[0].rows[0][0], /^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/);
});

test('a misspelt column is a 400 BadArgumentError naming the line and position', async () => {
  const response = await api.post(queryUrl(), { query: 'requests\n| where nmae == "POST /new"' });
  assert.equal(response.status, 400);
  assert.equal(response.data.error.code, 'BadArgumentError');
  assert.deepEqual([response.data.error.innererror.line, response.data.error.innererror.pos], [2, 8]);
  assert.match(response.data.error.innererror.message, /nmae/);
});

test('an operator outside the supported set is refused by name, not answered differently', async () => {
  const response = await api.post(queryUrl(), { query: 'requests | parse-kv name as (verb:string) with (pair_delimiter=" ")' });
  assert.equal(response.status, 400);
  assert.match(response.data.error.innererror.message, /ParseKvOperator is not supported here/);
});

test('a request without a query, with a bad timespan or an unreadable body is a 400 saying what to send', async () => {
  assert.equal((await api.get(queryUrl())).status, 400);
  const badSpan = await api.post(queryUrl(), { query: 'requests | count', timespan: 'an hour' });
  assert.equal(badSpan.status, 400);
  assert.match(badSpan.data.error.message, /ISO 8601/);
  const notJson = await api.post(queryUrl(), '{query', { headers: { 'Content-Type': 'application/json' } });
  assert.equal(notJson.status, 400);
});

test('a query over its time limit is a 504, ingestion keeps working meanwhile, and the next query is answered', async () => {
  const heavy = 'let a = requests | project k = 1, id; a | join kind=inner (a) on k | summarize dcount(strcat(id, id1))';
  const slow = insights.queries.run(heavy, { timespan: null, timeoutMs: 30 });
  const ingest = await axios.post(`${insights.url}/v2.1/track`, [request(ago(1), 'POST /new', '201', true, 999)]);
  assert.equal(ingest.data.itemsAccepted, 1);
  const outcome = await slow;
  assert.equal(outcome.status, 504);
  const after = await api.get(queryUrl(), { params: { query: 'requests | where id == "r999" | count' } });
  assert.deepEqual(after.data.tables[0].rows, [[1]]);
});

test('Prefer: wait=N sets the query\'s time limit in seconds, capped at 10 minutes; without it, or unreadable, the limit is 3 minutes', async (t) => {
  // The real runner answers; the test only notes the limit each request handed it.
  const asked: Array<number | undefined> = [];
  const run = insights.queries.run.bind(insights.queries);
  t.mock.method(insights.queries, 'run', (query: string, options: Parameters<typeof run>[1]) => {
    asked.push(options.timeoutMs);
    return run(query, options);
  });
  const cases: Array<[Record<string, string>, number]> = [
    [{ Prefer: 'wait=30' }, 30_000],
    [{ Prefer: 'response-v1=true, wait=45' }, 45_000],
    [{ Prefer: 'wait=600' }, 600_000],
    [{ Prefer: 'wait=601' }, QUERY_LIMITS.maxTimeoutMs],
    [{ Prefer: 'wait=86400' }, QUERY_LIMITS.maxTimeoutMs],
    [{}, QUERY_LIMITS.defaultTimeoutMs],
    [{ Prefer: 'wait=0' }, QUERY_LIMITS.defaultTimeoutMs],
    [{ Prefer: 'wait=soon' }, QUERY_LIMITS.defaultTimeoutMs],
  ];
  for (const [headers] of cases) {
    const response = await api.get(queryUrl(), { params: { query: 'requests | count' }, headers });
    assert.equal(response.status, 200, JSON.stringify(headers));
  }
  assert.deepEqual(asked, cases.map(([, expected]) => expected));
  assert.deepEqual([QUERY_LIMITS.defaultTimeoutMs, QUERY_LIMITS.maxTimeoutMs], [180_000, 600_000], 'Azure\'s 3 and 10 minutes');
});
