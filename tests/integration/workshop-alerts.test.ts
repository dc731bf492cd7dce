// Every alert WORKSHOP.md asks for, proven with the real app, finance package and SDK sending to
// local-insights, and the rules replayed with POST /api/alert-rules/{name}/evaluate {"at"}: each
// fires when the workshop says it should and stays quiet when it says it should. The queries are
// read from WORKSHOP.md itself; the rule settings are those its text gives (quoted beside each).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import axios from 'axios';
import { z } from 'zod';
import { localConnectionString } from '../../local-insights/config';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { workshopQueries } from '../helpers/workshop-queries';

const dir = makeTempDir('workshop-alerts');
const api = axios.create({ validateStatus: () => true });
const MINUTE = 60_000;

/** The fenced KQL block of WORKSHOP.md that contains `marker`. */
function workshopQuery(marker: string): string {
  const found = workshopQueries().filter((q) => q.text.includes(marker));
  assert.equal(found.length, 1, `one WORKSHOP.md query contains ${marker}`);
  return (found[0]?.text ?? '').trim();
}

interface System {
  insights: RunningInsights;
  app: Child;
  finance: Child;
  appHttp: ReturnType<typeof httpClient>;
}
/** Everything started, stopped at the end even when a test fails half-way through starting it. */
const cleanUps: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const cleanUp of cleanUps.reverse()) await cleanUp();
});

async function startSystem(name: string, settings: { app?: Record<string, string>; finance?: Record<string, string> } = {}): Promise<System> {
  const insights = await startInsights({ port: 0, databaseFile: path.join(dir, `${name}.db`) });
  cleanUps.push(() => insights.stop());
  const connection = { APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url), OTEL_METRIC_EXPORT_INTERVAL: '1000' };
  const appPort = await freePort();
  const finance = await spawnServer('finance-stub/main.ts', await freePort(), {
    ...connection, APP_URL: `http://127.0.0.1:${appPort}`, RANDOM_SEED: '42', LOG_LEVEL: 'warn', ...settings.finance,
  });
  cleanUps.push(() => finance.terminate());
  const app = await spawnServer('app/main.ts', appPort, {
    ...connection, ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url, ...settings.app,
  });
  cleanUps.push(() => app.terminate());
  const appHttp = httpClient(app.url);
  // A deadline for failing, not a speed target: three processes starting the SDK on a busy 2-core machine can take a minute.
  await waitFor(async () => (await appHttp.get('/api/summary')).data.complete >= 11, { deadlineMs: 90_000, what: 'the seeded orders to be paid' });
  await insights.queries.start();
  return { insights, app, finance, appHttp };
}

async function chooseScenario(system: System, scenario: string): Promise<void> {
  const response = await system.appHttp.post('/scenario', new URLSearchParams({ scenario }).toString(), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0,
  });
  assert.equal(response.status, 303);
}

const Evaluation = z.object({ status: z.literal('ok'), fired: z.array(z.string()), resolved: z.array(z.string()), series: z.array(z.object({ value: z.number().nullable() })) });

async function putRule(system: System, name: string, properties: Record<string, unknown>): Promise<void> {
  const response = await api.put(`${system.insights.url}/api/alert-rules/${name}`, properties);
  assert.equal(response.status, 201, JSON.stringify(response.data));
}
async function evaluate(system: System, name: string, at: number): Promise<z.infer<typeof Evaluation>> {
  const response = await api.post(`${system.insights.url}/api/alert-rules/${name}/evaluate`, { at: new Date(at).toISOString() });
  const parsed = Evaluation.safeParse(response.data);
  assert.ok(parsed.success, `rule ${name} at ${new Date(at).toISOString()}: ${JSON.stringify(response.data)}`);
  return parsed.data;
}
/** A log search alert rule as the portal writes one: table rows, one condition. */
const logRule = (query: string, o: { windowSize: string; evaluationFrequency: string; operator: string; threshold: number }) => ({
  severity: 3, enabled: true, evaluationFrequency: o.evaluationFrequency, windowSize: o.windowSize, autoMitigate: true,
  criteria: { allOf: [{ query, timeAggregation: 'Count', operator: o.operator, threshold: o.threshold }] },
});
/** Telemetry reaches local-insights a second or so after it happens: wait until rows for `kql` exist. */
async function waitForRows(system: System, kql: string, what: string, deadlineMs = 20_000): Promise<void> {
  await waitFor(async () => {
    const outcome = await system.insights.queries.run(kql, { timespan: null });
    if (outcome.status !== 200) throw new Error(`${kql} answered ${outcome.status}: ${JSON.stringify(outcome.body)}`);
    return 'tables' in outcome.body && (outcome.body.tables[0]?.rows.length ?? 0) > 0;
  }, { deadlineMs, what });
}

test('part 6: "payments fail" fires after a broken order and not before', async () => {
  const system = await startSystem('part6');
  // "Custom log search with the first two lines of that query, Measure: Table rows, Aggregation
  // granularity 5 minutes, Operator greater than 0, Frequency 5 minutes."
  const query = workshopQuery('isnotempty(customDimensions.orderId)').split('\n').slice(0, 2).join('\n');
  await putRule(system, 'part6', logRule(query, { windowSize: 'PT5M', evaluationFrequency: 'PT5M', operator: 'GreaterThan', threshold: 0 }));

  const before = Date.now();
  assert.deepEqual((await evaluate(system, 'part6', before)).fired, [], 'quiet before the broken order');
  await chooseScenario(system, 'BrokenOrder');
  await waitForRows(system, query, 'the broken order\'s PaymentFailed exception');
  const fired = await evaluate(system, 'part6', Date.now());
  assert.equal(fired.fired.length, 1, 'fires after the broken order');
  assert.ok((fired.series[0]?.value ?? 0) >= 1);
  // Replayed as of the moment before the broken order, the same rule stays quiet.
  assert.deepEqual((await evaluate(system, 'part6', before)).fired, []);
});

test('part 8: the permanent-failure rule fires when an order fails for good; the everything-retrying rule stays quiet under Queue Reliability and fires when every payment fails', async () => {
  const system = await startSystem('part8');
  // "Measure: Table rows, Aggregation granularity 5 minutes, Operator greater than 0, Frequency 5 minutes."
  await putRule(system, 'permanent', logRule(workshopQuery('message == "order marked Failed"'), { windowSize: 'PT5M', evaluationFrequency: 'PT5M', operator: 'GreaterThan', threshold: 0 }));
  // "Measure: Table rows, Aggregation granularity 10 minutes, Operator greater than 0, Frequency 5 minutes."
  await putRule(system, 'retrying', logRule(workshopQuery('failedShare > 0.5'), { windowSize: 'PT10M', evaluationFrequency: 'PT5M', operator: 'GreaterThan', threshold: 0 }));

  // Queue Reliability: a quarter of payments fail or hang; retried, every order is paid in the end.
  await chooseScenario(system, 'UnreliableProcessing');
  for (let i = 0; i < 40; i++) assert.equal((await system.appHttp.post('/new', { product: `reliability ${i}`, customer: 'Ada' })).status, 201);
  await waitFor(async () => {
    const s = (await system.appHttp.get('/api/summary')).data;
    return s.queued + s.processing === 0;
  }, { deadlineMs: 90_000, what: 'the Queue Reliability orders to be paid' });
  await waitForRows(system, 'exceptions | where type == "PaymentFailed" and tostring(customDimensions.transient) == "true"', 'transient failures in exceptions');
  await new Promise((resolve) => setTimeout(resolve, 2500)); // the SDK's export interval: the last rows of the phase arrive
  const afterReliability = Date.now();
  const transient = await system.insights.queries.run('exceptions | where type == "PaymentFailed" and tostring(customDimensions.transient) == "true" | count', { timespan: null });
  assert.ok('tables' in transient.body && Number(transient.body.tables[0]?.rows[0]?.[0]) >= 3, 'Queue Reliability really retried some payments');
  assert.deepEqual((await evaluate(system, 'retrying', afterReliability)).fired, [], 'occasional transient retries do not fire the everything-retrying rule');
  assert.deepEqual((await evaluate(system, 'permanent', afterReliability)).fired, [], 'no order failed for good under Queue Reliability');

  // A broken order fails for good.
  await chooseScenario(system, 'BrokenOrder');
  await waitForRows(system, 'traces | where message == "order marked Failed"', 'the broken order marked Failed');
  assert.equal((await evaluate(system, 'permanent', Date.now())).fired.length, 1, 'the permanent-failure rule fires');

  // The supplier goes down: every payment fails (connection refused), every order is retried to its end.
  await system.finance.terminate();
  for (let i = 0; i < 30; i++) assert.equal((await system.appHttp.post('/new', { product: `outage ${i}`, customer: 'Ada' })).status, 201);
  await waitFor(async () => (await system.appHttp.get('/api/orders', { params: { status: 'Failed', limit: 1000 } })).data.length >= 31, {
    deadlineMs: 60_000, what: 'the outage orders to be retried to their end and fail',
  });
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal((await evaluate(system, 'retrying', Date.now())).fired.length, 1, 'the everything-retrying rule fires when every payment fails');
});

/**
 * Stretches the telemetry's timeline back to scenario time: a run at TIME_SCALE=S squeezes 30
 * minutes into 30/S, so every timestamp t becomes t0 + (t − t0) × S. Windows, bins and frequencies
 * then mean what they mean in Azure, and the rule is replayed unchanged.
 */
function dilate(insights: RunningInsights, t0: number, scale: number): void {
  const base = new Date(t0).toISOString();
  for (const table of ['requests', 'traces', 'exceptions', 'customMetrics', 'dependencies', 'customEvents']) {
    insights.db.db.prepare(`UPDATE ${table} SET timestamp = strftime('%Y-%m-%dT%H:%M:%fZ', julianday(@base) + (julianday(timestamp) - julianday(@base)) * @scale)`).run({ base, scale });
  }
}

test('part 9: the growing-queue rule fires while the queue grows under Monitoring Load and resolves after the peak', async (context) => {
  const SCALE = 30;
  // "TIME_SCALE=30 SCHEDULED_JOB_INTERVAL_SECONDS=0.17 npm start" (WORKSHOP.md's local track)
  const system = await startSystem('part9', { finance: { TIME_SCALE: String(SCALE) }, app: { SCHEDULED_JOB_INTERVAL_SECONDS: '0.17' } });
  const t0 = Date.now();
  await chooseScenario(system, 'HighLoad');
  const financeScenario = async () => (await api.get(`${system.finance.url}/scenario`)).data as { startedAt: string; load: { phase: string } };
  const peakStart = Date.parse((await financeScenario()).startedAt);
  const peakEnd = peakStart + (30 * MINUTE) / SCALE;
  await waitFor(async () => (await financeScenario()).load.phase === 'after-peak', { deadlineMs: 2 * MINUTE, what: 'the finance package to end the peak' });
  await waitFor(async () => (await system.appHttp.get('/api/summary')).data.queued <= 3, { deadlineMs: 3 * MINUTE, what: 'the queue to drain after the peak' });
  // Five scenario minutes of baseline after the drain: the app has reported the queue that long after it.
  const drained = Date.now();
  const baselineUntil = new Date(drained + (5 * MINUTE) / SCALE).toISOString();
  await waitForRows(system, `customMetrics | where name == "queue_length" and timestamp >= datetime(${baselineUntil})`, 'the queue reported five scenario minutes after the drain', MINUTE);
  await Promise.all([system.app.terminate(), system.finance.terminate()]); // flushes the last telemetry
  const end = Date.now();
  // "Measure: Table rows, Aggregation granularity 15 minutes, Operator greater than or equal to 2, Frequency 5 minutes."
  const rule = logRule(workshopQuery('growth > 5'), { windowSize: 'PT15M', evaluationFrequency: 'PT5M', operator: 'GreaterThanOrEqual', threshold: 2 });
  await putRule(system, 'part9', rule);
  // On the squeezed timeline the whole peak fits in one or two 5-minute bins: the rule, rightly, cannot fire.
  const squeezed = await evaluate(system, 'part9', end);
  assert.deepEqual(squeezed.fired, [], 'at TIME_SCALE=30, unstretched, the growth rule does not fire');
  assert.ok((squeezed.series[0]?.value ?? 0) < 2, `growth rows on the squeezed timeline: ${squeezed.series[0]?.value}`);

  dilate(system.insights, t0, SCALE);
  const scenario = (t: number) => t0 + (t - t0) * SCALE;
  assert.equal((await api.put(`${system.insights.url}/api/alert-rules/part9`, rule)).status, 200, 'the same rule, saved again (nothing fired above)');
  const firedAt: number[] = [];
  const resolvedAt: number[] = [];
  for (let at = scenario(t0) + 5 * MINUTE; at <= scenario(end); at += 5 * MINUTE) {
    const result = await evaluate(system, 'part9', at);
    if (result.fired.length > 0) firedAt.push(at);
    if (result.resolved.length > 0) resolvedAt.push(at);
  }
  const minutes = (t: number) => Math.round((t - scenario(peakStart)) / MINUTE);
  context.diagnostic(`part 9 replay: fired ${firedAt.map(minutes).join(', ')} min and resolved ${resolvedAt.map(minutes).join(', ')} min after the peak began (it lasts 30; the queue drained ${minutes(scenario(drained))} min after it began)`);
  assert.equal(firedAt.length, 1, `fires once: at ${firedAt.map(minutes).join(', ')} min into the peak`);
  assert.ok(firedAt[0]! > scenario(peakStart) && firedAt[0]! <= scenario(peakEnd), `fires while the queue grows (at ${minutes(firedAt[0]!)} min; the peak lasts 30)`);
  assert.equal(resolvedAt.length, 1, 'resolves once');
  assert.ok(resolvedAt[0]! > scenario(peakEnd), `resolves after the peak (at ${minutes(resolvedAt[0]!)} min)`);
});

test('part 10: the metric alert on database space used percent > 80 fires before intake answers 507', async () => {
  const system = await startSystem('part10', { app: { DATABASE_MAX_SIZE_MB: '10' }, finance: { TIME_SCALE: '4' } });
  // The Metrics page's rule for "Data space used percent, Maximum, greater than 80, over 5 minutes, every minute".
  await putRule(system, 'part10', {
    severity: 2, enabled: true, evaluationFrequency: 'PT1M', windowSize: 'PT5M', autoMitigate: true,
    criteria: { allOf: [{
      query: 'customMetrics\n| where name == "database_space_used_percent"',
      timeAggregation: 'Maximum', metricMeasureColumn: 'value', operator: 'GreaterThan', threshold: 80,
      dimensions: [{ name: 'cloud_RoleName', operator: 'Include', values: ['*'] }],
    }] },
  });
  const started = Date.now();
  assert.deepEqual((await evaluate(system, 'part10', started)).fired, [], 'quiet while the database has room');
  await chooseScenario(system, 'VeryHighLoad');
  const first507 = 'requests | where name == "POST /new" and resultCode == "507" | top 1 by timestamp asc | project timestamp';
  await waitForRows(system, first507, 'intake to answer 507', 90_000);
  const outcome = await system.insights.queries.run(first507, { timespan: null });
  const at507 = Date.parse(String('tables' in outcome.body ? outcome.body.tables[0]?.rows[0]?.[0] : ''));
  assert.ok(Number.isFinite(at507));
  const fired = await evaluate(system, 'part10', at507 - 1);
  assert.equal(fired.fired.length, 1, 'the alert fires at an evaluation before the first 507');
  assert.ok((fired.series[0]?.value ?? 0) > 80 && (fired.series[0]?.value ?? 0) < 100, `with the space used below 100%: ${fired.series[0]?.value}`);
});
