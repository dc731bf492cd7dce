// The finance package on its own, over HTTP, generating no orders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestFinance, type TestFinance } from '../helpers/system';

let finance: TestFinance;
before(async () => {
  finance = await startTestFinance({ GENERATE_ORDERS: 'false', FINANCE_API_KEY: 'stub-key-xyz' });
});
after(() => finance.stop());

const pay = (date: string, headers: Record<string, string> = {}, orderId = 1) =>
  finance.http.post('/ProcessPayment', { orderId, product: 'Mug', customer: 'Ada', date }, { headers: { 'x-api-key': 'stub-key-xyz', ...headers } });

test('a payment without the API key, or with a wrong one, is refused with 401', async () => {
  const body = { orderId: 1, product: 'Mug', customer: 'Ada', date: '2024-01-15T09:30:00+00:00' };
  assert.equal((await finance.http.post('/ProcessPayment', body)).status, 401);
  assert.equal((await finance.http.post('/ProcessPayment', body, { headers: { 'x-api-key': 'wrong' } })).status, 401);
  assert.doesNotMatch(finance.logs.text(), /stub-key-xyz/);
});

test('London offsets are accepted on each side of both clock changes, and wrong ones refused', async () => {
  for (const date of ['2024-03-31T00:59:59+00:00', '2024-03-31T02:00:00+01:00', '2024-10-27T01:59:59+01:00', '2024-10-27T01:00:00+00:00']) {
    assert.equal((await pay(date)).status, 200, date);
  }
  for (const date of ['2024-07-01T11:00:00+00:00', '2024-01-15T10:30:00+01:00', '2024-07-01T21:00:00+10:00']) {
    const response = await pay(date);
    assert.equal(response.status, 400, date);
    assert.equal(response.data, 'Invalid date');
  }
});

test('a date in the future is refused with 400', async () => {
  const response = await pay('3000-01-01T12:00:00+00:00');
  assert.equal(response.status, 400);
  assert.equal(response.data, 'Invalid date: date is in the future');
});

test('a missing field is refused with 400', async () => {
  const response = await finance.http.post('/ProcessPayment', { orderId: 1, product: 'Mug', customer: 'Ada' }, { headers: { 'x-api-key': 'stub-key-xyz' } });
  assert.equal(response.status, 400);
  assert.equal(response.data, 'Missing field: date');
});

test('a repeated Idempotency-Key gets the first answer and is counted as a duplicate, not paid again', async () => {
  const before = await finance.stats();
  const first = await pay('2024-01-15T09:30:00+00:00', { 'Idempotency-Key': 'order-77' }, 77);
  const again = await pay('2024-01-15T09:30:00+00:00', { 'Idempotency-Key': 'order-77' }, 77);
  assert.equal(first.status, 200);
  assert.equal(again.status, 200);
  assert.equal(again.data, first.data);
  const after = await finance.stats();
  assert.equal(after.paid - before.paid, 1);
  assert.equal(after.duplicates - before.duplicates, 1);
});

test('scenarios are switched by name, unknown ones refused, and GET /scenario tells where the timeline stands', async () => {
  assert.equal((await finance.http.post('/scenario', { scenario: 'Chaos' })).status, 400);
  assert.equal((await finance.http.post('/scenario', {})).status, 400);
  assert.equal((await finance.http.post('/scenario', '{bad', { headers: { 'Content-Type': 'application/json' } })).status, 400);
  assert.equal((await finance.http.post('/scenario', { scenario: 'HighLoad' })).status, 200);
  const state = (await finance.http.get('/scenario')).data;
  assert.equal(state.scenario, 'HighLoad');
  assert.equal(state.label, 'Monitoring Load');
  assert.equal(state.load.phase, 'peak');
  assert.ok(state.load.phaseEndsInSeconds > 1700);
  assert.equal((await finance.http.post('/scenario', { scenario: 'Reset' })).status, 200);
  assert.deepEqual(await finance.stats(), { paid: 0, duplicates: 0, rejected: 0, transientFailures: 0, ordersGenerated: 0 });
});

test('GET /healthz answers 200', async () => {
  assert.equal((await finance.http.get('/healthz')).status, 200);
});
