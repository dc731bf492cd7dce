// What one evaluation of a log search alert rule does to its alerts, as Azure Monitor documents it.
// Pure: the measured values and the series' previous state in, the changes out.
//
// - failingPeriods (scheduledQueryRules API, ConditionFailingPeriods): "numberOfEvaluationPeriods:
//   the number of aggregated lookback points; the lookback time window is calculated based on the
//   aggregation granularity (windowSize) and the selected number of aggregated points", and
//   "minFailingPeriodsToAlert: the number of violations to trigger an alert". So `points[0]` is the
//   window ending at the evaluation, `points[1]` the windowSize before it, and so on.
// - Stateful alerts (autoMitigate true, the default; learn.microsoft.com/azure/azure-monitor/alerts/
//   alerts-overview, "Alerts and state"): a fired alert does not fire again while its condition holds,
//   and "log search alerts: the alert is considered resolved when the condition isn't met for a
//   specific time range", which depends on the frequency: 1 minute → 10 minutes; 5 to 15 minutes →
//   three frequency periods; 15 minutes to 11 hours → two; 11 to 12 hours → one. We count those
//   periods as consecutive evaluations, so ALERT_TIME_SCALE speeds them up together with the rule.
// - Stateless alerts (autoMitigate false): every evaluation that meets the condition fires a new
//   alert, never resolved; muteActionsDuration keeps actions silent for that long after actions ran.
// - Each dimension combination is its own series, with its own alert (alerts-create-log-alert-rule,
//   "Split by dimensions").
import { crosses, seriesKey, type SeriesValue } from './measure';
import type { AlertRuleProperties, Condition } from './rule-schema';

export interface SeriesState {
  /** The fired, unresolved alert of a stateful rule's series. */
  openAlertId: string | null;
  /** Evaluations in a row that did not meet the condition while the alert was open. */
  healthyStreak: number;
  /** When actions last ran for this series (muteActionsDuration counts from there). */
  lastActionsAt: number | null;
}

export interface SeriesVerdict {
  key: string;
  dimensions: SeriesValue['dimensions'];
  /** The measure in the window ending at the evaluation (null when it had no value). */
  value: number | null;
  /** How many of the lookback points crossed the threshold. */
  violations: number;
  met: boolean;
}

export type Change =
  | { kind: 'fire'; verdict: SeriesVerdict; actions: 'run' | 'muted' }
  | { kind: 'resolve'; verdict: SeriesVerdict; alertId: string };

export const MINUTE = 60_000;

/** How many evaluations in a row must not meet the condition before a stateful log alert resolves. */
export function healthyEvaluationsToResolve(frequencyMs: number): number {
  if (frequencyMs <= MINUTE) return Math.ceil((10 * MINUTE) / frequencyMs);
  if (frequencyMs < 15 * MINUTE) return 3;
  if (frequencyMs < 11 * 60 * MINUTE) return 2;
  return 1;
}

/** Judges every series seen in any lookback point; `points[0]` is the newest window. */
export function judge(points: SeriesValue[][], condition: Condition): SeriesVerdict[] {
  const verdicts = new Map<string, SeriesVerdict>();
  points.forEach((series, index) => {
    for (const s of series) {
      const key = seriesKey(s.dimensions);
      const verdict = verdicts.get(key) ?? { key, dimensions: s.dimensions, value: null, violations: 0, met: false };
      if (index === 0) verdict.value = s.value;
      if (crosses(s.value, condition.operator, condition.threshold)) verdict.violations += 1;
      verdicts.set(key, verdict);
    }
  });
  for (const verdict of verdicts.values()) verdict.met = verdict.violations >= condition.failingPeriods.minFailingPeriodsToAlert;
  return [...verdicts.values()];
}

export function decide(input: {
  rule: AlertRuleProperties;
  frequencyMs: number;
  muteMs: number | null;
  at: number;
  verdicts: SeriesVerdict[];
  states: Map<string, SeriesState>;
}): { changes: Change[]; states: Map<string, SeriesState> } {
  const { rule, at } = input;
  const changes: Change[] = [];
  const states = new Map(input.states);
  const seen = new Set<string>();
  for (const verdict of input.verdicts) {
    seen.add(verdict.key);
    const state = states.get(verdict.key) ?? { openAlertId: null, healthyStreak: 0, lastActionsAt: null };
    if (rule.autoMitigate) {
      if (verdict.met) {
        if (state.openAlertId === null) changes.push({ kind: 'fire', verdict, actions: 'run' });
        states.set(verdict.key, { ...state, healthyStreak: 0 });
      } else {
        states.set(verdict.key, afterHealthy(state, verdict, input.frequencyMs, changes));
      }
    } else if (verdict.met) {
      const muted = input.muteMs !== null && state.lastActionsAt !== null && at < state.lastActionsAt + input.muteMs;
      changes.push({ kind: 'fire', verdict, actions: muted ? 'muted' : 'run' });
      states.set(verdict.key, { ...state, lastActionsAt: muted ? state.lastActionsAt : at });
    }
  }
  // A series with an open alert that the query no longer returns at all does not meet the condition either.
  for (const [key, state] of states) {
    if (seen.has(key) || state.openAlertId === null) continue;
    const verdict: SeriesVerdict = { key, dimensions: dimensionsOf(key), value: null, violations: 0, met: false };
    states.set(key, afterHealthy(state, verdict, input.frequencyMs, changes));
  }
  return { changes, states };
}

function afterHealthy(state: SeriesState, verdict: SeriesVerdict, frequencyMs: number, changes: Change[]): SeriesState {
  if (state.openAlertId === null) return { ...state, healthyStreak: 0 };
  const streak = state.healthyStreak + 1;
  if (streak >= healthyEvaluationsToResolve(frequencyMs)) {
    changes.push({ kind: 'resolve', verdict, alertId: state.openAlertId });
    return { ...state, openAlertId: null, healthyStreak: 0 };
  }
  return { ...state, healthyStreak: streak };
}

function dimensionsOf(key: string): SeriesValue['dimensions'] {
  const parsed: unknown = JSON.parse(key);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((pair: unknown) => (Array.isArray(pair) && pair.length === 2 ? [{ name: String(pair[0]), value: String(pair[1]) }] : []));
}
