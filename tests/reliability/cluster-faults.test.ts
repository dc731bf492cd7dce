// Faults against several real app processes on one database and the real finance package:
// "charged at most once, never lost".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startScriptedFinance } from '../helpers/scripted-finance';
import { spawnServer } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { waitFor } from '../helpers/wait-for';
import { placeOrders, startCluster, waitForDrain, type Cluster } from './cluster';
import { LONG, recordFigure } from './figures';

interface StoredOrder { id: number; status: string; failure_reason: string | null; attempts: number; last_error: string | null }

async function allOrders(cluster: Cluster): Promise<StoredOrder[]> {
  const lists = await Promise.all(['Complete', 'Failed', 'Queued', 'Processing'].map(async (status) =>
    (await cluster.http.get('/api/orders', { params: { status, limit: 1000 } })).data as StoredOrder[]));
  return lists.flat();
}

for (const instances of [2, 3]) {
  test(`${instances} app instances on one database under Queue Reliability: every order ends Complete or Failed, none lost, none stuck, none paid twice`, async () => {
    const count = LONG ? 1000 : instances === 3 ? 1000 : 400;
    const cluster = await startCluster({ instances });
    try {
      await cluster.financeHttp.post('/scenario', { scenario: 'UnreliableProcessing' });
      const ids = await placeOrders(cluster.http, count);
      await waitForDrain(cluster, 180_000);
      const orders = await allOrders(cluster);
      const byId = new Map(orders.map((o) => [o.id, o]));
      const lost = ids.filter((id) => !byId.has(id)).length;
      const complete = orders.filter((o) => o.status === 'Complete').length;
      const failed = orders.filter((o) => o.status === 'Failed');
      const stats = await cluster.stats();
      const check = `${instances} instances, Queue Reliability`;
      recordFigure(check, 'orders', count);
      recordFigure(check, 'complete', complete);
      recordFigure(check, 'failed (gave up)', failed.length);
      recordFigure(check, 'lost', lost);
      recordFigure(check, 'stuck', orders.filter((o) => o.status === 'Queued' || o.status === 'Processing').length);
      recordFigure(check, 'transient failures met', stats.transientFailures);
      recordFigure(check, 'paid twice', stats.paid - complete);
      recordFigure(check, 'repeat payments refused by idempotency', stats.duplicates);
      assert.equal(lost, 0);
      assert.equal(complete + failed.length, count);
      assert.ok(stats.transientFailures > count / 10, 'faults happened');
      assert.equal(stats.paid, complete, 'the finance package took exactly one payment per completed order');
      for (const order of failed) assert.match(order.failure_reason ?? '', /^gave up after \d+ attempts/);
      const shutdownSeconds = await cluster.stop();
      recordFigure(check, 'max shutdown seconds', Math.max(...shutdownSeconds));
    } finally {
      await cluster.stop().catch(() => undefined);
    }
  });
}

test('instances killed with SIGKILL again and again mid-run: after restarts every order is paid exactly once', async () => {
  const count = LONG ? 600 : 300;
  const kills = LONG ? 10 : 5;
  const cluster = await startCluster({ instances: 2 });
  try {
    await cluster.financeHttp.post('/scenario', { scenario: 'UnreliableProcessing' }); // hangs make kills land mid-payment
    const ids = await placeOrders(cluster.http, count);
    for (let k = 0; k < kills; k++) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await cluster.restartApp(k % 2);
    }
    await waitForDrain(cluster, 180_000);
    const orders = await allOrders(cluster);
    const complete = orders.filter((o) => o.status === 'Complete').length;
    const failed = orders.filter((o) => o.status === 'Failed').length;
    const stats = await cluster.stats();
    const check = 'kill -9 during Queue Reliability';
    recordFigure(check, 'orders', count);
    recordFigure(check, 'instances killed', kills);
    recordFigure(check, 'lost', ids.length - orders.length);
    recordFigure(check, 'paid twice', stats.paid - complete);
    recordFigure(check, 'repeat payments refused by idempotency', stats.duplicates);
    assert.equal(orders.length, count);
    assert.equal(complete + failed, count);
    assert.equal(stats.paid, complete);
  } finally {
    await cluster.stop();
  }
});

test('the finance package down for a while, then back: orders wait with capped backoff, none fails, all complete', async () => {
  const outageMs = LONG ? 8000 : 3000;
  const cluster = await startCluster({
    instances: 1,
    app: { PAYMENT_RETRY_BASE_SECONDS: '0.1', PAYMENT_RETRY_MAX_SECONDS: '1', PAYMENT_MAX_ATTEMPTS: String(LONG ? 16 : 10), LOG_LEVEL: 'info' },
  });
  try {
    await cluster.stopFinance();
    const ids = await placeOrders(cluster.http, 50);
    await new Promise((resolve) => setTimeout(resolve, outageMs));
    await cluster.startFinance();
    await waitForDrain(cluster, 60_000);
    const orders = await allOrders(cluster);
    assert.equal(orders.filter((o) => o.status === 'Complete').length, ids.length);
    const waits = [...cluster.apps[0]!.output().matchAll(/^(\S+) info .*order back in the queue .*nextAttemptAt=(\S+)/gm)]
      .map((m) => new Date(m[2] ?? '').getTime() - new Date(m[1] ?? '').getTime());
    const check = 'finance package down, then back';
    recordFigure(check, 'outage seconds', outageMs / 1000);
    recordFigure(check, 'orders', ids.length);
    recordFigure(check, 'failed', orders.filter((o) => o.status === 'Failed').length);
    recordFigure(check, 'longest wait between attempts (s)', Math.max(...waits) / 1000);
    assert.ok(waits.length > 0 && Math.max(...waits) <= 1050, `backoff capped at 1 s: ${Math.max(...waits)} ms`);
  } finally {
    await cluster.stop();
  }
});

test('a finance package slower than the timeout: calls are transient, one at a time per instance, and orders complete once it recovers', async () => {
  // Slow for 3 s from the first payment call, not from now: on a busy machine the app alone can
  // take 3 s to start, and the window would close before any order was sent.
  let slowUntil: number | undefined;
  const finance = await startScriptedFinance(() => (Date.now() < (slowUntil ??= Date.now() + 3000) ? 'hang' : { status: 200, body: 'ok' }));
  const port = await freePort();
  const app = await spawnServer('app/main.ts', port, {
    ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url,
    PAYMENT_TIMEOUT_SECONDS: '0.2', ORDER_LEASE_SECONDS: '1', PAYMENT_MAX_ATTEMPTS: '30', PAYMENT_RETRY_MAX_SECONDS: '0.2',
  });
  try {
    const http = httpClient(app.url);
    await placeOrders(http, 10);
    await waitFor(async () => (await http.get('/api/summary')).data.complete === 10, { deadlineMs: 30_000, what: 'all orders to complete' });
    const check = 'finance package slower than the timeout';
    recordFigure(check, 'calls made', finance.received.length);
    recordFigure(check, 'most calls open at once', finance.mostOpenAtOnce());
    recordFigure(check, 'failed', (await http.get('/api/summary')).data.failed);
    assert.equal(finance.mostOpenAtOnce(), 1, 'the scheduler never runs two ticks of one instance at once');
    assert.ok(finance.received.length > 10, 'hung calls were retried');
    assert.match(app.output(), /no answer from the finance package within 0.2 s \(timeout\)/);
  } finally {
    await app.terminate();
    await finance.stop();
  }
});
