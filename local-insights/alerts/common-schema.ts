// Azure Monitor's common alert schema (learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema,
// and alerts-payload-samples for a log search alert V2): what a webhook receives, and what an
// email says. `essentials` is the same for every kind of alert; `alertContext` is a log search
// alert's (conditionType LogQueryCriteria).
import type { AlertContext, StoredAlert } from './alert-store';

/** Where these alerts come from, in place of an Azure resource ID. */
export const LOCAL_RESOURCE_ID = '/local-insights/providers/microsoft.insights/components/local';

export interface CommonAlert {
  schemaId: 'azureMonitorCommonAlertSchema';
  data: {
    essentials: Essentials;
    alertContext: Record<string, unknown>;
    customProperties: null;
  };
}

export interface Essentials {
  alertId: string;
  alertRule: string;
  severity: `Sev${number}`;
  signalType: 'Log';
  monitorCondition: 'Fired' | 'Resolved';
  monitoringService: 'Log Alerts V2';
  alertTargetIDs: string[];
  configurationItems: string[];
  originAlertId: string;
  firedDateTime: string;
  resolvedDateTime?: string;
  description: string;
  essentialsVersion: '1.0';
  alertContextVersion: '1.0';
}

export function essentialsOf(alert: StoredAlert, description: string): Essentials {
  return {
    alertId: alert.alertId,
    alertRule: alert.rule,
    severity: `Sev${alert.severity}`,
    signalType: 'Log',
    monitorCondition: alert.monitorCondition,
    monitoringService: 'Log Alerts V2',
    alertTargetIDs: [LOCAL_RESOURCE_ID],
    configurationItems: ['local'],
    originAlertId: alert.alertId.split('/').at(-1) ?? alert.alertId,
    firedDateTime: alert.firedDateTime,
    ...(alert.resolvedDateTime ? { resolvedDateTime: alert.resolvedDateTime } : {}),
    description,
    essentialsVersion: '1.0',
    alertContextVersion: '1.0',
  };
}

/** The Logs page with the rule's query in it: the portal's linkToSearchResultsUI. */
export function logsLink(baseUrl: string, context: AlertContext): string {
  const params = new URLSearchParams({ query: context.query, timespan: `${context.windowStartTime}/${context.windowEndTime}` });
  return `${baseUrl}/?${params.toString()}`;
}

export function commonAlert(alert: StoredAlert, description: string, baseUrl: string): CommonAlert {
  const c = alert.context;
  const link = logsLink(baseUrl, c);
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: essentialsOf(alert, description),
      alertContext: {
        properties: {},
        conditionType: 'LogQueryCriteria',
        condition: {
          windowSize: c.windowSize,
          allOf: [{
            searchQuery: c.query,
            metricMeasureColumn: c.metricMeasureColumn,
            targetResourceTypes: "['microsoft.insights/components']",
            operator: c.operator,
            threshold: String(c.threshold),
            timeAggregation: c.timeAggregation,
            dimensions: c.dimensions,
            metricValue: c.value,
            failingPeriods: c.failingPeriods,
            linkToSearchResultsUI: link,
            linkToFilteredSearchResultsUI: link,
            linkToSearchResultsAPI: `${baseUrl}/v1/apps/local/query?${new URLSearchParams({ query: c.query, timespan: `${c.windowStartTime}/${c.windowEndTime}` }).toString()}`,
            linkToFilteredSearchResultsAPI: `${baseUrl}/v1/apps/local/query?${new URLSearchParams({ query: c.query, timespan: `${c.windowStartTime}/${c.windowEndTime}` }).toString()}`,
          }],
          windowStartTime: c.windowStartTime,
          windowEndTime: c.windowEndTime,
        },
      },
      customProperties: null,
    },
  };
}

/**
 * The mail, as Azure's common-schema alert email titles it: "Fired:Sev3 Azure Monitor Alert <rule>
 * on <resource> ( <resource type> ) at <time>", then the essentials and the condition.
 */
export function alertMail(alert: StoredAlert, description: string, baseUrl: string): { subject: string; body: string } {
  const c = alert.context;
  const when = alert.monitorCondition === 'Resolved' && alert.resolvedDateTime ? alert.resolvedDateTime : alert.firedDateTime;
  const subject = `${alert.monitorCondition}:Sev${alert.severity} Azure Monitor Alert ${alert.rule} on local ( microsoft.insights/components ) at ${when}`;
  const dims = c.dimensions.map((d) => `${d.name} = ${d.value}`).join(', ');
  const body = [
    `Your Azure Monitor alert was ${alert.monitorCondition === 'Fired' ? 'triggered' : 'resolved'}.`,
    '',
    `Alert rule: ${alert.rule}`,
    `Severity: Sev${alert.severity}`,
    `Monitor condition: ${alert.monitorCondition}`,
    `Fired time: ${alert.firedDateTime}`,
    ...(alert.resolvedDateTime ? [`Resolved time: ${alert.resolvedDateTime}`] : []),
    `Affected resource: local`,
    `Description: ${description || '(none)'}`,
    `Alert ID: ${alert.alertId}`,
    '',
    'Condition',
    `Search query: ${c.query}`,
    `Measure: ${c.metricMeasureColumn ?? 'Table rows'} (${c.timeAggregation})`,
    `Metric value: ${c.value ?? 'none'}`,
    `Operator: ${c.operator}, threshold: ${c.threshold}`,
    `Violations: ${c.violations} of ${c.failingPeriods.numberOfEvaluationPeriods} (needs ${c.failingPeriods.minFailingPeriodsToAlert})`,
    ...(dims ? [`Dimensions: ${dims}`] : []),
    `Time window: ${c.windowStartTime} to ${c.windowEndTime}`,
    '',
    `View query results: ${logsLink(baseUrl, c)}`,
  ].join('\n');
  return { subject, body };
}
