// Problems and their notifications with the real app, the real finance package and the real
// Application Insights SDK sending to local-insights on loopback: fingerprints are computed over the
// app's own Node stack traces. The notifications go out through an action group, to a real webhook
// listening on loopback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const root = path.resolve(__dirname, '../..');
const dir = makeTempDir('problems');
const COMMIT_A = 'aaaa1111bbbb2222';
const COMMIT_B = 'cccc3333dddd4444';
const VERSION_A = `0.1.0+${COMMIT_A.slice(0, 12)}`;

let insights: RunningInsights;
let finance: Child;
let app: Child | undefined;
let webhook: http.Server;
const hooked: Array<{ trigger: string; problem?: { title: string; count: number } }> = [];
const insightsHttp = () => httpClient(insights.url);

const Problem = z.object({ fingerprint: z.string(), title: z.string(), count: z.number(), state: z.string(), versions: z.array(z.string()),
  suspectedDeploy: z.object({ id: z.number() }).nullable() });
const paymentProblems = async () => z.array(Problem.passthrough()).parse((await insightsHttp().get('/api/problems')).data).filter((p) => p.title.startsWith('PaymentFailed:'));
const eventKeys = async (rule: string): Promise<string[]> =>
  z.array(z.object({ rule: z.string(), key: z.string() })).parse((await insightsHttp().get('/api/notification-events')).data)
    .filter((e) => e.rule === rule).map((e) => e.key).reverse();

/** A copy of the repository whose app has two more lines at the top of payment-job.ts: a build in which every line number moved. */
function buildWithMovedLines(): string {
  const copy = path.join(dir, 'build-b');
  for (const folder of ['app', 'platform', 'scenarios', 'views', 'public']) fs.cpSync(path.join(root, folder), path.join(copy, folder), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) fs.copyFileSync(path.join(root, file), path.join(copy, file));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  const job = path.join(copy, 'app/orders/payment-job.ts');
  fs.writeFileSync(job, `// a later build\n// with its lines moved\n${fs.readFileSync(job, 'utf8')}`);
  return copy;
}

async function startAppBuild(commit: string, from = root): Promise<Child> {
  const port = await freePort();
  return spawnServer('app/main.ts', port, {
    ...FAST_APP_SETTINGS, APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=0b7c3f5e-1d2a-4c6b-9e8f-a1b2c3d4e5f6;IngestionEndpoint=${insights.url}/`,
    BUILD_COMMIT: commit, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url,
  }, from);
}

async function brokenOrders(count: number): Promise<void> {
  if (!app) throw new Error('no app running');
  const client = httpClient(app.url);
  for (let i = 0; i < count; i++) {
    const response = await client.post('/scenario', 'scenario=BrokenOrder', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    assert.ok(response.status < 400, `BrokenOrder answered ${response.status}`);
  }
}

async function countReaches(total: number): Promise<void> {
  await waitFor(async () => (await paymentProblems()).reduce((sum, p) => sum + p.count, 0) >= total, {
    deadlineMs: 40_000, what: `${total} PaymentFailed occurrences`,
  });
}

before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(dir, 'telemetry.db') });
  webhook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hooked.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => webhook.once('listening', resolve));
  // The action group the rules name: its webhook receiver is the listener above.
  const hookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/`; // a listening TCP server has an AddressInfo
  assert.ok((await insightsHttp().put('/api/action-groups/ops', {
    groupShortName: 'ops', enabled: true, emailReceivers: [], webhookReceivers: [{ name: 'hook', serviceUri: hookUrl, useCommonAlertSchema: true }],
  })).status < 300);
  const financePort = await freePort();
  finance = await spawnServer('finance-stub/main.ts', financePort, { APP_URL: 'http://127.0.0.1:1', RANDOM_SEED: '7' });
  for (const [name, trigger] of [['on-new', 'new'], ['on-tenfold', 'occurrences10n'], ['on-comeback', 'reactivated']] as const) {
    assert.equal((await insightsHttp().put(`/api/notification-rules/${name}`, { trigger, filters: { title: 'PaymentFailed', file: 'payment-job' }, actionGroups: ['ops'] })).status, 201);
  }
  // The deployment is recorded before the build runs: the problem it brings is marked with it.
  assert.equal((await insightsHttp().post('/api/deployments', { version: VERSION_A, environment: 'test' })).status, 201);
  app = await startAppBuild(COMMIT_A);
});

after(async () => {
  await Promise.all([app?.terminate(), finance?.terminate()]);
  await new Promise((resolve) => webhook.close(resolve));
  await insights.stop();
});

test('a broken order makes one new problem, marked with the deployment before it, and one "new" notification delivered to a webhook', async () => {
  await brokenOrders(1);
  await countReaches(1);
  const [problem, ...others] = await paymentProblems();
  assert.deepEqual(others, []);
  assert.deepEqual([problem?.count, problem?.state, problem?.versions], [1, 'active', [VERSION_A]]);
  assert.equal(problem?.suspectedDeploy?.id, z.array(z.object({ id: z.number() })).parse((await insightsHttp().get('/api/deployments')).data)[0]?.id);
  assert.deepEqual(await eventKeys('on-new'), ['new']);

  // local-insights sends it through the action group by itself, after the batch that brought it.
  await waitFor(() => hooked.length > 0, { deadlineMs: 10_000, what: 'the notification to reach the webhook' });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // a sweep or two more: nothing is sent again
  assert.deepEqual(hooked.map((h) => [h.trigger, h.problem?.count]), [['new', 1]]);
});

test('the 10th and the 100th occurrences notify exactly once each', async () => {
  await brokenOrders(99);
  await countReaches(100);
  assert.equal((await paymentProblems()).length, 1, 'every broken order is the same problem');
  assert.deepEqual(await eventKeys('on-tenfold'), ['occurrences10n:10', 'occurrences10n:100']);
  assert.deepEqual(await eventKeys('on-new'), ['new']);
});

test('resolved, then a recurrence, notifies "reactivated" once; resolved in a later version, the older build\'s recurrence does not', async () => {
  const [problem] = await paymentProblems();
  assert.ok(problem);
  await insightsHttp().post(`/api/problems/${problem.fingerprint}/resolve`, {});
  await brokenOrders(2);
  await countReaches(102);
  assert.deepEqual(await eventKeys('on-comeback'), ['reactivated:1']);

  await insightsHttp().post(`/api/problems/${problem.fingerprint}/resolve`, { inVersion: '0.2.0' });
  await brokenOrders(1);
  await countReaches(103);
  const [after] = await paymentProblems();
  assert.equal(after?.state, 'resolved');
  assert.deepEqual(await eventKeys('on-comeback'), ['reactivated:1']);
});

test('the same failure raised by a build whose line numbers moved is the same problem', async () => {
  await app?.terminate();
  app = await startAppBuild(COMMIT_B, buildWithMovedLines());
  await brokenOrders(1);
  await countReaches(104);
  const problems = await paymentProblems();
  assert.equal(problems.length, 1);
  assert.deepEqual(problems[0]?.versions, [VERSION_A, `0.1.0+${COMMIT_B.slice(0, 12)}`]);
  // The two builds' stacks really differ in their line numbers.
  const lines = (stackOf: unknown) => [...String(stackOf).matchAll(/payment-job\.ts:(\d+):/g)].map((m) => Number(m[1]));
  const stacks = insights.db.rows('exceptions').map((row) => z.object({ application_Version: z.string(), details: z.string() }).parse(row));
  const [a, b] = [stacks.find((s) => s.application_Version === VERSION_A), stacks.find((s) => s.application_Version !== VERSION_A)];
  assert.ok(a && b);
  assert.ok(lines(a.details).length > 0, 'the stack names payment-job.ts');
  assert.deepEqual(lines(b.details), lines(a.details).map((line) => line + 2));
});
