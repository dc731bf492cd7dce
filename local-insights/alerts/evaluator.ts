// One evaluation of one alert rule, as a scheduled evaluation in Azure makes it (see decide.ts for
// the rules it follows): run the query over each lookback window, measure, decide, save the alerts,
// then start their notifications. The query runs in the KQL worker (kql/query-runner.ts), off the
// ingestion path. "A log search alert rule's query sees only its window": the query API's timespan
// is [at − windowSize, at], or [at − overrideQueryTimeRange, at] when the rule overrides it
// (alerts-create-log-alert-rule, "Aggregation granularity" and "Override query time range").
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from '../kql/query-runner';
import type { WireAnswer, WireError } from '../kql/wire';
import { parseIsoDuration } from '../timespan';
import type { AlertStore, LastEvaluation, StoredAlert } from './alert-store';
import { decide, judge, type SeriesState } from './decide';
import { measure, type SeriesValue } from './measure';
import type { Notifier } from './notifier';
import { AlertRuleProperties, describeIssues } from './rule-schema';

const RESULT_ROWS = 50;

export type EvaluationResult =
  | { status: 'ok'; at: string; series: NonNullable<LastEvaluation['series']>; fired: string[]; resolved: string[]; ms: number; skippedTurns?: number }
  | { status: 'failing'; at: string; error: string; ms: number; skippedTurns?: number };

export class RuleEvaluator {
  constructor(private readonly deps: { store: AlertStore; queries: QueryRunner; notifier: Notifier }) {}

  /**
   * Evaluates `name` as of `at`; undefined when no such rule exists. `skippedTurns` is how many
   * scheduled turns were missed since the last evaluation, recorded with the result when not 0.
   */
  async evaluate(name: string, at: Date, turns: { skippedTurns?: number } = {}): Promise<EvaluationResult | undefined> {
    const stored = this.deps.store.getDefinition('rule', name);
    if (stored === undefined) return undefined;
    const started = performance.now();
    const skipped = turns.skippedTurns ? { skippedTurns: turns.skippedTurns } : {};
    const failing = (error: string): EvaluationResult => {
      const result: EvaluationResult = { status: 'failing', at: at.toISOString(), error, ms: performance.now() - started, ...skipped };
      this.deps.store.setLastEvaluation(name, result);
      return result;
    };
    const parsed = AlertRuleProperties.safeParse(stored);
    if (!parsed.success) return failing(`the stored rule no longer reads: ${describeIssues(parsed.error)}`);
    const rule = parsed.data;
    const condition = rule.criteria.allOf[0];
    if (!condition) return failing('the rule has no condition');
    const windowMs = parseIsoDuration(rule.windowSize) ?? 0;
    const spanMs = rule.overrideQueryTimeRange ? parseIsoDuration(rule.overrideQueryTimeRange) ?? windowMs : windowMs;

    // One query per aggregated lookback point, newest first: [at − span, at], then a windowSize earlier…
    const points: SeriesValue[][] = [];
    let newest: WireAnswer | null = null;
    for (let i = 0; i < condition.failingPeriods.numberOfEvaluationPeriods; i++) {
      const to = at.getTime() - i * windowMs;
      const outcome = await this.deps.queries.run(condition.query, { timespan: { from: to - spanMs, to }, now: to });
      if (outcome.status !== 200 || !('tables' in outcome.body)) return failing(`the query failed (${outcome.status}): ${errorText(outcome.body)}`);
      const table = outcome.body.tables[0];
      if (!table) return failing('the query answered no table');
      const measured = measure(table, condition);
      if (!measured.ok) return failing(measured.error);
      points.push(measured.series);
      if (i === 0) newest = outcome.body;
    }

    const verdicts = judge(points, condition);
    const decision = decide({
      rule, at: at.getTime(), verdicts, states: this.deps.store.seriesStates(name),
      frequencyMs: parseIsoDuration(rule.evaluationFrequency) ?? windowMs,
      muteMs: rule.muteActionsDuration ? parseIsoDuration(rule.muteActionsDuration) : null,
    });

    const states = new Map<string, SeriesState>(decision.states);
    const fired: Array<{ alert: StoredAlert; run: boolean }> = [];
    const resolved: Array<{ alertId: string; at: string }> = [];
    const newestTable = newest?.tables[0];
    for (const change of decision.changes) {
      if (change.kind === 'resolve') {
        resolved.push({ alertId: change.alertId, at: at.toISOString() });
        continue;
      }
      const alertId = `/local-insights/providers/Microsoft.AlertsManagement/alerts/${randomUUID()}`;
      const { verdict } = change;
      fired.push({
        run: change.actions === 'run',
        alert: {
          alertId, rule: name, series: verdict.key, severity: rule.severity, monitorCondition: 'Fired',
          firedDateTime: at.toISOString(), resolvedDateTime: null, deliveries: [],
          context: {
            value: verdict.value, violations: verdict.violations, dimensions: verdict.dimensions,
            operator: condition.operator, threshold: condition.threshold, timeAggregation: condition.timeAggregation,
            metricMeasureColumn: condition.metricMeasureColumn ?? null, failingPeriods: condition.failingPeriods,
            query: condition.query, windowSize: rule.windowSize,
            windowStartTime: new Date(at.getTime() - spanMs).toISOString(), windowEndTime: at.toISOString(),
            result: { columns: newestTable?.columns ?? [], rows: (newestTable?.rows ?? []).slice(0, RESULT_ROWS), totalRows: newestTable?.rows.length ?? 0 },
          },
        },
      });
      if (rule.autoMitigate) {
        const state = states.get(verdict.key) ?? { openAlertId: null, healthyStreak: 0, lastActionsAt: null };
        states.set(verdict.key, { ...state, openAlertId: alertId });
      }
    }
    this.deps.store.saveEvaluation(name, states, fired.map((f) => f.alert), resolved);

    const description = rule.description ?? '';
    const groups = rule.actions.actionGroups.map(groupName);
    for (const { alert, run } of fired) {
      if (run) this.deps.notifier.notify(alert, groups, description);
      else this.deps.store.recordDelivery(alert.alertId, { receiver: '(all)', kind: 'actionGroup', monitorCondition: 'Fired', status: 'muted', error: `actions muted for ${rule.muteActionsDuration ?? ''} after the last notification`, attempts: 0, at: at.toISOString() });
    }
    for (const r of resolved) {
      const alert = this.deps.store.alert(r.alertId);
      if (alert) this.deps.notifier.notify(alert, groups, description);
    }

    const result: EvaluationResult = {
      status: 'ok', at: at.toISOString(), ms: performance.now() - started, ...skipped,
      series: verdicts.map((v) => ({ dimensions: v.dimensions, value: v.value, violations: v.violations, met: v.met })),
      fired: fired.map((f) => f.alert.alertId), resolved: resolved.map((r) => r.alertId),
    };
    this.deps.store.setLastEvaluation(name, result);
    return result;
  }
}

/** Azure names an action group by its resource ID; the last segment is its name here. */
export const groupName = (reference: string): string => reference.split('/').filter(Boolean).at(-1) ?? reference;

function errorText(body: WireAnswer | WireError): string {
  if (!('error' in body) || !body.error) return 'no answer';
  const inner = 'innererror' in body.error ? body.error.innererror : undefined;
  return inner ? `${inner.message} (line ${inner.line}, position ${inner.pos})` : body.error.message;
}
