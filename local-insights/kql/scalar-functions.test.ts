// Each scalar function called directly with literal arguments (no parser): the values a learner's
// query meets, and the edges where Kusto differs from JavaScript (rounding, ticks, code points).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type KType, KqlError, type Value } from './ast';
import { type Arg, callFunction } from './scalar-functions';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

const lit = (value: Value, type: KType): Arg => ({ expr: { kind: 'literal', type, value, at: 3 }, type, eval: () => value });
/** The row's first column, for prev() and next(). */
const column = (type: KType): Arg => ({ expr: { kind: 'column', name: 'x', type, at: 0 }, type, eval: (row) => row[0] ?? null });

function compile(name: string, args: Arg[], type: KType = 'dynamic') {
  return callFunction({ kind: 'call', name, args: args.map((a) => a.expr), type, at: 11, columns: [] }, args, { columns: [], context: { now: NOW, variables: new Map() } });
}
const call = (name: string, args: Arg[], type?: KType): Value => compile(name, args, type)([], 0, [[]]);

test('bin and floor round down to a multiple; datetimes line up with 0001-01-01, a Monday', () => {
  assert.equal(call('bin', [lit(7, 'long'), lit(5, 'long')]), 5);
  assert.equal(call('floor', [lit(-1, 'long'), lit(5, 'long')]), -5);
  assert.equal(call('bin', [lit(7.5, 'real'), lit(0.5, 'real')]), 7.5);
  assert.equal(call('bin', [lit(at('2024-05-01T10:07:30Z'), 'datetime'), lit(5 * 60_000, 'timespan')]), at('2024-05-01T10:05:00Z'));
  assert.equal(call('bin', [lit(at('2024-05-01T10:07:30Z'), 'datetime'), lit(7 * 24 * HOUR, 'timespan')]), at('2024-04-29T00:00:00Z'));
  assert.equal(call('bin', [lit(7, 'long'), lit(0, 'long')]), null);
  assert.equal(call('bin', [lit(7, 'long'), lit(-5, 'long')]), null);
  assert.equal(call('bin', [lit(null, 'long'), lit(5, 'long')]), null);
  assert.equal(call('bin', [lit(7, 'long'), lit('5', 'string')]), null);
});

test('ago and now count from the query\'s one instant', () => {
  assert.equal(call('ago', [lit(HOUR, 'timespan')]), NOW - HOUR);
  assert.equal(call('ago', [lit(null, 'timespan')]), null);
  assert.equal(call('now', []), NOW);
  assert.equal(call('now', [lit(-HOUR, 'timespan')]), NOW - HOUR);
});

test('startof… with and without an offset; weeks start on Sunday', () => {
  const wednesday = lit(at('2024-05-01T10:07:30Z'), 'datetime');
  const cases: Array<[string, Arg[], string]> = [
    ['startofhour', [wednesday], '2024-05-01T10:00:00Z'],
    ['startofhour', [wednesday, lit(-2, 'long')], '2024-05-01T08:00:00Z'],
    ['startofday', [wednesday], '2024-05-01T00:00:00Z'],
    ['startofday', [wednesday, lit(1, 'long')], '2024-05-02T00:00:00Z'],
    ['startofweek', [wednesday], '2024-04-28T00:00:00Z'],
    ['startofweek', [wednesday, lit(1, 'long')], '2024-05-05T00:00:00Z'],
    ['startofmonth', [wednesday], '2024-05-01T00:00:00Z'],
    ['startofmonth', [wednesday, lit(-1, 'long')], '2024-04-01T00:00:00Z'],
    ['startofyear', [wednesday], '2024-01-01T00:00:00Z'],
    ['startofyear', [wednesday, lit(1, 'long')], '2025-01-01T00:00:00Z'],
    ['startofday', [wednesday, lit(null, 'long')], '2024-05-01T00:00:00Z'],
  ];
  for (const [name, args, expected] of cases) assert.equal(call(name, args), at(expected), `${name} ${args.length}`);
  assert.equal(call('startofday', [lit(null, 'datetime')]), null);
});

test('format_datetime formats a datetime and gives empty text for null', () => {
  assert.equal(call('format_datetime', [lit(at('2024-05-01T10:07:30Z'), 'datetime'), lit('yyyy-MM-dd HH:mm', 'string')]), '2024-05-01 10:07');
  assert.equal(call('format_datetime', [lit(null, 'datetime'), lit('yyyy', 'string')]), '');
});

test('conversions, each under every name it has', () => {
  assert.equal(call('tostring', [lit(at('2024-05-01T10:00:00Z'), 'datetime')]), '2024-05-01T10:00:00Z');
  for (const name of ['toint', 'tolong']) assert.equal(call(name, [lit('7.9', 'string')]), 7, name);
  for (const name of ['todouble', 'toreal', 'todecimal']) assert.equal(call(name, [lit('2.5', 'string')]), 2.5, name);
  for (const name of ['tobool', 'toboolean']) assert.equal(call(name, [lit('True', 'string')]), true, name);
  assert.equal(call('todatetime', [lit('2024-05-01', 'string')]), at('2024-05-01T00:00:00Z'));
  assert.equal(call('totimespan', [lit(HOUR, 'timespan')]), HOUR);
  assert.equal(call('totimespan', [lit(HOUR, 'dynamic')]), HOUR);
  assert.equal(call('totimespan', [lit('01:00:00', 'dynamic')]), HOUR, 'how make_list() keeps a timespan');
  assert.equal(call('totimespan', [lit('0.00:03:00', 'string')]), 180_000);
  assert.equal(call('totimespan', [lit('soon', 'string')]), null);
  assert.equal(call('totimespan', [lit(HOUR, 'long')]), null);
  assert.equal(call('totimespan', [lit(true, 'dynamic')]), null, 'a dynamic neither text nor a number');
  assert.equal(call('totimespan', [lit([HOUR], 'dynamic')]), null, 'a dynamic array');
  for (const name of ['todynamic', 'parse_json']) assert.deepEqual(call(name, [lit('{"orderId":7}', 'string')]), { orderId: 7 }, name);
});

test('iff/iif take the second argument only when the condition is true (text "true" included)', () => {
  for (const name of ['iff', 'iif']) {
    assert.equal(call(name, [lit(true, 'bool'), lit('a', 'string'), lit('b', 'string')]), 'a');
    assert.equal(call(name, [lit(false, 'bool'), lit('a', 'string'), lit('b', 'string')]), 'b');
    assert.equal(call(name, [lit(null, 'bool'), lit('a', 'string'), lit('b', 'string')]), 'b');
    assert.equal(call(name, [lit('true', 'string'), lit('a', 'string'), lit('b', 'string')]), 'a');
  }
});

test('case takes the first true condition\'s value, else the last argument', () => {
  const c = (...args: Arg[]) => call('case', args);
  assert.equal(c(lit(false, 'bool'), lit('a', 'string'), lit(true, 'bool'), lit('b', 'string'), lit('c', 'string')), 'b');
  assert.equal(c(lit(true, 'bool'), lit('a', 'string'), lit(true, 'bool'), lit('b', 'string'), lit('c', 'string')), 'a');
  assert.equal(c(lit(null, 'bool'), lit('a', 'string'), lit('c', 'string')), 'c');
  assert.equal(c(lit(false, 'bool'), lit('a', 'string'), lit(null, 'string')), null);
});

test('coalesce skips nulls and empty text; with nothing left a string is empty and anything else null', () => {
  assert.equal(call('coalesce', [lit('', 'string'), lit(null, 'string'), lit('x', 'string')]), 'x');
  assert.equal(call('coalesce', [lit(0, 'long'), lit(5, 'long')]), 0);
  assert.equal(call('coalesce', [lit('', 'string'), lit(null, 'string')]), '');
  assert.equal(call('coalesce', [lit(null, 'long'), lit(null, 'long')]), null);
});

test('emptiness and nullness: empty text is empty but not null', () => {
  const table: Array<[Value, KType]> = [[null, 'long'], ['', 'string'], [0, 'long'], ['x', 'string']];
  assert.deepEqual(table.map(([v, t]) => call('isempty', [lit(v, t)])), [true, true, false, false]);
  assert.deepEqual(table.map(([v, t]) => call('isnotempty', [lit(v, t)])), [false, false, true, true]);
  assert.deepEqual(table.map(([v, t]) => call('isnull', [lit(v, t)])), [true, false, false, false]);
  assert.deepEqual(table.map(([v, t]) => call('isnotnull', [lit(v, t)])), [false, true, true, true]);
});

test('notempty and notnull, the older names Microsoft\'s published queries still use, answer as isnotempty and isnotnull', () => {
  const table: Array<[Value, KType]> = [[null, 'long'], ['', 'string'], [0, 'long'], ['x', 'string']];
  assert.deepEqual(table.map(([v, t]) => call('notempty', [lit(v, t)])), [false, false, true, true]);
  assert.deepEqual(table.map(([v, t]) => call('notnull', [lit(v, t)])), [false, true, true, true]);
});

test('not() negates what tobool reads, and leaves null null', () => {
  assert.equal(call('not', [lit(true, 'bool')]), false);
  assert.equal(call('not', [lit('false', 'string')]), true);
  assert.equal(call('not', [lit(null, 'bool')]), null);
});

test('text functions: strcat, strlen in code points, case, substring, split, replace_string', () => {
  assert.equal(call('strcat', [lit('order ', 'string'), lit(7, 'long'), lit(null, 'string'), lit(at('2024-05-01T00:00:00Z'), 'datetime')]), 'order 72024-05-01T00:00:00Z');
  assert.equal(call('strlen', [lit('café😀', 'string')]), 5);
  assert.equal(call('toupper', [lit('Pay', 'string')]), 'PAY');
  assert.equal(call('tolower', [lit('Pay', 'string')]), 'pay');
  const sub = (...args: Arg[]) => call('substring', [lit('abcdef', 'string'), ...args]);
  assert.equal(sub(lit(2, 'long'), lit(3, 'long')), 'cde');
  assert.equal(sub(lit(2, 'long')), 'cdef');
  assert.equal(sub(lit(-2, 'long')), 'ef');
  assert.equal(sub(lit(-10, 'long')), 'abcdef');
  assert.equal(sub(lit(1, 'long'), lit(-1, 'long')), '');
  assert.equal(call('substring', [lit('a😀b', 'string'), lit(1, 'long'), lit(1, 'long')]), '😀');
  assert.deepEqual(call('split', [lit('a,b,c', 'string'), lit(',', 'string')]), ['a', 'b', 'c']);
  assert.deepEqual(call('split', [lit('a,b,c', 'string'), lit(',', 'string'), lit(1, 'long')]), ['b']);
  assert.deepEqual(call('split', [lit('a,b,c', 'string'), lit(',', 'string'), lit(5, 'long')]), []);
  assert.equal(call('replace_string', [lit('a-b-c', 'string'), lit('-', 'string'), lit('+', 'string')]), 'a+b+c');
  assert.equal(call('replace_string', [lit('abc', 'string'), lit('', 'string'), lit('+', 'string')]), 'abc');
});

test('extract: a group of the first match, typed when asked, empty or null when nothing matches', () => {
  const text = lit('order 42 paid 7', 'string');
  assert.equal(call('extract', [lit('(\\d+)', 'string'), lit(1, 'long'), text], 'string'), '42');
  assert.equal(call('extract', [lit('order (\\d+)', 'string'), lit(0, 'long'), text], 'string'), 'order 42');
  assert.equal(call('extract', [lit('(\\d+)', 'string'), lit(1, 'long'), text, lit(null, 'long')], 'long'), 42);
  assert.equal(call('extract', [lit('(x+)', 'string'), lit(1, 'long'), text], 'string'), '');
  assert.equal(call('extract', [lit('(x+)', 'string'), lit(1, 'long'), text, lit(null, 'long')], 'long'), null);
  assert.throws(() => call('extract', [lit('(', 'string'), lit(1, 'long'), text], 'string'),
    (e: unknown) => e instanceof KqlError && e.at === 3 && /invalid regular expression "\("/.test(e.message));
});

test('round is half away from zero, also where binary fractions fall short (1.005)', () => {
  assert.equal(call('round', [lit(2.5, 'real')]), 3);
  assert.equal(call('round', [lit(-2.5, 'real')]), -3);
  assert.equal(call('round', [lit(2.4, 'real')]), 2);
  assert.equal(call('round', [lit(1.005, 'real'), lit(2, 'long')]), 1.01);
  assert.equal(call('round', [lit(1234.5678, 'real'), lit(2, 'long')]), 1234.57);
  assert.equal(call('round', [lit(null, 'real')]), null);
});

test('abs and array_length, and null for what they cannot read', () => {
  assert.equal(call('abs', [lit(-3, 'long')]), 3);
  assert.equal(call('abs', [lit('x', 'string')]), null);
  assert.equal(call('array_length', [lit([1, 2], 'dynamic')]), 2);
  assert.equal(call('array_length', [lit('[1,2]', 'string')]), null);
});

test('prev and next read neighbouring rows, by an offset, with a default past the ends', () => {
  const rows: Value[][] = [[10], [20], [30]];
  const run = (name: string, args: Arg[], i: number, type: KType = 'long') => compile(name, args, type)(rows[i] ?? [], i, rows);
  assert.equal(run('prev', [column('long')], 1), 10);
  assert.equal(run('next', [column('long')], 1), 30);
  assert.equal(run('next', [column('long'), lit(2, 'long')], 0), 30);
  assert.equal(run('prev', [column('long'), lit(2, 'long')], 1), null);
  assert.equal(run('prev', [column('long'), lit(1, 'long'), lit(-1, 'long')], 0), -1);
  assert.equal(run('next', [column('string')], 2, 'string'), '');
  // The neighbour is evaluated as its own row, at its own index (what a nested prev() would read).
  const index: Arg = { expr: { kind: 'column', name: 'x', type: 'long', at: 0 }, type: 'long', eval: (_row, i) => i };
  assert.equal(run('prev', [index, lit(2, 'long')], 2), 0);
  assert.equal(run('next', [index, lit(2, 'long')], 0), 2);
});

test('a function the engine does not have is refused at its position', () => {
  assert.throws(() => call('geo_distance_2points', []),
    (e: unknown) => e instanceof KqlError && e.code === 'NotSupported' && e.at === 11 && e.message === 'the function geo_distance_2points() is not supported here');
});
