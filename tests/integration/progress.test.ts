// `npm run progress` against a real system on loopback: the CLI as a learner runs it (local track),
// and the Azure track through a stand-in `az` that records its calls and answers from a real
// local-insights. The walk (tests/workshop/learners-day.test.ts) checks every part at every stage;
// this file checks the ways in and out: arguments, JSON and table, az signed out or missing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { azureSource } from '../../progress/azure-cli';
import { appOrders, gatherFacts } from '../../progress/facts';
import { checkParts, type PartResult } from '../../progress/parts';
import { httpClient, startSystem } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const root = path.resolve(__dirname, '../..');
const dir = makeTempDir('progress');
let insights: RunningInsights;
let system: Awaited<ReturnType<typeof startSystem>>;

/** A folder holding `az`, the stand-in, to put first on PATH. */
const azFolder = path.join(dir, 'bin');
const calls = path.join(dir, 'az-calls.jsonl');
fs.mkdirSync(azFolder);
fs.symlinkSync(path.join(root, 'tests/helpers/az-for-progress.cjs'), path.join(azFolder, 'az'));

before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(dir, 'telemetry.db') });
  system = await startSystem();
  // The finance package seeds eleven orders, ten placed in +10:00; the solution pays them all.
  await waitFor(async () => (await system.app.summary()).complete === 11, { deadlineMs: 30_000, what: 'the seeded orders to be paid' });
  const rule = await httpClient(insights.url).put('/api/alert-rules/queue-growing', {
    severity: 3, enabled: true, evaluationFrequency: 'PT5M', windowSize: 'PT5M',
    criteria: { allOf: [{ query: 'customMetrics | where name == "queue_length" and value > 50', timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 }] },
  });
  assert.equal(rule.status, 201);
});

after(async () => {
  await system?.stop();
  await insights?.stop();
});

const run = promisify(execFile);
async function progressCli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/progress.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}
const statuses = (parts: PartResult[]) => Object.fromEntries(parts.map((part) => [part.part, part.status]));

test('the local track: --json gives every part; the +10:00 orders paid show part 4, the rule on queue_length part 9', async () => {
  const { stdout, code } = await progressCli(['--app', system.app.url, '--insights', insights.url, '--json']);
  assert.equal(code, 0);
  const { parts } = JSON.parse(stdout) as { parts: PartResult[] };
  assert.deepEqual(statuses(parts), {
    1: 'not checked', 2: 'not checked', 3: 'not checked', 4: 'done', 5: 'not done', 6: 'not checked', 6.5: 'not checked',
    7: 'not checked', 8: 'not checked', 9: 'done', 10: 'not checked',
  });
  assert.deepEqual(parts.find((part) => part.part === 5), { part: 5, status: 'not done', missing: 'nothing from order-processing-app has reached Application Insights (part 5)' });
});

test('the table: a line per part with ✔, ✘ or "not checked yet", and what is missing', async () => {
  const { stdout, code } = await progressCli(['--app', system.app.url, '--insights', insights.url]);
  assert.equal(code, 0);
  assert.match(stdout, new RegExp(`^Progress of ${system.app.url}/: 2 of 11 parts done$`, 'm'));
  assert.match(stdout, /^4 {5}✔$/m);
  assert.match(stdout, /^5 {5}✘ {16}nothing from order-processing-app has reached Application Insights \(part 5\)$/m);
  assert.match(stdout, /^6½ {4}not checked yet {2}optional: no notification rule yet$/m);
});

test('bad arguments: exit 2 with what to write instead; nothing is checked', async () => {
  const wrong = await progressCli(['--app', 'orders-alice-app']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /^progress: --app orders-alice-app: not an http\(s\) URL, e.g. --app http:\/\/localhost:3000\nusage: npm run progress/);
  const unknown = await progressCli(['--verbose']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown argument --verbose/);
});

test('a local-insights that is not running: its parts are "not checked" saying so, the app\'s parts still checked', async () => {
  const { stdout } = await progressCli(['--app', system.app.url, '--insights', 'http://127.0.0.1:9', '--json']);
  const { parts } = JSON.parse(stdout) as { parts: PartResult[] };
  assert.equal(parts.find((part) => part.part === 4)?.status, 'done');
  assert.match(parts.find((part) => part.part === 5)?.missing ?? '', /^telemetry could not be read from local-insights at http:\/\/127\.0\.0\.1:9\/: refused the connection/);
  assert.match(parts.find((part) => part.part === 9)?.missing ?? '', /^alert rules could not be read from local-insights/);
});

/** An Application Insights with a learner's telemetry after part 6: what the SDK would post. */
async function insightsAfterPart6(): Promise<RunningInsights> {
  const after6 = await startInsights({ port: 0, databaseFile: path.join(dir, 'after-part-6.db') });
  const tags = { 'ai.cloud.role': 'order-processing-app', 'ai.operation.id': 'op1' };
  const envelope = (baseType: string, baseData: Record<string, unknown>) => ({
    name: `Microsoft.ApplicationInsights.${baseType}`, time: new Date().toISOString(), iKey: 'k', tags, data: { baseType, baseData },
  });
  const payload = '{"orderId":2,"date":"2026-12-04T10:00:00.000+10:00"}';
  const sent = await httpClient(after6.url).post('/v2.1/track', [
    envelope('RequestData', { id: 'r1', name: 'POST /order', duration: '00:00:00.020', responseCode: '201', success: true }),
    envelope('MessageData', { message: 'payment attempt', properties: { orderId: '2', attempt: '1', payload } }),
    envelope('MessageData', { message: 'payment not accepted', severityLevel: 'Warning', properties: { orderId: '2', attempt: '1', payload, statusCode: '400', responseText: 'Invalid date' } }),
    envelope('ExceptionData', { exceptions: [{ typeName: 'PaymentFailed', message: 'order 2: finance package answered 400' }], properties: { orderId: '2', attempt: '1' } }),
  ]);
  assert.equal(sent.status, 200, JSON.stringify(sent.data));
  const rule = await httpClient(after6.url).put('/api/alert-rules/payments-failing', {
    severity: 3, enabled: true, evaluationFrequency: 'PT5M', windowSize: 'PT5M',
    criteria: { allOf: [{ query: 'exceptions | where type == "PaymentFailed"', timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 }] },
  });
  assert.equal(rule.status, 201);
  return after6;
}

test('on Azure, through az: the resource group found from the app\'s host name, KQL and rule lists asked of the CLI', async () => {
  fs.rmSync(calls, { force: true });
  const after6 = await insightsAfterPart6();
  const env = { PATH: `${azFolder}${path.delimiter}${process.env.PATH}`, AZ_CALLS: calls, AZ_INSIGHTS_URL: after6.url, AZ_APP_HOST: 'orders-alice-x7k2-app.azurewebsites.net' };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const source = await azureSource('https://orders-alice-x7k2-app.azurewebsites.net/', undefined, 30_000);
    const facts = await gatherFacts(system.app.url, appOrders(system.app.url, 10_000), source, 'Application Insights (through az)');
    // Parts 2, 5 and 6 from the telemetry the CLI's queries found; 9 not done: no rule on queue_length there.
    assert.deepEqual(statuses(checkParts(facts)), {
      1: 'not checked', 2: 'done', 3: 'not checked', 4: 'done', 5: 'done', 6: 'done', 6.5: 'not checked',
      7: 'not checked', 8: 'not checked', 9: 'not done', 10: 'not checked',
    });
  } finally {
    process.env = saved;
    await after6.stop();
  }
  const made = fs.readFileSync(calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as string[]);
  const verbs = made.map((args) => args.slice(0, args.findIndex((arg) => arg.startsWith('--'))).join(' '));
  assert.deepEqual(verbs.slice(0, 2), ['account show', 'webapp list'], 'signed in first, then the group found from the host name');
  assert.deepEqual([...new Set(verbs)].sort(), ['account show', 'monitor app-insights component show', 'monitor app-insights query', 'monitor metrics alert list', 'monitor scheduled-query list', 'webapp list']);
  assert.ok(made.filter((args) => args[2] === 'query').every((args) => args.includes('--analytics-query') && args[args.indexOf('--app') + 1] === '11111111-2222-3333-4444-555555555555'), 'queries go to the group\'s Application Insights by its app id');
  assert.ok(made.filter((args) => args.includes('--resource-group')).every((args) => args[args.indexOf('--resource-group') + 1] === 'rg-orders-alice'));
  assert.ok(made.every((args) => args.at(-2) === '--output' && args.at(-1) === 'json'));
});

test('on Azure, a resource group without Application Insights: the telemetry parts say so, the alert rules are still read', async () => {
  const { stdout } = await progressCli(['--app', system.app.url, '--resource-group', 'rg-orders-alice', '--json'], {
    PATH: `${azFolder}${path.delimiter}${process.env.PATH}`, AZ_CALLS: calls, AZ_INSIGHTS_URL: insights.url, AZ_NO_COMPONENT: '1',
  });
  const parts = (JSON.parse(stdout) as { parts: PartResult[] }).parts;
  assert.equal(parts.find((part) => part.part === 5)?.missing, 'telemetry could not be read from Application Insights (through az): no Application Insights resource in resource group rg-orders-alice');
  assert.equal(parts.find((part) => part.part === 9)?.status, 'done', 'the rules live in the resource group, not in Application Insights');
  assert.equal(parts.find((part) => part.part === 4)?.status, 'done');
});

test('on Azure with az signed out, or no az at all: the telemetry parts say what to do, the app\'s parts still checked', async () => {
  const signedOut = await progressCli(['--app', system.app.url, '--resource-group', 'rg-orders-alice', '--json'], {
    PATH: `${azFolder}${path.delimiter}${process.env.PATH}`, AZ_CALLS: calls, AZ_INSIGHTS_URL: insights.url, AZ_SIGNED_OUT: '1',
  });
  const outParts = (JSON.parse(signedOut.stdout) as { parts: PartResult[] }).parts;
  assert.equal(outParts.find((part) => part.part === 4)?.status, 'done');
  assert.equal(outParts.find((part) => part.part === 9)?.missing, 'the Azure CLI is not signed in (az account show failed: ERROR: Please run \'az login\' to setup account.): run az login, then try again');

  // PATH with node alone: no az anywhere.
  const nodeOnly = path.join(dir, 'node-only');
  fs.mkdirSync(nodeOnly, { recursive: true });
  if (!fs.existsSync(path.join(nodeOnly, 'node'))) fs.symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
  const missing = await progressCli(['--app', system.app.url, '--resource-group', 'rg-orders-alice', '--json'], { PATH: nodeOnly });
  const missingParts = (JSON.parse(missing.stdout) as { parts: PartResult[] }).parts;
  assert.equal(missingParts.find((part) => part.part === 5)?.missing, 'the Azure CLI (az) is not installed: telemetry and alert checks skipped (install it and run az login, or check them on the portal)');
  assert.equal(missingParts.find((part) => part.part === 4)?.status, 'done');
});
