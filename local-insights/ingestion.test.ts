// The local ingestion endpoint over real HTTP: the protocol's batch forms, and the mapping of each
// envelope type to its Application Insights table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import axios from 'axios';
import { z } from 'zod';
import { makeTempDir } from '../tests/helpers/temp-dir';
import { mapEnvelope, parseDuration } from './envelope';
import { startInsights, type RunningInsights } from './start-insights';
import { ingestionEndpoint } from '../platform/telemetry';

const tags = { 'ai.cloud.role': 'order-processing-app', 'ai.application.ver': '1.2.3+abc', 'ai.operation.id': 'op1' };
const envelope = (baseType: string, baseData: Record<string, unknown>, sampleRate = 100) => ({
  name: `Microsoft.ApplicationInsights.${baseType}`, time: '2024-05-01T10:00:00.000Z', sampleRate, iKey: 'ikey', tags,
  data: { baseType, baseData },
});
const request = envelope('RequestData', { id: 'r1', name: 'POST /new', duration: '00:00:00.125', responseCode: '201', success: true, properties: { orderId: '7' } });

let insights: RunningInsights;
before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('ingestion'), 't.db') });
});
after(() => insights.stop());

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  axios.post(`${insights.url}/v2.1/track`, body, { headers: { 'Content-Type': 'application/json', ...headers }, validateStatus: () => true });

test('durations in the protocol\'s d.hh:mm:ss.fff form become milliseconds', () => {
  assert.equal(parseDuration('00:00:00.125'), 125);
  assert.equal(parseDuration('00:01:02.5'), 62_500);
  assert.equal(parseDuration('1.00:00:00.000'), 86_400_000);
  assert.throws(() => parseDuration('125ms'));
});

test('each base type lands in its Application Insights table with its columns', () => {
  const unsent = (names: string) => Object.fromEntries(names.split(' ').map((name) => [name, null]));
  assert.deepEqual(mapEnvelope(request).row, {
    timestamp: '2024-05-01T10:00:00.000Z', itemCount: 1, itemType: 'request', operation_Id: 'op1',
    cloud_RoleName: 'order-processing-app', application_Version: '1.2.3+abc',
    ...unsent('operation_ParentId operation_Name operation_SyntheticSource session_Id user_Id user_AuthenticatedId user_AccountId client_Type client_Model client_OS client_IP client_City client_StateOrProvince client_CountryOrRegion cloud_RoleInstance sdkVersion source url customMeasurements'),
    id: 'r1', name: 'POST /new', success: 1, resultCode: '201', duration: 125, performanceBucket: '<250ms', customDimensions: '{"orderId":"7"}',
  });
  assert.equal(mapEnvelope(envelope('RemoteDependencyData', { name: 'POST /ProcessPayment', duration: '00:00:00.010', resultCode: '400', success: false })).table, 'dependencies');
  const trace = mapEnvelope(envelope('MessageData', { message: 'payment accepted', severityLevel: 'Warning' }));
  assert.deepEqual([trace.table, trace.row.severityLevel, trace.row.message], ['traces', 2, 'payment accepted']);
  const exception = mapEnvelope(envelope('ExceptionData', { exceptions: [{ typeName: 'PaymentFailed', message: 'boom', stack: 'PaymentFailed: boom\n    at payOrder (/app/payment-job.js:10:5)' }] }));
  assert.deepEqual([exception.table, exception.row.type, exception.row.outerMessage, exception.row.severityLevel], ['exceptions', 'PaymentFailed', 'boom', 3]);
  assert.deepEqual([exception.row.problemId, exception.row.innermostType, exception.row.itemType], ['PaymentFailed at payOrder', 'PaymentFailed', 'exception']);
  const metric = mapEnvelope(envelope('MetricData', { metrics: [{ name: 'queue_length', value: 4 }] }));
  assert.deepEqual([metric.table, metric.row.name, metric.row.value, metric.row.valueCount], ['customMetrics', 'queue_length', 4, 1]);
  assert.equal(mapEnvelope(envelope('EventData', { name: 'seeded' })).table, 'customEvents');
  const counter = mapEnvelope(envelope('MetricData', { metrics: [{ name: '\\Processor(_Total)\\% Processor Time', value: 12.5 }] }));
  assert.deepEqual([counter.table, counter.row.category, counter.row.instance, counter.row.counter, counter.row.name, counter.row.value],
    ['performanceCounters', 'Processor', '_Total', '% Processor Time', '% Processor Time', 12.5]);
  assert.equal(mapEnvelope(envelope('RequestData', { name: 'GET /slow', duration: '00:00:01.500', responseCode: '200', success: true })).row.performanceBucket, '1sec-3sec');
});

test('a sampled envelope records how many items it stands for in itemCount', () => {
  assert.equal(mapEnvelope(envelope('MessageData', { message: 'm' }, 25)).row.itemCount, 4);
});

test('a JSON array batch is stored and answered with the protocol\'s counts', async () => {
  const before = insights.db.rows('requests').length;
  const response = await post(JSON.stringify([request, request]));
  assert.equal(response.status, 200);
  assert.deepEqual(response.data, { itemsReceived: 2, itemsAccepted: 2, errors: [] });
  assert.equal(insights.db.rows('requests').length, before + 2);
});

test('newline-delimited and gzipped batches are accepted too', async () => {
  const ndjson = `${JSON.stringify(request)}\n${JSON.stringify(request)}\n`;
  assert.deepEqual((await post(ndjson, { 'Content-Type': 'application/x-json-stream' })).data, { itemsReceived: 2, itemsAccepted: 2, errors: [] });
  assert.deepEqual((await post(gzipSync(ndjson), { 'Content-Encoding': 'gzip' })).data, { itemsReceived: 2, itemsAccepted: 2, errors: [] });
});

test('a bad envelope is refused on its own with its index, and the rest of the batch is kept (206)', async () => {
  const response = await post(JSON.stringify([request, { name: 'x' }, envelope('UnknownData', {})]));
  assert.equal(response.status, 206);
  assert.equal(response.data.itemsAccepted, 1);
  assert.deepEqual(response.data.errors.map((e: { index: number; statusCode: number }) => [e.index, e.statusCode]), [[1, 400], [2, 400]]);
});

test('an unreadable body is a 400 and stores nothing', async () => {
  const before = insights.db.rows('requests').length;
  assert.equal((await post(Buffer.from('{not json'))).status, 400);
  assert.equal(insights.db.rows('requests').length, before);
});

test('the ingestion endpoint is read from a connection string as Azure gives it or pointing at loopback', () => {
  assert.equal(ingestionEndpoint('InstrumentationKey=k;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://x/'),
    'https://westeurope-5.in.applicationinsights.azure.com');
  assert.equal(ingestionEndpoint('InstrumentationKey=k;IngestionEndpoint=http://127.0.0.1:3002/'), 'http://127.0.0.1:3002');
  assert.equal(ingestionEndpoint('InstrumentationKey=k'), undefined);
});

test('exceptions are stored with their problemId, countable by KQL as in Azure, and a fingerprint KQL does not show', async () => {
  const thrown = (method: string, line: number) => envelope('ExceptionData', { exceptions: [{ typeName: 'PaymentFailed', message: 'order 3: refused',
    stack: `PaymentFailed: order 3: refused\n    at ${method} (/app/orders/payment-job.js:${line}:9)\n    at async tick (/app/orders/payment-job.js:80:5)` }] });
  assert.equal((await post(JSON.stringify([thrown('logFailedAttempt', 10), thrown('logFailedAttempt', 12), thrown('payOrder', 10)]))).status, 200);
  const answer = await axios.get(`${insights.url}/v1/apps/local/query`, { params: { query: 'exceptions | summarize n = count() by problemId | order by problemId asc' } });
  assert.deepEqual(answer.data.tables[0].rows, [['PaymentFailed at logFailedAttempt', 2], ['PaymentFailed at payOrder', 1]]);
  const stored = insights.db.rows('exceptions').map((row) => z.object({ fingerprint: z.string() }).parse(row).fingerprint);
  assert.equal(new Set(stored).size, 2, 'two places, two fingerprints; the moved line is the same one');
  const one = await axios.get(`${insights.url}/v1/apps/local/query`, { params: { query: 'exceptions | take 1' } });
  const columns: string[] = one.data.tables[0].columns.map((c: { name: string }) => c.name);
  assert.ok(columns.includes('problemId') && !columns.includes('fingerprint'), 'fingerprint is not a column of the classic schema');
});
