// The instructor's class view against three real learners' systems on loopback, each app and
// finance package a child process run from a learner's copy written by the workshop generator:
// one stuck at part 1 (the starting copy), one past part 4 (through part 7, its broken order
// Failed), and one whose app accepts connections but never answers. In the terminal (the CLI, as
// `npm run class` runs it) and as the --serve page in Chromium, with axe.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from '@playwright/test';
import { writeRunnableCopy } from '../../workshop/learner-repository';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const root = path.resolve(__dirname, '../..');
const dir = makeTempDir('class-view');
const children: Child[] = [];
let silent: net.Server;
const classFile = path.join(dir, 'class.txt');
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

async function learnerSystem(copy: string): Promise<string> {
  const appPort = await freePort();
  const finance = await spawnServer('finance-stub/main.ts', await freePort(), { APP_URL: `http://127.0.0.1:${appPort}`, RANDOM_SEED: '42', LOG_LEVEL: 'warn' }, copy);
  children.push(finance);
  const app = await spawnServer('app/main.ts', appPort, { ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url }, copy);
  children.push(app);
  return app.url;
}

before(async () => {
  const start = path.join(dir, 'start');
  const pastFour = path.join(dir, 'failed-orders');
  writeRunnableCopy(root, start);
  writeRunnableCopy(root, pastFour, 'failed-orders');
  const stuckUrl = await learnerSystem(start);
  const pastUrl = await learnerSystem(pastFour);
  // Bob has done part 7: the broken order he adds is marked Failed.
  const bob = httpClient(pastUrl);
  await bob.post('/scenario', 'scenario=BrokenOrder', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
  await waitFor(async () => (await bob.get('/api/summary')).data.failed === 1, { deadlineMs: 30_000, what: 'bob\'s broken order to be marked Failed' });
  await waitFor(async () => (await httpClient(stuckUrl).get('/api/orders')).data[1]?.attempts >= 2, { deadlineMs: 30_000, what: 'alice\'s order 2 to be refused' });
  // Carol's app accepts the connection and never answers.
  silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as net.AddressInfo).port;
  fs.writeFileSync(classFile, `# written by infra/create-learner-environments.sh\nalice=${stuckUrl}\nbob=${pastUrl}\n\ncarol=http://127.0.0.1:${silentPort}\n`);
});

after(async () => {
  for (const child of children) await child.terminate();
  silent?.close();
});

const run = promisify(execFile);
const classCli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'class-view/main.ts', ...args], { cwd: root });

interface Row { learner: string; answering: boolean; version?: string | null; queue?: number; failed?: number; scenario?: string | null; furthestPart?: number | null; why?: string }

test('--json: alice stuck before part 4 with her queue, bob past part 4, carol not answering', async () => {
  const { stdout } = await classCli([classFile, '--json']);
  const { learners } = JSON.parse(stdout) as { learners: Row[] };
  const [alice, bob, carol] = learners;
  assert.deepEqual(learners.map((row) => row.learner), ['alice', 'bob', 'carol']);
  assert.deepEqual({ answering: alice?.answering, furthestPart: alice?.furthestPart, failed: alice?.failed, scenario: alice?.scenario }, { answering: true, furthestPart: null, failed: 0, scenario: 'Reset' });
  assert.equal(alice?.queue, 10, 'order 2 and the nine behind it');
  assert.match(alice?.version ?? '', /^0\.1\.0/);
  assert.deepEqual({ answering: bob?.answering, furthestPart: bob?.furthestPart, failed: bob?.failed, scenario: bob?.scenario }, { answering: true, furthestPart: 7, failed: 1, scenario: 'BrokenOrder' });
  assert.deepEqual({ answering: carol?.answering, why: carol?.why }, { answering: false, why: 'did not answer in time' });
});

test('the terminal table: one row per learner, and why carol does not show', async () => {
  const { stdout } = await classCli([classFile]);
  const lines = stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^Class at \d\d:\d\d:\d\d UTC: 3 learners, 1 not answering$/);
  assert.match(lines[1] ?? '', /^learner +app +version +queue +failed +scenario +furthest part +not moved for$/);
  assert.match(lines[2] ?? '', /^alice +up +0\.1\.0\S* +10 +0 +Reset +before 4$/);
  assert.match(lines[3] ?? '', /^bob +up +0\.1\.0\S* +\d+ +1 +BrokenOrder +7$/);
  assert.match(lines[4] ?? '', /^carol +not answering$/);
  assert.match(lines[5] ?? '', /^carol: http:\/\/127\.0\.0\.1:\d+\/ did not answer in time$/);
});

test('a bad class file is refused naming its line; a missing one says so', async () => {
  const bad = path.join(dir, 'bad.txt');
  fs.writeFileSync(bad, 'alice=http://127.0.0.1:1\nbob orders-bob-app\n');
  await assert.rejects(classCli([bad]), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /^class: .*bad\.txt:2: "bob orders-bob-app" is not learner=<app URL>/);
    return true;
  });
  await assert.rejects(classCli([path.join(dir, 'none.txt')]), /cannot read .*none\.txt: no such file/);
});

test('--serve: the page on loopback shows every learner, carol marked not answering, and axe finds nothing', async () => {
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'class-view/main.ts', classFile, '--serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /class view on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found?.[1]) resolve(found[1]);
      });
      server.once('exit', (code) => reject(new Error(`the class view stopped (${code}): ${output}`)));
    });
    const browser = await chromium.launch({
      ...(SYSTEM_CHROMIUM ? { executablePath: SYSTEM_CHROMIUM } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(url, { timeout: 30_000 });
      const rows = page.locator('tbody tr');
      assert.equal(await rows.count(), 3);
      assert.equal(await rows.nth(0).locator('th').textContent(), 'alice');
      assert.match(await rows.nth(1).textContent() ?? '', /bob.*BrokenOrder.*7/);
      assert.equal(await rows.nth(2).getAttribute('class'), 'down');
      assert.match(await rows.nth(2).textContent() ?? '', /carol.*not answering/);
      // The page reloads itself; the viewer can pause it.
      await page.getByRole('button', { name: 'Pause refreshing' }).click();
      assert.equal(await page.getByRole('button').textContent(), 'Paused: reload the page to refresh again');
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(axe.violations.map((violation) => `${violation.id}: ${violation.help}`), []);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
});
