// Problems, notification rules and deployments over real HTTP, fed through the real ingestion
// route with exceptions whose stacks are real V8 stacks thrown here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import axios from 'axios';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { startInsights, type RunningInsights } from '../start-insights';
import { deliverPendingNotifications, serialDelivery, webhookPayload, type SendToActionGroup } from './notify';

let insights: RunningInsights;
before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('problems-api'), 't.db'), sourceUrl: 'https://github.com/you/repo' });
});
after(() => insights.stop());

const http = () => axios.create({ baseURL: insights.url, validateStatus: () => true });

function raise(kind: string): string {
  const error = new Error(`order ${Math.floor(Math.random() * 1000)} failed: ${kind}`);
  error.name = kind;
  return error.stack ?? '';
}
const fromJob = (kind: string) => raise(kind);
const fromIntake = (kind: string) => raise(kind);

let clock = Date.parse('2026-01-01T10:00:00Z');
const exception = (type: string, stack: string, version = '1.0.0+aaa111', role = 'order-processing-app', itemCount = 1) => ({
  name: 'Microsoft.ApplicationInsights.Exception', time: new Date(clock += 1000).toISOString(), sampleRate: 100 / itemCount,
  tags: { 'ai.cloud.role': role, 'ai.application.ver': version },
  data: { baseType: 'ExceptionData', baseData: { exceptions: [{ typeName: type, message: (stack.split('\n')[0] ?? '').replace(`${type}: `, ''), stack }], severityLevel: 'Error', properties: { orderId: '7' } } },
});
async function send(...envelopes: unknown[]): Promise<void> {
  const response = await http().post('/v2.1/track', JSON.stringify(envelopes), { headers: { 'Content-Type': 'application/json' } });
  assert.equal(response.status, 200, JSON.stringify(response.data));
}
const problems = async (): Promise<Array<Record<string, unknown> & { fingerprint: string; title: string; count: number; state: string }>> => (await http().get('/api/problems')).data;
const problemTitled = async (type: string) => {
  const found = (await problems()).filter((p) => p.title.startsWith(`${type}:`));
  assert.equal(found.length, 1, `one problem for ${type}`);
  return found[0]!;
};
const events = async (rule: string): Promise<Array<{ trigger: string; key: string; delivered: boolean; actionGroups: string[]; problem: { count: number } | null }>> =>
  (await http().get('/api/notification-events')).data.filter((e: { rule: string }) => e.rule === rule).reverse();
const putRule = async (name: string, body: unknown) => http().put(`/api/notification-rules/${name}`, body);

test('a first exception makes a problem with the SPEC\'s fields and records one "new" notification event', async () => {
  assert.equal((await putRule('tell-new', { trigger: 'new', filters: {}, actionGroups: ['ops'] })).status, 201);
  await send(exception('BrandNewError', fromJob('BrandNewError')));
  const p = await problemTitled('BrandNewError');
  assert.deepEqual(Object.keys(p).slice(0, 11), ['fingerprint', 'problemId', 'title', 'type', 'count', 'firstSeen', 'lastSeen', 'firstVersion', 'versions', 'state', 'resolvedInVersion']);
  assert.deepEqual([p.count, p.state, p.firstVersion, p.versions, p.problemId, p.title], [1, 'active', '1.0.0+aaa111', ['1.0.0+aaa111'], 'BrandNewError at raise', 'BrandNewError: order # failed: BrandNewError']);
  const recorded = (await events('tell-new')).filter((e) => e.trigger === 'new');
  assert.equal(recorded.length, 1);
  assert.deepEqual([recorded[0]?.delivered, recorded[0]?.actionGroups], [false, ['ops']]);
});

test('the 10th and 100th occurrences notify exactly once each', async () => {
  await putRule('tenfold', { trigger: 'occurrences10n', filters: { title: 'tenfold' }, actionGroups: ['ops'] });
  for (let i = 0; i < 120; i += 15) await send(...Array.from({ length: 15 }, () => exception('TenfoldError', fromJob('TenfoldError'))));
  assert.equal((await problemTitled('TenfoldError')).count, 120);
  assert.deepEqual((await events('tenfold')).map((e) => [e.key, e.problem?.count]), [['occurrences10n:10', 10], ['occurrences10n:100', 100]]);
});

test('one class from two call paths is two problems; a filter on the file or role picks what it names', async () => {
  await putRule('only-finance', { trigger: 'new', filters: { cloudRoleName: 'order-processing-finance-package' }, actionGroups: ['ops'] });
  await send(exception('TwoPathsError', fromJob('TwoPathsError')), exception('TwoPathsError', fromIntake('TwoPathsError'), '1.0.0', 'order-processing-finance-package'));
  const both = (await problems()).filter((p) => p.title.startsWith('TwoPathsError:'));
  assert.equal(both.length, 2);
  assert.deepEqual((await events('only-finance')).map((e) => e.trigger), ['new']);
});

test('resolve, then a recurrence, notifies "reactivated" once; resolved in a later version, an older version\'s recurrence does not', async () => {
  await putRule('comebacks', { trigger: 'reactivated', filters: { title: 'ComebackError' }, actionGroups: ['ops'] });
  await putRule('resolutions', { trigger: 'resolved', filters: { title: 'ComebackError', severityLevel: 3 }, actionGroups: ['ops'] });
  const stack = fromJob('ComebackError');
  await send(exception('ComebackError', stack));
  const { fingerprint } = await problemTitled('ComebackError');
  assert.equal((await http().post(`/api/problems/${fingerprint}/resolve`, {})).data.state, 'resolved');
  await send(exception('ComebackError', stack), exception('ComebackError', stack));
  assert.equal((await problemTitled('ComebackError')).state, 'active');
  assert.deepEqual((await events('comebacks')).map((e) => e.key), ['reactivated:1']);

  const resolved = (await http().post(`/api/problems/${fingerprint}/resolve`, { inVersion: '1.1.0' })).data;
  assert.deepEqual([resolved.state, resolved.resolvedInVersion], ['resolved', '1.1.0']);
  await send(exception('ComebackError', stack, '1.0.0+aaa111'));
  assert.equal((await problemTitled('ComebackError')).state, 'resolved', 'the old build still running is not a comeback');
  assert.deepEqual((await events('comebacks')).map((e) => e.key), ['reactivated:1']);
  await send(exception('ComebackError', stack, '1.1.0+bbb222'));
  assert.deepEqual((await events('comebacks')).map((e) => e.key), ['reactivated:1', 'reactivated:2']);
  assert.deepEqual((await events('resolutions')).map((e) => e.key), ['resolved:1', 'resolved:2']);
});

test('reopen and mute change the state; a muted problem notifies nothing', async () => {
  await putRule('reopenings', { trigger: 'reopened', filters: { title: 'MutedError' }, actionGroups: ['ops'] });
  await putRule('muted-new', { trigger: 'reactivated', filters: { title: 'MutedError' }, actionGroups: ['ops'] });
  const stack = fromJob('MutedError');
  await send(exception('MutedError', stack));
  const { fingerprint } = await problemTitled('MutedError');
  assert.equal((await http().post(`/api/problems/${fingerprint}/mute`)).data.state, 'muted');
  await send(exception('MutedError', stack));
  assert.equal((await problemTitled('MutedError')).count, 2);
  assert.equal((await http().post(`/api/problems/${fingerprint}/reopen`)).data.state, 'active');
  assert.deepEqual((await events('reopenings')).map((e) => e.key), ['reopened:1']);
  assert.deepEqual(await events('muted-new'), []);
});

test('a recorded deployment marks the problem that first appears after it, and notifies deploy rules once', async () => {
  await putRule('deploys', { trigger: 'deploy', actionGroups: ['ops'] });
  const recorded = await http().post('/api/deployments', { version: '2.0.0+ccc333', environment: 'production', time: new Date(clock).toISOString() });
  assert.equal(recorded.status, 201);
  assert.equal(recorded.data.commit, 'ccc333');
  await send(exception('AfterDeployError', fromJob('AfterDeployError'), '2.0.0+ccc333'));
  const p = await problemTitled('AfterDeployError');
  assert.equal((p.suspectedDeploy as { id: number }).id, recorded.data.id);
  const releases = (await http().get('/api/deployments')).data;
  assert.deepEqual(releases[0].newProblems.map((n: { title: string }) => n.title), [p.title]);
  assert.deepEqual((await events('deploys')).map((e) => e.key), [`deploy:${recorded.data.id}`]);
  assert.equal((await problemTitled('BrandNewError')).suspectedDeploy, null, 'a problem older than every deployment has none');
});

test('a problem\'s page data has its latest stack, in-app frames linked to the source at the commit that ran', async () => {
  await send(exception('LinkedError', 'LinkedError: x\n    at payOrder (/home/site/wwwroot/app/orders/payment-job.ts:42:7)\n    at next (/home/site/wwwroot/node_modules/express/lib/router/layer.js:9:1)', '0.1.0+abc123def456'));
  const { fingerprint } = await problemTitled('LinkedError');
  const detail = (await http().get(`/api/problems/${fingerprint}`)).data;
  assert.deepEqual(detail.latest.frames.map((f: { link: string | null }) => f.link), ['https://github.com/you/repo/blob/abc123def456/app/orders/payment-job.ts#L42', null]);
  assert.deepEqual(detail.latest.customDimensions, { orderId: '7' });
  assert.deepEqual(detail.occurrencesByVersion, [{ version: '0.1.0+abc123def456', count: 1 }]);
  assert.equal((await http().get('/api/problems/0000')).status, 404);
});

test('bad input is a 400 naming the field', async () => {
  const cases: Array<[Promise<{ status: number; data: { error: string } }>, RegExp]> = [
    [putRule('bad', { trigger: 'sometimes', actionGroups: ['ops'] }), /^trigger:/],
    [putRule('bad', { trigger: 'new', filters: { severityLevel: 9 }, actionGroups: ['ops'] }), /^filters\.severityLevel:/],
    [putRule('bad', { trigger: 'new', filters: { colour: 'red' }, actionGroups: ['ops'] }), /colour/],
    [putRule('bad', { trigger: 'new', actionGroups: [] }), /^actionGroups:/],
    [putRule('bad', { trigger: 'deploy', filters: { title: 'x' }, actionGroups: ['ops'] }), /^filters:/],
    [http().post('/api/deployments', { commit: 'abc' }), /^version:/],
    [http().post('/api/deployments', { version: '1', time: 'yesterday' }), /^time:/],
    [http().post('/api/deployments', '{not json', { headers: { 'Content-Type': 'application/json' } }), /^body:/],
  ];
  for (const [call, message] of cases) {
    const response = await call;
    assert.equal(response.status, 400, JSON.stringify(response.data));
    assert.match(response.data.error, message);
  }
  const { fingerprint } = await problemTitled('BrandNewError');
  assert.match((await http().post(`/api/problems/${fingerprint}/resolve`, { inVersion: '' })).data.error, /^inVersion:/);
  assert.equal((await http().get('/api/notification-rules/bad')).status, 404, 'a refused rule is not stored');
});

test('notification rules are put, read and deleted by name', async () => {
  const rule = { trigger: 'resolved', filters: { file: 'payment-job' }, actionGroups: ['ops', 'mail'] };
  assert.equal((await putRule('crud', rule)).status, 201);
  assert.equal((await putRule('crud', rule)).status, 200);
  assert.deepEqual((await http().get('/api/notification-rules/crud')).data, { name: 'crud', ...rule });
  assert.equal((await http().delete('/api/notification-rules/crud')).status, 204);
  assert.equal((await http().get('/api/notification-rules/crud')).status, 404);
});

test('the webhook payload has the SPEC\'s shape, and delivery sends each pending event to each action group once', async () => {
  const [event] = await events('tell-new');
  assert.ok(event);
  const payload = webhookPayload(event as never);
  assert.deepEqual(Object.keys(payload), ['trigger', 'problem', 'occurrence']);
  assert.deepEqual(Object.keys(payload.problem as object), ['fingerprint', 'problemId', 'title', 'count', 'firstSeen', 'lastSeen', 'state', 'versions']);
  assert.deepEqual(Object.keys(payload.occurrence as object), ['timestamp', 'version', 'cloudRoleName', 'outerMessage']);
  assert.deepEqual(webhookPayload({ trigger: 'resolved', problem: (event as never as { problem: never }).problem, occurrence: null, deployment: null }).occurrence, undefined);

  const sent: Array<[string, string]> = [];
  const send: SendToActionGroup = async (group, message) => {
    sent.push([group, String(message.webhook.trigger)]);
    return [{ receiver: `${group}-hook`, kind: 'webhook', status: 'sent' }];
  };
  const pending = (await http().get('/api/notification-events')).data.filter((e: { delivered: boolean }) => !e.delivered).length;
  const first = await deliverPendingNotifications(insights.problems, send);
  assert.equal(first.size, pending);
  assert.ok(sent.some(([group, trigger]) => group === 'ops' && trigger === 'new'));
  assert.equal((await deliverPendingNotifications(insights.problems, send)).size, 0, 'delivered events are not sent again');
  assert.ok((await http().get('/api/notification-events')).data.every((e: { delivered: boolean }) => e.delivered));
});

test('deliveries asked for at the same time send each event once', async () => {
  await putRule('serial', { trigger: 'new', filters: { title: 'SerialError' }, actionGroups: ['ops'] });
  await send(exception('SerialError', fromJob('SerialError')));
  const sent: string[] = [];
  const deliver = serialDelivery(insights.problems, async (group, message) => {
    await new Promise((resolve) => setImmediate(resolve)); // a receiver takes a moment to answer
    sent.push(String((message.webhook.problem as { title: string }).title));
    return [{ receiver: group, kind: 'webhook', status: 'sent' }];
  });
  const pending = (await http().get('/api/notification-events')).data.filter((e: { delivered: boolean }) => !e.delivered).length;
  assert.ok(pending >= 2, 'the SerialError problem is news to two rules');
  await Promise.all([deliver(), deliver(), deliver()]);
  assert.equal(sent.length, pending, 'each pending event sent once, whoever asked');
});
