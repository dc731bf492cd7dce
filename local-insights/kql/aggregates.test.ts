// Every aggregation over a small table with nulls, empty text and ties, called directly (no parser):
// what Kusto skips, what it returns for an empty group, and which row arg_max picks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Column, type Expr, type KType, KqlError, type Value } from './ast';
import { aggregateFactory, isAggregateCall, widthOf } from './aggregates';

const COLUMNS: Column[] = [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }, { name: 'b', type: 'bool' }];
const ROWS: Value[][] = [[3, 'c', true], [1, 'a', false], [null, '', true], [2, 'b', null], [3, 'd', true]];

const col = (name: string): Expr => ({ kind: 'column', name, type: COLUMNS.find((c) => c.name === name)?.type ?? 'dynamic', at: 0 });
const num = (value: number): Expr => ({ kind: 'literal', type: 'long', value, at: 0 });
const call = (name: string, args: Expr[], columns: Column[] = []): Expr => ({ kind: 'call', name, args, type: 'dynamic' as KType, at: 9, columns });

function aggregate(expr: Expr, rows: Value[][] = ROWS): Value[] {
  const accumulator = aggregateFactory(expr, { columns: COLUMNS, context: { now: 0, variables: new Map() } })();
  rows.forEach((row, i) => accumulator.add(row, i, rows));
  return accumulator.result();
}
const one = (expr: Expr, rows?: Value[][]): Value => aggregate(expr, rows)[0] ?? null;

test('count() counts rows; count(predicate) and countif count the rows where it is true', () => {
  assert.equal(one(call('count', [])), 5);
  assert.equal(one(call('count', [col('b')])), 3);
  assert.equal(one(call('countif', [col('b')])), 3);
  assert.equal(one(call('countif', [col('x')])), 4, 'a number is true when it is not 0; countif counts, it does not add');
  assert.equal(one(call('count', []), []), 0);
});

test('sum and avg skip nulls; over nothing sum is 0 (Kusto\'s default) and avg NaN (0 / 0, as the docs\' example shows); the …if forms filter first', () => {
  assert.equal(one(call('sum', [col('x')])), 9);
  assert.equal(one(call('sumif', [col('x'), col('b')])), 6);
  assert.equal(one(call('sum', [col('x')]), [[null, '', null]]), 0);
  assert.equal(one(call('sum', [col('x')]), []), 0);
  assert.equal(one(call('sumif', [col('x'), col('b')]), [[4, '', false]]), 0);
  assert.equal(one(call('avg', [col('x')])), 2.25);
  assert.equal(one(call('avgif', [col('x'), col('b')])), 3);
  assert.ok(Number.isNaN(one(call('avg', [col('x')]), [])));
  assert.ok(Number.isNaN(one(call('avgif', [col('x'), col('b')]), [[1, '', false]])));
  assert.equal(one(call('sum', [col('s')]), [[0, '2', null], [0, 'x', null]]), 2);
});

test('stdev and variance are the sample ones; one value, or none (Kusto\'s default), gives 0', () => {
  const rows = [2, 4, 4, 4, 5, 5, 7, 9].map((x) => [x, '', null]);
  assert.equal(one(call('variance', [col('x')]), rows), 32 / 7);
  assert.equal(one(call('stdev', [col('x')]), rows), Math.sqrt(32 / 7));
  assert.equal(one(call('stdev', [col('x')]), [[5, '', null]]), 0);
  assert.equal(one(call('stdev', [col('x')]), [[1, '', null], [3, '', null]]), Math.sqrt(2));
  assert.equal(one(call('variance', [col('x')]), []), 0);
  assert.equal(one(call('stdev', [col('x')]), [[null, '', null]]), 0);
});

test('min and max skip nulls and empty text', () => {
  assert.equal(one(call('min', [col('x')])), 1);
  assert.equal(one(call('max', [col('x')])), 3);
  assert.equal(one(call('min', [col('s')])), 'a');
  assert.equal(one(call('max', [col('s')])), 'd');
  assert.equal(one(call('max', [col('x')]), []), null);
  assert.equal(one(call('max', [col('x')]), [[1, '', null], [null, '', null]]), 1);
  assert.equal(one(call('min', [col('s')]), [[0, 'b', null], [0, '', null]]), 'b');
});

test('max and min skip NaN, so where it comes in the rows does not matter; over NaN alone they are null', () => {
  for (const rows of [[[NaN, '', null], [1, '', null], [2, '', null]], [[1, '', null], [NaN, '', null], [2, '', null]], [[2, '', null], [1, '', null], [NaN, '', null]]]) {
    assert.deepEqual([one(call('max', [col('x')]), rows), one(call('min', [col('x')]), rows)], [2, 1], JSON.stringify(rows.map((row) => String(row[0]))));
  }
  assert.deepEqual([one(call('max', [col('x')]), [[NaN, '', null]]), one(call('min', [col('x')]), [[NaN, '', null]])], [null, null]);
  assert.deepEqual([one(call('max', [col('x')]), [[-Infinity, '', null], [Infinity, '', null]]), one(call('min', [col('x')]), [[Infinity, '', null], [-Infinity, '', null]])], [Infinity, -Infinity]);
});

const typed = (name: string, args: Expr[], type: KType): Expr => ({ kind: 'call', name, args, type, at: 9, columns: [] });
const op = (o: string, left: Expr, right: Expr, type: KType): Expr => ({ kind: 'binary', op: o, left, right, type, at: 0 });
const real = (value: number): Expr => ({ kind: 'literal', type: 'real', value, at: 0 });

test('an expression over aggregates computes each aggregate over the group, then the expression once over their results', () => {
  const failRate = op('/', op('*', real(100), typed('countif', [col('b')], 'long'), 'real'), typed('count', [], 'long'), 'real');
  assert.equal(one(failRate), 60, '100.0 * 3 true of 5 rows');
  assert.ok(Number.isNaN(one(failRate, [])), 'over no rows, 0.0 / 0');
  assert.equal(one(typed('round', [typed('avg', [col('x')], 'real'), num(1)], 'real'), [[1, '', null], [1, '', null], [2, '', null]]), 1.3, 'round(4 / 3, 1)');
  assert.equal(one(op('-', typed('count', [col('b')], 'long'), typed('countif', [typed('not', [col('b')], 'bool')], 'long'), 'long')), 2, 'count(b) - countif(not(b)): 3 - 1');
  assert.equal(one(op('/', typed('sum', [col('x')], 'long'), typed('count', [], 'long'), 'long')), 1, 'long / long truncates: 9 / 5');
  assert.equal(one({ kind: 'unary', op: '-', operand: typed('max', [col('x')], 'long'), type: 'long', at: 0 }), -3);
  assert.equal(one(typed('tostring', [typed('dcount', [col('s')], 'long')], 'string')), '5');
  assert.equal(one({ kind: 'member', target: typed('make_list', [col('x')], 'dynamic'), key: num(-1), type: 'dynamic', at: 0 }), 3, 'the last of make_list');
  assert.equal(one({ kind: 'in', op: 'in', left: typed('min', [col('x')], 'long'), list: [num(0), num(1)], type: 'bool', at: 0 }), true);
  assert.equal(one({ kind: 'between', negated: false, left: typed('max', [col('x')], 'long'), low: num(2), high: typed('sum', [col('x')], 'long'), type: 'bool', at: 0 }), true, 'max 3 between 2 and sum 9');
  assert.equal(one({ kind: 'between', negated: false, left: typed('sum', [col('x')], 'long'), low: num(2), high: typed('max', [col('x')], 'long'), type: 'bool', at: 0 }), false, 'sum 9 between 2 and max 3');
});

test('an expression over aggregates keeps one accumulator set per group, and a let value inside it', () => {
  const scope = { columns: COLUMNS, context: { now: 0, variables: new Map([['k', { value: 10, type: 'long' as KType }]]) } };
  const make = aggregateFactory(op('*', typed('count', [], 'long'), { kind: 'variable', name: 'k', type: 'long', at: 0 }, 'long'), scope);
  const [first, second] = [make(), make()];
  ROWS.forEach((row, i) => first?.add(row, i, ROWS));
  second?.add(ROWS[0] ?? [], 0, ROWS);
  assert.deepEqual([first?.result(), second?.result()], [[50], [10]]);
});

test('dcount counts distinct non-null values; dcountif filters first', () => {
  assert.equal(one(call('dcount', [col('x')])), 3);
  assert.equal(one(call('dcountif', [col('x'), col('b')])), 1);
  assert.equal(one(call('dcount', [col('s')])), 5);
});

test('percentiles are nearest-rank values of the data', () => {
  const rows = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((x) => [x, '', null]);
  assert.deepEqual(aggregate(call('percentile', [col('x'), num(50)]), rows), [5]);
  assert.deepEqual(aggregate(call('percentiles', [col('x'), num(0), num(90), num(95), num(100)]), rows), [1, 9, 10, 10]);
  assert.deepEqual(aggregate(call('percentile', [col('x'), num(50)]), []), [null]);
  assert.throws(() => aggregate(call('percentiles', [col('x'), num(50), col('x')])), KqlError);
  assert.throws(() => aggregate(call('percentile', [col('x'), col('x')])), (e: unknown) => e instanceof KqlError && e.message === 'percentile() needs constant percentages' && e.at === 9);
});

test('arg_max and arg_min give the first row with the extreme value, and the columns asked for', () => {
  assert.deepEqual(aggregate(call('arg_max', [col('x'), col('s')])), [3, 'c']);
  assert.deepEqual(aggregate(call('arg_min', [col('x'), col('s'), col('b')])), [1, 'a', false]);
  const star = call('arg_max', [col('x'), { kind: 'star', type: 'dynamic', at: 0 }], [{ name: 'x', type: 'long' }, { name: 's', type: 'string' }, { name: 'b', type: 'bool' }, { name: 'gone', type: 'long' }]);
  assert.deepEqual(aggregate(star), [3, 'c', true, null]);
  assert.deepEqual(aggregate(call('arg_max', [col('x'), col('s')]), [[null, 'z', null]]), [null, null]);
  assert.throws(() => aggregate(call('arg_min', [])), (e: unknown) => e instanceof KqlError && e.message === 'arg_min() needs an expression to compare');
});

test('make_list keeps every non-null value up to its limit; make_set keeps each value once', () => {
  assert.deepEqual(one(call('make_list', [col('x')])), [3, 1, 2, 3]);
  assert.deepEqual(one(call('make_list', [col('x'), num(2)])), [3, 1]);
  assert.deepEqual(one(call('make_set', [col('x')])), [3, 1, 2]);
  assert.deepEqual(one(call('make_set', [col('s'), num(2)])), ['c', 'a']);
  const when: Expr = { kind: 'column', name: 'x', type: 'datetime', at: 0 };
  assert.deepEqual(one(call('make_list', [when]), [[Date.parse('2024-05-01T00:00:00Z'), '', null]]), ['2024-05-01T00:00:00Z']);
});

test('any and take_any give the first value that is neither null nor empty', () => {
  assert.equal(one(call('any', [col('s')]), [['', '', null], [null, 'b', null], [null, 'c', null]]), 'b');
  assert.equal(one(call('take_any', [col('x')]), [[null, '', null], [4, '', null], [5, '', null]]), 4);
  assert.equal(one(call('any', [col('x')]), []), null);
});

test('an item with no aggregate in it is refused with what to use instead; an aggregate this engine does not know, by its name', () => {
  const noAggregate = (e: unknown) => e instanceof KqlError && e.message === 'summarize needs an aggregation function in each item here (count(), sum(), avg() …)' && e.at === 4;
  assert.throws(() => aggregate({ ...num(1), at: 4 }), noAggregate);
  assert.throws(() => aggregate({ ...call('strlen', [col('s')]), at: 4 }), noAggregate);
  assert.throws(() => aggregate(call('round', [call('hll', [col('s')])])), (e: unknown) => e instanceof KqlError && e.code === 'NotSupported' && e.message === 'the function hll() is not supported here');
  assert.throws(() => aggregate(call('sum', [])), (e: unknown) => e instanceof KqlError && e.message === 'sum() needs argument 1' && e.at === 9);
});

test('aggregate calls are recognised by name, and tuples are as wide as the analyser says', () => {
  assert.equal(isAggregateCall(call('dcount', [col('x')])), true);
  assert.equal(isAggregateCall(call('strlen', [col('s')])), false);
  assert.equal(isAggregateCall(col('x')), false);
  assert.equal(widthOf(call('sum', [col('x')])), 1);
  assert.equal(widthOf(call('percentiles', [col('x')], [{ name: 'p50', type: 'long' }, { name: 'p95', type: 'long' }])), 2);
  assert.equal(widthOf(col('x')), 1);
});
