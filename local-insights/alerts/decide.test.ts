import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, healthyEvaluationsToResolve, judge, MINUTE, type SeriesState } from './decide';
import { crosses, measure } from './measure';
import { AlertRuleProperties, describeIssues } from './rule-schema';

const rule = (overrides: Record<string, unknown> = {}, condition: Record<string, unknown> = {}) => AlertRuleProperties.parse({
  severity: 3, evaluationFrequency: 'PT5M', windowSize: 'PT5M',
  criteria: { allOf: [{ query: 'exceptions', timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, ...condition }] },
  ...overrides,
});
const table = (columns: Array<[string, string]>, rows: unknown[][]) => ({ name: 'PrimaryResult' as const, columns: columns.map(([name, type]) => ({ name, type })), rows });
const conditionOf = (r: ReturnType<typeof rule>) => r.criteria.allOf[0] ?? assert.fail('no condition');

test('table rows: the measure is the number of rows, and an empty answer is one series of 0', () => {
  const c = conditionOf(rule());
  assert.deepEqual(measure(table([['x', 'long']], [[1], [2]]), c), { ok: true, series: [{ dimensions: [], rows: 2, value: 2 }] });
  assert.deepEqual(measure(table([['x', 'long']], []), c), { ok: true, series: [{ dimensions: [], rows: 0, value: 0 }] });
});

test('a measure column is aggregated per dimension combination, and excluded values are left out', () => {
  const c = conditionOf(rule({}, {
    timeAggregation: 'Average', metricMeasureColumn: 'value',
    dimensions: [{ name: 'role', operator: 'Exclude', values: ['noise'] }],
  }));
  const answer = measure(table([['role', 'string'], ['value', 'real']], [['app', 10], ['app', 20], ['finance', 5], ['noise', 99]]), c);
  assert.deepEqual(answer, { ok: true, series: [
    { dimensions: [{ name: 'role', value: 'app' }], rows: 2, value: 15 },
    { dimensions: [{ name: 'role', value: 'finance' }], rows: 1, value: 5 },
  ] });
  for (const [how, expected] of [['Minimum', 10], ['Maximum', 20], ['Total', 30], ['Count', 2]] as const) {
    const other = conditionOf(rule({}, { timeAggregation: how, metricMeasureColumn: 'value', dimensions: [{ name: 'role', operator: 'Include', values: ['app'] }] }));
    const measured = measure(table([['role', 'string'], ['value', 'real']], [['app', 10], ['app', 20], ['finance', 5]]), other);
    assert.deepEqual(measured.ok && measured.series.map((s) => s.value), [expected], how);
  }
});

test('a measure or dimension column the query does not return is an error naming it', () => {
  const c = conditionOf(rule({}, { timeAggregation: 'Total', metricMeasureColumn: 'bytes' }));
  assert.match(String((measure(table([['x', 'long']], [[1]]), c) as { error: string }).error), /no column "bytes" to measure \(metricMeasureColumn\); it has x/);
  const text = conditionOf(rule({}, { timeAggregation: 'Total', metricMeasureColumn: 'x' }));
  assert.match(String((measure(table([['x', 'string']], [['1']]), text) as { error: string }).error), /must be numeric/);
});

test('operators compare as Azure names them, and no value never crosses', () => {
  assert.equal(crosses(5, 'GreaterThan', 5), false);
  assert.equal(crosses(5, 'GreaterThanOrEqual', 5), true);
  assert.equal(crosses(4, 'LessThan', 5), true);
  assert.equal(crosses(5, 'LessThanOrEqual', 5), true);
  assert.equal(crosses(5, 'Equals', 5), true);
  assert.equal(crosses(null, 'LessThan', 5), false);
});

test('failing periods: 2 violations out of the last 3 windows fire, 1 does not', () => {
  const c = conditionOf(rule({}, { failingPeriods: { numberOfEvaluationPeriods: 3, minFailingPeriodsToAlert: 2 } }));
  const point = (value: number) => [{ dimensions: [], rows: value, value }];
  assert.equal(judge([point(1), point(0), point(3)], c)[0]?.met, true);
  assert.equal(judge([point(1), point(0), point(0)], c)[0]?.met, false);
  assert.equal(judge([point(0), point(2), point(3)], c)[0]?.violations, 2);
});

/** Runs a stateful 5-minute rule over a sequence of measured values, as the evaluator would, and says what each evaluation did. */
function statefulRun(values: number[]): string[][] {
  const r = rule();
  const c = conditionOf(r);
  let states = new Map<string, SeriesState>();
  return values.map((value, at) => {
    const outcome = decide({ rule: r, frequencyMs: 5 * MINUTE, muteMs: null, at, verdicts: judge([[{ dimensions: [], rows: value, value }]], c), states });
    states = outcome.states;
    // The evaluator stores the fired alert's id; here the fire opens alert "a<at>".
    for (const change of outcome.changes) if (change.kind === 'fire') states.set(change.verdict.key, { ...(states.get(change.verdict.key) ?? { healthyStreak: 0, lastActionsAt: null }), openAlertId: `a${at}` });
    return outcome.changes.map((ch) => ch.kind);
  });
}

test('a stateful alert fires once, stays quiet while it holds, and resolves after three healthy 5-minute evaluations', () => {
  assert.deepEqual(statefulRun([0, 2, 3, 0, 0, 0, 0]), [[], ['fire'], [], [], [], ['resolve'], []]);
});

test('the three healthy evaluations must come in a row: a violation among them starts the count again, without firing anew', () => {
  // fire, two healthy, a violation (the alert is still open: no new fire), then three healthy in a row.
  assert.deepEqual(statefulRun([2, 0, 0, 5, 0, 0, 0]), [['fire'], [], [], [], [], [], ['resolve']]);
});

test('how long a log alert must be healthy to resolve follows the frequency, as Azure documents it', () => {
  assert.equal(healthyEvaluationsToResolve(MINUTE), 10);
  assert.equal(healthyEvaluationsToResolve(5 * MINUTE), 3);
  assert.equal(healthyEvaluationsToResolve(10 * MINUTE), 3);
  assert.equal(healthyEvaluationsToResolve(30 * MINUTE), 2);
  assert.equal(healthyEvaluationsToResolve(12 * 60 * MINUTE), 1);
});

test('a stateless alert fires at every violating evaluation, with actions muted for muteActionsDuration', () => {
  const r = rule({ autoMitigate: false, muteActionsDuration: 'PT15M' });
  const c = conditionOf(r);
  let states = new Map<string, SeriesState>();
  const run = (at: number) => {
    const outcome = decide({ rule: r, frequencyMs: 5 * MINUTE, muteMs: 15 * MINUTE, at, verdicts: judge([[{ dimensions: [], rows: 1, value: 1 }]], c), states });
    states = outcome.states;
    return outcome.changes.map((ch) => (ch.kind === 'fire' ? ch.actions : ch.kind));
  };
  assert.deepEqual([run(0), run(5 * MINUTE), run(10 * MINUTE), run(15 * MINUTE)], [['run'], ['muted'], ['muted'], ['run']]);
});

test('bad rules are refused with the field named', () => {
  const problem = (body: unknown) => {
    const parsed = AlertRuleProperties.safeParse(body);
    return parsed.success ? 'accepted' : describeIssues(parsed.error);
  };
  const good = { severity: 2, evaluationFrequency: 'PT5M', windowSize: 'PT5M', criteria: { allOf: [{ query: 'traces', timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 }] } };
  assert.equal(problem(good), 'accepted');
  assert.match(problem({ ...good, severity: 7 }), /^severity: /);
  assert.match(problem({ ...good, windowSize: '5 minutes' }), /^windowSize: "5 minutes" must be an ISO 8601 duration/);
  assert.match(problem({ ...good, criteria: { allOf: [{ ...good.criteria.allOf[0], operator: 'Above' }] } }), /^criteria\.allOf\[0\]\.operator: /);
  assert.match(problem({ ...good, criteria: { allOf: [{ ...good.criteria.allOf[0], timeAggregation: 'Average' }] } }), /^criteria\.allOf\[0\]\.metricMeasureColumn: is required when timeAggregation is Average/);
  assert.match(problem({ ...good, overrideQueryTimeRange: 'PT1M' }), /^overrideQueryTimeRange: must be at least windowSize/);
  assert.match(problem({ ...good, muteActionsDuration: 'PT10M' }), /^muteActionsDuration: needs autoMitigate false/);
});
