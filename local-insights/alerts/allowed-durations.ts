// The windows and frequencies Azure accepts, so that a rule a learner makes here can be made in
// Azure too (docs/telemetry.md, "Windows and frequencies Azure accepts", says where each list and
// each message comes from, and which words are Azure's own).
//
// - Log search alerts (scheduledQueryRules): Azure refuses any other windowSize with "Supported
//   granularities are: 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440, 2880" (minutes), and
//   accepts 1 minute besides; evaluationFrequency takes the same values up to a day.
// - Metric alerts (metricAlerts): windowSize PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D;
//   evaluationFrequency PT1M, PT5M, PT15M, PT30M, PT1H; a window over four hours is evaluated no
//   more often than every five minutes.
// - Both: a window shorter than the frequency would leave time that no evaluation looks at.
import { parseIsoDuration } from '../timespan';

const MINUTE = 60_000;
const minutes = (...values: number[]) => values.map((m) => m * MINUTE);

export const LOG_SEARCH_WINDOWS = minutes(1, 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440, 2880);
export const LOG_SEARCH_FREQUENCIES = minutes(1, 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440);
export const METRIC_WINDOWS = minutes(1, 5, 15, 30, 60, 360, 720, 1440);
export const METRIC_FREQUENCIES = minutes(1, 5, 15, 30, 60);

/** How Azure marks a metric alert's criteria; a rule whose criteria carry one is a metric alert rule. */
export const METRIC_CRITERIA_TYPES = ['Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria', 'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria'] as const;

/** PT5M, PT1H, P1D: the ISO 8601 form the portal and Azure's templates write. */
export function isoDuration(ms: number): string {
  const m = ms / MINUTE;
  if (m % 1440 === 0) return `P${m / 1440}D`;
  return m % 60 === 0 ? `PT${m / 60}H` : `PT${m}M`;
}

interface Timing {
  windowSize: string;
  evaluationFrequency: string;
  criteria: { 'odata.type'?: string | undefined };
}

/** Why Azure would refuse this rule's window or frequency, in Azure's words where they are known; null when it accepts them. */
export function azureRefusal(rule: Timing): string | null {
  const window = parseIsoDuration(rule.windowSize);
  const frequency = parseIsoDuration(rule.evaluationFrequency);
  if (window === null || frequency === null) return null; // the schema has already named a duration that does not parse
  const problem = rule.criteria['odata.type'] === undefined ? logSearchProblem(rule, window, frequency) : metricProblem(rule, window, frequency);
  if (problem) return problem;
  if (window < frequency) {
    return `windowSize (${rule.windowSize}) must be greater than or equal to evaluationFrequency (${rule.evaluationFrequency}): `
      + 'a shorter window leaves time between evaluations that no evaluation looks at. Lengthen the window or evaluate more often.';
  }
  return null;
}

function logSearchProblem(rule: Timing, window: number, frequency: number): string | null {
  const inMinutes = (list: number[]) => list.map((ms) => ms / MINUTE).join(', ');
  if (!LOG_SEARCH_WINDOWS.includes(window)) {
    return `windowSize ${rule.windowSize} is not supported for a log search alert rule. Supported granularities are: ${inMinutes(LOG_SEARCH_WINDOWS)} (minutes; e.g. PT15M, PT1H).`;
  }
  if (!LOG_SEARCH_FREQUENCIES.includes(frequency)) {
    return `evaluationFrequency ${rule.evaluationFrequency} is not supported for a log search alert rule. Supported frequencies are: ${inMinutes(LOG_SEARCH_FREQUENCIES)} (minutes; e.g. PT5M, PT1H).`;
  }
  return null;
}

function metricProblem(rule: Timing, window: number, frequency: number): string | null {
  if (!METRIC_WINDOWS.includes(window)) {
    return `windowSize ${rule.windowSize} is not supported for a metric alert rule. Supported values: ${METRIC_WINDOWS.map(isoDuration).join(', ')}.`;
  }
  if (!METRIC_FREQUENCIES.includes(frequency)) {
    return `evaluationFrequency ${rule.evaluationFrequency} is not supported for a metric alert rule. Supported values: ${METRIC_FREQUENCIES.map(isoDuration).join(', ')}.`;
  }
  if (window > 240 * MINUTE && frequency < 5 * MINUTE) {
    return 'Evaluation frequency must be greater than or equal to five minutes since the period is greater than four hours.';
  }
  return null;
}
