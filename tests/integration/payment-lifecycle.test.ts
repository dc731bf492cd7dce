// The app's payment lifecycle against a real HTTP finance endpoint on loopback, a real SQLite file
// and the real job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startScriptedFinance, type ReceivedPayment, type ScriptedAnswer } from '../helpers/scripted-finance';
import { startTestApp } from '../helpers/system';
import { waitFor } from '../helpers/wait-for';

async function withApp(script: (call: number) => ScriptedAnswer, settings: Record<string, string>, body: (ctx: {
  app: Awaited<ReturnType<typeof startTestApp>>; finance: Awaited<ReturnType<typeof startScriptedFinance>>;
}) => Promise<void>) {
  const finance = await startScriptedFinance(script);
  const app = await startTestApp({ FINANCE_PACKAGE_URL: finance.url, ...settings });
  try {
    await body({ app, finance });
  } finally {
    await app.stop();
    await finance.stop();
  }
}

const placeOrder = (app: Awaited<ReturnType<typeof startTestApp>>, datePlaced = '2024-03-31T12:00:00+10:00') =>
  app.http.post('/new', { product: 'Mug', customer: 'Ada', date_placed: datePlaced });

test('a paid order is Complete, and the finance package got the London date, the key and the idempotency key', async () => {
  await withApp(() => ({ status: 200, body: 'Payment accepted' }), { FINANCE_API_KEY: 'test-key-123' }, async ({ app, finance }) => {
    const { data: order } = await placeOrder(app);
    await waitFor(async () => (await app.orders('Complete')).length === 1, { deadlineMs: 5000, what: 'the order to complete' });
    const [call] = finance.received;
    assert.deepEqual(call?.body, { orderId: order.id, product: 'Mug', customer: 'Ada', date: '2024-03-31T03:00:00+01:00' });
    assert.equal(call?.headers['x-api-key'], 'test-key-123');
    assert.equal(call?.headers['idempotency-key'], `order-${order.id}`);
    assert.match(app.logs.text(), new RegExp(`payment accepted orderId=${order.id} attempt=1 payload=.* statusCode=200 responseText="Payment accepted"`));
    assert.doesNotMatch(app.logs.text(), /test-key-123/);
  });
});

test('an order dated in the future is marked Failed and keeps the finance package\'s reason', async () => {
  await withApp(() => ({ status: 400, body: 'Invalid date: date is in the future' }), {}, async ({ app, finance }) => {
    const { data: order } = await placeOrder(app, '3000-01-01T12:00:00Z');
    await waitFor(async () => (await app.orders('Failed')).length === 1, { deadlineMs: 5000, what: 'the order to fail' });
    const [failed] = await app.orders('Failed');
    assert.equal(failed?.failure_reason, 'finance package answered 400: Invalid date: date is in the future');
    assert.equal(failed?.attempts, 1);
    assert.equal(finance.received.length, 1, 'a permanent refusal is not retried');
    const log = app.logs.text();
    assert.match(log, new RegExp(`warn  \\[order-processing-app\\] payment not accepted orderId=${order.id} attempt=1 .*statusCode=400 responseText="Invalid date: date is in the future"`));
    assert.match(log, new RegExp(`error \\[order-processing-app\\] payment rejected \\(permanent\\) orderId=${order.id} attempt=1 transient=false`));
    assert.match(log, /PaymentFailed: order \d+: finance package answered 400[^\n]*\n\s+at [^\n]*payment-job\.ts:\d+/, 'the stack trace names the processing file');
  });
});

test('a 503 from the finance package is retried and the order then completes', async () => {
  await withApp((call) => (call <= 2 ? { status: 503, body: 'Service Unavailable' } : { status: 200, body: 'ok' }), {}, async ({ app, finance }) => {
    await placeOrder(app);
    await waitFor(async () => (await app.orders('Complete')).length === 1, { deadlineMs: 5000, what: 'the order to complete' });
    const [done] = await app.orders('Complete');
    assert.equal(done?.attempts, 3);
    assert.equal(finance.received.length, 3);
    assert.equal(new Set(finance.received.map((c) => c.headers['idempotency-key'])).size, 1, 'every retry carries the same key');
  });
});

test('a call that gets no answer within the timeout is transient and retried', async () => {
  await withApp((call) => (call === 1 ? 'hang' : { status: 200, body: 'ok' }), { PAYMENT_TIMEOUT_SECONDS: '0.2' }, async ({ app }) => {
    await placeOrder(app);
    await waitFor(async () => (await app.orders('Complete')).length === 1, { deadlineMs: 5000, what: 'the order to complete' });
    assert.match(app.logs.text(), /payment failed \(transient\) .*transient=true error="order \d+: no answer from the finance package within 0.2 s \(timeout\)"/);
  });
});

test('an order that keeps failing transiently is marked Failed after the maximum attempts', async () => {
  await withApp(() => ({ status: 500, body: 'Internal Server Error' }), { PAYMENT_MAX_ATTEMPTS: '3' }, async ({ app, finance }) => {
    await placeOrder(app);
    await waitFor(async () => (await app.orders('Failed')).length === 1, { deadlineMs: 5000, what: 'the order to fail' });
    const [failed] = await app.orders('Failed');
    assert.equal(failed?.failure_reason, 'gave up after 3 attempts: finance package answered 500: Internal Server Error');
    assert.equal(finance.received.length, 3);
  });
});

test('a finance package that refuses connections leaves orders queued for a later attempt, not failed', async () => {
  const app = await startTestApp({ FINANCE_PACKAGE_URL: 'http://127.0.0.1:9', PAYMENT_RETRY_BASE_SECONDS: '10', PAYMENT_RETRY_MAX_SECONDS: '60' });
  try {
    await placeOrder(app);
    await waitFor(async () => (await app.orders('Queued'))[0]?.attempts === 1, { deadlineMs: 5000, what: 'a first attempt' });
    const [queued] = await app.http.get('/api/orders').then((r) => r.data);
    assert.match(queued.last_error, /refused the connection/);
    assert.ok(new Date(queued.next_attempt_at).getTime() > Date.now() + 5000, 'next attempt is about 10 s away');
  } finally {
    await app.stop();
  }
});

test('a failed order is never picked again while later orders still go through', async () => {
  const futureIsRefused = (payment: ReceivedPayment): ScriptedAnswer =>
    JSON.stringify(payment.body).includes('"3000-') ? { status: 400, body: 'Invalid date: date is in the future' } : { status: 200, body: 'ok' };
  const finance = await startScriptedFinance((_call, payment) => futureIsRefused(payment));
  const app = await startTestApp({ FINANCE_PACKAGE_URL: finance.url });
  try {
    await placeOrder(app, '3000-01-01T12:00:00Z');
    await placeOrder(app);
    await placeOrder(app);
    await waitFor(async () => (await app.orders('Complete')).length === 2 && (await app.orders('Failed')).length === 1, {
      deadlineMs: 5000,
      what: 'two orders complete and the broken one failed',
    });
    // Watch the job work on: more orders placed one after another, each paid, prove ticks keep running.
    const callsFor = (id: number) => finance.received.filter((p) => (p.body as { orderId?: number }).orderId === id).length;
    const broken = (await app.orders('Failed'))[0]?.id ?? 0;
    assert.equal(callsFor(broken), 1);
    for (let i = 0; i < 5; i++) {
      const { data: later } = await placeOrder(app);
      await waitFor(async () => (await app.orders('Complete')).some((o) => o.id === later.id), { deadlineMs: 5000, what: `later order ${i} to be paid` });
    }
    assert.equal(callsFor(broken), 1, 'the failed order was not tried again while seven others were paid');
    assert.equal(finance.received.length, 8);
  } finally {
    await app.stop();
    await finance.stop();
  }
});
