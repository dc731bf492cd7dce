// Alerting in local-insights over real HTTP on loopback: rules and action groups in Azure's shape,
// evaluation replayed with `at`, webhooks to a real receiver (checked against the common alert
// schema), mail to a real SMTP listener, and what survives a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import axios from 'axios';
import { z } from 'zod';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { makeTempDir } from '../helpers/temp-dir';
import { startSmtpListener, startWebhookReceiver, type SmtpListener, type WebhookReceiver } from '../helpers/alert-receivers';
import { waitFor } from '../helpers/wait-for';
import { freePort } from '../helpers/free-port';

const databaseFile = path.join(makeTempDir('alerts'), 'telemetry.db');
let insights: RunningInsights;
let hooks: WebhookReceiver;
let smtp: SmtpListener;
const api = axios.create({ validateStatus: () => true });
const url = (p: string) => `${insights.url}${p}`;

// Telemetry: PaymentFailed exceptions at 10:02 and 10:03, nothing after.
const T = (hhmm: string) => `2026-01-05T${hhmm}:00.000Z`;
const exception = (time: string, orderId: number) => ({
  name: 'Microsoft.ApplicationInsights.Exception', time, iKey: 'k', tags: { 'ai.cloud.role': 'order-processing-app' },
  data: { baseType: 'ExceptionData', baseData: { exceptions: [{ typeName: 'PaymentFailed', message: `order ${orderId}: date in the future` }], properties: { orderId: String(orderId) } } },
});

const start = () => startInsights({ port: 0, databaseFile, smtpUrl: smtp.url, alertMailFrom: 'alerts@localhost' }, { webhook: { timeoutMs: 400, attempts: 3, backoffMs: 50, maxResponseBytes: 1024 } });

before(async () => {
  hooks = await startWebhookReceiver();
  smtp = await startSmtpListener();
  insights = await start();
  const stored = await api.post(url('/v2.1/track'), [exception(T('10:02'), 7), exception(T('10:03'), 7)]);
  assert.equal(stored.data.itemsAccepted, 2);
  await insights.queries.start(); // the parser's warm-up, so that timings below measure evaluation only
});
after(async () => {
  await insights.stop();
  await hooks.close();
  await smtp.close();
});

const group = (webhook: string) => ({
  groupShortName: 'oncall', enabled: true,
  emailReceivers: [{ name: 'me', emailAddress: 'me@example.test', useCommonAlertSchema: true }],
  webhookReceivers: [{ name: 'hook', serviceUri: webhook, useCommonAlertSchema: true }],
});
const paymentRule = (groups: string[]) => ({
  description: 'payments fail', severity: 2, enabled: true, evaluationFrequency: 'PT5M', windowSize: 'PT5M',
  criteria: { allOf: [{
    query: 'exceptions\n| where cloud_RoleName == "order-processing-app" and type == "PaymentFailed" and isnotempty(customDimensions.orderId)',
    timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
  }] },
  autoMitigate: true, actions: { actionGroups: groups },
});
const evaluate = (name: string, at: string) => api.post(url(`/api/alert-rules/${name}/evaluate`), { at });

// The common alert schema, as Microsoft documents it for a log search alert (alerts-common-schema).
const CommonAlertSchema = z.object({
  schemaId: z.literal('azureMonitorCommonAlertSchema'),
  data: z.object({
    essentials: z.object({
      alertId: z.string().min(1), alertRule: z.string(), severity: z.enum(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4']),
      signalType: z.literal('Log'), monitorCondition: z.enum(['Fired', 'Resolved']), monitoringService: z.literal('Log Alerts V2'),
      alertTargetIDs: z.array(z.string()).min(1), configurationItems: z.array(z.string()), originAlertId: z.string(),
      firedDateTime: z.iso.datetime(), resolvedDateTime: z.iso.datetime().optional(), description: z.string(),
      essentialsVersion: z.literal('1.0'), alertContextVersion: z.literal('1.0'),
    }).strict(),
    alertContext: z.object({
      conditionType: z.literal('LogQueryCriteria'),
      condition: z.object({
        windowSize: z.string(), windowStartTime: z.iso.datetime(), windowEndTime: z.iso.datetime(),
        allOf: z.array(z.object({
          searchQuery: z.string(), operator: z.string(), threshold: z.string(), timeAggregation: z.string(),
          metricValue: z.number().nullable(), dimensions: z.array(z.object({ name: z.string(), value: z.string() })),
          failingPeriods: z.object({ numberOfEvaluationPeriods: z.number(), minFailingPeriodsToAlert: z.number() }),
          linkToSearchResultsUI: z.url(), linkToSearchResultsAPI: z.url(),
        })).length(1),
      }),
    }),
    customProperties: z.null(),
  }),
});

test('a rule naming an action group that does not exist is refused, naming the field', async () => {
  const response = await api.put(url('/api/alert-rules/orphan'), paymentRule(['nobody']));
  assert.equal(response.status, 400);
  assert.match(response.data.error, /^actions\.actionGroups\[0\]: no action group named "nobody"/);
});

test('bad bodies are refused with 400 naming the field, and nothing is stored', async () => {
  const badRule = await api.put(url('/api/alert-rules/bad'), { ...paymentRule([]), evaluationFrequency: 'every 5 minutes' });
  assert.equal(badRule.status, 400);
  assert.match(badRule.data.error, /^evaluationFrequency: /);
  const badGroup = await api.put(url('/api/action-groups/bad'), { ...group(hooks.url()), emailReceivers: [{ name: 'x', emailAddress: 'not-an-address' }] });
  assert.match(badGroup.data.error, /^emailReceivers\[0\]\.emailAddress: must be an email address/);
  const outside = await api.put(url('/api/action-groups/bad'), group('http://192.0.2.10/hook'));
  assert.equal(outside.status, 400);
  assert.match(outside.data.error, /^webhookReceivers\[0\]\.serviceUri: 192\.0\.2\.10 is not a loopback address/);
  assert.equal((await api.get(url('/api/alert-rules/bad'))).status, 404);
  assert.equal((await api.get(url('/api/action-groups/bad'))).status, 404);
});

// Azure Resource Manager's error body, as Azure answers a rule it will not create.
const AzureError = z.object({ error: z.object({ code: z.literal('BadRequest'), message: z.string() }).strict() }).strict();
const METRIC_CRITERIA = 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria';
const metricRule = (windowSize: string, evaluationFrequency: string) => ({
  severity: 2, evaluationFrequency, windowSize,
  criteria: { 'odata.type': METRIC_CRITERIA, allOf: [{ query: 'customMetrics\n| where name == "database_space_used_percent"', timeAggregation: 'Maximum', metricMeasureColumn: 'value', operator: 'GreaterThan', threshold: 80 }] },
});

test('a window or frequency Azure does not accept is refused with 400 in Azure\'s error shape and words, for log search and metric rules alike, and nothing is stored', async () => {
  const refused = async (name: string, body: unknown, message: RegExp) => {
    const response = await api.put(url(`/api/alert-rules/${name}`), body);
    assert.equal(response.status, 400, `${name}: ${JSON.stringify(response.data)}`);
    const parsed = AzureError.safeParse(response.data);
    assert.ok(parsed.success, `${name}: ${JSON.stringify(response.data)}`);
    assert.match(parsed.data.error.message, message);
    assert.equal((await api.get(url(`/api/alert-rules/${name}`))).status, 404, `${name} was not stored`);
  };
  // Log search alerts: the granularities Azure lists when it refuses one.
  await refused('twenty-minutes', { ...paymentRule([]), windowSize: 'PT20M' }, /PT20M.*Supported granularities are: 1, 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440, 2880\b/);
  await refused('three-days', { ...paymentRule([]), windowSize: 'P3D' }, /Supported granularities are: /);
  await refused('every-twenty', { ...paymentRule([]), windowSize: 'PT30M', evaluationFrequency: 'PT20M' }, /PT20M.*Supported frequencies are: 1, 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440\b/);
  await refused('gaps', { ...paymentRule([]), windowSize: 'PT5M', evaluationFrequency: 'PT15M' }, /windowSize \(PT5M\) must be greater than or equal to evaluationFrequency \(PT15M\)/);
  // Metric alerts have their own, shorter lists, and a rule over more than four hours checks at most every five minutes.
  await refused('metric-ten', metricRule('PT10M', 'PT5M'), /PT10M.*metric alert.*PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D/);
  await refused('metric-every-ten', metricRule('PT30M', 'PT10M'), /PT10M.*metric alert.*PT1M, PT5M, PT15M, PT30M, PT1H\b/);
  await refused('metric-six-hours', metricRule('PT6H', 'PT1M'), /^Evaluation frequency must be greater than or equal to five minutes since the period is greater than four hours\./);
  // What Azure accepts is accepted: part 8's 10-minute window, a 15-minute one, and the Metrics page's rule.
  for (const [name, body] of [['ten', { ...paymentRule([]), windowSize: 'PT10M' }], ['fifteen', { ...paymentRule([]), windowSize: 'PT15M' }], ['metric-five', metricRule('PT5M', 'PT1M')]] as const) {
    const saved = await api.put(url(`/api/alert-rules/${name}`), body);
    assert.equal(saved.status, 201, `${name}: ${JSON.stringify(saved.data)}`);
    assert.equal((await api.delete(url(`/api/alert-rules/${name}`))).status, 204);
  }
});

test('part 6\'s rule: quiet before the broken order, fires after it, notifies by webhook and mail, resolves after three quiet evaluations', async () => {
  assert.equal((await api.put(url('/api/action-groups/oncall'), group(hooks.url()))).status, 201);
  const put = await api.put(url('/api/alert-rules/payments-fail'), paymentRule(['oncall']));
  assert.equal(put.status, 201);
  assert.equal(put.data.properties.windowSize, 'PT5M');

  const before = await evaluate('payments-fail', T('10:00'));
  assert.equal(before.status, 200);
  assert.deepEqual([before.data.status, before.data.fired, before.data.series[0].value], ['ok', [], 0]);

  const fired = await evaluate('payments-fail', T('10:05'));
  assert.equal(fired.data.fired.length, 1);
  assert.equal(fired.data.series[0].value, 2);
  // Still holding at 10:06 (window 10:01–10:06): a stateful alert does not fire again.
  assert.deepEqual((await evaluate('payments-fail', T('10:06'))).data.fired, []);

  await insights.alerts.notifier.idle();
  const [alert] = (await api.get(url('/api/alerts'))).data.value;
  assert.equal(alert.essentials.monitorCondition, 'Fired');
  assert.equal(alert.essentials.severity, 'Sev2');
  assert.equal(alert.context.value, 2);
  assert.equal(alert.context.result.totalRows, 2);
  assert.deepEqual(alert.deliveries.map((d: { kind: string; status: string }) => `${d.kind}:${d.status}`).sort(), ['email:delivered', 'webhook:delivered']);

  const hook = hooks.received.find((r) => r.path === '/ok');
  const payload = CommonAlertSchema.parse(hook?.body);
  assert.equal(payload.data.essentials.alertRule, 'payments-fail');
  assert.equal(payload.data.alertContext.condition.allOf[0]?.metricValue, 2);
  assert.equal(payload.data.alertContext.condition.windowStartTime, '2026-01-05T10:00:00.000Z');

  const [mail] = (await api.get(url('/api/outbox'))).data.value;
  assert.equal(mail.to, 'me@example.test');
  assert.equal(mail.subject, 'Fired:Sev2 Azure Monitor Alert payments-fail on local ( microsoft.insights/components ) at 2026-01-05T10:05:00.000Z');
  assert.match(mail.body, /Metric value: 2\n/);
  await waitFor(() => smtp.mails.length > 0, { deadlineMs: 5000, what: 'the alert mail at the SMTP listener' });
  assert.deepEqual(smtp.mails[0]?.to, ['me@example.test']);
  assert.match(smtp.mails[0]?.raw ?? '', /Subject: Fired:Sev2 Azure Monitor Alert payments-fail/);

  // Quiet windows from 10:10: resolved at the third quiet evaluation (frequency 5 minutes → three periods).
  assert.deepEqual((await evaluate('payments-fail', T('10:10'))).data.resolved, []);
  assert.deepEqual((await evaluate('payments-fail', T('10:15'))).data.resolved, []);
  assert.deepEqual((await evaluate('payments-fail', T('10:20'))).data.resolved, [alert.essentials.alertId]);
  await insights.alerts.notifier.idle();
  const after = (await api.get(url('/api/alerts'))).data.value[0];
  assert.deepEqual([after.essentials.monitorCondition, after.essentials.resolvedDateTime], ['Resolved', T('10:20')]);
  assert.ok(hooks.received.some((r) => CommonAlertSchema.safeParse(r.body).data?.data.essentials.monitorCondition === 'Resolved'));
});

test('a rule measuring an expression over aggregates (the original workshop\'s count(p) - count(q)) fires on its value', async () => {
  const rule = paymentRule([]);
  rule.criteria.allOf[0] = {
    ...rule.criteria.allOf[0],
    query: 'exceptions | summarize AggregatedValue = count(type == "PaymentFailed") - count(type == "Other") by bin(timestamp, 5m)',
    timeAggregation: 'Maximum', metricMeasureColumn: 'AggregatedValue', threshold: 1,
  } as (typeof rule.criteria.allOf)[0];
  assert.equal((await api.put(url('/api/alert-rules/expression-over-aggregates'), rule)).status, 201);
  // Window 10:00–10:05 holds both exceptions, in one 5-minute bin: 2 - 0 = 2, above 1.
  const result = await evaluate('expression-over-aggregates', T('10:05'));
  assert.deepEqual([result.data.status, result.data.series[0]?.value, result.data.fired.length], ['ok', 2, 1]);
});

test('a query that does not analyse marks the rule failing with the error, and fires nothing', async () => {
  const rule = paymentRule([]);
  rule.criteria.allOf[0] = { ...rule.criteria.allOf[0], query: 'exceptions | where nosuchcolumn > 1' } as (typeof rule.criteria.allOf)[0];
  assert.equal((await api.put(url('/api/alert-rules/broken-query'), rule)).status, 201);
  const result = await evaluate('broken-query', T('10:05'));
  assert.equal(result.data.status, 'failing');
  assert.match(result.data.error, /nosuchcolumn/);
  const shown = await api.get(url('/api/alert-rules/broken-query'));
  assert.equal(shown.data.lastEvaluation.status, 'failing');
  assert.equal((await api.get(url('/api/alerts?rule=broken-query'))).data.value.length, 0);
});

test('turns a rule missed are recorded on its next evaluation, ok or failing, and only on that one', async () => {
  assert.equal((await api.put(url('/api/alert-rules/behind'), paymentRule([]))).status, 201);
  const shown = async () => (await api.get(url('/api/alert-rules/behind'))).data.lastEvaluation;
  await insights.alerts.evaluator.evaluate('behind', new Date(T('10:05')), { skippedTurns: 2 });
  assert.deepEqual([(await shown()).status, (await shown()).skippedTurns], ['ok', 2]);
  await insights.alerts.evaluator.evaluate('behind', new Date(T('10:06')));
  assert.equal((await shown()).skippedTurns, undefined, 'an evaluation that missed nothing says nothing');
  const rule = paymentRule([]);
  rule.criteria.allOf[0] = { ...rule.criteria.allOf[0], query: 'exceptions | where nosuchcolumn > 1' } as (typeof rule.criteria.allOf)[0];
  assert.equal((await api.put(url('/api/alert-rules/behind'), rule)).status, 200);
  await insights.alerts.evaluator.evaluate('behind', new Date(T('10:07')), { skippedTurns: 1 });
  assert.deepEqual([(await shown()).status, (await shown()).skippedTurns], ['failing', 1]);
});

test('webhooks that fail, hang, redirect or answer too much are recorded as such', async () => {
  await api.put(url('/api/action-groups/bad-hooks'), {
    groupShortName: 'bad', emailReceivers: [],
    webhookReceivers: [
      ...(['fail-500', 'hang', 'redirect', 'huge'] as const).map((b) => ({ name: b, serviceUri: hooks.url(b), useCommonAlertSchema: true })),
      { name: 'down', serviceUri: `http://127.0.0.1:${await freePort()}/nobody-listens`, useCommonAlertSchema: true },
    ],
  });
  await api.put(url('/api/alert-rules/bad-hooks-rule'), paymentRule(['bad-hooks']));
  const result = await evaluate('bad-hooks-rule', T('10:05'));
  assert.equal(result.data.fired.length, 1);
  await insights.alerts.notifier.idle();
  const alert = (await api.get(url('/api/alerts?rule=bad-hooks-rule'))).data.value[0];
  const byName = Object.fromEntries(alert.deliveries.map((d: { receiver: string; status: string; error: string; attempts: number }) => [d.receiver, d]));
  assert.deepEqual([byName['fail-500'].status, byName['fail-500'].attempts], ['failed', 3]);
  assert.match(byName['fail-500'].error, /answered 500: receiver broken \(after 3 attempts\)/);
  assert.match(byName.hang.error, /no complete answer within 400 ms \(after 3 attempts\)/);
  assert.deepEqual([byName.down.status, byName.down.attempts], ['failed', 3]);
  assert.match(byName.down.error, /ECONNREFUSED.*\(after 3 attempts\)/);
  assert.deepEqual([byName.redirect.status, byName.redirect.attempts], ['failed', 1]);
  assert.match(byName.redirect.error, /webhooks do not follow redirects/);
  assert.equal(byName.huge.status, 'delivered', 'a big answer is cut at the cap, not waited for to the end');
  assert.equal(hooks.received.filter((r) => r.path === '/redirect').length, 1);
});

test('an evaluation answers while a webhook receiver still holds its request: notifications never hold up evaluation', async () => {
  // A receiver that answers only when told to, and a sender that would wait a minute for it.
  const held: http.ServerResponse[] = [];
  const receiver = http.createServer((req, res) => { req.resume(); held.push(res); });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  const patient = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('alerts-held'), 'telemetry.db') }, { webhook: { timeoutMs: 60_000, attempts: 1 } });
  try {
    await api.post(`${patient.url}/v2.1/track`, [exception(T('10:02'), 7)]);
    await api.put(`${patient.url}/api/action-groups/held`, { groupShortName: 'held', webhookReceivers: [{ name: 'held', serviceUri: `http://127.0.0.1:${port}/hook`, useCommonAlertSchema: true }] });
    await api.put(`${patient.url}/api/alert-rules/held-rule`, paymentRule(['held']));
    let answer: { fired: unknown[] } | null = null;
    void api.post(`${patient.url}/api/alert-rules/held-rule/evaluate`, { at: T('10:05') }).then((r) => { answer = r.data; }, () => undefined); // a failed call shows as no answer below
    await waitFor(() => held.length === 1, { deadlineMs: 30_000, what: 'the webhook to reach the receiver' });
    await waitFor(() => answer !== null, { deadlineMs: 30_000, what: 'the evaluation to answer while the receiver still holds the webhook' });
    assert.equal(answer!.fired.length, 1);
    const pending = (await api.get(`${patient.url}/api/alerts?rule=held-rule`)).data.value[0].deliveries;
    assert.deepEqual(pending.map((d: { status: string }) => d.status), ['pending'], 'the delivery is recorded, still under way');
    held[0]!.end('ok');
    await patient.alerts.notifier.idle();
    const delivered = (await api.get(`${patient.url}/api/alerts?rule=held-rule`)).data.value[0].deliveries;
    assert.deepEqual(delivered.map((d: { status: string }) => d.status), ['delivered']);
  } finally {
    for (const res of held) if (!res.writableEnded) res.end();
    await patient.stop();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

test('rules, action groups and alerts survive a restart, and a deleted rule is gone', async () => {
  await insights.stop();
  insights = await start();
  assert.equal((await api.get(url('/api/alert-rules/payments-fail'))).data.properties.severity, 2);
  assert.equal((await api.get(url('/api/action-groups/oncall'))).data.properties.groupShortName, 'oncall');
  assert.ok((await api.get(url('/api/alerts?rule=payments-fail'))).data.value.length >= 1);
  assert.equal((await api.delete(url('/api/action-groups/oncall'))).status, 409);
  assert.equal((await api.delete(url('/api/alert-rules/payments-fail'))).status, 204);
  assert.equal((await api.get(url('/api/alert-rules/payments-fail'))).status, 404);
  assert.equal((await evaluate('payments-fail', T('10:05'))).status, 404);
});

test('the scheduler evaluates an enabled rule every evaluationFrequency ÷ ALERT_TIME_SCALE, and leaves a disabled one alone', async () => {
  const scheduled = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('alerts-scheduled'), 'telemetry.db'), alertTimeScale: 60 });
  try {
    await scheduled.queries.start(); // the parser's warm-up first: the deadlines below are for the schedule, not for it
    await api.post(`${scheduled.url}/v2.1/track`, [exception(new Date().toISOString(), 9)]);
    const rule = { ...paymentRule([]), evaluationFrequency: 'PT1M' }; // every second at ALERT_TIME_SCALE=60
    assert.equal((await api.put(`${scheduled.url}/api/alert-rules/every-minute`, rule)).status, 201);
    assert.equal((await api.put(`${scheduled.url}/api/alert-rules/switched-off`, { ...rule, enabled: false })).status, 201);
    await waitFor(async () => (await api.get(`${scheduled.url}/api/alerts?rule=every-minute`)).data.value.length === 1, {
      deadlineMs: 15_000, what: 'the scheduled evaluation to fire the alert',
    });
    const first = (await api.get(`${scheduled.url}/api/alert-rules/every-minute`)).data.lastEvaluation.at;
    await waitFor(async () => (await api.get(`${scheduled.url}/api/alert-rules/every-minute`)).data.lastEvaluation.at !== first, {
      deadlineMs: 5_000, what: 'a second scheduled evaluation about a second later',
    });
    assert.equal((await api.get(`${scheduled.url}/api/alerts?rule=every-minute`)).data.value.length, 1, 'a stateful alert fires once while it holds');
    assert.equal((await api.get(`${scheduled.url}/api/alert-rules/switched-off`)).data.lastEvaluation, null);
  } finally {
    await scheduled.stop();
  }
});
