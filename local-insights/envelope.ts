// Turns one Application Insights envelope (what the SDK posts to /v2.1/track) into a row of the
// table a learner would query in Application Insights: requests, dependencies, traces, exceptions,
// customMetrics or customEvents, with Application Insights' own column names. Pure: no I/O.
import { z } from 'zod';

export const TABLES = ['requests', 'dependencies', 'traces', 'exceptions', 'customMetrics', 'customEvents'] as const;
export type TableName = (typeof TABLES)[number];

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

const MessageData = z.object({ message: z.string(), severityLevel: z.string().optional(), properties: Properties });

const ExceptionData = z.object({
  exceptions: z.array(z.object({ typeName: z.string(), message: z.string(), stack: z.string().optional() })).min(1),
  severityLevel: z.string().optional(),
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
  const [, days = '0', h = '0', min = '0', s = '0', frac = '0'] = m;
  const seconds = Number(days) * 86_400 + Number(h) * 3600 + Number(min) * 60 + Number(s) + Number(`0.${frac}`);
  return Math.round(seconds * 1000 * 1000) / 1000;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** Columns every table has. */
function commonColumns(envelope: z.infer<typeof Envelope>): Row {
  const tags = envelope.tags ?? {};
  return {
    timestamp: new Date(envelope.time).toISOString(),
    itemCount: Math.round(100 / (envelope.sampleRate ?? 100)),
    operation_Id: tags['ai.operation.id'] ?? null,
    operation_ParentId: tags['ai.operation.parentId'] ?? null,
    operation_Name: tags['ai.operation.name'] ?? null,
    cloud_RoleName: tags['ai.cloud.role'] ?? null,
    cloud_RoleInstance: tags['ai.cloud.roleInstance'] ?? null,
    application_Version: tags['ai.application.ver'] ?? null,
    sdkVersion: tags['ai.internal.sdkVersion'] ?? null,
  };
}

/** Maps one envelope, or throws with the reason it cannot be stored. */
export function mapEnvelope(input: unknown): Mapped {
  const envelope = Envelope.parse(input);
  const common = commonColumns(envelope);
  const base = envelope.data.baseData;
  switch (envelope.data.baseType) {
    case 'RequestData': {
      const d = RequestData.parse(base);
      return { table: 'requests', row: { ...common, id: d.id ?? null, name: d.name ?? null, url: d.url ?? null, success: d.success ? 1 : 0,
        resultCode: d.responseCode, duration: parseDuration(d.duration), customDimensions: json(d.properties), customMeasurements: json(d.measurements) } };
    }
    case 'RemoteDependencyData': {
      const d = DependencyData.parse(base);
      return { table: 'dependencies', row: { ...common, id: d.id ?? null, name: d.name, data: d.data ?? null, target: d.target ?? null,
        type: d.type ?? null, success: d.success === false ? 0 : 1, resultCode: d.resultCode ?? null, duration: parseDuration(d.duration),
        customDimensions: json(d.properties), customMeasurements: json(d.measurements) } };
    }
    case 'MessageData': {
      const d = MessageData.parse(base);
      return { table: 'traces', row: { ...common, message: d.message, severityLevel: SEVERITY[d.severityLevel ?? 'Information'] ?? 1,
        customDimensions: json(d.properties) } };
    }
    case 'ExceptionData': {
      const d = ExceptionData.parse(base);
      const outer = d.exceptions[0];
      return { table: 'exceptions', row: { ...common, type: outer?.typeName ?? null, outerMessage: outer?.message ?? null,
        message: outer?.message ?? null, severityLevel: SEVERITY[d.severityLevel ?? 'Error'] ?? 3, details: json(d.exceptions),
        customDimensions: json(d.properties) } };
    }
    case 'MetricData': {
      const d = MetricData.parse(base);
      const metric = d.metrics[0];
      if (!metric) throw new Error('MetricData without metrics');
      const count = metric.count ?? 1;
      return { table: 'customMetrics', row: { ...common, name: metric.name, value: metric.value, valueCount: count, valueSum: metric.value,
        valueMin: metric.min ?? metric.value, valueMax: metric.max ?? metric.value, valueStdDev: metric.stdDev ?? 0,
        customDimensions: json(d.properties) } };
    }
    case 'EventData': {
      const d = EventData.parse(base);
      return { table: 'customEvents', row: { ...common, name: d.name, customDimensions: json(d.properties), customMeasurements: json(d.measurements) } };
    }
    default:
      throw new Error(`unsupported baseType ${envelope.data.baseType}`);
  }
}
