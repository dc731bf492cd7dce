// The real Application Insights SDK in the real app and finance package, sending to the real
// local ingestion endpoint (local-insights) on loopback. What a learner will query must be there,
// complete, unsampled, tagged, and free of secrets; and nothing may leave loopback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { spawnEntry, spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { workshopQueries } from '../helpers/workshop-queries';

const dir = makeTempDir('telemetry');
const guardFile = path.join(dir, 'left-loopback.txt');
const guard = path.resolve(__dirname, '../helpers/loopback-guard.cjs');
const IKEY = '0b7c3f5e-1d2a-4c6b-9e8f-a1b2c3d4e5f6';
const PASSWORD = 'Pa55word-never-logged';
const API_KEY = 'finance-key-never-logged';

const telemetryFile = path.join(dir, 'telemetry.db');
let insights: RunningInsights;
let app: Child;
let finance: Child;
let stdout = '';
const ordersPlaced: number[] = [];
let brokenOrderId = 0;

const Dimensions = z.record(z.string(), z.string());
const dims = (row: unknown) => Dimensions.parse(JSON.parse(String(z.object({ customDimensions: z.string().nullable() }).parse(row).customDimensions ?? '{}')));
const rows = (table: Parameters<RunningInsights['db']['rows']>[0]) => insights.db.rows(table).map((r) => z.record(z.string(), z.unknown()).parse(r));

before(async () => {
  insights = await startInsights({ port: 0, databaseFile: telemetryFile });
  const connectionString = `InstrumentationKey=${IKEY};IngestionEndpoint=${insights.url.replace('localhost', '127.0.0.1')}/`;
  const [appPort, financePort] = [await freePort(), await freePort()];
  const startedAt = Date.now();
  const common = {
    APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString, FINANCE_API_KEY: API_KEY, LOOPBACK_GUARD_FILE: guardFile,
    NODE_OPTIONS: `--require ${guard}`, BUILD_COMMIT: 'abc123def456',
  };
  finance = await spawnServer('finance-stub/main.ts', financePort, { ...common, APP_URL: `http://127.0.0.1:${appPort}`, RANDOM_SEED: '7' });
  app = await spawnServer('app/main.ts', appPort, {
    ...common, ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(),
    FINANCE_PACKAGE_URL: `http://127.0.0.1:${financePort}`,
  });
  const http = httpClient(app.url);
  await waitFor(async () => (await http.get('/api/summary')).data.complete === 11, { deadlineMs: 20_000, what: 'the seeded orders to complete' });
  await http.post('/scenario', 'scenario=BrokenOrder', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
  await waitFor(async () => (await http.get('/api/orders', { params: { status: 'Failed' } })).data.length === 1, { deadlineMs: 10_000, what: 'the broken order to fail' });
  brokenOrderId = (await http.get('/api/orders', { params: { status: 'Failed' } })).data[0].id;
  // What a browser and App Service ask besides orders: the page, its polling, its assets, health probes.
  for (const url of ['/', '/dashboard/panel', '/assets/dashboard.css', '/assets/bootstrap/css/bootstrap.min.css', '/favicon.ico', '/healthz']) {
    assert.ok([200, 404].includes((await http.get(url)).status), url);
  }
  assert.equal((await httpClient(finance.url).get('/healthz')).status, 200);

  // a burst of 200 orders, 20 at a time: every one must reach the requests table
  for (let batch = 0; batch < 10; batch++) {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => http.post('/new', { product: `burst ${batch}-${i}`, customer: 'Ada' })));
    for (const response of responses) {
      assert.equal(response.status, 201);
      ordersPlaced.push(response.data.id);
    }
  }
  await waitFor(async () => (await http.get('/api/summary')).data.queued === 0, { deadlineMs: 30_000, what: 'the burst to be paid' });
  // queue_length is exported every 5 s: make sure a few samples exist before stopping
  await waitFor(() => rows('customMetrics').filter((r) => r.name === 'queue_length').length >= 2, { deadlineMs: 15_000, what: 'queue_length samples' });
  // The exporter's settings poller (OneSettings) would first call Azure 5 to 15 s after start:
  // both processes live past that, so the loopback guard sees it if it is not switched off.
  await waitFor(() => Date.now() - startedAt > 16_000, { deadlineMs: 20_000, what: '16 s since start' });
  const stopped = await Promise.all([app.terminate(), finance.terminate()]);
  for (const { code, seconds } of stopped) {
    assert.equal(code, 0);
    assert.ok(seconds < 5, `stopped in ${seconds} s with the telemetry flush`);
  }
  stdout = app.output() + finance.output();
});

after(() => insights.stop());

test('every POST /new is a request named by its route, successful, with its order id, and none was sampled away', () => {
  const posts = rows('requests').filter((r) => r.name === 'POST /new' && r.cloud_RoleName === 'order-processing-app');
  const ids = new Set(posts.map((r) => Number(dims(r).orderId)));
  for (const id of ordersPlaced) assert.ok(ids.has(id), `request for order ${id}`);
  assert.ok(posts.every((r) => r.success === 1 && r.resultCode === '201'));
  for (const table of ['requests', 'dependencies', 'traces', 'exceptions', 'customMetrics'] as const) {
    assert.ok(rows(table).every((r) => r.itemCount === 1), `${table}: itemCount 1 everywhere`);
  }
});

test('health probes, the dashboard\'s polling (panel and scenario status) and static assets are kept out of requests and dependencies; the dashboard page and a chosen scenario are in', () => {
  const requests = rows('requests');
  const urls = requests.map((r) => new URL(String(r.url)).pathname);
  assert.ok(requests.some((r) => r.name === 'GET /' && r.cloud_RoleName === 'order-processing-app'), 'the dashboard page is a request');
  for (const noise of [/^\/healthz$/, /^\/dashboard\/panel$/, /^\/assets\//, /^\/favicon\.ico$/]) {
    assert.deepEqual(urls.filter((url) => noise.test(url)), [], `no request for ${noise}`);
  }
  assert.deepEqual(requests.filter((r) => r.name === 'GET /scenario'), [], 'no request for the scenario status');
  // The dashboard reads the scenario's status from the finance package on every refresh: not a dependency worth a row either.
  assert.deepEqual(rows('dependencies').filter((r) => String(r.name).includes('/scenario') && !String(r.name).startsWith('POST')), []);
  assert.ok(rows('requests').some((r) => r.name === 'POST /scenario'), 'choosing a scenario is a request');
});

test('the finance package\'s requests are named POST /ProcessPayment under its own role name', () => {
  const payments = rows('requests').filter((r) => r.name === 'POST /ProcessPayment');
  assert.ok(payments.length >= ordersPlaced.length);
  assert.ok(payments.every((r) => r.cloud_RoleName === 'order-processing-finance-package'));
});

test('each payment attempt is a trace with its order id, payload, status code and response text', () => {
  const accepted = rows('traces').filter((r) => r.message === 'payment accepted' && r.cloud_RoleName === 'order-processing-app');
  const byOrder = new Map(accepted.map((r) => [Number(dims(r).orderId), dims(r)]));
  for (const id of ordersPlaced) {
    const trace = byOrder.get(id);
    assert.ok(trace, `trace for order ${id}`);
    assert.equal(trace.statusCode, '200');
    assert.equal(trace.responseText, 'Payment accepted');
    assert.match(trace.payload ?? '', new RegExp(`"orderId":${id}`));
  }
  const refused = rows('traces').find((r) => r.message === 'payment not accepted' && dims(r).orderId === String(brokenOrderId));
  assert.equal(refused?.severityLevel, 2);
  assert.equal(dims(refused).responseText, 'Invalid date: date is in the future');
});

test('the broken order is an exception with its order id, attempt number and that it was not transient', () => {
  const exception = rows('exceptions').find((r) => r.type === 'PaymentFailed' && dims(r).orderId === String(brokenOrderId));
  assert.ok(exception, 'exception for the broken order');
  assert.deepEqual({ attempt: dims(exception).attempt, transient: dims(exception).transient }, { attempt: '1', transient: 'false' });
  assert.match(String(exception.message), /finance package answered 400: Invalid date: date is in the future/);
  assert.match(String(exception.details), /payment-job\.ts/);
});

test('the app\'s calls to the finance package are dependencies carrying the order id', () => {
  const calls = rows('dependencies').filter((r) => r.cloud_RoleName === 'order-processing-app' && r.name === 'POST /ProcessPayment');
  const ids = new Set(calls.map((r) => Number(dims(r).orderId)));
  for (const id of ordersPlaced) assert.ok(ids.has(id), `dependency for order ${id}`);
});

test('queue_length is sampled as a metric', () => {
  const samples = rows('customMetrics').filter((r) => r.name === 'queue_length');
  assert.ok(samples.length >= 2);
  assert.ok(samples.every((r) => typeof r.value === 'number' && r.value >= 0 && r.cloud_RoleName === 'order-processing-app'));
});

test('every item carries its role name and the application version with the build commit', () => {
  for (const table of ['requests', 'dependencies', 'traces', 'exceptions', 'customMetrics'] as const) {
    for (const row of rows(table)) {
      assert.ok(['order-processing-app', 'order-processing-finance-package'].includes(String(row.cloud_RoleName)), `${table}: ${row.cloud_RoleName}`);
      assert.equal(row.application_Version, '0.1.0+abc123def456', table);
    }
  }
});

test('neither the finance API key (sent with every payment) nor the instrumentation key appears in the logs or in any stored telemetry', () => {
  const stored = ['requests', 'dependencies', 'traces', 'exceptions', 'customMetrics', 'customEvents']
    .flatMap((t) => insights.db.rows(t as Parameters<RunningInsights['db']['rows']>[0]).map((r) => JSON.stringify(r))).join('\n');
  assert.ok(stored.length > 10_000);
  for (const secret of [API_KEY, IKEY]) {
    assert.ok(!stdout.includes(secret), `stdout holds ${secret}`);
    assert.ok(!stored.includes(secret), `telemetry holds ${secret}`);
  }
});

test('the database password, handed to the SQL Server driver whose connection fails, appears neither in the log, nor in /healthz, nor in telemetry', async () => {
  // No SQL Server runs here: the app is pointed at a closed loopback port, so it keeps trying,
  // logging each failure, with the password in the driver's hands all along.
  // (SQL Server's port 1433 on loopback: nothing listens there on this machine or in CI.)
  const port = await freePort();
  const sqlApp = { ...spawnEntry('app/main.ts', {
    APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${insights.url.replace('localhost', '127.0.0.1')}/`,
    DB_SERVER_NAME: '127.0.0.1', DATABASE_NAME: 'orders', DATABASE_USER: 'learner', DATABASE_PASSWORD: PASSWORD,
    FINANCE_PACKAGE_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'info', PORT: String(port),
  }), url: `http://127.0.0.1:${port}` };
  await waitFor(async () => (await httpClient(sqlApp.url).get('/healthz').catch(() => undefined))?.status === 503, {
    deadlineMs: 20_000, what: () => `the app to answer /healthz with 503; output:\n${sqlApp.output()}`,
  });
  try {
    const health = await httpClient(sqlApp.url).get('/healthz');
    assert.equal(health.status, 503);
    await waitFor(() => /database/i.test(sqlApp.output()) && sqlApp.output().split('\n').length > 3, { deadlineMs: 15_000, what: 'the connection failures to be logged' });
    assert.ok(!sqlApp.output().includes(PASSWORD), 'the log never shows the password');
    assert.ok(!JSON.stringify(health.data).includes(PASSWORD), '/healthz never shows it');
  } finally {
    await sqlApp.terminate();
  }
  const stored = ['traces', 'exceptions', 'requests', 'dependencies'].map((t) => JSON.stringify(insights.db.rows(t as Parameters<RunningInsights['db']['rows']>[0]))).join('');
  assert.ok(!stored.includes(PASSWORD), 'telemetry never holds it');
});

test('nothing left loopback: no connection, lookup or datagram beyond it was even attempted, by guarded processes', () => {
  // The file must exist and show the guard loaded in both processes: a missing file proves nothing.
  const lines = fs.readFileSync(guardFile, 'utf8').trim().split('\n');
  const loaded = new Set(lines.filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length)));
  for (const child of [app, finance]) assert.ok(loaded.has(String(child.process.pid)), `the guard ran in process ${child.process.pid}: ${[...loaded].join(', ')}`);
  assert.deepEqual(lines.filter((line) => !line.startsWith('loaded ')), []);
});

test('the loopback guard itself records every way out it refuses (so the test above can fail)', () => {
  const file = path.join(dir, 'guard-selftest.txt');
  const attempts = `
    const net = require('net'), tls = require('tls'), http2 = require('http2'), dns = require('dns'), dgram = require('dgram');
    net.connect(443, '192.0.2.1').on('error', () => {});
    tls.connect({ host: '192.0.2.2', port: 443 }).on('error', () => {});
    http2.connect('https://192.0.2.3').on('error', () => {});
    dns.lookup('example.org', () => {});
    dns.promises.lookup('example.net').catch(() => {});
    dns.resolve4('example.com', () => {});
    dns.promises.resolveTxt('example.edu').catch(() => {});
    new dns.Resolver().resolve6('example.info', () => {});
    const udp = dgram.createSocket('udp4'); udp.send('x', 53, '192.0.2.4', () => udp.close());
    fetch('http://192.0.2.5/').catch(() => {});
    net.connect(1, '127.0.0.1').on('error', () => {});
    setTimeout(() => {}, 200);`;
  execFileSync(process.execPath, ['--require', guard, '-e', attempts], { env: { PATH: process.env.PATH, LOOPBACK_GUARD_FILE: file } });
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  assert.match(lines[0] ?? '', /^loaded \d+$/);
  assert.deepEqual(lines.slice(1).sort(), [
    'connect 192.0.2.1', 'connect 192.0.2.2', 'connect 192.0.2.3', 'connect 192.0.2.5', 'http2 192.0.2.3',
    'lookup example.net', 'lookup example.org', 'resolve example.com', 'resolve example.edu', 'resolve example.info',
    'tls 192.0.2.2', 'tls 192.0.2.3', 'udp 192.0.2.4',
  ]);
});

const isAlertCondition = (kql: string): boolean => /\|\s*where [^\n]*(>\s*0\.5|growth > \d+)[^\n]*\s*$/.test(kql.trim());

test('every KQL query of WORKSHOP.md analyses cleanly under the classic schema and runs on this telemetry', async () => {
  const kql = workshopQueries().filter((query) => query.language === 'kusto');
  assert.ok(kql.length >= 10, `the workshop has its KQL: ${kql.length}`);
  for (const query of kql) {
    const where = `WORKSHOP.md line ${query.line}`;
    const outcome = await insights.queries.run(query.text, { timespan: null });
    assert.equal(outcome.status, 200, `${where}: ${JSON.stringify(outcome.body)}\n${query.text}`);
    assert.ok('tables' in outcome.body);
    const [table] = outcome.body.tables;
    if (!isAlertCondition(query.text)) assert.ok((table?.rows.length ?? 0) > 0, `${where} finds rows:\n${query.text}`);
  }
});

test('the workshop\'s PaymentFailed query, run as KQL, finds the broken order with its attempt and transient flag', async () => {
  const query = workshopQueries().find((q) => q.language === 'kusto' && q.text.includes('type == "PaymentFailed"') && q.text.includes('project'));
  assert.ok(query, 'WORKSHOP.md has the PaymentFailed query');
  const outcome = await insights.queries.run(query.text, { timespan: null });
  assert.ok('tables' in outcome.body, JSON.stringify(outcome.body));
  const [table] = outcome.body.tables;
  const names = table?.columns.map((c) => c.name) ?? [];
  const row = table?.rows.find((r) => r[names.indexOf('orderId')] === brokenOrderId);
  assert.ok(row, `the broken order ${brokenOrderId} is among ${JSON.stringify(table?.rows)}`);
  assert.equal(row[names.indexOf('transient')], 'false');
  assert.equal(row[names.indexOf('attempt')], 1);
});
