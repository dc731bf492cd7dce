// Every stage of the workshop as the generator writes it (npm run workshop:starter): each copy
// typechecks and lints on its own, carries no marker and gives no answer away, and the queue-query
// exercise is proved against SQLite's plans. learners-day.test.ts runs the stages for real.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { EXERCISES, type ExerciseId } from '../../workshop/exercises';
import { markedFiles, writeRunnableCopy } from '../../workshop/learner-repository';
import { newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { assertParsesAsTsql, statementsOf } from '../helpers/tsql';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const copies = makeTempDir('workshop');
type Stage = 'start' | ExerciseId;
const STAGES: Stage[] = ['start', ...EXERCISES.map((exercise) => exercise.id)];
const copyOf = (stage: Stage) => path.join(copies, stage);

before(() => {
  for (const stage of STAGES) writeRunnableCopy(root, copyOf(stage), stage === 'start' ? undefined : stage);
});

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
  assert.ok(fs.existsSync(path.join(start, 'progress/parts.ts')), 'npm run progress comes along');
  for (const file of ['tests', 'bench', 'workshop', '.ci', '.github/workflows/ci.yml', 'app/orders/lifecycle.test.ts', 'class-view']) {
    assert.ok(!fs.existsSync(path.join(start, file)), `${file} is not in the copy`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(start, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.deepEqual(Object.keys(manifest.scripts).sort(), ['build', 'lint', 'progress', 'start', 'start:app', 'start:finance', 'start:insights', 'telemetry', 'test', 'typecheck']);
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
  assert.equal(naiveSql.claimNextDue, undefined, 'the starter has only its naive query: part 10\'s statement comes with the exercise');
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
  const paths = [...new Set([...prose.matchAll(/`((?:app|platform|finance-stub|local-insights|infra|\.github)\/[\w./-]+)`/g)].map((m) => m[1] ?? ''))];
  assert.ok(paths.length >= 8, `WORKSHOP.md names files: ${paths.join(', ')}`);
  for (const file of paths) assert.ok(fs.existsSync(path.join(start, file)), `${file} is in the learner's copy`);

  // The learner's code (local-insights has the names of Application Insights' columns; infra the Bicep's parameters).
  const code = ['app', 'platform', 'finance-stub', 'local-insights', 'infra'].flatMap((folder) => fs.readdirSync(path.join(start, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') || file.endsWith('.bicep'))
    .map((file) => fs.readFileSync(path.join(start, folder, file), 'utf8')))
    .join('\n');
  // camelCase and PascalCase names in backticks: functions, types and settings a hint tells them to look for
  const names = [...new Set([...prose.matchAll(/`([a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*)(?:\([^`)]*\))?`/g)].map((m) => m[1] ?? ''))];
  assert.ok(names.length >= 10, `WORKSHOP.md names code: ${names.join(', ')}`);
  // Part 5 names the Log Analytics workspace's tables and columns too: the portal's names, not our code's.
  const portal = new Set([...Object.keys(WORKSPACE_COLUMNS), ...Object.values(WORKSPACE_COLUMNS).flat()]);
  // And a function an earlier part's solution sketch has the learner write is theirs by then.
  const sketched = new Set([...workshop.matchAll(/^```ts\n[\s\S]*?^```/gm)].flatMap((m) => [...m[0].matchAll(/function (\w+)/g)].map((f) => f[1] ?? '')));
  for (const name of names.filter((n) => !portal.has(n) && !sketched.has(n))) assert.ok(new RegExp(`\\b${name}\\b`).test(code), `${name} is in the learner's code`);
});

test('the starter\'s SQL Server path parses as T-SQL too (no SQL Server runs here)', async () => {
  const { mssqlStatements } = (await import(path.join(copyOf('start'), 'app/store/mssql-sql.ts'))) as MssqlSqlModule;
  const statements = statementsOf(mssqlStatements);
  const names = statements.map(([name]) => name);
  assert.ok(names.includes('everyOrder') && names.includes('claimById'), `the starter's own statements are there: ${names.join(', ')}`);
  for (const [name, text] of statements) assertParsesAsTsql(name, text);
});

/** Every text file of a copy, by its path in the copy (node_modules aside). */
function textFilesOf(copy: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of fs.readdirSync(copy, { recursive: true, encoding: 'utf8' })) {
    if (file.startsWith('node_modules') || file === 'package-lock.json' || !fs.statSync(path.join(copy, file)).isFile()) continue;
    files.set(file, fs.readFileSync(path.join(copy, file), 'utf8'));
  }
  return files;
}

test('the starting copy gives no answer away: no indexed claim statement, no instructor guide', () => {
  const start = copyOf('start');
  for (const file of ['app/store/sqlite-sql.ts', 'app/store/mssql-sql.ts']) {
    const text = fs.readFileSync(path.join(start, file), 'utf8');
    assert.doesNotMatch(text, /claimNextDue|first due order/, `${file}: part 10's statement and its index comment are not in the starter`);
  }
  // The naive queue query is the bug part 10 asks for: the comments beside it describe what it is
  // for, never what it costs (its downloads, sorting every order in memory).
  const shared = fs.readFileSync(path.join(start, 'app/store/shared-sql.ts'), 'utf8').split('\n');
  for (const name of [/^\s*everyOrder:/, /^export function firstDue/]) {
    const at = shared.findIndex((line) => name.test(line));
    assert.ok(at > 0, `app/store/shared-sql.ts has ${name}`);
    const comment = shared.slice(Math.max(0, at - 3), at).filter((line) => /^\s*(\/\/|\/\*\*|\*)/.test(line)).join(' ');
    assert.doesNotMatch(comment, /download|100 KB|\bsort|\ball\b|every|memory|scan/i, `the comment above ${name} in the starting copy names part 10's culprit: ${comment}`);
  }
  const workshop = fs.readFileSync(path.join(start, 'WORKSHOP.md'), 'utf8');
  assert.doesNotMatch(workshop, /For instructors|INSTRUCTORS\.md|workshop:starter/, 'the learner\'s WORKSHOP.md has no instructor guide nor a link to it');
  assert.ok(!fs.existsSync(path.join(start, 'INSTRUCTORS.md')), 'the instructor guide stays in the solution');
  assert.match(fs.readFileSync(path.join(root, 'WORKSHOP.md'), 'utf8'), /\]\(INSTRUCTORS\.md\)/, 'the solution\'s WORKSHOP.md links its instructor guide');
  assert.ok(fs.existsSync(path.join(root, 'INSTRUCTORS.md')));
});

test('the starting copy names nothing it does not have: files, tests, settings, packages', () => {
  const start = copyOf('start');
  const texts = textFilesOf(start);
  for (const [file, text] of texts) {
    assert.doesNotMatch(text, /\bSPEC\b/, `${file} points at a SPEC the copy does not have`);
    assert.doesNotMatch(text, /[\w-]+\.test\.ts\b/, `${file} names a test file the copy does not have`);
  }
  // Settings named by a prefix (`PAYMENT_*`) exist in the app's config.
  const config = texts.get('app/config.ts') ?? '';
  for (const [file, text] of texts) {
    for (const [, prefix] of text.matchAll(/\b([A-Z][A-Z0-9]*_)\*/g)) {
      assert.match(config, new RegExp(`\\b${prefix}[A-Z]`), `${file} names settings ${prefix}* that app/config.ts does not have`);
    }
  }
  const tsconfig = JSON.parse(texts.get('tsconfig.json') ?? '{}') as { include: string[] };
  for (const entry of tsconfig.include) assert.ok(fs.existsSync(path.join(start, entry)), `tsconfig.json includes ${entry}, which the copy lacks`);

  // Every dev dependency is used by something in the copy: imported, run by a script, or the types of either.
  const manifest = JSON.parse(texts.get('package.json') ?? '{}') as { scripts: Record<string, string>; devDependencies: Record<string, string> };
  const code = [...texts].filter(([file]) => /\.(ts|mjs|cjs|js)$/.test(file)).map(([, text]) => text).join('\n');
  const imported = new Set([...code.matchAll(/(?:from |import\(|require\()'((?:@[\w.-]+\/)?[\w.-]+)[^']*'/g)].map((m) => m[1] ?? ''));
  const scripts = Object.values(manifest.scripts).join(' ');
  const binOf = (name: string): string[] => {
    const bin = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> }).bin;
    return bin === undefined ? [] : typeof bin === 'string' ? [name] : Object.keys(bin);
  };
  for (const name of Object.keys(manifest.devDependencies)) {
    const typesOf = name.startsWith('@types/') ? name.slice('@types/'.length) : undefined;
    const used = imported.has(name) || binOf(name).some((bin) => new RegExp(`(^|&& |\\s)${bin}\\b`).test(scripts))
      || (typesOf !== undefined && (typesOf === 'node' || imported.has(typesOf)));
    assert.ok(used, `devDependency ${name} is not used by anything in the learner's copy`);
  }
});

test('the learner copy\'s README, WORKSHOP.md, pipelines and Dockerfile run only scripts and targets the copy has', () => {
  const start = copyOf('start');
  const texts = textFilesOf(start);
  const manifest = JSON.parse(texts.get('package.json') ?? '{}') as { scripts: Record<string, string> };
  const stages = [...(texts.get('Dockerfile') ?? '').matchAll(/^FROM \S+ AS (\S+)/gm)].map((m) => m[1]);
  const checked = ['README.md', 'WORKSHOP.md', '.gitlab-ci.yml', 'Dockerfile', ...[...texts.keys()].filter((f) => f.startsWith('.github/workflows/'))];
  let commands = 0;
  for (const file of checked) {
    const text = texts.get(file) ?? '';
    for (const [command, script] of text.matchAll(/\bnpm (?:run ([\w:-]+)|(?:test|start)\b)/g)) {
      commands++;
      const name = script ?? command.slice('npm '.length);
      assert.ok(name in manifest.scripts, `${file} runs npm ${name}, which the copy's package.json lacks`);
    }
    for (const [, target] of text.matchAll(/--target[ =](\S+)/g)) assert.ok(stages.includes(target), `${file} builds --target ${target}`);
  }
  assert.ok(commands >= 5, `commands were found and checked: ${commands}`);
});

/** WORKSHOP.md's text, by part number (the introduction and local track aside). */
function workshopParts(text: string): Map<number, string> {
  const parts = new Map<number, string>();
  for (const section of text.split(/^## /m)) {
    const number = /^Part (\d+)[ :]/.exec(section)?.[1]; // not "Part 6½", the optional one
    if (number) parts.set(Number(number), section);
  }
  return parts;
}

test('WORKSHOP.md tells what later parts rely on, and its alerts can fire as Azure evaluates them', () => {
  const text = fs.readFileSync(path.join(root, 'WORKSHOP.md'), 'utf8');
  const part = (n: number) => workshopParts(text).get(n) ?? assert.fail(`part ${n}`);
  // Part 2 names the messages and fields that parts 5-9 query, and says what to do with other names.
  for (const name of ['`payment attempt`', '`payment accepted`', '`payment not accepted`', '`orderId`', '`attempt`']) assert.ok(part(2).includes(name), `part 2 names ${name}`);
  // Part 3: the Deployment Center, continuous deployment, GitLab's variable expansion, the finance image.
  for (const words of [/Deployment Center/, /Continuous deployment: On/, /Expand variable\s+reference/, /finance package's image/]) assert.match(part(3), words);
  // Part 5: which requests are left out; Part 6: two exceptions per refusal until part 7; Part 8: part 6's alert goes.
  assert.match(part(5), /GET \/healthz[\s\S]*GET \/dashboard\/panel/);
  assert.match(part(6), /\*\*two\*\* `PaymentFailed`/);
  assert.match(part(8), /\*\*delete it\*\*/);
  // requests.success is a string in Application Insights' classic schema.
  assert.doesNotMatch(text, /success\s*==\s*(true|false)\b/, 'success compared with a boolean');
  // A log alert sees only its window: part 8's 10-minute bins need a 10-minute window, part 9's two growths a 15-minute one
  // (Azure offers no 20-minute granularity).
  assert.match(part(8), /Aggregation granularity\* 10 minutes/);
  assert.match(part(9), /Aggregation granularity\* 15 minutes/);
  // Part 9's local track makes room for the peak's 600 orders, and warns that TIME_SCALE=30's baseline fills the database.
  assert.match(part(9), /\*Reset to initial\* before each run/);
  assert.match(part(9), /Stop \(`Ctrl\+C`\) once the queue has drained/);
  for (const n of [6, 8, 9]) {
    for (const block of part(n).matchAll(/```kusto\n([\s\S]*?)```/g)) assert.doesNotMatch(block[1] ?? '', /ago\(/, `part ${n}: an alert query bounds itself with ago(), which the rule's window overrides`);
  }
  // Part 10: which resource is at fault, pinning its metrics, and what each fix costs.
  for (const words of [/Data space used percent/, /CPU Percentage/, /Memory Percentage/, /[Pp]in/, /storage is cheap/, /CPU and memory are expensive/]) assert.match(part(10), words);
});

/** The columns of the workspace tables WORKSHOP.md shows, as Microsoft's table reference lists them (AppRequests, AppTraces). */
const WORKSPACE_COLUMNS: Record<string, string[]> = {
  AppRequests: ['TimeGenerated', 'Id', 'Source', 'Name', 'Url', 'Success', 'ResultCode', 'DurationMs', 'Properties', 'Measurements', 'OperationName', 'OperationId', 'AppRoleName', 'AppRoleInstance', 'AppVersion', 'ItemCount'],
  AppTraces: ['TimeGenerated', 'Message', 'SeverityLevel', 'Properties', 'OperationName', 'OperationId', 'AppRoleName', 'AppRoleInstance', 'AppVersion', 'ItemCount'],
  // Named in the text only.
  AppExceptions: [],
  AppDependencies: [],
  AppMetrics: [],
};

test('WORKSHOP.md\'s Azure side says which Logs its queries are for, where each rule lives, and what the Basic database shows', () => {
  const text = fs.readFileSync(path.join(root, 'WORKSHOP.md'), 'utf8');
  const part = (n: number) => workshopParts(text).get(n) ?? assert.fail(`part ${n}`);
  const optional = text.slice(text.indexOf('## Part 6½'), text.indexOf('## Part 7'));
  // Part 5: Application Insights' Logs, not the workspace's; the workspace's form of a query, in its own columns.
  assert.match(part(5), /Open \*Logs\* from the \*\*Application Insights\*\* resource/);
  const workspace = [...part(5).matchAll(/^```kql\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
  assert.equal(workspace.length, 1, 'part 5 shows one query in the workspace\'s form');
  const [query = ''] = workspace;
  const table = /^(App\w+)\n/.exec(query)?.[1] ?? assert.fail(query);
  const strings = /"[^"]*"/g;
  const words = new Set(query.replace(strings, '').match(/\b[A-Z]\w*\b/g));
  for (const word of words) assert.ok(word === table || WORKSPACE_COLUMNS[table]?.includes(word), `${word} is a column of ${table}`);
  assert.match(query, /Success == false/, 'Success is a bool in the workspace');
  assert.doesNotMatch(query, /\b(timestamp|cloud_RoleName|customDimensions|success|name)\b/, 'no classic column left');
  // Part 6: where the exception goes, so that part 6½ sees two problems; 6½'s rules before the broken order.
  assert.match(part(6), /beside `logOutcome`/);
  assert.ok(part(6).indexOf('notification rules now, before the broken order exists') < part(6).indexOf('choose *Add broken order*'));
  // Part 6½: an alert that auto-resolves fires once; the rules come before the problems they announce.
  assert.doesNotMatch(optional, /every five minutes/);
  assert.match(optional, /\*Automatically resolve\s+alerts\*/);
  assert.ok(optional.indexOf('notification for **new**') < optional.indexOf('Choose *Add broken order*'), 'the rules are made before the broken order');
  assert.match(optional, /Failure Anomalies - <your resource>[\s\S]*Monitoring Contributor[\s\S]*Monitoring Reader/);
  // Part 8: the rule lives on Application Insights, not the App Service.
  assert.match(part(8), /\*\*delete it\*\* \(Application Insights → \*Alerts\* → \*Alert rules\*/);
  assert.doesNotMatch(part(8), /App Service's \*Alerts\* → \*Alert rules\*/);
  // Part 10: the Basic database's DTUs may run short before the plan's CPU.
  assert.match(part(10), /DTU\s+percentage/);
});
