// The bodies of PUT /api/action-groups/{name} and PUT /api/alert-rules/{name}: the `properties` of
// Azure's `Microsoft.Insights/actionGroups` and `Microsoft.Insights/scheduledQueryRules` resources
// (azure-rest-api-specs, specification/monitor: actionGroups_API.json, scheduledQueryRule_API.json),
// so a rule written for Azure, or exported from it, loads here unchanged. Fields Azure has and a
// laptop has no use for (scopes, targetResourceTypes, smsReceivers, …) are accepted and kept.
import { z } from 'zod';
import { parseIsoDuration } from '../timespan';
import { METRIC_CRITERIA_TYPES } from './allowed-durations';

/** An ISO 8601 duration as Azure writes them (PT5M, PT1H, P1D), optionally bounded. */
const duration = (what: string, limits?: { minMs: number; maxMs: number }) =>
  z.string({ error: `must be an ISO 8601 duration such as PT5M (${what})` }).transform((text, ctx) => {
    const ms = parseIsoDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} must be an ISO 8601 duration such as PT5M (${what})` });
      return z.NEVER;
    }
    if (limits && (ms < limits.minMs || ms > limits.maxMs)) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} must be an ISO 8601 duration from ${limits.minMs / 60_000} minutes to ${limits.maxMs / 3_600_000} hours, such as PT5M (${what})` });
      return z.NEVER;
    }
    return text;
  });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const EmailReceiver = z.object({
  name: z.string().min(1).max(128),
  emailAddress: z.email({ error: 'must be an email address' }),
  useCommonAlertSchema: z.boolean().default(true),
}).loose();

const WebhookReceiver = z.object({
  name: z.string().min(1).max(128),
  serviceUri: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  useCommonAlertSchema: z.boolean().default(true),
}).loose();

export const ActionGroupProperties = z.object({
  groupShortName: z.string().min(1).max(12, { error: 'must be at most 12 characters (Azure\'s limit)' }),
  enabled: z.boolean().default(true),
  emailReceivers: z.array(EmailReceiver).default([]),
  webhookReceivers: z.array(WebhookReceiver).default([]),
}).loose();
export type ActionGroupProperties = z.output<typeof ActionGroupProperties>;

export const OPERATORS = ['Equals', 'GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual'] as const;
export const TIME_AGGREGATIONS = ['Count', 'Average', 'Minimum', 'Maximum', 'Total'] as const;
export type Operator = (typeof OPERATORS)[number];
export type TimeAggregation = (typeof TIME_AGGREGATIONS)[number];

const Dimension = z.object({
  name: z.string().min(1),
  operator: z.enum(['Include', 'Exclude']),
  /** `*` stands for every value, as in the portal. */
  values: z.array(z.string()).min(1),
});

const Condition = z.object({
  query: z.string().trim().min(1, { error: 'is required: the KQL query the rule runs' }),
  timeAggregation: z.enum(TIME_AGGREGATIONS),
  metricMeasureColumn: z.string().min(1).optional(),
  dimensions: z.array(Dimension).default([]),
  operator: z.enum(OPERATORS),
  threshold: z.number({ error: 'must be a number' }),
  failingPeriods: z.object({
    numberOfEvaluationPeriods: z.number().int().min(1).max(6).default(1),
    minFailingPeriodsToAlert: z.number().int().min(1).max(6).default(1),
  }).default({ numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }),
}).loose().superRefine((condition, ctx) => {
  // Azure: "Table rows" is timeAggregation Count with no measure column; any other aggregation
  // needs the numeric column it aggregates.
  if (condition.timeAggregation !== 'Count' && !condition.metricMeasureColumn) {
    ctx.addIssue({ code: 'custom', path: ['metricMeasureColumn'], message: `is required when timeAggregation is ${condition.timeAggregation} (only Count, "Table rows", works without one)` });
  }
  if (condition.failingPeriods.minFailingPeriodsToAlert > condition.failingPeriods.numberOfEvaluationPeriods) {
    ctx.addIssue({ code: 'custom', path: ['failingPeriods', 'minFailingPeriodsToAlert'], message: 'must be smaller than or equal to numberOfEvaluationPeriods' });
  }
});
export type Condition = z.output<typeof Condition>;

export const AlertRuleProperties = z.object({
  description: z.string().max(2048).optional(),
  displayName: z.string().max(256).optional(),
  severity: z.number({ error: 'must be a whole number from 0 (critical) to 4 (verbose)' }).int().min(0).max(4),
  enabled: z.boolean().default(true),
  // Which windows and frequencies Azure accepts is checked apart (allowed-durations.ts): Azure
  // refuses those with its own error, which the API passes on in Azure's shape.
  evaluationFrequency: duration('how often the rule runs'),
  windowSize: duration('the aggregation granularity: the time range the query sees'),
  overrideQueryTimeRange: duration('a longer time range for the query', { minMs: MINUTE, maxMs: 48 * HOUR }).optional(),
  criteria: z.object({
    /** Set as Azure sets it on a metric alert's criteria (the Metrics page does): the rule is then a metric alert rule. */
    'odata.type': z.enum(METRIC_CRITERIA_TYPES).optional(),
    allOf: z.array(Condition).length(1, { error: 'must hold exactly one condition, as a log search alert rule does' }),
  }),
  autoMitigate: z.boolean().default(true),
  muteActionsDuration: duration('how long actions stay silent after the alert fires', { minMs: MINUTE, maxMs: 48 * HOUR }).optional(),
  actions: z.object({ actionGroups: z.array(z.string().min(1)).default([]) }).loose().default({ actionGroups: [] }),
}).loose().superRefine((rule, ctx) => {
  const window = parseIsoDuration(rule.windowSize) ?? 0;
  if (rule.overrideQueryTimeRange && (parseIsoDuration(rule.overrideQueryTimeRange) ?? 0) < window) {
    ctx.addIssue({ code: 'custom', path: ['overrideQueryTimeRange'], message: 'must be at least windowSize: it widens the time range the query sees, never narrows it' });
  }
  // The portal offers "mute actions" only for rules that do not resolve themselves.
  if (rule.muteActionsDuration && rule.autoMitigate) {
    ctx.addIssue({ code: 'custom', path: ['muteActionsDuration'], message: 'needs autoMitigate false: a stateful rule notifies once per fired alert anyway' });
  }
});
export type AlertRuleProperties = z.output<typeof AlertRuleProperties>;

/** A resource name as Azure accepts one in a URL, kept short enough to show. */
export const ResourceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,127}$/, { error: 'must be 1–128 letters, digits, spaces, dots, dashes, underscores or brackets' });

/** The first problem, naming its field as a JSON path: `criteria.allOf[0].operator: Invalid option…`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
    return `${field || 'body'}: ${issue.message}`;
  }).join('; ');
}
