// The telemetry the corpus runs against: a handful of envelopes, as the SDK would post them, stored
// by local-insights' own ingestion mapping into a fresh in-memory database. Small enough that an
// answer can be worked out by hand from the list below, varied enough that every published query
// has rows to find (a sampled request counts twice in itemCount, one trace reads
// "Response from endpoint: …", the exception carries a parsed stack).
import { mapEnvelope } from '../../envelope';
import { TelemetryDb } from '../../telemetry-db';
import { runKql } from '../run-kql';
import { SqliteSource } from '../sqlite-source';
import { toWire } from '../values';

/** now() for every corpus query: an hour after the last row. */
export const CORPUS_NOW = Date.parse('2024-05-01T12:00:00Z');

const APP = 'order-processing-app';
const FINANCE = 'order-processing-finance-package';

interface Item {
  time: string;
  baseType: string;
  baseData: Record<string, unknown>;
  tags?: Record<string, string>;
  sampleRate?: number;
}

const tags = (role: string, operation: string, extra: Record<string, string> = {}) => ({ 'ai.cloud.role': role, 'ai.operation.id': operation, ...extra });

/**
 * requests (r1–r5), dependencies (d1–d2), traces (t1–t4), one exception, three metric samples, one
 * event and two performance counters, all on 2024-05-01.
 */
export const CORPUS_ITEMS: Item[] = [
  { time: '10:00:00', baseType: 'RequestData', baseData: { id: 'r1', name: 'POST /new', duration: '00:00:00.120', responseCode: '201', success: true, properties: { orderId: '7', game: 'chess' }, measurements: { score: 10 } }, tags: tags(APP, 'op1', { 'ai.user.id': 'u1', 'ai.location.country': 'United Kingdom' }) },
  { time: '10:02:30', baseType: 'RequestData', baseData: { id: 'r2', name: 'POST /new', duration: '00:00:00.030', responseCode: '507', success: false, properties: { game: 'chess' }, measurements: { score: 20 } }, tags: tags(APP, 'op2', { 'ai.user.id': 'u2' }), sampleRate: 50 },
  { time: '10:07:00', baseType: 'RequestData', baseData: { id: 'r3', name: 'GET /', duration: '00:00:00.010', responseCode: '200', success: true, properties: { game: 'go' } }, tags: tags(APP, 'op3', { 'ai.user.id': 'u1' }) },
  { time: '11:20:00', baseType: 'RequestData', baseData: { id: 'r4', name: 'POST /ProcessPayment', duration: '00:00:02.000', responseCode: '503', success: false }, tags: tags(FINANCE, 'op4', { 'ai.user.id': 'u3' }) },
  { time: '11:55:00', baseType: 'RequestData', baseData: { id: 'r5', name: 'POST /ProcessPayment', duration: '00:00:00.250', responseCode: '200', success: true }, tags: tags(FINANCE, 'op5') },
  { time: '11:20:00', baseType: 'RemoteDependencyData', baseData: { id: 'd1', name: 'POST /ProcessPayment', target: 'localhost:3001', type: 'HTTP', duration: '00:00:02.000', resultCode: '503', success: false }, tags: tags(APP, 'op4') },
  { time: '11:55:00', baseType: 'RemoteDependencyData', baseData: { id: 'd2', name: 'POST /ProcessPayment', target: 'localhost:3001', type: 'HTTP', duration: '00:00:00.250', resultCode: '200', success: true }, tags: tags(APP, 'op5') },
  { time: '10:00:05', baseType: 'MessageData', baseData: { message: 'payment attempt', properties: { orderId: '7' } }, tags: tags(APP, 'op1') },
  { time: '10:00:06', baseType: 'MessageData', baseData: { message: 'Response from endpoint: date in the future', severityLevel: 'Warning' }, tags: tags(APP, 'op1') },
  { time: '11:20:01', baseType: 'MessageData', baseData: { message: 'payment attempt', properties: { orderId: '9' } }, tags: tags(APP, 'op4') },
  { time: '11:20:02', baseType: 'MessageData', baseData: { message: 'Response from endpoint: 503 Service Unavailable', severityLevel: 'Error' }, tags: tags(APP, 'op4'), sampleRate: 50 },
  {
    time: '11:20:02', baseType: 'ExceptionData', tags: tags(APP, 'op4'),
    baseData: { exceptions: [{ typeName: 'PaymentFailed', message: 'finance package said 503', parsedStack: [{ method: 'logFailedAttempt', assembly: 'app' }, { method: 'tick', assembly: 'app' }] }], properties: { orderId: '9' } },
  },
  { time: '10:00:00', baseType: 'MetricData', baseData: { metrics: [{ name: 'queue_length', value: 2 }] }, tags: tags(APP, '') },
  { time: '10:01:00', baseType: 'MetricData', baseData: { metrics: [{ name: 'queue_length', value: 4 }] }, tags: tags(APP, '') },
  { time: '11:00:00', baseType: 'MetricData', baseData: { metrics: [{ name: 'queue_length', value: 3 }] }, tags: tags(APP, '') },
  { time: '09:00:00', baseType: 'EventData', baseData: { name: 'seeded', properties: { count: '11' } }, tags: tags(FINANCE, '') },
  { time: '11:00:00', baseType: 'MetricData', baseData: { metrics: [{ name: '\\Processor(_Total)\\% Processor Time', value: 12 }] }, tags: tags(APP, '') },
  { time: '11:00:00', baseType: 'MetricData', baseData: { metrics: [{ name: '\\Memory\\Available Bytes', value: 1_000_000 }] }, tags: tags(APP, '') },
];

/** A fresh in-memory telemetry database holding CORPUS_ITEMS, read as the query engine reads one. */
export function openCorpusTelemetry(): { source: SqliteSource; close(): void } {
  const db = TelemetryDb.open(':memory:');
  db.insertAll(CORPUS_ITEMS.map((item) => mapEnvelope({
    name: `Microsoft.ApplicationInsights.${item.baseType}`, time: `2024-05-01T${item.time}.000Z`, iKey: 'k', tags: item.tags ?? {},
    sampleRate: item.sampleRate, data: { baseType: item.baseType, baseData: item.baseData },
  })));
  return { source: new SqliteSource(db.db), close: () => db.close() };
}

/** A query's answer on the corpus telemetry at CORPUS_NOW, its values as the query API writes them;
 *  a refused query throws with the analyser's codes and words, so a test failure shows why. */
export function answerOn(source: SqliteSource, query: string): { columns: Array<{ name: string; type: string }>; rows: unknown[][] } {
  const result = runKql(query, source, { now: CORPUS_NOW });
  if (!result.ok) throw new Error(`${query}\n  ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n  ')}`);
  const { columns, rows } = result.result;
  return { columns: columns.map(({ name, type }) => ({ name, type })), rows: rows.map((row) => row.map((v, i) => toWire(v, columns[i]?.type ?? 'dynamic'))) };
}
