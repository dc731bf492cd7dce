// The app as real child processes: several instances on one database, signals, exit codes.
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { spawnEntry, spawnServer } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { startScriptedFinance } from '../helpers/scripted-finance';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile, startTestFinance } from '../helpers/system';
import { waitFor } from '../helpers/wait-for';
import { makeTempDir } from '../helpers/temp-dir';

test('two app instances on one database drain 200 orders and no order is paid twice', async () => {
  const finance = await startTestFinance({ GENERATE_ORDERS: 'false' });
  const settings = { ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url };
  const [a, b] = await Promise.all([spawnServer('app/main.ts', await freePort(), settings), spawnServer('app/main.ts', await freePort(), settings)]);
  try {
    const http = httpClient(a!.url);
    for (let i = 0; i < 200; i++) {
      const response = await http.post('/new', { product: `p${i}`, customer: 'Ada' });
      assert.equal(response.status, 201);
    }
    await waitFor(async () => (await http.get('/api/summary')).data.complete === 200, { deadlineMs: 60_000, what: '200 orders to complete' });
    assert.deepEqual(await finance.stats(), { paid: 200, duplicates: 0, rejected: 0, transientFailures: 0, ordersGenerated: 0 });
    const paidBy = (child: typeof a) => (child!.output().match(/payment accepted orderId=/g) ?? []).length;
    assert.equal(paidBy(a) + paidBy(b), 200);
    assert.ok(paidBy(a) > 10 && paidBy(b) > 10, `both instances took work: ${paidBy(a)} and ${paidBy(b)}`);
  } finally {
    await Promise.all([a!.terminate(), b!.terminate()]);
    await finance.stop();
  }
});

test('an order held by an instance that was killed is re-queued after its lease and paid exactly once', async () => {
  const finance = await startScriptedFinance((call) => (call === 1 ? 'hang' : { status: 200, body: 'Payment accepted' }));
  const settings = {
    ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url,
    // the first instance is killed well inside its 3 s timeout; its claim's lease ends 4 s after the claim
    PAYMENT_TIMEOUT_SECONDS: '3', ORDER_LEASE_SECONDS: '4',
  };
  const first = await spawnServer('app/main.ts', await freePort(), settings);
  let second: Awaited<ReturnType<typeof spawnServer>> | undefined;
  try {
    const { data: order } = await httpClient(first.url).post('/new', { product: 'Mug', customer: 'Ada' });
    await waitFor(() => finance.received.length === 1, { deadlineMs: 5000, what: 'the first payment call' });
    first.process.kill('SIGKILL');
    await first.exited;

    second = await spawnServer('app/main.ts', await freePort(), settings);
    const http = httpClient(second.url);
    await waitFor(async () => (await http.get('/api/orders')).data[0].status === 'Complete', { deadlineMs: 20_000, what: 'the order to complete' });
    const [stored] = (await http.get('/api/orders')).data;
    assert.equal(stored.attempts, 2);
    assert.equal(finance.received.length, 2);
    // Judged by when the calls arrived, not by a look at one moment: however slow the restart, the
    // second claim came only once the dead instance's lease (4 s from its claim) had run out.
    const [firstCall, secondCall] = finance.received;
    assert.ok(firstCall && secondCall && secondCall.at - firstCall.at >= 4000 - 100, `the second call came ${secondCall!.at - firstCall!.at} ms after the first`);
    assert.deepEqual(finance.received.map((c) => c.headers['idempotency-key']), [`order-${order.id}`, `order-${order.id}`]);
  } finally {
    if (first.process.exitCode === null) await first.terminate();
    await second?.terminate();
    await finance.stop();
  }
});

test('on SIGTERM during a payment the app lets it finish and exits 0 within 5 s', async () => {
  const finance = await startScriptedFinance(() => 'hang');
  const app = await spawnServer('app/main.ts', await freePort(), { ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url, PAYMENT_TIMEOUT_SECONDS: '2' });
  try {
    await httpClient(app.url).post('/new', { product: 'Mug', customer: 'Ada' });
    await waitFor(() => finance.received.length === 1, { deadlineMs: 5000, what: 'a payment in flight' });
    const { code, seconds } = await app.terminate();
    assert.equal(code, 0);
    assert.ok(seconds < 5, `exited after ${seconds} s`);
    assert.match(app.output(), /stopping: no new payments will start/);
    assert.match(app.output(), /payment failed \(transient\)[^\n]*timeout/, 'the payment in flight was allowed to end');
    assert.match(app.output(), /order back in the queue/);
    assert.match(app.output(), /stopped/);
  } finally {
    await finance.stop();
  }
});

test('a bad setting stops the app at start with one line naming the variable, and a non-zero exit', async () => {
  const child = spawnEntry('app/main.ts', { SCHEDULED_JOB_INTERVAL_SECONDS: '0.01', DATABASE_PASSWORD: 'pw-should-not-show' });
  const code = await child.exited;
  assert.equal(code, 1);
  assert.equal(child.output().trim(), 'order-processing-app: SCHEDULED_JOB_INTERVAL_SECONDS="0.01" is not allowed: must be a number from 0.05 to 3600');
});

test('a bad setting stops the finance package the same way', async () => {
  const child = spawnEntry('finance-stub/main.ts', { TIME_SCALE: '-1' });
  assert.equal(await child.exited, 1);
  assert.equal(child.output().trim(), 'order-processing-finance-package: TIME_SCALE="-1" is not allowed: must be a number from 0.001 to 100000');
});

test('with the database unreachable at start the app listens, /healthz says 503 with the reason, and it recovers by itself', async () => {
  const blocker = path.join(makeTempDir('db-wait'), 'not-a-folder');
  fs.writeFileSync(blocker, 'a file where the database folder should be');
  const port = await freePort();
  const child = spawnEntry('app/main.ts', { ...FAST_APP_SETTINGS, PORT: String(port), DATABASE_FILE: path.join(blocker, 'orders.db') });
  const http = httpClient(`http://127.0.0.1:${port}`);
  try {
    await waitFor(async () => (await http.get('/healthz')).status === 503, { deadlineMs: 15_000, what: () => `a 503 from /healthz; output:\n${child.output()}` });
    const health = await http.get('/healthz');
    assert.equal(health.data.status, 'unavailable');
    assert.match(health.data.reason, /waiting for the database: .*(ENOTDIR|not a directory|EEXIST)/i);
    assert.equal((await http.post('/new', { product: 'Mug', customer: 'Ada' })).status, 503, 'intake says the database is unavailable');
    assert.match(child.output(), /warn {2}\[order-processing-app\] waiting for the database .*retryInSeconds=/);

    fs.rmSync(blocker);
    await waitFor(async () => (await http.get('/healthz')).status === 200, { deadlineMs: 15_000, what: 'the app to recover' });
    assert.equal((await http.post('/new', { product: 'Mug', customer: 'Ada' })).status, 201);
  } finally {
    child.process.kill('SIGTERM');
    await child.exited;
  }
});
