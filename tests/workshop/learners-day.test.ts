// A learner's whole day, walked the way it is lived on Azure: one finance package and one
// local-insights stay up all day, while the app is redeployed after each exercise. Each deploy is
// a copy written by the workshop generator (`--through` the exercise just done), started as a
// child process on the same port and the same database. At each stage the walk checks what
// WORKSHOP.md's own "Check" says the learner will now see.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { localConnectionString } from '../../local-insights/config';
import { answerKql } from '../../local-insights/query';
import { progressOf } from '../../progress/progress';
import type { PartStatus } from '../../progress/parts';
import { EXERCISES, type ExerciseId } from '../../workshop/exercises';
import { writeRunnableCopy } from '../../workshop/learner-repository';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const root = path.resolve(__dirname, '../..');
const copies = makeTempDir('learners-day');
type Stage = 'start' | ExerciseId;
const copyOf = (stage: Stage) => path.join(copies, stage);

interface OrderJson {
  id: number;
  status: string;
  attempts: number;
  failure_reason: string | null;
  last_error: string | null;
  product: string;
}
interface Stats { paid: number; rejected: number; transientFailures: number; duplicates: number }

// What stays up all day, and what every deploy of the app shares.
let insights: Child;
let finance: Child;
let appPort = 0;
const database = newDatabaseFile();
const telemetryFile = path.join(copies, 'telemetry.db');
let app: Child | undefined;
/** The finance package's counts between two deploys: what the stage's own app then changes. */
let statsAtDeploy: Stats;

const appHttp = () => httpClient(`http://127.0.0.1:${appPort}`);
const financeHttp = () => httpClient(finance.url);
const orders = async (): Promise<OrderJson[]> => ((await appHttp().get('/api/orders', { params: { limit: 1000 } })).data as OrderJson[]).sort((a, b) => a.id - b.id);
const summary = async (): Promise<{ queued: number; processing: number; complete: number; failed: number }> => (await appHttp().get('/api/summary')).data;
const stats = async (): Promise<Stats> => (await financeHttp().get('/stats')).data;
/** A KQL query over local-insights' telemetry, as the learner would type it; rows as objects. */
function kql(query: string): Array<Record<string, unknown>> {
  const answer = answerKql(telemetryFile, query, null);
  if (!('tables' in answer)) assert.fail(`${query}: ${JSON.stringify(answer.error)}`);
  const [table] = answer.tables;
  return (table?.rows ?? []).map((row) => Object.fromEntries((table?.columns ?? []).map((column, i) => [column.name, row[i]])));
}
const appRows = (table: string, where = 'true') => kql(`${table} | where cloud_RoleName == "order-processing-app" and ${where}`);

/** Deploys a stage: stops the app that runs, starts this stage's copy in its place. */
async function deploy(stage: Stage, settings: Record<string, string> = {}): Promise<Child> {
  await app?.terminate();
  statsAtDeploy = await stats();
  app = await spawnServer('app/main.ts', appPort, {
    ...FAST_APP_SETTINGS, DATABASE_FILE: database, FINANCE_PACKAGE_URL: finance.url,
    // Set on the Web App from the first day, as infra/ does; the starting code ignores it until part 5.
    APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url),
    ...settings,
  }, copyOf(stage));
  return app;
}

async function chooseScenario(scenario: string): Promise<void> {
  const response = await appHttp().post('/scenario', new URLSearchParams({ scenario }).toString(), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0,
  });
  assert.equal(response.status, 303, `the app took scenario ${scenario}`);
}

async function placeOrders(count: number, product: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await appHttp().post('/new', { product: `${product} ${i}`, customer: 'Ada' });
    assert.equal(response.status, 201);
    ids.push(response.data.id);
  }
  return ids;
}


/**
 * `npm run progress` as the learner would run it at this stage (the same checks, in this process):
 * waits until its table shows `expected` (telemetry arrives a second or so after the event), then
 * asserts it. Parts not named are expected "not checked".
 */
async function progressShows(expected: Partial<Record<number, PartStatus>>): Promise<void> {
  const want = (part: number): PartStatus => expected[part] ?? 'not checked';
  const table = async () => (await progressOf({ app: `http://127.0.0.1:${appPort}`, insights: insights.url })).map((r) => [r.part, r.status, r.missing ?? '']);
  let last: Array<Array<string | number>> = [];
  await waitFor(async () => {
    last = await table();
    return last.every(([part, status]) => status === want(Number(part)));
  }, { deadlineMs: 30_000, what: () => `progress to show ${JSON.stringify(expected)}; it shows ${JSON.stringify(last)}` });
  assert.deepEqual(last.map(([part, status]) => [part, status]), last.map(([part]) => [part, want(Number(part))]));
}

/** An alert rule as the learner makes it on the Alerts page (or the portal), checked by progress. */
async function learnerMakesAlertRule(name: string, query: string): Promise<void> {
  const response = await httpClient(insights.url).put(`/api/alert-rules/${name}`, {
    severity: 3, enabled: true, evaluationFrequency: 'PT5M', windowSize: 'PT5M', autoMitigate: true,
    criteria: { allOf: [{ query, timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 }] },
  });
  assert.ok([200, 201].includes(response.status), `the rule ${name} was saved: ${JSON.stringify(response.data)}`);
}

const everyCompleted = (ids: number[]) => async () => {
  const byId = new Map((await orders()).map((order) => [order.id, order]));
  return ids.every((id) => byId.get(id)?.status === 'Complete');
};

before(async () => {
  writeRunnableCopy(root, copyOf('start'));
  for (const exercise of EXERCISES) writeRunnableCopy(root, copyOf(exercise.id), exercise.id);
  appPort = await freePort();
  insights = await spawnServer('local-insights/main.ts', await freePort(), { TELEMETRY_DATABASE_FILE: telemetryFile }, copyOf('start'));
  finance = await spawnServer('finance-stub/main.ts', await freePort(), {
    APP_URL: `http://127.0.0.1:${appPort}`, RANDOM_SEED: '42', LOG_LEVEL: 'warn',
    APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url),
  }, copyOf('start'));
});

after(async () => {
  await app?.terminate();
  await finance?.terminate();
  await insights?.terminate();
});

let secondOrder = 0;
let brokenOrder = 0;

test('start: order 1 is paid, order 2 is retried with a bare 400 and a stack trace into app/, the orders behind it are untouched', async () => {
  const running = await deploy('start');
  await waitFor(async () => ((await orders())[1]?.attempts ?? 0) >= 5, {
    deadlineMs: 30_000, what: () => `the second seeded order to be tried a few times; app output:\n${running.output()}`,
  });
  const [first, second, ...rest] = await orders();
  assert.equal(first?.status, 'Complete');
  assert.ok(second && ['Queued', 'Processing'].includes(second.status), `order 2 waits: ${JSON.stringify(second)}`);
  secondOrder = second.id;
  assert.equal(rest.length, 9);
  assert.ok(rest.every((order) => order.status === 'Queued' && order.attempts === 0), 'the nine behind it never get a turn');

  // The supplier judges every retry afresh (a refusal is not an idempotent result): all refused.
  const { paid, rejected, duplicates } = await stats();
  assert.equal(paid, 1);
  assert.ok(rejected >= 5, `each retry was judged and refused: ${rejected}`);
  assert.equal(duplicates, 0);

  // As in the original, the log names the status and the URL, not the cause; so does the order.
  const jobFile = fs.readFileSync(path.join(copyOf('start'), 'app/orders/payment-job.ts'), 'utf8').split('\n');
  const throwLine = jobFile.findIndex((line) => line.includes('throw new PaymentFailed')) + 1;
  const log = running.output();
  const failure = `order ${second.id}: finance package answered 400 for ${finance.url}/ProcessPayment`;
  assert.ok(log.includes(`payment job tick failed error="${failure}"\nPaymentFailed: ${failure}`), `the error line:\n${log.slice(0, 2000)}`);
  assert.match(log, new RegExp(`at .*app/orders/payment-job\\.ts:${throwLine}:`), 'the stack trace names our file and line');
  assert.doesNotMatch(log, /Invalid date|payment attempt/, 'neither the supplier\'s answer nor the payload is logged yet');
  assert.equal((await orders())[1]?.last_error, failure);
  const panel = String((await appHttp().get('/dashboard/panel')).data);
  assert.doesNotMatch(panel, /retrying|Invalid date/, 'the dashboard shows no retry reason');
  await progressShows({ 4: 'not done', 5: 'not done', 7: 'not done', 9: 'not done' });
});

test('logging: the log shows each payment\'s payload with its +10:00 date and the supplier\'s answer', async () => {
  const running = await deploy('logging');
  await waitFor(() => /payment not accepted/.test(running.output()), { deadlineMs: 15_000, what: () => `a refused payment to be logged:\n${running.output()}` });
  const log = running.output();
  const attempt = new RegExp(`payment attempt orderId=${secondOrder} attempt=\\d+ payload=.*"date":"[^"]+\\+10:00"`);
  assert.match(log, attempt, 'the payload is logged, with the date in the supplier\'s offset');
  assert.match(log, new RegExp(`payment not accepted orderId=${secondOrder} .*statusCode=400 responseText="Invalid date"`));
  // Part 2's lines reach telemetry only from part 5: until then the learner reads the log stream.
  await progressShows({ 4: 'not done', 5: 'not done', 7: 'not done', 9: 'not done' });
});

test('timezone: the same order 2 completes on the same finance package within a minute, and the queue drains', async () => {
  await deploy('timezone');
  const before = statsAtDeploy;
  await waitFor(async () => (await orders()).find((order) => order.id === secondOrder)?.status === 'Complete', {
    deadlineMs: 60_000, what: 'order 2 to be paid after the fix',
  });
  await waitFor(async () => {
    const now = await summary();
    return now.queued + now.processing === 0;
  }, { deadlineMs: 30_000, what: 'the queue to drain' });
  const after = await stats();
  assert.ok(after.paid - before.paid >= 10, `order 2 and the nine behind it were paid: ${after.paid - before.paid}`);
  assert.equal(after.rejected, before.rejected, 'nothing refused since the fix');
  assert.equal(after.duplicates, 0);
  await progressShows({ 4: 'done', 5: 'not done', 9: 'not done' });
});

test('app-insights: the app\'s requests, traces and dependencies reach local-insights', async () => {
  assert.deepEqual(appRows('requests'), [], 'before part 5 the app sends nothing, although the setting is there');
  await deploy('app-insights');
  const [placed] = await placeOrders(1, 'observed');
  await waitFor(everyCompleted([placed ?? 0]), { deadlineMs: 15_000, what: 'the observed order to be paid' });
  await waitFor(() => appRows('dependencies', 'name == "POST /ProcessPayment"').length > 0
    && appRows('traces', 'message == "payment accepted"').length > 0
    && appRows('requests', 'name == "POST /new"').length > 0, { deadlineMs: 20_000, what: 'the app\'s telemetry to arrive' });
  assert.equal(appRows('requests', `name == "POST /new" and tostring(customDimensions.orderId) == "${placed}"`).length, 1, `the request that placed order ${placed}`);
  await progressShows({ 2: 'done', 4: 'done', 5: 'done', 9: 'not done' });
});

/** Part 6½'s notification rules, as its local track's curl commands make them: name and body. */
function notificationRulesOfWorkshop(): Array<[string, unknown]> {
  const workshop = fs.readFileSync(path.join(copyOf('start'), 'WORKSHOP.md'), 'utf8');
  return [...workshop.matchAll(/\/api\/notification-rules\/([\w-]+)[^\n]*\\\n\s*-d '([^']+)'/g)].map((m) => [m[1] ?? '', JSON.parse(m[2] ?? '')]);
}

interface ProblemJson { fingerprint: string; type: string; count: number }
interface EventJson { trigger: string; problem: { fingerprint: string; count: number } | null }

test('exceptions: the broken order\'s exceptions carry its id and attempt; with part 6½\'s rules made first, its two problems are announced new, then at the 10th', async () => {
  await deploy('exceptions');
  // Part 6 makes the action group; part 6½ asks for its rules before the broken order is added.
  const insightsHttp = httpClient(insights.url);
  const group = await insightsHttp.put('/api/action-groups/payments-team', {
    groupShortName: 'payments', enabled: true, emailReceivers: [{ name: 'me', emailAddress: 'learner@example.com', useCommonAlertSchema: true }],
  });
  assert.ok(group.status < 300, JSON.stringify(group.data));
  const rules = notificationRulesOfWorkshop();
  assert.deepEqual(rules.map(([name]) => name), ['new-payment-problems', 'growing-problems', 'comebacks']);
  for (const [name, body] of rules) assert.ok((await insightsHttp.put(`/api/notification-rules/${name}`, body)).status < 300, name);

  await chooseScenario('BrokenOrder');
  await waitFor(async () => (await orders()).some((order) => order.product === 'Product from the future' && order.attempts >= 2), {
    deadlineMs: 15_000, what: 'the broken order to be tried twice',
  });
  brokenOrder = (await orders()).find((order) => order.product === 'Product from the future')?.id ?? 0;
  const mine = () => kql(`exceptions
    | where cloud_RoleName == "order-processing-app" and type == "PaymentFailed" and tostring(customDimensions.orderId) == "${brokenOrder}"
    | project attempt = toint(customDimensions.attempt), transient = tostring(customDimensions.transient)`);
  await waitFor(() => mine().length > 0, { deadlineMs: 20_000, what: 'the broken order\'s exceptions' });
  assert.ok(mine().every((row) => Number(row.attempt) >= 1 && row.transient === 'false'), JSON.stringify(mine()));

  // Part 6½, step 2: two problems (the learner's exception and the job's crash), each new, then at its 10th.
  const paymentProblems = async () => ((await insightsHttp.get('/api/problems')).data as ProblemJson[]).filter((p) => p.type === 'PaymentFailed');
  let seen: ProblemJson[] = [];
  await waitFor(async () => (seen = await paymentProblems()).filter((p) => p.count >= 10).length === 2, {
    deadlineMs: 60_000, what: () => `two PaymentFailed problems with 10 occurrences: ${JSON.stringify(seen)}`,
  });
  assert.equal((await paymentProblems()).length, 2, 'two problems, not one');
  const events = ((await insightsHttp.get('/api/notification-events')).data as EventJson[]);
  for (const problem of await paymentProblems()) {
    const told = events.filter((event) => event.problem?.fingerprint === problem.fingerprint);
    assert.ok(told.some((event) => event.trigger === 'new'), `told it is new: ${JSON.stringify(told)}`);
    assert.ok(told.some((event) => event.trigger === 'occurrences10n' && event.problem?.count === 10), `told at its 10th: ${JSON.stringify(told)}`);
  }

  await progressShows({ 2: 'done', 4: 'done', 5: 'done', 6: 'not done', 6.5: 'done', 7: 'not done', 9: 'not done' });
  await learnerMakesAlertRule('payments-failing', 'exceptions\n| where cloud_RoleName == "order-processing-app" and type == "PaymentFailed" and isnotempty(customDimensions.orderId)');
  await progressShows({ 2: 'done', 4: 'done', 5: 'done', 6: 'done', 6.5: 'done', 7: 'not done', 9: 'not done' });
});

test('failed-orders: the broken order is Failed with its reason, later orders complete, and Queue Reliability still fails some', async () => {
  await deploy('failed-orders', { PAYMENT_TIMEOUT_SECONDS: '0.3' });
  await waitFor(async () => (await orders()).find((order) => order.id === brokenOrder)?.status === 'Failed', {
    deadlineMs: 15_000, what: 'the broken order to be marked Failed',
  });
  assert.match((await orders()).find((order) => order.id === brokenOrder)?.failure_reason ?? '', /finance package answered 400: Invalid date/);
  const later = await placeOrders(5, 'later');
  await waitFor(everyCompleted(later), { deadlineMs: 15_000, what: 'the later orders to complete' });

  // Without part 8, an occasional 503 or timeout fails an order for good.
  await chooseScenario('UnreliableProcessing');
  const unreliable = await placeOrders(20, 'unreliable before part 8');
  await waitFor(async () => (await orders()).filter((order) => unreliable.includes(order.id)).every((order) => ['Complete', 'Failed'].includes(order.status)), {
    deadlineMs: 30_000, what: 'the unreliable orders to settle',
  });
  assert.ok((await orders()).filter((order) => unreliable.includes(order.id) && order.status === 'Failed').length > 0, 'transient failures failed some orders');
  await progressShows({ 2: 'done', 4: 'done', 5: 'done', 6: 'done', 6.5: 'done', 7: 'done', 8: 'not done', 9: 'not done' });
});

test('retries: Queue Reliability completes every order, none paid twice', async () => {
  await deploy('retries', { PAYMENT_TIMEOUT_SECONDS: '0.3', ORDER_LEASE_SECONDS: '2' });
  const before = statsAtDeploy;
  // Payments taken against orders completed, read while nothing is queued or in flight: the same
  // summary on both sides of the finance package's count means no payment landed in between.
  const settled = async () => {
    let reading = { paid: 0, complete: 0 };
    await waitFor(async () => {
      const [first, { paid }, second] = [await summary(), await stats(), await summary()];
      reading = { paid, complete: second.complete };
      return first.queued + first.processing + second.queued + second.processing === 0 && first.complete === second.complete;
    }, { deadlineMs: 60_000, what: 'the queue to be empty with no payment in flight' });
    return reading;
  };
  const start = await settled();
  const placed = await placeOrders(30, 'unreliable after part 8');
  await waitFor(everyCompleted(placed), { deadlineMs: 60_000, what: 'every order placed under Queue Reliability to complete' });
  const end = await settled();
  const after = await stats();
  assert.ok(after.transientFailures > before.transientFailures, 'failures happened and were retried');
  assert.ok((await orders()).filter((order) => placed.includes(order.id)).some((order) => order.attempts > 1), 'some needed more than one attempt');
  assert.equal(end.paid - start.paid, end.complete - start.complete, 'one payment taken per order completed, under any key');
  assert.equal(after.duplicates, 0, 'no payment reached the supplier twice');
  // Part 8, step 2: part 6's rule would fire on every retry, so it goes, and two take its place.
  assert.equal((await httpClient(insights.url).delete('/api/alert-rules/payments-failing')).status, 204);
  await learnerMakesAlertRule('orders-failed', 'exceptions\n| where cloud_RoleName == "order-processing-app" and type == "PaymentFailed" and tostring(customDimensions.transient) == "false"');
  await learnerMakesAlertRule('supplier-down', 'dependencies\n| where cloud_RoleName == "order-processing-app" and name has "ProcessPayment"\n| summarize failing = 100.0 * countif(success == false) / count()\n| where failing > 80');
  await progressShows({ 2: 'done', 4: 'done', 5: 'done', 6: 'done', 6.5: 'done', 7: 'done', 8: 'done', 9: 'not done' });
});

test('queue-query: the indexed query takes over the same database and the queue still drains', async () => {
  await deploy('queue-query');
  await chooseScenario('Reset');
  // Reset empties the table and the finance package seeds the eleven starting orders again.
  await waitFor(async () => (await summary()).complete === 11, { deadlineMs: 30_000, what: 'the eleven seeded orders to be paid again after Reset' });
  const { paid, rejected } = await stats();
  assert.deepEqual({ paid, rejected }, { paid: 11, rejected: 0 });
  // Reset emptied the orders: what showed parts 7 and 8 is gone, so they cannot be checked again.
  await learnerMakesAlertRule('queue-growing', 'customMetrics\n| where cloud_RoleName == "order-processing-app" and name == "queue_length" and value > 50');
  await progressShows({ 2: 'done', 4: 'done', 5: 'done', 6: 'done', 6.5: 'done', 9: 'done' });
});
