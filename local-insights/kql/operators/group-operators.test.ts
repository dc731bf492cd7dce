// summarize, count, distinct and make-series called directly: groups in first-seen order, the one
// row summarize gives over nothing, and make-series' steps, range and defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Column, type Expr, type KType, KqlError, type Operator } from '../ast';
import type { OperatorContext, Table } from '../table';
import { count, distinct, makeSeries, summarize } from './group-operators';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T10:00:00Z');
const COLUMNS: Column[] = [{ name: 'timestamp', type: 'datetime' }, { name: 'name', type: 'string' }, { name: 'n', type: 'long' }];
const INPUT: Table = {
  columns: COLUMNS,
  rows: [[T0 + 1 * MIN, 'b', 1], [T0 + 2 * MIN, 'a', 2], [T0 + 7 * MIN, 'b', 3], [T0 + 16 * MIN, 'b', 4]],
};
const col = (name: string): Expr => ({ kind: 'column', name, type: COLUMNS.find((c) => c.name === name)?.type ?? 'long', at: 0 });
const lit = (value: number, type: KType = 'long'): Expr => ({ kind: 'literal', type, value, at: 5 });
const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args, type: 'long', at: 0, columns: [] });
const ctx = (output: Column[]): OperatorContext => ({ context: { now: 0, variables: new Map() }, input: COLUMNS, output });
const out = (...names: string[]): Column[] => names.map((name) => ({ name, type: 'dynamic' }));

test('summarize gives one row per group, in the order groups are first seen', () => {
  const op: Operator & { kind: 'summarize' } = { kind: 'summarize', aggregates: [{ name: 'total', expr: call('sum', col('n')) }, { name: 'c', expr: call('count') }], by: [{ name: 'name', expr: col('name') }] };
  assert.deepEqual(summarize(INPUT, op, ctx(out('name', 'total', 'c'))).rows, [['b', 8, 3], ['a', 2, 1]]);
});

test('summarize without by answers one row even over no rows; with by, no rows', () => {
  const none: Table = { columns: COLUMNS, rows: [] };
  const total: Operator & { kind: 'summarize' } = { kind: 'summarize', aggregates: [{ name: 'c', expr: call('count') }], by: [] };
  assert.deepEqual(summarize(none, total, ctx(out('c'))).rows, [[0]]);
  assert.deepEqual(summarize(INPUT, total, ctx(out('c'))).rows, [[4]]);
  assert.deepEqual(summarize(none, { ...total, by: [{ name: 'name', expr: col('name') }] }, ctx(out('name', 'c'))).rows, []);
});

test('a summarize whose columns do not match the analyser\'s is refused rather than misaligned', () => {
  const op: Operator & { kind: 'summarize' } = { kind: 'summarize', aggregates: [{ name: 'c', expr: { ...call('count'), at: 13 } }], by: [] };
  assert.throws(() => summarize(INPUT, op, ctx(out('c', 'extra'))), (e: unknown) => e instanceof KqlError && e.message === 'this summarize shape is not supported here' && e.at === 13);
});

test('count is the number of rows', () => {
  assert.deepEqual(count(INPUT, ctx(out('Count'))).rows, [[4]]);
});

test('distinct keeps each combination once, first seen first; distinct * uses every column', () => {
  assert.deepEqual(distinct(INPUT, { kind: 'distinct', items: [{ name: 'name', expr: col('name') }] }, ctx(out('name'))).rows, [['b'], ['a']]);
  const twice: Table = { columns: COLUMNS, rows: [...INPUT.rows, INPUT.rows[0] ?? []] };
  assert.deepEqual(distinct(twice, { kind: 'distinct', items: [{ name: null, expr: { kind: 'star', type: 'dynamic', at: 0 } }] }, ctx(COLUMNS)).rows, INPUT.rows);
});

const series = (overrides: Partial<Operator & { kind: 'make-series' }> = {}): Operator & { kind: 'make-series' } => ({
  kind: 'make-series', aggregates: [{ name: 'total', expr: call('sum', col('n')), fill: null }], on: col('timestamp'), from: null, to: null, step: lit(5 * MIN, 'timespan'), by: [], ...overrides,
});
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

test('make-series spans the data, floored to the step, with 0 where a step has no rows', () => {
  const [row] = makeSeries(INPUT, series(), ctx(out('total', 'timestamp'))).rows;
  assert.deepEqual(row, [[3, 3, 0, 4], [T0, T0 + 5 * MIN, T0 + 10 * MIN, T0 + 15 * MIN].map(iso)]);
});

test('make-series by a column: one row per group, every row over the same steps', () => {
  const rows = makeSeries(INPUT, series({ by: [{ name: 'name', expr: col('name') }] }), ctx(out('name', 'total', 'timestamp'))).rows;
  assert.deepEqual(rows.map((r) => r.slice(0, 2)), [['b', [1, 3, 0, 4]], ['a', [2, 0, 0, 0]]]);
});

test('make-series from … to …: rows outside are left out, and default= fills empty steps', () => {
  const op = series({ from: lit(T0 + 5 * MIN, 'datetime'), to: lit(T0 + 15 * MIN, 'datetime'), aggregates: [{ name: 'total', expr: call('sum', col('n')), fill: lit(-1) }] });
  assert.deepEqual(makeSeries(INPUT, op, ctx(out('total', 'timestamp'))).rows, [[[3, -1], [T0 + 5 * MIN, T0 + 10 * MIN].map(iso)]]);
});

test('make-series leaves out rows with no axis value, and groups whose rows all fall outside from … to', () => {
  const input: Table = { columns: COLUMNS, rows: [...INPUT.rows, [null, 'b', 100], [T0 + 15 * MIN, 'c', 9]] };
  const whole = makeSeries(input, series({ by: [{ name: 'name', expr: col('name') }] }), ctx(out('name', 'total', 'timestamp'))).rows;
  assert.deepEqual(whole.map((r) => r.slice(0, 2)), [['b', [1, 3, 0, 4]], ['a', [2, 0, 0, 0]], ['c', [0, 0, 0, 9]]]);
  const op = series({ by: [{ name: 'name', expr: col('name') }], from: lit(T0 + 5 * MIN, 'datetime'), to: lit(T0 + 15 * MIN, 'datetime') });
  const cut = makeSeries(input, op, ctx(out('name', 'total', 'timestamp'))).rows;
  assert.deepEqual(cut.map((r) => r.slice(0, 2)), [['b', [3, 0]]], 'a (before from) and c (at to, which is not included) have no row');
});

test('make-series over no rows has no row; a step that is not positive is refused', () => {
  assert.deepEqual(makeSeries({ columns: COLUMNS, rows: [] }, series(), ctx(out('total', 'timestamp'))).rows, []);
  const noAxis: Table = { columns: COLUMNS, rows: [[null, 'b', 1]] };
  for (const range of [{}, { from: lit(T0, 'datetime') }, { to: lit(T0 + 5 * MIN, 'datetime') }, { from: lit(T0, 'datetime'), to: lit(T0 + 5 * MIN, 'datetime') }]) {
    assert.deepEqual(makeSeries(noAxis, series(range), ctx(out('total', 'timestamp'))).rows, [], `no axis value, ${Object.keys(range).join(' and ') || 'no range'}`);
  }
  for (const step of [lit(0, 'timespan'), lit(-MIN, 'timespan')]) {
    assert.throws(() => makeSeries(INPUT, series({ step }), ctx(out('total', 'timestamp'))), (e: unknown) => e instanceof KqlError && e.message === 'make-series needs a positive step' && e.at === 5);
  }
});

test('make-series over numbers: starts are numbers, and an aggregate of a step with only nulls is null', () => {
  const numbers: Table = { columns: [{ name: 'x', type: 'long' }, { name: 'n', type: 'long' }], rows: [[0, 1], [3, null], [5, 2]] };
  const op: Operator & { kind: 'make-series' } = { kind: 'make-series', aggregates: [{ name: 'm', expr: { ...call('max', { kind: 'column', name: 'n', type: 'long', at: 0 }), type: 'long' }, fill: null }], on: { kind: 'column', name: 'x', type: 'long', at: 0 }, from: null, to: null, step: lit(2), by: [] };
  assert.deepEqual(makeSeries(numbers, op, { context: { now: 0, variables: new Map() }, input: numbers.columns, output: out('m', 'x') }).rows, [[[1, null, 2], [0, 2, 4]]]);
});
