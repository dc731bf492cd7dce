// The database at its size cap under System Monitoring, checked row by row; and SIGTERM under load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { startInsights } from '../../local-insights/start-insights';
import { localConnectionString } from '../../local-insights/config';
import { DatabaseSync } from 'node:sqlite';
import { SqliteOrderStore } from '../../app/store/sqlite-store';
import { spawnEntry, spawnServer } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { startCluster, waitForDrain } from './cluster';
import { LONG, recordFigure } from './figures';

interface Row { id: number; product: string; customer: string; date_placed: string; status: string }

test('the database at its cap during System Monitoring: 507 at intake, reads, processing, deletes and Reset keep working, no stored order lost or corrupted', async () => {
  const cluster = await startCluster({ instances: 1, app: { DATABASE_MAX_SIZE_MB: LONG ? '20' : '4' }, finance: { GENERATE_ORDERS: 'true', TIME_SCALE: '20' } });
  try {
    await cluster.financeHttp.post('/scenario', { scenario: 'VeryHighLoad' });
    // The finance package's orders fill the database; its log shows when the app starts refusing them.
    await waitFor(() => cluster.finance.output().includes('statusCode=507'), { deadlineMs: 60_000, what: 'intake to answer 507', everyMs: 100 });
    const refused = await cluster.http.post('/new', { product: 'one more', customer: 'Ada' });
    assert.equal(refused.status, 507);

    // Row by row: what is stored now, with a fingerprint of each download.
    const stored: Row[] = (await cluster.http.get('/api/orders', { params: { limit: 1000 } })).data;
    const fingerprint = async (id: number) =>
      createHash('sha256').update(Buffer.from((await cluster.http.get(`/orders/${id}/download`, { responseType: 'arraybuffer' })).data)).digest('hex');
    const before = new Map<number, { row: Row; hash: string }>();
    for (const row of stored) before.set(row.id, { row, hash: await fingerprint(row.id) });

    await waitForDrain(cluster, 60_000);
    const after: Row[] = (await cluster.http.get('/api/orders', { params: { limit: 1000 } })).data;
    const afterById = new Map(after.map((r) => [r.id, r]));
    let lost = 0;
    let corrupted = 0;
    for (const [id, { row, hash }] of before) {
      const now = afterById.get(id);
      if (!now) lost++;
      else if (now.product !== row.product || now.customer !== row.customer || now.date_placed !== row.date_placed || (await fingerprint(id)) !== hash) corrupted++;
    }
    const check = 'database at its cap (System Monitoring)';
    recordFigure(check, 'orders stored at the cap', before.size);
    recordFigure(check, 'lost', lost);
    recordFigure(check, 'corrupted', corrupted);
    recordFigure(check, 'processed while full', after.filter((r) => r.status === 'Complete').length);
    assert.equal(lost, 0);
    assert.equal(corrupted, 0);
    assert.ok(after.every((r) => r.status === 'Complete'), 'processing went on while full');

    const reset = await cluster.http.post('/scenario', 'scenario=Reset', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    assert.equal(reset.status, 303);
    await waitFor(async () => (await cluster.summary()).complete >= 11, { deadlineMs: 20_000, what: 'the reseeded orders after Reset' });
    const afterReset: Row[] = (await cluster.http.get('/api/orders', { params: { limit: 1000 } })).data;
    assert.ok(afterReset.every((r) => !before.has(r.id)), 'Reset deleted the orders stored at the cap');
    assert.equal((await cluster.http.post('/new', { product: 'room again', customer: 'Ada' })).status, 201);
  } finally {
    await cluster.stop();
  }
});

test('SIGTERM under load: the app exits within 5 s, the order in flight is not lost, and its telemetry is flushed', async () => {
  const insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('shutdown'), 'telemetry.db') });
  const cluster = await startCluster({ instances: 1, app: { LOG_LEVEL: 'info' } });
  const databaseFile = newDatabaseFile();
  const settings = {
    ...FAST_APP_SETTINGS, DATABASE_FILE: databaseFile, FINANCE_PACKAGE_URL: cluster.financeHttp.defaults.baseURL ?? '',
    PAYMENT_TIMEOUT_SECONDS: '0.3', ORDER_LEASE_SECONDS: '1', APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url),
  };
  const rounds = LONG ? 5 : 2;
  const shutdownSeconds: number[] = [];
  try {
    await cluster.financeHttp.post('/scenario', { scenario: 'UnreliableProcessing' }); // hangs: a payment is often in flight
    const port = await freePort();
    let placed = 0;
    for (let round = 0; round < rounds; round++) {
      const app = await spawnServer('app/main.ts', port, settings);
      const http = httpClient(app.url);
      const load = Promise.all(Array.from({ length: 40 }, () => http.post('/new', { product: 'Mug', customer: 'Ada' })));
      placed += (await load).filter((r) => r.status === 201).length;
      const { code, seconds } = await app.terminate();
      shutdownSeconds.push(seconds);
      assert.equal(code, 0);
      assert.ok(seconds < 5, `exit after ${seconds} s`);
    }
    const app = await spawnServer('app/main.ts', port, settings);
    const http = httpClient(app.url);
    await waitFor(async () => {
      const s = (await http.get('/api/summary')).data;
      return s.queued === 0 && s.processing === 0;
    }, { deadlineMs: 60_000, what: 'every order, in flight at a shutdown or not, to be processed' });
    const summary = (await http.get('/api/summary')).data;
    await app.terminate();
    const flushed = insights.db.rows('traces').filter((r) => JSON.stringify(r).includes('"message":"shutdown requested"')).length;
    const check = 'SIGTERM under load';
    recordFigure(check, 'shutdowns', rounds);
    recordFigure(check, 'max shutdown seconds', Math.max(...shutdownSeconds));
    recordFigure(check, 'orders lost', placed - summary.complete - summary.failed);
    recordFigure(check, 'shutdown traces flushed', flushed);
    assert.equal(summary.complete + summary.failed, placed);
    assert.ok(flushed >= rounds, `the last telemetry of each shutdown arrived: ${flushed}`);
  } finally {
    await cluster.stop();
    await insights.stop();
  }
});

test('the database locked by another process at start: /healthz says 503 with the reason, and the app recovers by itself once it is free', async () => {
  const file = newDatabaseFile();
  SqliteOrderStore.open({ file, maxSizeMb: 10 }).close();
  const holder = new DatabaseSync(file, { timeout: 0 });
  holder.exec('BEGIN EXCLUSIVE');
  const port = await freePort();
  const child = spawnEntry('app/main.ts', { ...FAST_APP_SETTINGS, PORT: String(port), DATABASE_FILE: file, FINANCE_PACKAGE_URL: 'http://127.0.0.1:9' });
  const http = httpClient(`http://127.0.0.1:${port}`);
  try {
    await waitFor(async () => (await http.get('/healthz')).status === 503, { deadlineMs: 20_000, what: 'a 503 from /healthz while the database is locked' });
    await waitFor(async () => /locked|busy/i.test((await http.get('/healthz')).data.reason ?? ''), { deadlineMs: 20_000, what: 'the lock as the reason' });
    const releasedAt = Date.now();
    holder.exec('COMMIT');
    holder.close();
    await waitFor(async () => (await http.get('/healthz')).status === 200, { deadlineMs: 30_000, what: 'the app to recover after the lock' });
    recordFigure('database locked at start', 'seconds to recover after the lock was released', (Date.now() - releasedAt) / 1000);
    assert.equal((await http.post('/new', { product: 'Mug', customer: 'Ada' })).status, 201);
  } finally {
    if (holder.isOpen) holder.close();
    child.process.kill('SIGTERM');
    await child.exited;
  }
});
