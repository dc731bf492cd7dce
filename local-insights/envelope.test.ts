// The mapping of one Application Insights envelope to its table row, without a server: the columns a
// learner queries with KQL, and the reasons a bad envelope is refused (the ingestion endpoint sends them back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapEnvelope, parseDuration, performanceBucket, performanceCounterName } from './envelope';

const envelope = (baseType: string, baseData: Record<string, unknown>, tags: Record<string, string> = {}) => ({
  name: `Microsoft.ApplicationInsights.${baseType}`, time: '2024-05-01T10:00:00.000Z', tags, data: { baseType, baseData },
});
const row = (baseType: string, baseData: Record<string, unknown>) => mapEnvelope(envelope(baseType, baseData)).row;

test('durations: days, hours, minutes, seconds and any number of fraction digits', () => {
  assert.equal(parseDuration('00:00:01'), 1000);
  assert.equal(parseDuration('01:02:03'), 3_723_000);
  assert.equal(parseDuration('1:00:00'), 3_600_000);
  assert.equal(parseDuration('00:00:00.1234567'), 123.457);
  assert.equal(parseDuration('2.03:00:00'), 2 * 86_400_000 + 3 * 3_600_000);
  assert.equal(parseDuration('10.00:00:00.5'), 864_000_500);
});

test('a duration must be the whole text, and a bad one is refused with the text it was given', () => {
  for (const text of ['x00:00:01', '00:00:01x', '00:00:01.', '00:00', '0.5s', '']) {
    assert.throws(() => parseDuration(text), { message: `not a duration: ${text}` }, JSON.stringify(text));
  }
});

test('performanceBucket bands a duration as the portal does, each limit starting the next band', () => {
  const bands: Array<[number, string]> = [
    [0, '<250ms'], [249.9, '<250ms'], [250, '250ms-500ms'], [500, '500ms-1sec'], [1000, '1sec-3sec'], [3000, '3sec-7sec'],
    [7000, '7sec-15sec'], [15_000, '15sec-30sec'], [30_000, '30sec-1min'], [60_000, '1min-2min'], [120_000, '2min-5min'],
    [299_999, '2min-5min'], [300_000, '>=5min'], [86_400_000, '>=5min'],
  ];
  assert.deepEqual(bands.map(([ms]) => [ms, performanceBucket(ms)]), bands);
});

test('every context tag lands in its classic column', () => {
  const tags = {
    'ai.operation.id': 'op', 'ai.operation.parentId': 'parent', 'ai.operation.name': 'POST /new', 'ai.operation.syntheticSource': 'bot',
    'ai.session.id': 'session', 'ai.user.id': 'user', 'ai.user.authUserId': 'auth', 'ai.user.accountId': 'account', 'ai.device.type': 'PC',
    'ai.device.model': 'model', 'ai.device.osVersion': 'Linux', 'ai.location.ip': '10.0.0.1', 'ai.location.city': 'London',
    'ai.location.province': 'England', 'ai.location.country': 'United Kingdom', 'ai.cloud.role': 'app', 'ai.cloud.roleInstance': 'host-1',
    'ai.application.ver': '1.2.3', 'ai.internal.sdkVersion': 'node:3', 'ai.unknown': 'ignored',
  };
  const mapped = mapEnvelope(envelope('EventData', { name: 'seeded' }, tags)).row;
  assert.deepEqual(mapped, {
    timestamp: '2024-05-01T10:00:00.000Z', itemCount: 1, itemType: 'customEvent',
    operation_Id: 'op', operation_ParentId: 'parent', operation_Name: 'POST /new', operation_SyntheticSource: 'bot', session_Id: 'session',
    user_Id: 'user', user_AuthenticatedId: 'auth', user_AccountId: 'account', client_Type: 'PC', client_Model: 'model', client_OS: 'Linux',
    client_IP: '10.0.0.1', client_City: 'London', client_StateOrProvince: 'England', client_CountryOrRegion: 'United Kingdom',
    cloud_RoleName: 'app', cloud_RoleInstance: 'host-1', application_Version: '1.2.3', sdkVersion: 'node:3',
    name: 'seeded', customDimensions: null, customMeasurements: null,
  });
});

test('a custom event keeps its properties and measurements as JSON', () => {
  const mapped = row('EventData', { name: 'seeded', properties: { orders: '3' }, measurements: { seconds: 1.5 } });
  assert.deepEqual([mapped.itemType, mapped.name, mapped.customDimensions, mapped.customMeasurements], ['customEvent', 'seeded', '{"orders":"3"}', '{"seconds":1.5}']);
});

test('a trace keeps its measurements, as the exporter\'s MessageData carries them (classic customMeasurements, workspace Measurements)', () => {
  const mapped = row('MessageData', { message: 'payment attempt', properties: { orderId: '2' }, measurements: { attempt: 2 } });
  assert.deepEqual([mapped.customDimensions, mapped.customMeasurements], ['{"orderId":"2"}', '{"attempt":2}']);
  assert.equal(row('MessageData', { message: 'm' }).customMeasurements, null);
});

test('a dependency call has all its columns, and counts as successful unless it says otherwise', () => {
  const mapped = mapEnvelope(envelope('RemoteDependencyData', { id: 'd1', name: 'POST /ProcessPayment', data: 'http://finance/ProcessPayment',
    target: 'finance', type: 'HTTP', duration: '00:00:00.600', resultCode: '400', success: false, properties: { orderId: '7' }, measurements: { tries: 1 } }));
  assert.equal(mapped.table, 'dependencies');
  assert.deepEqual(Object.fromEntries(Object.entries(mapped.row).filter(([column]) => !/^(operation|session|user|client|cloud|application|sdk)/.test(column))), {
    timestamp: '2024-05-01T10:00:00.000Z', itemCount: 1, itemType: 'dependency', id: 'd1', name: 'POST /ProcessPayment',
    data: 'http://finance/ProcessPayment', target: 'finance', type: 'HTTP', success: 0, resultCode: '400', duration: 600,
    performanceBucket: '500ms-1sec', customDimensions: '{"orderId":"7"}', customMeasurements: '{"tries":1}',
  });
  const minimal = row('RemoteDependencyData', { name: 'SELECT', duration: '00:00:00.001' });
  assert.deepEqual([minimal.id, minimal.data, minimal.target, minimal.type, minimal.resultCode, minimal.success], [null, null, null, null, null, 1]);
  assert.equal(row('RemoteDependencyData', { name: 'SELECT', duration: '00:00:00.001', success: true }).success, 1);
});

test('a request that failed is stored with success 0', () => {
  assert.equal(row('RequestData', { duration: '00:00:00.001', responseCode: '500', success: false }).success, 0);
});

test('severity levels by name; a trace is Information and an exception Error unless they say otherwise', () => {
  const levels = ['Verbose', 'Information', 'Warning', 'Error', 'Critical'].map((severityLevel) => row('MessageData', { message: 'm', severityLevel }).severityLevel);
  assert.deepEqual(levels, [0, 1, 2, 3, 4]);
  assert.equal(row('MessageData', { message: 'm' }).severityLevel, 1);
  assert.equal(row('MessageData', { message: 'm', severityLevel: 'Loud' }).severityLevel, 1);
  const exception = { exceptions: [{ typeName: 'E', message: 'm' }] };
  assert.equal(row('ExceptionData', exception).severityLevel, 3);
  assert.equal(row('ExceptionData', { ...exception, severityLevel: 'Critical' }).severityLevel, 4);
  assert.equal(row('ExceptionData', { ...exception, severityLevel: 'Loud' }).severityLevel, 3);
  assert.equal(row('MessageData', { message: 'm', properties: { a: 1 } }).customDimensions, '{"a":1}');
});

test('an exception with causes: outer and innermost columns, with the method and assembly of each parsed stack', () => {
  const exceptions = [
    { typeName: 'PaymentFailed', message: 'order 3', parsedStack: [{ method: 'payOrder', assembly: 'app' }, { method: 'tick', assembly: 'app' }] },
    { typeName: 'AxiosError', message: 'timeout', parsedStack: [{ method: 'request', assembly: 'axios' }] },
  ];
  const mapped = row('ExceptionData', { exceptions, problemId: 'sent-problem', properties: { orderId: '3' } });
  assert.deepEqual({
    type: mapped.type, message: mapped.message, assembly: mapped.assembly, method: mapped.method, outerType: mapped.outerType,
    outerMessage: mapped.outerMessage, outerAssembly: mapped.outerAssembly, outerMethod: mapped.outerMethod, innermostType: mapped.innermostType,
    innermostMessage: mapped.innermostMessage, innermostAssembly: mapped.innermostAssembly, innermostMethod: mapped.innermostMethod,
    problemId: mapped.problemId, details: mapped.details, customDimensions: mapped.customDimensions,
  }, {
    type: 'PaymentFailed', message: 'order 3', assembly: 'app', method: 'payOrder', outerType: 'PaymentFailed', outerMessage: 'order 3',
    outerAssembly: 'app', outerMethod: 'payOrder', innermostType: 'AxiosError', innermostMessage: 'timeout', innermostAssembly: 'axios',
    innermostMethod: 'request', problemId: 'sent-problem', details: JSON.stringify(exceptions), customDimensions: '{"orderId":"3"}',
  });
  const bare = row('ExceptionData', { exceptions: [{ typeName: 'E', message: 'm' }] });
  assert.deepEqual([bare.method, bare.assembly, bare.innermostMethod, bare.innermostAssembly], [null, null, null, null]);
});

test('a custom metric with its aggregate, or a single value standing for all of them', () => {
  const aggregate = row('MetricData', { metrics: [{ name: 'queue_length', value: 12, count: 3, min: 1, max: 7, stdDev: 2.5 }], properties: { queue: 'orders' } });
  assert.deepEqual([aggregate.itemType, aggregate.name, aggregate.value, aggregate.valueCount, aggregate.valueSum, aggregate.valueMin, aggregate.valueMax,
    aggregate.valueStdDev, aggregate.customDimensions], ['customMetric', 'queue_length', 12, 3, 12, 1, 7, 2.5, '{"queue":"orders"}']);
  const single = row('MetricData', { metrics: [{ name: 'queue_length', value: 4 }] });
  assert.deepEqual([single.valueCount, single.valueSum, single.valueMin, single.valueMax, single.valueStdDev], [1, 4, 4, 4, 0]);
});

test('performance counter names: category, optional instance, counter; anything else is a custom metric', () => {
  assert.deepEqual(performanceCounterName('\\Processor(_Total)\\% Processor Time'), { category: 'Processor', instance: '_Total', counter: '% Processor Time' });
  assert.deepEqual(performanceCounterName('\\Memory\\Available Bytes'), { category: 'Memory', instance: '', counter: 'Available Bytes' });
  assert.deepEqual(performanceCounterName('\\Process()\\Private Bytes'), { category: 'Process', instance: '', counter: 'Private Bytes' });
  for (const name of ['queue_length', 'orders\\queue\\length', 'Memory\\Available Bytes', '\\Memory']) assert.equal(performanceCounterName(name), null, name);
  const counter = row('MetricData', { metrics: [{ name: '\\Memory\\Available Bytes', value: 1024 }], properties: { host: 'a' } });
  assert.deepEqual([counter.itemType, counter.category, counter.instance, counter.counter, counter.name, counter.value, counter.customDimensions],
    ['performanceCounter', 'Memory', '', 'Available Bytes', 'Available Bytes', 1024, '{"host":"a"}']);
});

test('an envelope that cannot be stored is refused with a reason naming what is wrong', () => {
  assert.throws(() => mapEnvelope(envelope('UnknownData', {})), { message: 'unsupported baseType UnknownData' });
  assert.throws(() => mapEnvelope(envelope('ExceptionData', { exceptions: [] })), /exceptions/);
  assert.throws(() => mapEnvelope(envelope('MetricData', { metrics: [] })), /metrics/);
  assert.throws(() => mapEnvelope(envelope('ExceptionData', { exceptions: [{ typeName: 'E', message: 'm', parsedStack: [{ method: 1 }] }] })), /method/);
  assert.throws(() => mapEnvelope(envelope('MetricData', { metrics: [{ name: 'n', value: 1, count: 'three' }] })), /count/);
  assert.throws(() => mapEnvelope(envelope('RequestData', { duration: '125ms', responseCode: '200', success: true })), { message: 'not a duration: 125ms' });
});
