// Problems, notification rules and deployments over real HTTP, fed through the real ingestion
// route with exceptions whose stacks are real V8 stacks thrown here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import axios from 'axios';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { startInsights, type RunningInsights } from '../start-insights';
import { webhookPayload } from './notify';
import { waitFor } from '../../tests/helpers/wait-for';

let insights: RunningInsights;
// A real loopback webhook receiver behind the action group `ops`: notifications reach it for real.
const received: Array<Record<string, unknown>> = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push(JSON.parse(body) as Record<string, unknown>);
    res.writeHead(200).end('ok');
  });
});
before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('problems-api'), 't.db'), sourceUrl: 'https://github.com/you/repo' });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  const group = await api().put('/api/action-groups/ops', {
    groupShortName: 'ops', enabled: true, emailReceivers: [], webhookReceivers: [{ name: 'hook', serviceUri: `http://127.0.0.1:${port}/problems`, useCommonAlertSchema: true }],
  });
  assert.ok(group.status < 300, JSON.stringify(group.data));
});
after(async () => {
  await insights.stop();
  receiver.close();
});

const api = () => axios.create({ baseURL: insights.url, validateStatus: () => true });

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
  const response = await api().post('/v2.1/track', JSON.stringify(envelopes), { headers: { 'Content-Type': 'application/json' } });
  assert.equal(response.status, 200, JSON.stringify(response.data));
}
const problems = async (): Promise<Array<Record<string, unknown> & { fingerprint: string; title: string; count: number; state: string }>> => (await api().get('/api/problems')).data;
const problemTitled = async (type: string) => {
  const found = (await problems()).filter((p) => p.title.startsWith(`${type}:`));
  assert.equal(found.length, 1, `one problem for ${type}`);
  return found[0]!;
};
const events = async (rule: string): Promise<Array<{ trigger: string; key: string; delivered: boolean; actionGroups: string[]; problem: { count: number } | null }>> =>
  (await api().get('/api/notification-events')).data.filter((e: { rule: string }) => e.rule === rule).reverse();
const putRule = async (name: string, body: unknown) => api().put(`/api/notification-rules/${name}`, body);

test('a first exception makes an active problem whose fields come in the order docs/http-api.md lists, and records one "new" notification event', async () => {
  assert.equal((await putRule('tell-new', { trigger: 'new', filters: {}, actionGroups: ['ops'] })).status, 201);
  await send(exception('BrandNewError', fromJob('BrandNewError')));
  const p = await problemTitled('BrandNewError');
  assert.deepEqual(Object.keys(p).slice(0, 11), ['fingerprint', 'problemId', 'title', 'type', 'count', 'firstSeen', 'lastSeen', 'firstVersion', 'versions', 'state', 'resolvedInVersion']);
  assert.deepEqual([p.count, p.state, p.firstVersion, p.versions, p.problemId, p.title], [1, 'active', '1.0.0+aaa111', ['1.0.0+aaa111'], 'BrandNewError at raise', 'BrandNewError: order # failed: BrandNewError']);
  const recorded = (await events('tell-new')).filter((e) => e.trigger === 'new');
  assert.equal(recorded.length, 1);
  assert.deepEqual(recorded[0]?.actionGroups, ['ops']);
  await waitFor(async () => (await events('tell-new'))[0]?.delivered === true, { deadlineMs: 10_000, what: 'the event to be sent to its action group' });
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
  assert.equal((await api().post(`/api/problems/${fingerprint}/resolve`, {})).data.state, 'resolved');
  await send(exception('ComebackError', stack), exception('ComebackError', stack));
  assert.equal((await problemTitled('ComebackError')).state, 'active');
  assert.deepEqual((await events('comebacks')).map((e) => e.key), ['reactivated:1']);

  const resolved = (await api().post(`/api/problems/${fingerprint}/resolve`, { inVersion: '1.1.0' })).data;
  assert.deepEqual([resolved.state, resolved.resolvedInVersion], ['resolved', '1.1.0']);
  await send(exception('ComebackError', stack, '1.0.0+aaa111'));
  assert.equal((await problemTitled('ComebackError')).state, 'resolved', 'the old build still running is not a comeback');
  assert.deepEqual((await events('comebacks')).map((e) => e.key), ['reactivated:1']);
  await send(exception('ComebackError', stack, '1.1.0+bbb222'));
  assert.deepEqual((await events('comebacks')).map((e) => e.key), ['reactivated:1', 'reactivated:2']);
  const back = await problemTitled('ComebackError');
  assert.deepEqual([back.state, back.resolvedInVersion], ['active', null], 'back, it is no longer resolved in 1.1.0');
  assert.deepEqual((await events('resolutions')).map((e) => e.key), ['resolved:1', 'resolved:2']);
});

test('reopen and mute change the state; a muted problem notifies nothing', async () => {
  await putRule('reopenings', { trigger: 'reopened', filters: { title: 'MutedError' }, actionGroups: ['ops'] });
  await putRule('muted-new', { trigger: 'reactivated', filters: { title: 'MutedError' }, actionGroups: ['ops'] });
  const stack = fromJob('MutedError');
  await send(exception('MutedError', stack));
  const { fingerprint } = await problemTitled('MutedError');
  assert.equal((await api().post(`/api/problems/${fingerprint}/mute`)).data.state, 'muted');
  await send(exception('MutedError', stack));
  assert.equal((await problemTitled('MutedError')).count, 2);
  assert.equal((await api().post(`/api/problems/${fingerprint}/reopen`)).data.state, 'active');
  assert.deepEqual((await events('reopenings')).map((e) => e.key), ['reopened:1']);
  assert.deepEqual(await events('muted-new'), []);
});

test('a recorded deployment marks the problem that first appears after it, and notifies deploy rules once', async () => {
  await putRule('deploys', { trigger: 'deploy', actionGroups: ['ops'] });
  const recorded = await api().post('/api/deployments', { version: '2.0.0+ccc333', environment: 'production', time: new Date(clock).toISOString() });
  assert.equal(recorded.status, 201);
  assert.equal(recorded.data.commit, 'ccc333');
  await send(exception('AfterDeployError', fromJob('AfterDeployError'), '2.0.0+ccc333'));
  const p = await problemTitled('AfterDeployError');
  assert.equal((p.suspectedDeploy as { id: number }).id, recorded.data.id);
  const releases = (await api().get('/api/deployments')).data;
  assert.deepEqual(releases[0].newProblems.map((n: { title: string }) => n.title), [p.title]);
  assert.deepEqual((await events('deploys')).map((e) => e.key), [`deploy:${recorded.data.id}`]);
  assert.equal((await problemTitled('BrandNewError')).suspectedDeploy, null, 'a problem older than every deployment has none');
});

test('a problem\'s page data has its latest stack, in-app frames linked to the source at the commit that ran', async () => {
  await send(exception('LinkedError', 'LinkedError: x\n    at payOrder (/home/site/wwwroot/app/orders/payment-job.ts:42:7)\n    at next (/home/site/wwwroot/node_modules/express/lib/router/layer.js:9:1)', '0.1.0+abc123def456'));
  const { fingerprint } = await problemTitled('LinkedError');
  const detail = (await api().get(`/api/problems/${fingerprint}`)).data;
  assert.deepEqual(detail.latest.frames.map((f: { link: string | null }) => f.link), ['https://github.com/you/repo/blob/abc123def456/app/orders/payment-job.ts#L42', null]);
  assert.deepEqual(detail.latest.customDimensions, { orderId: '7' });
  assert.deepEqual(detail.occurrencesByVersion, [{ version: '0.1.0+abc123def456', count: 1 }]);
  assert.equal((await api().get('/api/problems/0000')).status, 404);
});

test('bad input is a 400 naming the field', async () => {
  const cases: Array<[Promise<{ status: number; data: { error: string } }>, RegExp]> = [
    [putRule('bad', { trigger: 'sometimes', actionGroups: ['ops'] }), /^trigger:/],
    [putRule('bad', { trigger: 'new', filters: { severityLevel: 9 }, actionGroups: ['ops'] }), /^filters\.severityLevel:/],
    [putRule('bad', { trigger: 'new', filters: { colour: 'red' }, actionGroups: ['ops'] }), /colour/],
    [putRule('bad', { trigger: 'new', actionGroups: [] }), /^actionGroups:/],
    [putRule('bad', { trigger: 'deploy', filters: { title: 'x' }, actionGroups: ['ops'] }), /^filters:/],
    [api().post('/api/deployments', { commit: 'abc' }), /^version:/],
    [api().post('/api/deployments', { version: '1', time: 'yesterday' }), /^time:/],
    [api().post('/api/deployments', '{not json', { headers: { 'Content-Type': 'application/json' } }), /^body:/],
  ];
  for (const [call, message] of cases) {
    const response = await call;
    assert.equal(response.status, 400, JSON.stringify(response.data));
    assert.match(response.data.error, message);
  }
  const { fingerprint } = await problemTitled('BrandNewError');
  assert.match((await api().post(`/api/problems/${fingerprint}/resolve`, { inVersion: '' })).data.error, /^inVersion:/);
  assert.equal((await api().get('/api/notification-rules/bad')).status, 404, 'a refused rule is not stored');
});

test('notification rules are put, read and deleted by name', async () => {
  const rule = { trigger: 'resolved', filters: { file: 'payment-job' }, actionGroups: ['ops', 'mail'] };
  assert.equal((await putRule('crud', rule)).status, 201);
  assert.equal((await putRule('crud', rule)).status, 200);
  assert.deepEqual((await api().get('/api/notification-rules/crud')).data, { name: 'crud', ...rule });
  assert.equal((await api().delete('/api/notification-rules/crud')).status, 204);
  assert.equal((await api().get('/api/notification-rules/crud')).status, 404);
});

test('the webhook receives trigger, problem (fingerprint to versions) and occurrence (timestamp to outerMessage), each event once', async () => {
  const [event] = await events('tell-new');
  assert.ok(event);
  assert.deepEqual(webhookPayload({ trigger: 'resolved', problem: (event as never as { problem: never }).problem, occurrence: null, deployment: null }).occurrence, undefined);
  const forBrandNew = () => received.filter((body) => body.trigger === 'new' && String((body.problem as { title?: string } | undefined)?.title).startsWith('BrandNewError'));
  await waitFor(() => forBrandNew().length > 0, { deadlineMs: 10_000, what: 'the webhook to receive the "new" notification' });
  const [payload] = forBrandNew();
  assert.deepEqual(Object.keys(payload ?? {}), ['trigger', 'problem', 'occurrence']);
  assert.deepEqual(Object.keys(payload?.problem as object), ['fingerprint', 'problemId', 'title', 'count', 'firstSeen', 'lastSeen', 'state', 'versions']);
  assert.deepEqual(Object.keys(payload?.occurrence as object), ['timestamp', 'version', 'cloudRoleName', 'outerMessage']);
  await new Promise((resolve) => setTimeout(resolve, 2500)); // two more delivery sweeps
  assert.equal(forBrandNew().length, 1, 'sent once, not again at the next sweep');
});

test('events recorded at the same moment, delivered after each batch and by the sweep at once, reach the webhook once each', async () => {
  await putRule('serial', { trigger: 'new', filters: { title: 'SerialError' }, actionGroups: ['ops'] });
  await send(exception('SerialError', fromJob('SerialError')));
  const allEvents: Array<{ problem: { title?: string } | null }> = (await api().get('/api/notification-events')).data;
  const pending = allEvents.filter((e) => String(e.problem?.title).startsWith('SerialError')).length;
  assert.ok(pending >= 2, 'the SerialError problem is news to two rules');
  const forSerial = () => received.filter((body) => String((body.problem as { title?: string } | undefined)?.title).startsWith('SerialError'));
  await waitFor(() => forSerial().length >= pending, { deadlineMs: 10_000, what: 'both notifications to arrive' });
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(forSerial().length, pending, 'each event sent once, whoever asked');
});
