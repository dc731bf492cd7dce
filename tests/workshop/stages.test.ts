// Every stage of the workshop, proved with the real processes of a learner's copy: each copy is
// written by the generator (npm run workshop:starter), typechecked and linted on its own, then its
// app and finance package run as child processes on loopback, as a learner would run them.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { EXERCISES, type ExerciseId } from '../../workshop/exercises';
import { markedFiles, writeRunnableCopy } from '../../workshop/learner-repository';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { assertParsesAsTsql, statementsOf } from '../helpers/tsql';
import { waitFor } from '../helpers/wait-for';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const copies = makeTempDir('workshop');
type Stage = 'start' | ExerciseId;
const STAGES: Stage[] = ['start', ...EXERCISES.map((exercise) => exercise.id)];
const copyOf = (stage: Stage) => path.join(copies, stage);

before(() => {
  for (const stage of STAGES) writeRunnableCopy(root, copyOf(stage), stage === 'start' ? undefined : stage);
});

interface OrderJson {
  id: number;
  status: string;
  attempts: number;
  failure_reason: string | null;
  product: string;
}

/** The app and the finance package of one copy, each a child process, the app on its own database. */
async function startCopy(stage: Stage, settings: { app?: Record<string, string>; finance?: Record<string, string> } = {}) {
  const [appPort, financePort] = [await freePort(), await freePort()];
  const running: Child[] = [];
  const finance = await spawnServer('finance-stub/main.ts', financePort, {
    APP_URL: `http://127.0.0.1:${appPort}`, RANDOM_SEED: '42', LOG_LEVEL: 'warn', ...settings.finance,
  }, copyOf(stage));
  running.push(finance);
  const app = await spawnServer('app/main.ts', appPort, {
    ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url, ...settings.app,
  }, copyOf(stage)).catch(async (error: unknown) => {
    await finance.terminate();
    throw error;
  });
  running.push(app);
  const appHttp = httpClient(app.url);
  const financeHttp = httpClient(finance.url);
  return {
    app,
    appHttp,
    orders: async (): Promise<OrderJson[]> => (await appHttp.get('/api/orders', { params: { limit: 1000 } })).data,
    summary: async (): Promise<{ queued: number; processing: number; complete: number; failed: number }> => (await appHttp.get('/api/summary')).data,
    stats: async (): Promise<{ paid: number; rejected: number; transientFailures: number; duplicates: number }> => (await financeHttp.get('/stats')).data,
    async chooseScenario(scenario: string) {
      const response = await appHttp.post('/scenario', new URLSearchParams({ scenario }).toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0,
      });
      assert.ok(response.status < 400, `the app refused scenario ${scenario}: ${response.status}`);
    },
    stop: () => Promise.all(running.map((child) => child.terminate())),
  };
}

async function withCopy(stage: Stage, settings: Parameters<typeof startCopy>[1], body: (copy: Awaited<ReturnType<typeof startCopy>>) => Promise<void>) {
  const copy = await startCopy(stage, settings);
  try {
    await body(copy);
  } finally {
    await copy.stop();
  }
}

const byId = (orders: OrderJson[]) => [...orders].sort((a, b) => a.id - b.id);

test('every stage typechecks and lints on its own', async () => {
  for (const stage of STAGES) {
    const cwd = copyOf(stage);
    await run(path.join(cwd, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], { cwd }).catch((error: { stdout?: string }) => {
      assert.fail(`stage ${stage} does not typecheck:\n${error.stdout}`);
    });
    await run(path.join(cwd, 'node_modules/.bin/eslint'), ['.'], { cwd }).catch((error: { stdout?: string }) => {
      assert.fail(`stage ${stage} does not lint:\n${error.stdout}`);
    });
  }
});

test('a learner copy has its README, WORKSHOP.md and scripts, and none of the maintainers\' files', () => {
  const start = copyOf('start');
  for (const file of ['README.md', 'WORKSHOP.md', 'Dockerfile', '.github/workflows/deploy.yml', 'infra/main.bicep', 'package-lock.json']) {
    assert.ok(fs.existsSync(path.join(start, file)), `${file} is in the copy`);
  }
  for (const file of ['tests', 'bench', 'workshop', '.ci', '.github/workflows/ci.yml', 'app/orders/lifecycle.test.ts']) {
    assert.ok(!fs.existsSync(path.join(start, file)), `${file} is not in the copy`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(start, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.deepEqual(Object.keys(manifest.scripts).sort(), ['build', 'lint', 'start', 'start:app', 'start:finance', 'telemetry', 'test', 'typecheck']);
  assert.match(fs.readFileSync(path.join(start, 'README.md'), 'utf8'), /start of the workshop/);
  assert.match(fs.readFileSync(path.join(copyOf('timezone'), 'README.md'), 'utf8'), /parts 2 \(.*\), 4 \(Send the date in London time\) done already/);
});

test('every exercise has markers, and the solved copy has no trace of a starter variant', () => {
  const marked = markedFiles(root);
  for (const exercise of EXERCISES) {
    assert.ok([...marked.values()].some((file) => file.exercises.has(exercise.id)), `${exercise.id} has markers in the source`);
  }
  // The solved copy is the source with the marker lines and the starter sections taken out,
  // computed here by a plain scan, independently of the generator's parser.
  const solved = copyOf('queue-query');
  for (const file of marked.keys()) {
    let inStarter = false;
    const expected = fs.readFileSync(path.join(root, file), 'utf8').split('\n').filter((line) => {
      const keyword = /workshop\([a-z-]+\): (solution|starter|end)/.exec(line)?.[1];
      if (keyword) inStarter = keyword === 'starter';
      return !keyword && !inStarter;
    });
    const copied = path.join(solved, file);
    const text = fs.existsSync(copied) ? fs.readFileSync(copied, 'utf8') : '';
    assert.equal(text, expected.join('\n').trim() === '' ? '' : expected.join('\n'), `${file} in the solved copy`);
  }
  const everything = fs.readdirSync(solved, { recursive: true, encoding: 'utf8' }).filter((file) => !file.startsWith('node_modules'));
  for (const file of everything.filter((f) => fs.statSync(path.join(solved, f)).isFile())) {
    assert.doesNotMatch(fs.readFileSync(path.join(solved, file), 'utf8'), /workshop\([a-z-]+\): (solution|starter|end)/, `${file} has no marker left`);
  }
});

test('the compiled solution (what the Docker image ships) has no marker and no starter variant', async () => {
  const out = path.join(copies, 'dist');
  await run(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', out, '--incremental', 'false'], { cwd: root });
  // Source maps too: they would carry the TypeScript (comments and all) if sources were inlined.
  const js = fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js') || file.endsWith('.js.map'));
  assert.ok(js.includes(path.join('app', 'orders', 'payment-job.js')));
  for (const file of js) {
    const text = fs.readFileSync(path.join(out, file), 'utf8');
    assert.doesNotMatch(text, /workshop\(|firstDue|everyOrder|date: order\.datePlaced/, file);
  }
});

test('start: one seeded order is paid, then the queue sticks on the second with 400s and the log shows the stack trace', async () => {
  const jobFile = fs.readFileSync(path.join(copyOf('start'), 'app/orders/payment-job.ts'), 'utf8').split('\n');
  const throwLine = jobFile.findIndex((line) => line.includes('throw new PaymentFailed')) + 1;
  assert.ok(throwLine > 0, 'the starter throws in payment-job.ts');
  await withCopy('start', {}, async (copy) => {
    await waitFor(async () => (byId(await copy.orders())[1]?.attempts ?? 0) >= 5, {
      deadlineMs: 20_000, what: () => `the second order to be tried a few times; app output:\n${copy.app.output()}`,
    });
    const [first, second, ...rest] = byId(await copy.orders());
    assert.equal(first?.status, 'Complete');
    assert.ok(second && ['Queued', 'Processing'].includes(second.status) && second.attempts >= 5, `the second order is retried forever: ${JSON.stringify(second)}`);
    assert.equal(rest.length, 9);
    assert.ok(rest.every((order) => order.status === 'Queued' && order.attempts === 0), 'the nine behind it never get a turn');
    // The supplier answers each retry with its first answer (same Idempotency-Key): one refusal, replayed.
    const stats = await copy.stats();
    assert.deepEqual([stats.paid, stats.rejected], [1, 1]);
    assert.ok(stats.duplicates >= 4, `retries of the refused order reached the supplier: ${stats.duplicates}`);
    const log = copy.app.output();
    assert.match(log, new RegExp(`payment job tick failed error="order ${second.id}: finance package answered 400[^"]*"\nPaymentFailed: order ${second.id}`));
    assert.match(log, new RegExp(`at .*app/orders/payment-job\\.ts:${throwLine}:`), 'the stack trace names our processing file and line');
    assert.doesNotMatch(log, /payment attempt/, 'no payload logging yet');
  });
});

test('after timezone: the seeded queue drains', async () => {
  await withCopy('timezone', {}, async (copy) => {
    await waitFor(async () => (await copy.summary()).complete === 11, { deadlineMs: 20_000, what: 'the 11 seeded orders to complete' });
    assert.deepEqual(await copy.stats().then((s) => [s.paid, s.rejected]), [11, 0]);
    assert.match(copy.app.output(), /payment attempt .*payload=/, 'the payload is logged since part 2');
  });
});

test('after failed-orders: a broken order is marked Failed and later orders go through; transient failures still fail orders', async () => {
  await withCopy('failed-orders', { app: { PAYMENT_TIMEOUT_SECONDS: '0.3' } }, async (copy) => {
    await waitFor(async () => (await copy.summary()).complete === 11, { deadlineMs: 20_000, what: 'the seeded orders' });
    await copy.chooseScenario('BrokenOrder');
    await waitFor(async () => (await copy.summary()).failed === 1, { deadlineMs: 10_000, what: 'the broken order to be marked Failed' });
    const broken = (await copy.orders()).find((order) => order.status === 'Failed');
    assert.equal(broken?.product, 'Product from the future');
    assert.match(broken?.failure_reason ?? '', /400/);
    for (let i = 0; i < 5; i++) assert.equal((await copy.appHttp.post('/new', { product: `later ${i}`, customer: 'Ada' })).status, 201);
    await waitFor(async () => (await copy.summary()).complete === 16, { deadlineMs: 10_000, what: 'the later orders to complete' });

    // Without part 8, an occasional 503 or timeout fails an order for good.
    await copy.chooseScenario('UnreliableProcessing');
    for (let i = 0; i < 30; i++) await copy.appHttp.post('/new', { product: `unreliable ${i}`, customer: 'Ada' });
    await waitFor(async () => {
      const s = await copy.summary();
      return s.queued + s.processing === 0;
    }, { deadlineMs: 30_000, what: 'the queue to empty' });
    assert.ok((await copy.summary()).failed > 1, 'transient failures failed some orders');
  });
});

test('after retries: Queue Reliability completes every order, nothing paid twice', async () => {
  await withCopy('retries', { app: { PAYMENT_TIMEOUT_SECONDS: '0.3', ORDER_LEASE_SECONDS: '2' } }, async (copy) => {
    await waitFor(async () => (await copy.summary()).complete === 11, { deadlineMs: 20_000, what: 'the seeded orders' });
    await copy.chooseScenario('UnreliableProcessing');
    for (let i = 0; i < 30; i++) assert.equal((await copy.appHttp.post('/new', { product: `unreliable ${i}`, customer: 'Ada' })).status, 201);
    await waitFor(async () => (await copy.summary()).complete === 41, { deadlineMs: 60_000, what: '41 orders to complete' });
    const stats = await copy.stats();
    assert.equal((await copy.summary()).failed, 0);
    assert.ok(stats.transientFailures > 0, 'failures happened and were retried');
    assert.deepEqual([stats.paid, stats.duplicates], [41, 0]);
  });
});

type StoreModule = typeof import('../../app/store/sqlite-store');
type MssqlSqlModule = typeof import('../../app/store/mssql-sql');
type SqlModule = typeof import('../../app/store/sqlite-sql');

test('queue-query: the starter sorts every order in memory, the solution asks an index; both claim the same orders in the same order', async () => {
  const load = async <T>(stage: Stage, file: string) => (await import(path.join(copyOf(stage), file))) as T;
  const naive = await load<StoreModule>('retries', 'app/store/sqlite-store.ts');
  const indexed = await load<StoreModule>('queue-query', 'app/store/sqlite-store.ts');
  const naiveSql = (await load<SqlModule>('retries', 'app/store/sqlite-sql.ts')).sqliteStatements as Record<string, unknown>;
  const indexedSql = (await load<SqlModule>('queue-query', 'app/store/sqlite-sql.ts')).sqliteStatements as Record<string, unknown>;

  // 60 orders placed in different offsets and out of order, a third of them not due yet.
  const now = new Date('2026-03-29T12:00:00Z');
  const seeded = newDatabaseFile();
  const seeder = indexed.SqliteOrderStore.open({ file: seeded, maxSizeMb: 100 });
  for (let i = 0; i < 60; i++) {
    await seeder.addOrder({
      product: `p${i}`, customer: 'Ada', download: Buffer.alloc(1000, i),
      placedAt: new Date(now.getTime() - ((i * 7919) % 600) * 60_000), placedOffsetMinutes: [0, 60, 600, -300][i % 4] ?? 0,
      receivedAt: new Date(now.getTime() + (i % 3 === 0 ? 3_600_000 : -1000)),
    });
  }
  await seeder.close();

  const claimAll = async (module: StoreModule) => {
    const file = newDatabaseFile();
    fs.copyFileSync(seeded, file);
    const store = module.SqliteOrderStore.open({ file, maxSizeMb: 100 });
    const ids: number[] = [];
    for (let order = await store.claimNextDue(now, new Date(now.getTime() + 60_000)); order; order = await store.claimNextDue(now, new Date(now.getTime() + 60_000))) {
      ids.push(order.id);
    }
    await store.close();
    return ids;
  };
  const naiveIds = await claimAll(naive);
  assert.equal(naiveIds.length, 40);
  assert.deepEqual(await claimAll(indexed), naiveIds);

  // How SQLite answers each: a full scan of orders (and every download) against one index search.
  const db = new (await import('node:sqlite')).DatabaseSync(seeded, { readOnly: true });
  const plan = (statement: unknown, params = {}) => db.prepare(`EXPLAIN QUERY PLAN ${String(statement)}`).all(params).map((row) => (row as { detail: string }).detail).join('; ');
  assert.equal(indexedSql.everyOrder, undefined);
  assert.equal(naiveSql.claimNextDue, indexedSql.claimNextDue, 'the statement is there all along, unused by the starter');
  assert.match(plan(naiveSql.everyOrder), /SCAN o\b/);
  const indexedPlan = plan(indexedSql.claimNextDue, { now: 0, leaseUntil: 0 });
  assert.match(indexedPlan, /SEARCH orders USING (COVERING )?INDEX ix_orders_queue/);
  assert.doesNotMatch(indexedPlan, /SCAN/);
  db.close();
});

test('workshop:starter refuses bad arguments and a folder that is not empty, writing nothing', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'workshop/make-starter.ts'), ...args], { encoding: 'utf8' });
  const unknown = cli('--out', path.join(copies, 'never'), '--through', 'timezones');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--through: no exercise "timezones"\nusage: .*\n {2}EXERCISE is one of: logging, timezone, app-insights/);
  assert.ok(!fs.existsSync(path.join(copies, 'never')));
  assert.match(cli().stderr, /--out is required/);
  assert.match(cli('--out').stderr, /--out needs a value/);

  const occupied = path.join(copies, 'occupied');
  fs.mkdirSync(occupied);
  fs.writeFileSync(path.join(occupied, 'notes.txt'), 'mine');
  const refused = cli('--out', occupied);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /occupied is not empty: give --out a new or empty folder \(nothing was written\)/);
  assert.deepEqual(fs.readdirSync(occupied), ['notes.txt']);
});

test('every line of TypeScript WORKSHOP.md shows is in the solution, so the document cannot drift from the code', () => {
  const sourceLines = new Set<string>();
  for (const file of fs.readdirSync(path.join(root, 'app'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    for (const line of fs.readFileSync(path.join(root, 'app', file), 'utf8').split('\n')) sourceLines.add(line.trim());
  }
  const workshop = fs.readFileSync(path.join(root, 'WORKSHOP.md'), 'utf8');
  const blocks = [...workshop.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
  assert.ok(blocks.length >= 5, `WORKSHOP.md shows code: ${blocks.length} blocks`);
  for (const line of blocks.flatMap((block) => block.split('\n')).map((l) => l.trim()).filter((l) => l.length > 3)) {
    assert.ok(sourceLines.has(line), `WORKSHOP.md quotes a line the solution does not have: ${line}`);
  }
});

test('the files and names WORKSHOP.md points learners to exist in their starting copy', () => {
  const start = copyOf('start');
  const workshop = fs.readFileSync(path.join(root, 'WORKSHOP.md'), 'utf8');
  const prose = workshop.replace(/^```[\s\S]*?^```/gm, ''); // what is said, not the code shown
  const paths = [...new Set([...prose.matchAll(/`((?:app|finance-stub|local-insights|infra|\.github)\/[\w./-]+)`/g)].map((m) => m[1] ?? ''))];
  assert.ok(paths.length >= 8, `WORKSHOP.md names files: ${paths.join(', ')}`);
  for (const file of paths) assert.ok(fs.existsSync(path.join(start, file)), `${file} is in the learner's copy`);

  // The learner's code (local-insights has the names of Application Insights' columns; infra the Bicep's parameters).
  const code = ['app', 'finance-stub', 'local-insights', 'infra'].flatMap((folder) => fs.readdirSync(path.join(start, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') || file.endsWith('.bicep'))
    .map((file) => fs.readFileSync(path.join(start, folder, file), 'utf8')))
    .join('\n');
  // camelCase and PascalCase names in backticks: functions, types and settings a hint tells them to look for
  const names = [...new Set([...prose.matchAll(/`([a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*)(?:\([^`)]*\))?`/g)].map((m) => m[1] ?? ''))];
  assert.ok(names.length >= 10, `WORKSHOP.md names code: ${names.join(', ')}`);
  for (const name of names) assert.ok(new RegExp(`\\b${name}\\b`).test(code), `${name} is in the learner's code`);
});

test('the starter\'s SQL Server path parses as T-SQL too (no SQL Server runs here)', async () => {
  const { mssqlStatements } = (await import(path.join(copyOf('start'), 'app/store/mssql-sql.ts'))) as MssqlSqlModule;
  const statements = statementsOf(mssqlStatements);
  const names = statements.map(([name]) => name);
  assert.ok(names.includes('everyOrder') && names.includes('claimById'), `the starter's own statements are there: ${names.join(', ')}`);
  for (const [name, text] of statements) assertParsesAsTsql(name, text);
});
