// The store's contract, against a real SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import type { NewOrder } from './order-store';
import { SqliteOrderStore } from './sqlite-store';
import { sqliteStatements } from './sqlite-sql';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../errors';

const dir = makeTempDir('sqlite-store');
let files = 0;
const openFresh = (maxSizeMb = 50) => SqliteOrderStore.open({ file: path.join(dir, `t${files++}.db`), maxSizeMb });

const t0 = new Date('2024-05-01T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function newOrder(placedSecondsAfterT0: number, overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    product: 'Mug', customer: 'Ada', placedAt: at(placedSecondsAfterT0), placedOffsetMinutes: 600,
    download: Buffer.alloc(1000, 7), receivedAt: at(0), ...overrides,
  };
}

test('an added order is Queued, keeps the offset it was placed in and is due at once', async () => {
  const store = openFresh();
  const order = await store.addOrder(newOrder(0));
  assert.equal(order.status, 'Queued');
  assert.equal(order.datePlaced, '2024-05-01T20:00:00+10:00');
  assert.equal(order.attempts, 0);
  assert.equal(order.nextAttemptAt.getTime(), t0.getTime());
  assert.equal(await store.countOrders(), 1);
  await store.close();
});

test('the claim takes the oldest placed order first and counts the attempt', async () => {
  const store = openFresh();
  await store.addOrder(newOrder(20, { product: 'newer' }));
  await store.addOrder(newOrder(10, { product: 'older' }));
  const claimed = await store.claimNextDue(at(1), at(61));
  assert.equal(claimed?.product, 'older');
  assert.equal(claimed?.status, 'Processing');
  assert.equal(claimed?.attempts, 1);
  assert.equal((await store.claimNextDue(at(1), at(61)))?.product, 'newer');
  assert.equal(await store.claimNextDue(at(1), at(61)), undefined);
  await store.close();
});

test('an order placed in the future is still due from when it was received', async () => {
  const store = openFresh();
  await store.addOrder(newOrder(10 ** 9));
  assert.ok(await store.claimNextDue(at(1), at(61)));
  await store.close();
});

test('a re-queued order is not claimed before its next attempt time', async () => {
  const store = openFresh();
  await store.addOrder(newOrder(0));
  const first = await store.claimNextDue(at(1), at(61));
  assert.ok(first);
  assert.equal(await store.saveAttemptResult(first, { status: 'Queued', nextAttemptAt: at(30), lastError: '503' }), true);
  assert.equal(await store.claimNextDue(at(29), at(89)), undefined);
  const second = await store.claimNextDue(at(30), at(90));
  assert.equal(second?.attempts, 2);
  assert.equal(second?.lastError, '503');
  await store.close();
});

test('Complete and Failed orders are never claimed again', async () => {
  const store = openFresh();
  await store.addOrder(newOrder(0));
  await store.addOrder(newOrder(1));
  const a = await store.claimNextDue(at(1), at(61));
  const b = await store.claimNextDue(at(1), at(61));
  assert.ok(a && b);
  await store.saveAttemptResult(a, { status: 'Complete', dateProcessed: at(2) });
  await store.saveAttemptResult(b, { status: 'Failed', failureReason: 'finance package answered 400: Invalid date' });
  assert.equal(await store.claimNextDue(at(10 ** 6), at(10 ** 6 + 60)), undefined);
  const failed = await store.listOrders({ status: 'Failed', limit: 10 });
  assert.equal(failed[0]?.failureReason, 'finance package answered 400: Invalid date');
  await store.close();
});

test('an order left Processing past its lease is re-queued and claimed again', async () => {
  const store = openFresh();
  await store.addOrder(newOrder(0));
  const lost = await store.claimNextDue(at(1), at(61));
  assert.ok(lost);
  assert.equal(await store.claimNextDue(at(60), at(120)), undefined, 'the lease still holds at 60 s');
  const again = await store.claimNextDue(at(62), at(122));
  assert.equal(again?.id, lost.id);
  assert.equal(again?.attempts, 2);
  assert.equal(await store.saveAttemptResult(lost, { status: 'Complete', dateProcessed: at(63) }), false, 'the first claim is stale');
  assert.equal(await store.saveAttemptResult(again, { status: 'Complete', dateProcessed: at(63) }), true);
  await store.close();
});

// Each outcome has its own statement with its own guard, so each is checked on its own: a claim
// that lost its lease and was claimed again (attempt 2, still Processing) must not be able to
// complete, fail or re-queue the order under the instance now holding it.
for (const [outcome, change] of [
  ['complete', { status: 'Complete', dateProcessed: at(63) }],
  ['fail', { status: 'Failed', failureReason: 'finance package answered 400: Invalid date' }],
  ['re-queue', { status: 'Queued', nextAttemptAt: at(90), lastError: '503 from the finance package' }],
] as const) {
  test(`a stale claim cannot ${outcome} an order another instance has claimed since; the current claim still can`, async () => {
    const store = openFresh();
    await store.addOrder(newOrder(0));
    const stale = await store.claimNextDue(at(1), at(61));
    const current = await store.claimNextDue(at(62), at(122));
    assert.ok(stale && current);
    assert.equal(await store.saveAttemptResult(stale, change), false, 'the stale claim is refused');
    const [row] = await store.listOrders({ limit: 10 });
    assert.deepEqual([row?.status, row?.attempts, row?.failureReason, row?.dateProcessed], ['Processing', 2, null, null], 'the order is as the current claim left it');
    assert.match(row?.lastError ?? '', /^lease expired/);
    assert.equal(await store.saveAttemptResult(current, change), true, 'the current claim saves');
    assert.equal((await store.listOrders({ limit: 10 }))[0]?.status, change.status);
    await store.close();
  });
}

test('four threads racing on one file, each with its own connection, never claim the same order', async () => {
  const file = path.join(dir, 'race.db');
  const seeder = SqliteOrderStore.open({ file, maxSizeMb: 50 });
  for (let i = 0; i < 400; i++) await seeder.addOrder(newOrder(i, { download: Buffer.alloc(10) }));
  await seeder.close();
  // Real threads run at the same time, contending for SQLite's write lock: this is where a claim
  // that read and then wrote without a transaction would hand one order to two of them.
  const workers = Array.from({ length: 4 }, () => new Worker(path.resolve(__dirname, '../../tests/helpers/claim-race-worker.ts'), {
    workerData: { file, now: at(1).getTime(), leaseUntil: at(61).getTime() },
  }));
  try {
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    const results = workers.map((worker) => new Promise<number[]>((resolve, reject) => {
      worker.on('message', (message: { kind: string; claimed: number[] }) => message.kind === 'done' && resolve(message.claimed));
      worker.once('error', reject);
    }));
    for (const worker of workers) worker.postMessage('go');
    const claimed = await Promise.all(results);
    const all = claimed.flat();
    assert.equal(all.length, 400, 'every order claimed once');
    assert.equal(new Set(all).size, 400, 'no order claimed twice');
    assert.ok(claimed.filter((ids) => ids.length > 0).length >= 2, `the threads really shared the work: ${claimed.map((ids) => ids.length).join(', ')}`);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
});

test('the summary counts each status and the last ten minutes', async () => {
  const store = openFresh();
  for (let i = 0; i < 3; i++) await store.addOrder(newOrder(i));
  await store.addOrder(newOrder(-3600)); // placed an hour before t0
  const done = await store.claimNextDue(at(1), at(61));
  assert.ok(done);
  await store.saveAttemptResult(done, { status: 'Complete', dateProcessed: at(5) });
  const processing = await store.claimNextDue(at(1), at(61));
  assert.ok(processing);
  const summary = await store.summary(at(-600));
  assert.deepEqual(summary, { queued: 2, processing: 1, failed: 0, complete: 1, placedLast10Minutes: 3, processedLast10Minutes: 1 });
  await store.close();
});

test('the dashboard list holds open and failed orders and those completed recently, oldest placed first', async () => {
  const store = openFresh();
  for (let i = 0; i < 4; i++) await store.addOrder(newOrder(i, { product: `p${i}` }));
  const old = await store.claimNextDue(at(1), at(61));
  const recent = await store.claimNextDue(at(1), at(61));
  assert.ok(old && recent);
  await store.saveAttemptResult(old, { status: 'Complete', dateProcessed: at(-3600) });
  await store.saveAttemptResult(recent, { status: 'Complete', dateProcessed: at(2) });
  const list = await store.dashboardOrders(at(-600), 100);
  assert.deepEqual(list.map((o) => o.product), ['p1', 'p2', 'p3']);
  assert.deepEqual((await store.dashboardOrders(at(-600), 2)).map((o) => o.product), ['p1', 'p2']);
  await store.close();
});

test('the download bytes are stored and read back whole', async () => {
  const store = openFresh();
  const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
  const order = await store.addOrder(newOrder(0, { download: bytes }));
  assert.deepEqual(await store.getDownload(order.id), bytes);
  assert.equal(await store.getDownload(order.id + 1000), undefined);
  await store.close();
});

test('no statement but the download one reads the download bytes', () => {
  for (const [name, text] of Object.entries(sqliteStatements)) {
    if (name === 'download' || typeof text !== 'string' || !/\bSELECT\b/i.test(text)) continue;
    assert.doesNotMatch(text, /order_downloads|\bbytes\b|SELECT \*/i, name);
  }
});

test('the queue pick, lease recovery and the dashboard are answered from indexes, the pick from the queue index', () => {
  const file = path.join(dir, 'plan.db');
  SqliteOrderStore.open({ file, maxSizeMb: 5 }).close();
  const db = new DatabaseSync(file, { readOnly: true });
  // node:sqlite refuses a parameter the statement does not name, so each gets exactly its own.
  const paramsOf = { claimNextDue: { now: 0, leaseUntil: 0 }, requeueExpiredLeases: { now: 0 }, summary: { since: 0 }, dashboardOrders: { since: 0, limit: 100 } };
  const planOf = (name: keyof typeof paramsOf) => db.prepare(`EXPLAIN QUERY PLAN ${sqliteStatements[name]}`).all(paramsOf[name])
    .map((row) => (typeof row === 'object' && row !== null && 'detail' in row ? String(row.detail) : ''));
  for (const name of Object.keys(paramsOf) as Array<keyof typeof paramsOf>) {
    const onOrders = planOf(name).filter((line) => /\borders\b/.test(line));
    assert.ok(onOrders.length > 0, name);
    for (const line of onOrders) assert.match(line, /^SEARCH orders USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)/, `${name} reads orders without an index: ${line}`);
  }
  assert.ok(planOf('claimNextDue').some((line) => /^SEARCH orders USING COVERING INDEX ix_orders_queue \(status=\?\)$/.test(line)), planOf('claimNextDue').join('\n'));
  db.close();
});

test('when the size cap is reached an insert fails as storage-full and every stored order stays intact', async () => {
  const store = openFresh(1);
  const stored: number[] = [];
  let refusal: unknown;
  for (let i = 0; i < 100 && refusal === undefined; i++) {
    try {
      stored.push((await store.addOrder(newOrder(i, { download: Buffer.alloc(100_000, i) }))).id);
    } catch (error) {
      refusal = error;
    }
  }
  assert.ok(refusal instanceof AppError, 'an insert was refused');
  assert.equal(refusal.kind, 'storage-full');
  assert.ok(stored.length >= 5 && stored.length <= 10, `stored ${stored.length} orders of 100 KB in 1 MB`);
  assert.equal(await store.countOrders(), stored.length);
  for (const [i, id] of stored.entries()) assert.deepEqual(await store.getDownload(id), Buffer.alloc(100_000, i));
  const claimed = await store.claimNextDue(at(1), at(61));
  assert.ok(claimed, 'processing still works when full');
  assert.ok(await store.saveAttemptResult(claimed, { status: 'Complete', dateProcessed: at(2) }));
  await store.deleteAllOrders();
  assert.ok(await store.addOrder(newOrder(0, { download: Buffer.alloc(100_000) })), 'room again after deleting');
  await store.close();
});

test('space used grows with each order and is measured against the size cap, as Azure SQL\'s data space used is', async () => {
  const store = openFresh(2);
  const empty = await store.spaceUsed();
  assert.equal(empty.maxBytes, 2 * 1024 * 1024);
  for (let i = 0; i < 5; i++) await store.addOrder(newOrder(i, { download: Buffer.alloc(100_000, 1) }));
  const filled = await store.spaceUsed();
  assert.ok(filled.usedBytes - empty.usedBytes >= 5 * 100_000, `grew by ${filled.usedBytes - empty.usedBytes} bytes`);
  assert.ok(filled.usedBytes < filled.maxBytes);
  await store.close();
});
