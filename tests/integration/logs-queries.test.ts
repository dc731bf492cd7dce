// Every query the Logs page's Queries pane offers runs and answers, through the query API of a
// real local-insights, over telemetry of every kind the app sends. The failure-rate query is
// worked out by hand in both schemas.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import axios from 'axios';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import type { QueryGroup } from '../../local-insights/saved-queries';
import { makeTempDir } from '../helpers/temp-dir';

const APP = 'order-processing-app';
const FINANCE = 'order-processing-finance-package';
let insights: RunningInsights;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const envelope = (minutesAgo: number, role: string, baseType: string, baseData: Record<string, unknown>) => ({
  name: `Microsoft.ApplicationInsights.${baseType}`, time: ago(minutesAgo), iKey: 'k', tags: { 'ai.cloud.role': role }, data: { baseType, baseData },
});
const request = (minutesAgo: number, role: string, name: string, success: boolean, code: string) =>
  envelope(minutesAgo, role, 'RequestData', { id: `r${minutesAgo}`, name, duration: '00:00:00.100', responseCode: code, success });

before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('logs-queries'), 'telemetry.db') });
  const batch = [
    // POST /new: 4 requests, 1 failed (25%); POST /ProcessPayment: 2, both failed (100%); GET /: 1, none failed (0%).
    request(50, APP, 'POST /new', true, '201'), request(40, APP, 'POST /new', true, '201'), request(30, APP, 'POST /new', false, '507'),
    request(20, APP, 'POST /new', true, '201'), request(25, FINANCE, 'POST /ProcessPayment', false, '503'),
    request(15, FINANCE, 'POST /ProcessPayment', false, '400'), request(10, APP, 'GET /', true, '200'),
    envelope(25, APP, 'RemoteDependencyData', { name: 'POST /ProcessPayment', target: 'localhost:3001', type: 'HTTP', duration: '00:00:00.200', resultCode: '503', success: false }),
    envelope(25, APP, 'ExceptionData', { exceptions: [{ typeName: 'PaymentFailed', message: 'finance package said 503' }], properties: { orderId: '3', attempt: '1', transient: 'true' } }),
    envelope(25, APP, 'MessageData', { message: 'payment attempt', properties: { orderId: '3' } }),
    envelope(25, APP, 'MessageData', { message: 'payment not accepted', severityLevel: 'Warning', properties: { orderId: '3', statusCode: '503' } }),
    envelope(24, APP, 'MetricData', { metrics: [{ name: 'queue_length', value: 4 }] }),
  ];
  const stored = await axios.post(`${insights.url}/v2.1/track`, batch);
  assert.equal(stored.data.itemsAccepted, batch.length);
  await insights.queries.start();
});
after(() => insights.stop());

const api = axios.create({ validateStatus: () => true });
const ask = (query: string) => api.post(`${insights.url}/v1/apps/local/query`, { query, timespan: 'P1D' });

async function pane(): Promise<QueryGroup[]> {
  const response = await api.get(`${insights.url}/api/queries`);
  assert.equal(response.status, 200);
  return (response.data as { groups: QueryGroup[] }).groups;
}

test('the Queries pane offers the workshop\'s queries and the common ones in both schemas', async () => {
  const groups = await pane();
  assert.deepEqual(groups.map((g) => g.name), ['Workshop', 'Common: classic tables (requests …)', 'Common: workspace tables (AppRequests …)']);
  assert.ok((groups[0]?.queries.length ?? 0) >= 10, 'WORKSHOP.md\'s KQL blocks');
  assert.match(groups[0]?.queries[0]?.title ?? '', /^Part \d+/);
});

test('every query in the Queries pane runs and answers a table', async () => {
  for (const group of await pane()) {
    for (const { title, query } of group.queries) {
      const response = await ask(query);
      assert.equal(response.status, 200, `${group.name} / ${title}: ${JSON.stringify(response.data.error?.innererror ?? response.data.error)}`);
      assert.equal(response.data.tables[0]?.name, 'PrimaryResult', `${group.name} / ${title}`);
    }
  }
});

test('the failure rate by operation answers the same in both schemas: 100%, 25%, 0%', async () => {
  const groups = await pane();
  for (const group of groups.slice(1)) {
    const query = group.queries.find((q) => q.title === 'Failure rate by operation')?.query ?? '';
    const response = await ask(query);
    assert.equal(response.status, 200, group.name);
    assert.deepEqual(response.data.tables[0].rows, [['POST /ProcessPayment', 100, 2], ['POST /new', 25, 4], ['GET /', 0, 1]], group.name);
  }
});

test('the dependency failures and exceptions by problem answer from the rows sent, in both schemas', async () => {
  const groups = await pane();
  const answer = async (group: number, title: string) => (await ask(groups[group]?.queries.find((q) => q.title === title)?.query ?? '')).data.tables[0].rows;
  for (const group of [1, 2]) {
    assert.deepEqual(await answer(group, 'Dependency failures'), [['localhost:3001', 'POST /ProcessPayment', '503', 1]]);
    assert.deepEqual(await answer(group, 'Exceptions by problem'), [['PaymentFailed', 'PaymentFailed', 1]]);
  }
});
