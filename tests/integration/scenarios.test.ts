// Each scenario, switched on, with the real app and the real finance package on loopback ports and
// a real SQLite file. TIME_SCALE and a fast job keep each one to seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait-for';

type System = Awaited<ReturnType<typeof startSystem>>;

async function withSystem(options: Parameters<typeof startSystem>[0], body: (system: System) => Promise<void>) {
  const system = await startSystem(options);
  try {
    await body(system);
  } finally {
    await system.stop();
  }
}

const chooseInApp = async (system: System, scenario: string) => {
  const response = await system.app.http.post('/scenario', new URLSearchParams({ scenario }).toString(), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  assert.equal(response.status, 303);
};

test('Reset: the eleven seeded orders (one London, ten +10:00) all complete, and Reset seeds them again', async () => {
  await withSystem({}, async (system) => {
    await waitFor(async () => (await system.app.summary()).complete === 11, { deadlineMs: 10_000, what: 'eleven seeded orders to complete' });
    const orders = await system.app.orders();
    assert.equal(orders.length, 11);
    const offsets = orders.map((o) => (o as unknown as { date_placed: string }).date_placed.slice(-6));
    assert.equal(offsets.filter((o) => o === '+10:00').length, 10);
    assert.ok(offsets[0] === '+00:00' || offsets[0] === '+01:00', `first order in London time: ${offsets[0]}`);

    await chooseInApp(system, 'Reset');
    await waitFor(async () => (await system.app.summary()).complete === 11, { deadlineMs: 10_000, what: 'the reseeded orders to complete' });
    const after = await system.app.orders();
    assert.equal(after.length, 11);
    assert.ok(after.every((o) => !orders.some((before) => before.id === o.id)), 'all new orders');
    assert.deepEqual(await system.finance.stats(), { paid: 11, duplicates: 0, rejected: 0, transientFailures: 0, ordersGenerated: 11 });
  });
});

test('BrokenOrder: the year-3000 order ends Failed with the supplier\'s reason and later orders still complete', async () => {
  await withSystem({}, async (system) => {
    await waitFor(async () => (await system.app.summary()).complete === 11, { deadlineMs: 10_000, what: 'the seeded orders' });
    await chooseInApp(system, 'BrokenOrder');
    for (let i = 0; i < 3; i++) assert.equal((await system.app.http.post('/new', { product: `after ${i}`, customer: 'Ada' })).status, 201);
    await waitFor(async () => {
      const s = await system.app.summary();
      return s.failed === 1 && s.complete === 14 && s.queued === 0;
    }, { deadlineMs: 10_000, what: 'one failed, fourteen complete, nothing queued' });
    const [broken] = await system.app.orders('Failed');
    assert.equal(broken?.product, 'Product from the future');
    assert.equal(broken?.failure_reason, 'finance package answered 400: Invalid date: date is in the future');
    assert.equal((await system.finance.stats()).rejected, 1);
    assert.equal((await system.finance.http.get('/scenario')).data.scenario, 'BrokenOrder');
  });
});

test('UnreliableProcessing with a fixed seed: every order completes, none fails, failures happened and nothing was paid twice', async () => {
  await withSystem({ app: { PAYMENT_TIMEOUT_SECONDS: '0.3', ORDER_LEASE_SECONDS: '2' }, finance: { RANDOM_SEED: '42' } }, async (system) => {
    await waitFor(async () => (await system.app.summary()).complete === 11, { deadlineMs: 10_000, what: 'the seeded orders' });
    await chooseInApp(system, 'UnreliableProcessing');
    // Only the orders this test placed are counted: the finance package keeps adding its own.
    const placed: number[] = [];
    for (let i = 0; i < 60; i++) placed.push((await system.app.http.post('/new', { product: `p${i}`, customer: 'Ada' })).data.id);
    const mine = async () => (await system.app.orders()).filter((order) => placed.includes(order.id));
    await waitFor(async () => (await mine()).every((order) => order.status === 'Complete'), { deadlineMs: 60_000, what: 'the 60 orders placed to complete' });
    const summary = await system.app.summary();
    assert.equal(summary.failed, 0);
    const stats = await system.finance.stats();
    assert.ok(stats.transientFailures >= 5, `transient failures happened: ${stats.transientFailures}`);
    assert.equal(stats.paid, summary.complete, 'one payment per completed order');
    assert.equal(stats.duplicates, 0);
    assert.match(system.app.logs.text(), /payment not accepted .*statusCode=50[03]/);
    assert.match(system.app.logs.text(), /payment failed \(transient\) .*transient=true error="order \d+: no answer from the finance package within 0.3 s \(timeout\)"/);
  });
});

test('HighLoad: the queue rises well above its baseline during the peak, then drains to zero', async () => {
  // TIME_SCALE 150: a 12 s peak at 50 orders/s against 20 paid per second; baseline is then 5/s.
  await withSystem({ finance: { TIME_SCALE: '150' } }, async (system) => {
    await waitFor(async () => (await system.app.summary()).queued === 0, { deadlineMs: 10_000, what: 'the seeded queue to drain' });
    await chooseInApp(system, 'HighLoad');
    const generatedBefore = (await system.finance.stats()).ordersGenerated;
    // Watched until the peak ends, whenever that is on this machine. The queue is read before the
    // phase, so a queue counted after the peak is never taken for the peak's.
    let peakQueue = 0;
    await waitFor(async () => {
      const [s, phase] = [await system.app.summary(), (await system.finance.http.get('/scenario')).data.load.phase];
      if (phase === 'peak') peakQueue = Math.max(peakQueue, s.queued);
      return phase === 'after-peak';
    }, { deadlineMs: 60_000, what: 'the peak to end' });
    // Orders arrived faster than they were paid: a backlog that the baseline (drained to 0 above)
    // never builds, and a sizeable share of what arrived, however many this machine managed.
    const generated = (await system.finance.stats()).ordersGenerated - generatedBefore;
    assert.ok(peakQueue >= 20 && peakQueue >= generated / 4, `the queue reached ${peakQueue} during the peak, of ${generated} orders that arrived`);
    await waitFor(async () => (await system.app.summary()).queued <= 2, { deadlineMs: 60_000, what: 'the queue to drain after the peak', everyMs: 200 });
    assert.equal((await system.app.summary()).failed, 0);
  });
});

test('VeryHighLoad with a small database: intake answers 507, no stored order is lost, processing goes on, Reset recovers', async () => {
  await withSystem({ app: { DATABASE_MAX_SIZE_MB: '3' }, finance: { TIME_SCALE: '20' } }, async (system) => {
    // At TIME_SCALE=20 the baseline adds an order every 1.5 s, so "at least the eleven seeded".
    await waitFor(async () => (await system.app.summary()).complete >= 11, { deadlineMs: 60_000, what: 'the seeded orders' });
    await chooseInApp(system, 'VeryHighLoad');
    await waitFor(async () => system.finance.logs.text().includes('statusCode=507'), { deadlineMs: 60_000, what: 'intake to answer 507' });

    const refused = await system.app.http.post('/new', { product: 'one more', customer: 'Ada' });
    assert.equal(refused.status, 507);
    assert.match(refused.data.error, /storage is exhausted/);
    const stored = await system.app.orders();
    assert.ok(stored.length >= 20, `${stored.length} orders stored before the cap`);

    await waitFor(async () => (await system.app.summary()).queued === 0, { deadlineMs: 60_000, what: 'every stored order to be processed while full' });
    const after = await system.app.orders();
    for (const order of stored) {
      const now = after.find((o) => o.id === order.id);
      assert.equal(now?.product, order.product, `order ${order.id} is still there`);
      assert.equal(now?.status, 'Complete');
    }

    await chooseInApp(system, 'Reset');
    await waitFor(async () => (await system.app.summary()).complete >= 11, { deadlineMs: 60_000, what: 'the reseeded orders to complete after Reset' });
    assert.equal((await system.app.http.post('/new', { product: 'room again', customer: 'Ada' })).status, 201);
    assert.equal((await system.finance.http.get('/scenario')).data.scenario, 'Reset');
  });
});
