// Turns one Application Insights envelope (what the SDK posts to /v2.1/track) into a row of the
// table a learner would query in Application Insights: requests, dependencies, traces, exceptions,
// customMetrics, customEvents or performanceCounters, with the classic schema's column names
// (kql/schema.ts). Columns the envelope says nothing about are left out (they read as empty).
// Pure: no I/O.
import { z } from 'zod';
import { CLASSIC_TABLES, ITEM_TYPE, type ClassicTable } from './kql/schema';
import { fingerprintOf, problemIdOf } from './problems/fingerprint';

export const TABLES = CLASSIC_TABLES;
export type TableName = ClassicTable;

export type Row = Record<string, string | number | null>;
export type Mapped = { table: TableName; row: Row };

const Properties = z.record(z.string(), z.unknown()).optional();

const Envelope = z.object({
  name: z.string(),
  time: z.string(),
  sampleRate: z.number().positive().max(100).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  data: z.object({ baseType: z.string(), baseData: z.record(z.string(), z.unknown()) }),
});

const RequestData = z.object({
  id: z.string().optional(),
  source: z.string().optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  duration: z.string(),
  responseCode: z.string(),
  success: z.boolean(),
  properties: Properties,
  measurements: Properties,
});

const DependencyData = z.object({
  id: z.string().optional(),
  name: z.string(),
  data: z.string().optional(),
  target: z.string().optional(),
  type: z.string().optional(),
  duration: z.string(),
  resultCode: z.string().optional(),
  success: z.boolean().optional(),
  properties: Properties,
  measurements: Properties,
});

const MessageData = z.object({ message: z.string(), severityLevel: z.string().optional(), properties: Properties, measurements: Properties });

const ExceptionData = z.object({
  exceptions: z.array(z.object({
    typeName: z.string(), message: z.string(), stack: z.string().optional(),
    parsedStack: z.array(z.object({ method: z.string().optional(), assembly: z.string().optional() })).optional(),
  })).min(1),
  severityLevel: z.string().optional(),
  problemId: z.string().optional(),
  properties: Properties,
});

const MetricData = z.object({
  metrics: z.array(z.object({
    name: z.string(), value: z.number(), count: z.number().optional(), min: z.number().optional(),
    max: z.number().optional(), stdDev: z.number().optional(),
  })).min(1),
  properties: Properties,
});

const EventData = z.object({ name: z.string(), properties: Properties, measurements: Properties });

/** Application Insights' severityLevel numbers, from the protocol's names. */
const SEVERITY: Record<string, number> = { Verbose: 0, Information: 1, Warning: 2, Error: 3, Critical: 4 };

/** `00:00:01.250` or `1.02:03:04.500` (days.hh:mm:ss.fff) → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const [, days, h, min, s, frac] = m; // days and frac are undefined when absent: none
  const seconds = Number(days ?? 0) * 86_400 + Number(h) * 3600 + Number(min) * 60 + Number(s) + Number(`0.${frac ?? 0}`);
  return Math.round(seconds * 1000 * 1000) / 1000;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** Application Insights' performanceBucket: the duration's band, as the portal groups them. */
const BUCKETS: Array<[number, string]> = [
  [250, '<250ms'], [500, '250ms-500ms'], [1000, '500ms-1sec'], [3000, '1sec-3sec'], [7000, '3sec-7sec'], [15_000, '7sec-15sec'],
  [30_000, '15sec-30sec'], [60_000, '30sec-1min'], [120_000, '1min-2min'], [300_000, '2min-5min'],
];
export const performanceBucket = (ms: number): string => BUCKETS.find(([limit]) => ms < limit)?.[1] ?? '>=5min';

/** Where each context column comes from among the envelope's tags (the protocol's names). */
const TAG_COLUMNS: Record<string, string> = {
  operation_Id: 'ai.operation.id', operation_ParentId: 'ai.operation.parentId', operation_Name: 'ai.operation.name',
  operation_SyntheticSource: 'ai.operation.syntheticSource', session_Id: 'ai.session.id', user_Id: 'ai.user.id',
  user_AuthenticatedId: 'ai.user.authUserId', user_AccountId: 'ai.user.accountId', client_Type: 'ai.device.type',
  client_Model: 'ai.device.model', client_OS: 'ai.device.osVersion', client_IP: 'ai.location.ip', client_City: 'ai.location.city',
  client_StateOrProvince: 'ai.location.province', client_CountryOrRegion: 'ai.location.country', cloud_RoleName: 'ai.cloud.role',
  cloud_RoleInstance: 'ai.cloud.roleInstance', application_Version: 'ai.application.ver', sdkVersion: 'ai.internal.sdkVersion',
};

/** Columns every table has. */
function commonColumns(envelope: z.infer<typeof Envelope>, table: TableName): Row {
  const tags = envelope.tags ?? {};
  const row: Row = {
    timestamp: new Date(envelope.time).toISOString(),
    itemCount: Math.round(100 / (envelope.sampleRate ?? 100)),
    itemType: ITEM_TYPE[table],
    // iKey stays empty: the instrumentation key, a secret of the connection string, is never stored.
  };
  for (const [column, tag] of Object.entries(TAG_COLUMNS)) row[column] = tags[tag] ?? null;
  return row;
}

/** `\\Processor(_Total)\\% Processor Time` → category, instance and counter, as performanceCounters holds them. */
export function performanceCounterName(name: string): { category: string; instance: string; counter: string } | null {
  const m = /^\\([^\\(]+)(?:\(([^)]*)\))?\\(.+)$/.exec(name);
  return m ? { category: m[1] ?? '', instance: m[2] ?? '', counter: m[3] ?? '' } : null;
}

/** Maps one envelope, or throws with the reason it cannot be stored. */
export function mapEnvelope(input: unknown): Mapped {
  const envelope = Envelope.parse(input);
  const common = (table: TableName) => commonColumns(envelope, table);
  const base = envelope.data.baseData;
  switch (envelope.data.baseType) {
    case 'RequestData': {
      const d = RequestData.parse(base);
      const duration = parseDuration(d.duration);
      // success is kept as 1/0 and read as "True"/"False", the classic schema's string (kql/sqlite-source.ts).
      return { table: 'requests', row: { ...common('requests'), id: d.id ?? null, source: d.source ?? null, name: d.name ?? null, url: d.url ?? null,
        success: d.success ? 1 : 0, resultCode: d.responseCode, duration, performanceBucket: performanceBucket(duration),
        customDimensions: json(d.properties), customMeasurements: json(d.measurements) } };
    }
    case 'RemoteDependencyData': {
      const d = DependencyData.parse(base);
      const duration = parseDuration(d.duration);
      return { table: 'dependencies', row: { ...common('dependencies'), id: d.id ?? null, name: d.name, data: d.data ?? null, target: d.target ?? null,
        type: d.type ?? null, success: d.success === false ? 0 : 1, resultCode: d.resultCode ?? null, duration,
        performanceBucket: performanceBucket(duration), customDimensions: json(d.properties), customMeasurements: json(d.measurements) } };
    }
    case 'MessageData': {
      const d = MessageData.parse(base);
      return { table: 'traces', row: { ...common('traces'), message: d.message, severityLevel: SEVERITY[d.severityLevel ?? 'Information'] ?? 1,
        customDimensions: json(d.properties), customMeasurements: json(d.measurements) } };
    }
    case 'ExceptionData': {
      const d = ExceptionData.parse(base);
      const outer = d.exceptions[0];
      const innermost = d.exceptions[d.exceptions.length - 1];
      if (!outer || !innermost) throw new Error('ExceptionData without exceptions');
      const method = (e: typeof outer) => e.parsedStack?.[0]?.method ?? null;
      const assembly = (e: typeof outer) => e.parsedStack?.[0]?.assembly ?? null;
      const problemId = problemIdOf({ typeName: outer.typeName, sentProblemId: d.problemId, parsedStack: outer.parsedStack, stack: outer.stack });
      // fingerprint is local-insights' own column (problems/), kept beside the row but outside the
      // classic schema, so KQL sees the exceptions table exactly as Application Insights has it.
      const fingerprint = fingerprintOf({ type: outer.typeName, message: outer.message, stack: outer.stack, customDimensions: d.properties });
      return { table: 'exceptions', row: { ...common('exceptions'), problemId, fingerprint, type: outer.typeName, message: outer.message,
        assembly: assembly(outer), method: method(outer), outerType: outer.typeName, outerMessage: outer.message, outerAssembly: assembly(outer),
        outerMethod: method(outer), innermostType: innermost.typeName, innermostMessage: innermost.message, innermostAssembly: assembly(innermost),
        innermostMethod: method(innermost), severityLevel: SEVERITY[d.severityLevel ?? 'Error'] ?? 3, details: json(d.exceptions),
        customDimensions: json(d.properties) } };
    }
    case 'MetricData': {
      const d = MetricData.parse(base);
      const metric = d.metrics[0];
      if (!metric) throw new Error('MetricData without metrics');
      const counter = performanceCounterName(metric.name);
      if (counter) {
        return { table: 'performanceCounters', row: { ...common('performanceCounters'), name: counter.counter, ...counter, value: metric.value,
          customDimensions: json(d.properties) } };
      }
      const count = metric.count ?? 1;
      return { table: 'customMetrics', row: { ...common('customMetrics'), name: metric.name, value: metric.value, valueCount: count, valueSum: metric.value,
        valueMin: metric.min ?? metric.value, valueMax: metric.max ?? metric.value, valueStdDev: metric.stdDev ?? 0,
        customDimensions: json(d.properties) } };
    }
    case 'EventData': {
      const d = EventData.parse(base);
      return { table: 'customEvents', row: { ...common('customEvents'), name: d.name, customDimensions: json(d.properties), customMeasurements: json(d.measurements) } };
    }
    default:
      throw new Error(`unsupported baseType ${envelope.data.baseType}`);
  }
}
