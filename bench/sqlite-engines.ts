// node:sqlite (built into Node 22.5+ and 24) against better-sqlite3 13 (a native addon), on this
// project's own work: the store's and local-insights' SQL, run through each
// engine in turn on the same kind of file, alternated, in one run. The project chose node:sqlite
// by these figures (README, *Benchmarks*); this step keeps the comparison repeatable.
//
// better-sqlite3 is not a dependency of the project any more: this step installs it into its own
// temporary folder, timing the install, and loads it from there. (13 carries prebuilt N-API
// binaries inside its package, so it installs in about a second; 12, which the Node 20 kit used,
// compiled from source on every install here, most of that kit's two-minute `npm ci`.)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteOrderStore } from '../app/store/sqlite-store';
import { sqliteStatements as sql } from '../app/store/sqlite-sql';
import { mapEnvelope, type Mapped } from '../local-insights/envelope';
import { TelemetryDb } from '../local-insights/telemetry-db';
import { median, round } from './measure';

export const BETTER_SQLITE3_VERSION = '13.2.0';

type Params = Record<string, string | number | bigint | null | Uint8Array>;
/** What both engines offer, with the same names: the only calls the workloads below make. */
interface Statement {
  run(params?: Params): unknown;
  get(params?: Params): unknown;
  all(params?: Params): unknown[];
}
interface Connection {
  exec(text: string): void;
  prepare(text: string): Statement;
  close(): void;
}
export interface Engine {
  name: 'nodeSqlite' | 'betterSqlite3';
  open(file: string): Connection;
}

/** better-sqlite3's calls that the workloads use (its API has the same names as node:sqlite's). */
interface NativeStatement {
  run(params?: Params): unknown;
  get(params?: Params): unknown;
  all(params?: Params): unknown[];
}
interface NativeConnection {
  exec(text: string): unknown;
  prepare(text: string): NativeStatement;
  close(): unknown;
}

// Each engine sits behind one equally thin layer, so the wrapping costs both the same.
function openNodeSqlite(file: string): Connection {
  const db = new DatabaseSync(file, { timeout: 5000 });
  return {
    exec: (text) => db.exec(text),
    prepare: (text) => {
      const statement = db.prepare(text);
      return {
        run: (params) => (params ? statement.run(params) : statement.run()),
        get: (params) => (params ? statement.get(params) : statement.get()),
        all: (params) => (params ? statement.all(params) : statement.all()),
      };
    },
    close: () => db.close(),
  };
}

function wrapBetterSqlite3(db: NativeConnection): Connection {
  return {
    exec: (text) => void db.exec(text),
    prepare: (text) => {
      const statement = db.prepare(text);
      return {
        run: (params) => (params ? statement.run(params) : statement.run()),
        get: (params) => (params ? statement.get(params) : statement.get()),
        all: (params) => (params ? statement.all(params) : statement.all()),
      };
    },
    close: () => void db.close(),
  };
}

export const nodeSqlite: Engine = { name: 'nodeSqlite', open: openNodeSqlite };

/** Installs better-sqlite3 into `folder` and returns it with the seconds the install took. */
export function installBetterSqlite3(folder: string): { engine: Engine; installSeconds: number } {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'package.json'), '{"private": true}\n');
  const started = process.hrtime.bigint();
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `better-sqlite3@${BETTER_SQLITE3_VERSION}`], {
    cwd: folder,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const installSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Loaded at run time from a folder of its own, so there are no type declarations to check it against.
  const Database = createRequire(path.join(folder, 'package.json'))('better-sqlite3') as new (file: string, options: { timeout: number }) => NativeConnection;
  return { engine: { name: 'betterSqlite3', open: (file) => wrapBetterSqlite3(new Database(file, { timeout: 5000 })) }, installSeconds };
}

function immediate<T>(db: Connection, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function openOrders(engine: Engine, file: string): Connection {
  SqliteOrderStore.open({ file, maxSizeMb: 100_000 }).close(); // the schema, by the store's own code
  const db = engine.open(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  return db;
}

/** 100k orders (half Complete, half Queued, 1 KB downloads), then the job's claim, median of 51. */
function queuePick(engine: Engine, file: string): { seedSeconds: number; pickMs: number } {
  const db = openOrders(engine, file);
  const order = db.prepare(
    'INSERT INTO orders (product, customer, placed_at, placed_offset_minutes, status, attempts, next_attempt_at, processed_at) ' +
      'VALUES (@product, @customer, @placedAt, 600, @status, @attempts, @placedAt, @processedAt)',
  );
  const download = db.prepare('INSERT INTO order_downloads (order_id, bytes) VALUES (@id, @bytes)');
  const bytes = Buffer.alloc(1000, 7);
  const count = 100_000;
  const start = Date.now() - count * 1000;
  const seedStarted = process.hrtime.bigint();
  immediate(db, () => {
    for (let i = 0; i < count; i++) {
      const complete = i < count / 2;
      const placedAt = start + i * 1000;
      order.run({
        product: `product ${i % 50}`, customer: `customer ${i % 200}`, placedAt,
        status: complete ? 'Complete' : 'Queued', attempts: complete ? 1 : 0, processedAt: complete ? placedAt + 500 : null,
      });
      download.run({ id: i + 1, bytes }); // a new file: ids count from 1
    }
  });
  const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;
  const requeue = db.prepare(sql.requeueExpiredLeases);
  const claim = db.prepare(sql.claimNextDue);
  const now = Date.now();
  let claimed = 0;
  const pick = () => immediate(db, () => {
    requeue.run({ now });
    if (claim.get({ now, leaseUntil: now + 60_000 }) !== undefined) claimed++;
  });
  const pickMs = syncMedianMs(pick, 51);
  db.close();
  if (claimed !== 53) throw new Error(`${engine.name}: ${claimed} of 53 picks claimed an order`);
  return { seedSeconds, pickMs };
}

function syncMedianMs(work: () => void, runs: number): number {
  for (let i = 0; i < 2; i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/** CPU time (user + system) of this process since `since`, in ms. */
const cpuMsSince = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** The store's insert transaction (room check, order, 100 KB download): rows per second and CPU µs per row over 400 orders. */
function intake(engine: Engine, file: string, downloads: Buffer[]): { perSecond: number; cpuUsPerRow: number } {
  const db = openOrders(engine, file);
  const used = db.prepare(sql.usedBytes);
  const insertOrder = db.prepare(sql.insertOrder);
  const insertDownload = db.prepare(sql.insertDownload);
  const rows = 400;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < rows; i++) {
    immediate(db, () => {
      used.get();
      const stored = insertOrder.get({ product: 'Mug', customer: 'Ada', placedAt: Date.now(), placedOffsetMinutes: 600, receivedAt: Date.now() });
      const id = stored && typeof stored === 'object' && 'id' in stored ? Number(stored.id) : NaN;
      insertDownload.run({ orderId: id, download: downloads[i % downloads.length] ?? Buffer.alloc(0) });
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuUsPerRow = (cpuMsSince(cpu) * 1000) / rows;
  db.close();
  return { perSecond: rows / seconds, cpuUsPerRow };
}

/** Telemetry as the app sends it, mapped by local-insights' own code: a request, two traces, a dependency per order, an exception every tenth. */
function telemetryBatches(orders: number): Mapped[][] {
  const tags = { 'ai.cloud.role': 'order-processing-app', 'ai.application.ver': '0.1.0+abc', 'ai.operation.id': '' };
  const envelope = (i: number, baseType: string, baseData: Record<string, unknown>) => mapEnvelope({
    name: `Microsoft.ApplicationInsights.${baseType}`, time: new Date(Date.UTC(2026, 10, 1) + i * 250).toISOString(),
    iKey: 'ikey', tags: { ...tags, 'ai.operation.id': `op${i}` }, data: { baseType, baseData },
  });
  const batches: Mapped[][] = [];
  for (let first = 0; first < orders; first += 50) {
    const batch: Mapped[] = [];
    for (let i = first; i < Math.min(orders, first + 50); i++) {
      const properties = { orderId: String(i) };
      batch.push(envelope(i, 'RequestData', { id: `r${i}`, name: 'POST /new', duration: '00:00:00.012', responseCode: '201', success: true, properties }));
      batch.push(envelope(i, 'MessageData', { message: 'payment attempt', severityLevel: 'Information', properties: { ...properties, payload: '{"orderId":1,"product":"Mug"}' } }));
      batch.push(envelope(i, 'MessageData', { message: 'payment accepted', severityLevel: 'Information', properties: { ...properties, statusCode: '200' } }));
      batch.push(envelope(i, 'RemoteDependencyData', { id: `d${i}`, name: 'POST /ProcessPayment', duration: '00:00:00.020', resultCode: i % 10 ? '200' : '503', success: i % 10 !== 0, type: 'Http', properties }));
      if (i % 10 === 0) {
        batch.push(envelope(i, 'ExceptionData', { exceptions: [{ typeName: 'PaymentFailed', message: 'finance package answered 503', hasFullStack: true, stack: 'PaymentFailed: 503\n    at tick (payment-job.ts:40:11)' }], severityLevel: 'Error', properties: { ...properties, attempt: '1', transient: 'true' } }));
      }
    }
    batches.push(batch);
  }
  return batches;
}

/** local-insights' ingest: one transaction per batch, one prepared INSERT per table and column set. */
function ingest(engine: Engine, file: string, batches: Mapped[][]): { perSecond: number; cpuUsPerRow: number } {
  TelemetryDb.open(file).close(); // the schema, by local-insights' own code
  const db = engine.open(file);
  db.exec('PRAGMA journal_mode = WAL');
  const inserts = new Map<string, Statement>();
  let rows = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (const batch of batches) {
    db.exec('BEGIN');
    for (const { table, row } of batch) {
      const columns = Object.keys(row);
      const key = `${table}:${columns.join(',')}`;
      let insert = inserts.get(key);
      if (!insert) {
        insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
        inserts.set(key, insert);
      }
      insert.run(row);
      rows++;
    }
    db.exec('COMMIT');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuUsPerRow = (cpuMsSince(cpu) * 1000) / rows;
  db.close();
  return { perSecond: rows / seconds, cpuUsPerRow };
}

/** The local track's questions (README, WORKSHOP.md): each a scan of a telemetry table; median ms of all three, 11 times. */
const SCANS = [
  'SELECT name, resultCode, COUNT(*) AS n FROM requests GROUP BY 1, 2',
  "SELECT timestamp, json_extract(customDimensions, '$.orderId') AS orderId, outerMessage FROM exceptions ORDER BY timestamp DESC",
  "SELECT json_extract(customDimensions, '$.orderId') AS orderId, COUNT(*) AS n FROM traces WHERE message LIKE 'payment%' GROUP BY 1 ORDER BY n DESC LIMIT 20",
  'SELECT resultCode, COUNT(*) AS n, AVG(duration) AS avgMs FROM dependencies GROUP BY resultCode',
];

function scan(engine: Engine, file: string): number {
  const db = engine.open(file);
  const statements = SCANS.map((text) => db.prepare(text));
  const ms = syncMedianMs(() => {
    for (const statement of statements) statement.all();
  }, 11);
  db.close();
  return ms;
}

export interface EngineFigures {
  queuePickMs100k: number;
  seed100kSeconds: number;
  intakeRowsPerSecond: number;
  intakeCpuUsPerRow: number;
  ingestRowsPerSecond: number;
  ingestCpuUsPerRow: number;
  telemetryScanMs: number;
}

const ROUNDS = 7;

/** Every workload on each engine, alternating which goes first, ROUNDS rounds; medians. */
export async function compareEngines(engines: Engine[], dir: string): Promise<Record<Engine['name'], EngineFigures>> {
  const downloads = Array.from({ length: 16 }, () => randomBytes(100_000));
  const batches = telemetryBatches(10_000);
  const samples = new Map<Engine['name'], Array<EngineFigures>>();
  const remove = (file: string) => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  };
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    for (const engine of round_ % 2 ? [...engines].reverse() : engines) {
      const file = (name: string) => path.join(dir, `${engine.name}-${name}.db`);
      const pick = queuePick(engine, file('pick'));
      const inserted = intake(engine, file('intake'), downloads);
      const ingested = ingest(engine, file('telemetry'), batches);
      const figures: EngineFigures = {
        queuePickMs100k: pick.pickMs,
        seed100kSeconds: pick.seedSeconds,
        intakeRowsPerSecond: inserted.perSecond,
        intakeCpuUsPerRow: inserted.cpuUsPerRow,
        ingestRowsPerSecond: ingested.perSecond,
        ingestCpuUsPerRow: ingested.cpuUsPerRow,
        telemetryScanMs: scan(engine, file('telemetry')),
      };
      for (const name of ['pick', 'intake', 'telemetry']) remove(file(name));
      samples.set(engine.name, [...(samples.get(engine.name) ?? []), figures]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const result = {} as Record<Engine['name'], EngineFigures>;
  for (const [name, runs] of samples) {
    const med = (key: keyof EngineFigures) => round(median(runs.map((run) => run[key])), key === 'queuePickMs100k' || key === 'telemetryScanMs' ? 3 : 1);
    result[name] = {
      queuePickMs100k: med('queuePickMs100k'), seed100kSeconds: med('seed100kSeconds'), intakeRowsPerSecond: med('intakeRowsPerSecond'),
      intakeCpuUsPerRow: med('intakeCpuUsPerRow'), ingestRowsPerSecond: med('ingestRowsPerSecond'), ingestCpuUsPerRow: med('ingestCpuUsPerRow'),
      telemetryScanMs: med('telemetryScanMs'),
    };
  }
  return result;
}
