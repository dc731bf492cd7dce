// `npm run bench`: how the app's cost grows with its work, against its targets. Prints a table and
// writes bench/results.json. Every comparison is measured side by side in the same run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DatabaseSync } from 'node:sqlite';
import { SqliteOrderStore, immediateTransaction } from '../app/store/sqlite-store';
import { createApp } from '../app/server';
import { createLogger } from '../platform/logger';
import { createFinanceClient } from '../app/payments/finance-client';
import { localConnectionString } from '../local-insights/config';
import { writeLearnerRepository, writeRunnableCopy } from '../workshop/learner-repository';
import { median, medianMs, round, spread } from './measure';
import { freePort, startProcess, type Started } from './processes';
import { seedOrders } from './seed';
import { BETTER_SQLITE3_VERSION, compareEngines, installBetterSqlite3, nodeSqlite } from './sqlite-engines';
import { kqlBench } from './kql';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const results: Record<string, number> = {};
const notes: string[] = [];
const quietApp = { LOG_LEVEL: 'error', SCHEDULED_JOB_INTERVAL_SECONDS: '3600', FINANCE_PACKAGE_URL: 'http://127.0.0.1:9' };

/**
 * The workshop's starting-state store: a learner copy written just before part 10, whose
 * claimNextDue loads every order with its download and sorts them in memory.
 */
async function starterStore(): Promise<typeof SqliteOrderStore> {
  const copy = writeRunnableCopy(path.resolve(__dirname, '..'), file('starter-copy'), 'retries');
  const module = (await import(path.join(copy, 'app/store/sqlite-store.ts'))) as typeof import('../app/store/sqlite-store');
  return module.SqliteOrderStore;
}

async function queuePick(): Promise<void> {
  const StarterStore = await starterStore();
  for (const [label, count, downloadBytes] of [['1k', 1_000, 100_000], ['10k', 10_000, 1_000], ['100k', 100_000, 1_000]] as const) {
    const db = file(`pick-${label}.db`);
    await seedOrders(db, count, downloadBytes);
    const now = new Date();
    const later = new Date(now.getTime() + 60_000);
    // Each timed call claims one order for real, in both stores, on the same database.
    const store = SqliteOrderStore.open({ file: db, maxSizeMb: 100_000 });
    results[`queuePickMs_indexed_${label}`] = round(await medianMs(() => store.claimNextDue(now, later), 51));
    await store.close();
    const starter = StarterStore.open({ file: db, maxSizeMb: 100_000 });
    results[`queuePickMs_naive_${label}`] = round(await medianMs(() => starter.claimNextDue(now, later), count >= 100_000 ? 5 : 11, 1));
    await starter.close();
  }
  results.queuePickMs = results.queuePickMs_indexed_100k ?? NaN;
  results.queuePickSpeedup100k = round((results.queuePickMs_naive_100k ?? NaN) / (results.queuePickMs_indexed_100k ?? NaN), 1);
  notes.push('queue pick: 1k orders with 100 KB downloads; 10k and 100k with 1 KB downloads (100k x 100 KB would be 10 GB)');
  notes.push('naive: the starting state\'s claimNextDue, from a learner copy written by workshop/learner-repository.ts');
}

async function dashboard(): Promise<void> {
  const store = SqliteOrderStore.open({ file: file('pick-100k.db'), maxSizeMb: 100_000 });
  const logger = createLogger({ roleName: 'bench', level: 'error', secrets: [] });
  const app = createApp({ store, logger, clock: () => new Date(), makeDownload: () => Buffer.alloc(0), version: 'bench',
    finance: createFinanceClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', timeoutMs: 100 }) });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const get = (route: string) => async () => {
    const response = await fetch(url + route);
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
    await response.text();
  };
  results.dashboardMs = round(await medianMs(get('/'), 31));
  results.summaryMs = round(await medianMs(get('/api/summary'), 31));
  server.close();
  await store.close();
}

/** Requests per second from autocannon, counting only the expected status. */
async function throughput(options: autocannon.Options, expectStatus: number): Promise<number> {
  const result = await autocannon({ duration: 5, connections: 8, ...options });
  const good = result.statusCodeStats?.[String(expectStatus) as keyof typeof result.statusCodeStats]?.count ?? 0;
  return good / result.duration;
}

/**
 * The same rows straight into SQLite: the most the app's intake could approach. Rows per second
 * over 5 s, and the CPU time per row (this process's, over the same loop).
 */
function rawInsertRate(db: string): { perSecond: number; cpuMsPerRow: number } {
  SqliteOrderStore.open({ file: db, maxSizeMb: 100_000 }).close();
  const raw = new DatabaseSync(db);
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  const order = raw.prepare("INSERT INTO orders (product, customer, placed_at, placed_offset_minutes, status, attempts, next_attempt_at) VALUES ('Mug', 'Ada', @t, 600, 'Queued', 0, @t)");
  const download = raw.prepare('INSERT INTO order_downloads (order_id, bytes) VALUES (@id, @bytes)');
  const insert = () => immediateTransaction(raw, () => {
    const { lastInsertRowid } = order.run({ t: Date.now() });
    download.run({ id: lastInsertRowid, bytes: randomBytes(100_000) });
  });
  let rows = 0;
  const start = Date.now();
  const cpuBefore = process.cpuUsage();
  while (Date.now() - start < 5000) {
    insert();
    rows++;
  }
  const cpu = process.cpuUsage(cpuBefore);
  raw.close();
  return { perSecond: rows / ((Date.now() - start) / 1000), cpuMsPerRow: (cpu.user + cpu.system) / 1000 / rows };
}

const removeDatabase = (db: string) => {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
};

/** Requests the CPU figures count, per run: enough for 10 ms ticks to be a small error. */
const CPU_REQUESTS = 3000;

/**
 * The app's CPU time per request over exactly CPU_REQUESTS requests (after 300 to warm up), and
 * their rate. The window runs on for 6 s after the last answer, so telemetry that the SDK exports
 * in batches (every 5 s at most) for those requests is counted too; an idle app uses next to none.
 */
async function cpuPerRequest(app: Started, options: autocannon.Options, expectStatus: number): Promise<{ cpuMs: number; perSecond: number }> {
  await autocannon({ connections: 8, amount: 300, ...options });
  const before = app.cpuMs();
  const result = await autocannon({ connections: 8, amount: CPU_REQUESTS, ...options });
  const good = result.statusCodeStats?.[String(expectStatus) as keyof typeof result.statusCodeStats]?.count ?? 0;
  if (good !== CPU_REQUESTS) throw new Error(`${options.url}: ${good} of ${CPU_REQUESTS} answered ${expectStatus}`);
  await new Promise((resolve) => setTimeout(resolve, 6000));
  // autocannon's `duration` is in whole seconds: too coarse for a run of 3 to 6 s.
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return { cpuMs: (app.cpuMs() - before) / CPU_REQUESTS, perSecond: CPU_REQUESTS / seconds };
}

async function intake(): Promise<void> {
  // Alternated, three times each, on fresh files: the disk's own pace varies from run to run.
  const body = JSON.stringify({ product: 'Mug', customer: 'Ada', date_placed: '2024-03-31T12:00:00+10:00' });
  const post = (url: string): autocannon.Options => ({ url: `${url}/new`, method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const viaHttp: number[] = [];
  const raw: number[] = [];
  const appCpu: number[] = [];
  const rawCpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    const loop = rawInsertRate(file('raw.db'));
    raw.push(loop.perSecond);
    rawCpu.push(loop.cpuMsPerRow);
    removeDatabase(file('raw.db'));
    const app = await startProcess('app/main.js', { ...quietApp, DATABASE_FILE: file('intake.db'), DATABASE_MAX_SIZE_MB: '100000' });
    viaHttp.push(await throughput(post(app.url), 201));
    appCpu.push((await cpuPerRequest(app, post(app.url), 201)).cpuMs);
    await app.stop();
    removeDatabase(file('intake.db'));
  }
  results.intakePerSecond = round(median(viaHttp), 1);
  results.rawInsertPerSecond = round(median(raw), 1);
  results.intakeVsRawRatio = round(results.intakePerSecond / results.rawInsertPerSecond);
  Object.assign(results, spread('intakeVsRawRatio', viaHttp.map((rate, i) => rate / (raw[i] ?? NaN))));
  results.intakeCpuMsPerRequest = round(median(appCpu));
  results.rawInsertCpuMsPerRow = round(median(rawCpu));
  results.intakeVsRawCpuRatio = round(median(rawCpu) / median(appCpu));
  Object.assign(results, spread('intakeVsRawCpuRatio', rawCpu.map((cpu, i) => cpu / (appCpu[i] ?? NaN))));
  notes.push('intake: POST /new with the real 100 KB download (autocannon, 8 connections, 5 s) against a raw node:sqlite insert loop of the same rows (5 s); medians of 3, alternated; _min/_max: the spread of the 3 paired runs');
  notes.push(`intakeVsRawCpuRatio: CPU per row of the raw loop / the app's CPU per POST /new (over ${CPU_REQUESTS} requests plus 6 s, from /proc), telemetry off`);
}

async function telemetryAndStartup(): Promise<void> {
  const insights = await startProcess('local-insights/main.js', { TELEMETRY_DATABASE_FILE: file('telemetry.db') });
  const withTelemetry = { APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url) };
  const order = JSON.stringify({ product: 'Mug', customer: 'Ada' });
  const startups: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const intakeRate: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const pollRate: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const cpu: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const cpuRate: Record<'off' | 'on', number[]> = { off: [], on: [] };
  const insightsCpu: number[] = [];
  for (const mode of ['off', 'on', 'off', 'on', 'off', 'on'] as const) {
    const app: Started = await startProcess('app/main.js', {
      ...quietApp, ...(mode === 'on' ? withTelemetry : {}), DATABASE_FILE: file(`startup-${mode}-${startups[mode].length}.db`), DATABASE_MAX_SIZE_MB: '100000',
    });
    startups[mode].push(app.startupMs);
    const post: autocannon.Options = { url: `${app.url}/new`, method: 'POST', body: order, headers: { 'content-type': 'application/json' } };
    intakeRate[mode].push(await throughput(post, 201));
    pollRate[mode].push(await throughput({ url: `${app.url}/api/summary` }, 200));
    const insightsBefore = insights.cpuMs();
    const measured = await cpuPerRequest(app, post, 201);
    if (mode === 'on') insightsCpu.push((insights.cpuMs() - insightsBefore) / CPU_REQUESTS);
    cpu[mode].push(measured.cpuMs);
    cpuRate[mode].push(measured.perSecond);
    await app.stop();
    removeDatabase(file(`startup-${mode}-${startups[mode].length - 1}.db`));
  }
  await insights.stop();
  results.startupMs_telemetryOff = round(median(startups.off), 0);
  results.startupMs_telemetryOn = round(median(startups.on), 0);
  results.intakePerSecond_telemetryOff = round(median(intakeRate.off), 1);
  results.intakePerSecond_telemetryOn = round(median(intakeRate.on), 1);
  results.telemetryThroughputRatio = round(median(intakeRate.on) / median(intakeRate.off));
  Object.assign(results, spread('telemetryThroughputRatio', intakeRate.on.map((on, i) => on / (intakeRate.off[i] ?? NaN))));
  results.cpuMsPerRequest_telemetryOff = round(median(cpu.off));
  results.cpuMsPerRequest_telemetryOn = round(median(cpu.on));
  results.telemetryCpuOverhead = round(median(cpu.on) / median(cpu.off) - 1);
  Object.assign(results, spread('telemetryCpuOverhead', cpu.on.map((on, i) => on / (cpu.off[i] ?? NaN) - 1)));
  results.telemetryThroughputRatio_fixedCount = round(median(cpuRate.on) / median(cpuRate.off));
  results.localInsightsCpuMsPerRequest = round(median(insightsCpu));
  results.summaryPerSecond_telemetryOff = round(median(pollRate.off), 1);
  results.summaryPerSecond_telemetryOn = round(median(pollRate.on), 1);
  results.telemetryThroughputRatio_summary = round(median(pollRate.on) / median(pollRate.off));
  notes.push(`telemetryCpuOverhead: the app's CPU per POST /new with telemetry on / off, minus 1 (${CPU_REQUESTS} requests plus 6 s for the batched export, from /proc; median of 3 alternated runs, _min/_max over the pairs). local-insights' own CPU (ingesting) is apart: localInsightsCpuMsPerRequest`);
  notes.push(`telemetryThroughputRatio_fixedCount: the rate of those ${CPU_REQUESTS} requests, on / off`);
  notes.push('telemetryThroughputRatio: POST /new (the load the scenarios generate), telemetry on (to local-insights on this machine) / off; autocannon, 8 connections, 5 s, median of 3 runs alternating off/on');
  notes.push('telemetryThroughputRatio_summary: the same for GET /api/summary, a sub-millisecond route where the SDK\'s fixed cost per request (~0.3 ms of span and metric work) dominates');
}

async function memoryUnderLoad(): Promise<void> {
  const timeScale = 120; // an hour of System Monitoring (3,600 orders) in 30 s
  const appPort = await freePort();
  const insights = await startProcess('local-insights/main.js', { TELEMETRY_DATABASE_FILE: file('telemetry-load.db') });
  const telemetry = { APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url) };
  const finance = await startProcess('finance-stub/main.js', { ...telemetry, LOG_LEVEL: 'error', APP_URL: `http://127.0.0.1:${appPort}`, TIME_SCALE: String(timeScale) });
  const app = await startProcess('app/main.js', {
    ...telemetry, LOG_LEVEL: 'warn', DATABASE_FILE: file('load.db'), DATABASE_MAX_SIZE_MB: '2000',
    FINANCE_PACKAGE_URL: finance.url, SCHEDULED_JOB_INTERVAL_SECONDS: '0.05',
  }, appPort);
  notes.push(`peak RSS: app with telemetry on, VeryHighLoad at TIME_SCALE ${timeScale} for 30 s (3,600 orders of 100 KB)`);
  await fetch(`${finance.url}/scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"scenario":"VeryHighLoad"}' });
  await new Promise((resolve) => setTimeout(resolve, 30_000));
  results.peakRssMb = round(app.peakRssMb(), 1);
  const counted: unknown = await (await fetch(`${app.url}/count`)).json();
  results.ordersStoredUnderLoad = typeof counted === 'object' && counted !== null && 'count' in counted ? Number(counted.count) : NaN;
  await Promise.all([app.stop(), finance.stop()]);
  await insights.stop();
}

async function sqliteEngines(): Promise<void> {
  const better = installBetterSqlite3(file('better-sqlite3'));
  const figures = await compareEngines([nodeSqlite, better.engine], dir);
  results.betterSqlite3InstallSeconds = round(better.installSeconds, 1);
  for (const [engine, values] of Object.entries(figures)) {
    for (const [name, value] of Object.entries(values)) results[`${name}_${engine}`] = value;
  }
  const version = new DatabaseSync(':memory:').prepare('SELECT sqlite_version() AS v').get()?.v;
  notes.push(`sqlite engines: node:sqlite (SQLite ${String(version)}) against better-sqlite3 ${BETTER_SQLITE3_VERSION}, installed in this run (from the prebuilt binary in its package); each workload on each engine, alternating which goes first, 7 rounds, medians: queue pick at 100k orders (the job's claim, median of 51), seeding those 100k, intake (the store's insert transaction, 100 KB downloads, 400 rows; rows/s and CPU µs per row), local-insights ingest (10k orders' telemetry, ~41k rows in batches of 50 orders; rows/s and CPU µs per row) and four scans of those tables (median of 11)`);
}

/** Seconds `npm ci` (a fresh clone of HEAD) and `npm install` (a learner's starting copy) take, with the machine's npm cache as it is. */
async function install(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const timed = (cwd: string, args: string[]) => {
    const started = process.hrtime.bigint();
    execFileSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const clone = file('clone');
  execFileSync('git', ['clone', '--quiet', root, clone]);
  results.installSeconds_freshClone = round(timed(clone, ['ci']), 1);
  const learner = file('learner-copy');
  writeLearnerRepository({ root, out: learner });
  results.installSeconds_learnerCopy = round(timed(learner, ['install']), 1);
  results.installSeconds = Math.max(results.installSeconds_freshClone, results.installSeconds_learnerCopy);
  fs.rmSync(clone, { recursive: true, force: true });
  fs.rmSync(learner, { recursive: true, force: true });
  notes.push(`install: npm ci in a fresh clone of HEAD, npm install in a learner's starting copy (npm run workshop:starter), on node ${process.version}, npm cache as found; installSeconds is the larger`);
}

const targets: Array<[string, (v: number) => boolean, string]> = [
  ['queuePickMs', (v) => v < 2, '< 2'],
  ['queuePickSpeedup100k', (v) => v >= 100, '>= 100'],
  ['dashboardMs', (v) => v < 50, '< 50'],
  ['intakeVsRawRatio', (v) => v >= 0.5, '>= 0.5'],
  ['intakeVsRawCpuRatio', (v) => v >= 0.5, '>= 0.5'],
  ['telemetryThroughputRatio', (v) => v >= 0.8, '>= 0.8'],
  ['telemetryCpuOverhead', (v) => v <= 0.15, '<= 0.15'],
  ['installSeconds', (v) => v < 60, '< 60'],
  ['peakRssMb', (v) => v < 250, '< 250'],
  ['kqlMsMax100k', (v) => v < 300, '< 300'],
  ['kqlMs_1M_binByMinute', (v) => v < 2000, '< 2000'],
  ['kqlPeakRssMb_1M', (v) => v < 400, '< 400'],
  ['ingestVsRawRatio', (v) => v >= 0.5, '>= 0.5'],
];

async function main(): Promise<void> {
  // `npm run bench -- intake telemetry` runs only the steps whose names contain those words.
  const only = process.argv.slice(2);
  for (const [name, step] of [['queue pick', queuePick], ['dashboard', dashboard], ['intake', intake],
    ['telemetry and start-up', telemetryAndStartup], ['memory under load', memoryUnderLoad], ['sqlite engines', sqliteEngines],
    ['install', install], ['kql', async () => kqlBench(file, results, notes)]] as const) {
    if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
    process.stderr.write(`bench: ${name}…\n`);
    await step();
  }
  const rows = Object.entries(results).map(([name, value]) => {
    const target = targets.find(([t]) => t === name);
    return { figure: name, value, target: target?.[2] ?? '', met: target ? (target[1](value) ? 'yes' : 'NO') : '' };
  });
  console.table(rows);
  for (const note of notes) console.log(`note: ${note}`);
  // Only a full run replaces the committed figures: a partial one would drop the others.
  if (only.length > 0) {
    console.log('partial run: bench/results.json left as it was');
  } else {
    const output = { measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, results, notes };
    fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(output, null, 2)}\n`);
    console.log('written: bench/results.json');
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
