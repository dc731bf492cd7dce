// Expressions compiled directly from AST nodes (no parser): Kusto's three-valued and/or, integer
// arithmetic, comparisons in the operands' common type, `in` with arrays, members of dynamic values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Column, type Expr, type KType, KqlError, type Value } from './ast';
import { compile, type Scope } from './expressions';

const COLUMNS: Column[] = [{ name: 'n', type: 'long' }, { name: 'd', type: 'dynamic' }];
const scope = (variables: Array<[string, Value, KType]> = []): Scope =>
  ({ columns: COLUMNS, context: { now: 0, variables: new Map(variables.map(([name, value, type]) => [name, { value, type }])) } });

const lit = (value: Value, type: KType, at = 0): Expr => ({ kind: 'literal', type, value, at });
const L = (n: number | null): Expr => lit(n, 'long');
const R = (n: number | null): Expr => lit(n, 'real');
const S = (s: string): Expr => lit(s, 'string');
const B = (b: boolean | null): Expr => lit(b, 'bool');
const bin = (op: string, left: Expr, right: Expr, type: KType = 'bool'): Expr => ({ kind: 'binary', op, left, right, type, at: 4 });

const ROW: Value[] = [5, { orderId: '7', tags: ['a', 'b'] }];
const evaluate = (expr: Expr, s: Scope = scope()): Value => compile(expr, s)(ROW, 0, [ROW]);
const fails = (expr: Expr, message: string | RegExp, at: number) =>
  assert.throws(() => evaluate(expr), (e: unknown) => e instanceof KqlError && e.at === at && (typeof message === 'string' ? e.message === message : message.test(e.message)));

test('literals, columns and let-bound scalars (converted to the type the analyser gave them)', () => {
  assert.equal(evaluate(L(3)), 3);
  assert.equal(evaluate({ kind: 'column', name: 'n', type: 'long', at: 0 }), 5);
  assert.equal(evaluate({ kind: 'variable', name: 'limit', type: 'long', at: 0 }, scope([['limit', '12', 'string']])), 12);
  fails({ kind: 'column', name: 'missing', type: 'long', at: 6 }, 'column missing is not in the input here', 6);
  fails({ kind: 'variable', name: 'nope', type: 'long', at: 8 }, 'nope is not a scalar value here', 8);
  fails({ kind: 'join-side', name: 'n', type: 'long', at: 2 }, '$left and $right are only supported in join … on', 2);
  fails({ kind: 'star', type: 'dynamic', at: 3 }, 'this expression is only supported as a function argument', 3);
  fails({ kind: 'type-name', type: 'long', at: 1 }, 'this expression is only supported as a function argument', 1);
});

test('unary minus negates numbers and leaves null null; unary plus changes nothing', () => {
  assert.equal(evaluate({ kind: 'unary', op: '-', operand: L(3), type: 'long', at: 0 }), -3);
  assert.equal(evaluate({ kind: 'unary', op: '-', operand: L(null), type: 'long', at: 0 }), null);
  assert.equal(evaluate({ kind: 'unary', op: '+', operand: L(3), type: 'long', at: 0 }), 3);
});

test('and/or follow three-valued logic: false and null is false, true or null is true, the rest with null is null', () => {
  const values = [true, false, null];
  const and = values.flatMap((l) => values.map((r) => evaluate(bin('and', B(l), B(r)))));
  const or = values.flatMap((l) => values.map((r) => evaluate(bin('or', B(l), B(r)))));
  assert.deepEqual(and, [true, false, null, false, false, false, null, false, null]);
  assert.deepEqual(or, [true, true, true, true, false, null, true, null, null]);
  assert.equal(evaluate(bin('and', S('true'), S('1'))), true);
});

test('and/or do not evaluate the right side when the left decides', () => {
  const boom: Expr = { kind: 'column', name: 'n', type: 'long', at: 0 };
  let reads = 0;
  const counting = compile(bin('and', B(false), boom), { ...scope(), columns: COLUMNS });
  const row = new Proxy(ROW, { get: (target, key) => { if (key === '0') reads += 1; return Reflect.get(target, key); } });
  assert.equal(counting(row, 0, [row]), false);
  assert.equal(compile(bin('or', B(true), boom), scope())(row, 0, [row]), true);
  assert.equal(reads, 0);
});

test('arithmetic: integers divide and take remainders towards zero; by zero is null; reals stay real', () => {
  const long = (op: string, l: number | null, r: number | null) => evaluate(bin(op, L(l), L(r), 'long'));
  const real = (op: string, l: number, r: number) => evaluate(bin(op, R(l), R(r), 'real'));
  assert.deepEqual([long('+', 7, 2), long('-', 7, 2), long('*', 7, 2), long('/', 7, 2), long('/', -7, 2), long('%', 7, 3), long('%', -7, 3)], [9, 5, 14, 3, -3, 1, -1]);
  assert.deepEqual([long('/', 7, 0), long('%', 7, 0), long('+', null, 1), long('+', 1, null)], [null, null, null, null]);
  assert.deepEqual([real('/', 7, 2), real('%', 7.5, 2), real('/', 1, 0)], [3.5, 1.5, Number.POSITIVE_INFINITY]);
  assert.equal(real('%', 1, 0), null);
  assert.equal(evaluate(bin('+', lit('5', 'dynamic'), L(1), 'long')), 6);
  assert.equal(evaluate(bin('+', lit('x', 'dynamic'), L(1), 'long')), null);
  assert.equal(evaluate(bin('+', L(1), lit('x', 'dynamic'), 'long')), null);
  assert.equal(evaluate(bin('+', S('5'), L(1), 'long')), null);
  assert.equal(evaluate(bin('/', lit(90_000, 'timespan'), lit(60_000, 'timespan'), 'real')), 1.5);
});

test('== and != compare in the common type: a bool with "True", a dynamic with a number', () => {
  assert.equal(evaluate(bin('==', B(true), S('True'))), true);
  assert.equal(evaluate(bin('!=', B(true), S('False'))), true);
  assert.equal(evaluate(bin('==', lit('7', 'dynamic'), L(7))), true);
  assert.equal(evaluate(bin('!=', lit(7, 'dynamic'), L(7))), false);
});

test('== and != with a null: null against a value is unequal, null against null is null (Kusto\'s null-values rules)', () => {
  assert.equal(evaluate(bin('==', L(null), L(7))), false);
  assert.equal(evaluate(bin('==', L(7), L(null))), false);
  assert.equal(evaluate(bin('!=', L(null), L(7))), true);
  assert.equal(evaluate(bin('!=', lit(null, 'dynamic'), S('7'))), true);
  assert.equal(evaluate(bin('==', L(null), L(null))), null);
  assert.equal(evaluate(bin('!=', L(null), L(null))), null);
  assert.equal(evaluate(bin('==', S('Pay'), S('pay'))), false);
  assert.equal(evaluate(bin('=~', S('Pay'), S('pay'))), true);
  assert.equal(evaluate(bin('has', lit(2024, 'long'), S('2024'))), true);
});

test('ordering comparisons in the common type, null when either side is null', () => {
  const cmp = (op: string, l: Expr, r: Expr) => evaluate(bin(op, l, r));
  assert.deepEqual(['<', '<=', '>', '>='].map((op) => cmp(op, L(1), R(1.5))), [true, true, false, false]);
  assert.deepEqual(['<', '<=', '>', '>='].map((op) => cmp(op, L(2), L(2))), [false, true, false, true]);
  assert.deepEqual(['<', '<=', '>', '>='].map((op) => cmp(op, L(3), L(2))), [false, false, true, true]);
  assert.equal(cmp('>', lit('10', 'dynamic'), L(9)), true);
  assert.equal(cmp('<', L(null), L(2)), null);
  assert.equal(cmp('<', L(2), L(null)), null);
});

test('matches regex, and a clear error for a bad pattern or an operator the engine lacks', () => {
  assert.equal(evaluate(bin('matches regex', S('order 42'), S('^order \\d+$'))), true);
  assert.equal(evaluate(bin('matches regex', S('order x'), S('^order \\d+$'))), false);
  const rows: Value[][] = [['^a'], ['^b'], ['^b']];
  const byRow = compile(bin('matches regex', S('bee'), { kind: 'column', name: 'p', type: 'string', at: 0 }), { columns: [{ name: 'p', type: 'string' }], context: { now: 0, variables: new Map() } });
  assert.deepEqual(rows.map((row, i) => byRow(row, i, rows)), [false, true, true]);
  fails(bin('matches regex', S('x'), lit('(', 'string', 12)), /^invalid regular expression "\("/, 12);
  fails(bin('like', S('x'), S('y')), 'the operator like is not supported here', 4);
});

test('between is inclusive, !between its opposite, and null bounds give null', () => {
  const between = (v: number, negated = false, high: number | null = 9): Value => evaluate({ kind: 'between', negated, left: L(v), low: L(1), high: L(high), type: 'bool', at: 0 });
  assert.deepEqual([between(1), between(9), between(0), between(10)], [true, true, false, false]);
  assert.deepEqual([between(5, true), between(10, true)], [false, true]);
  assert.equal(between(5, false, null), null);
  assert.equal(evaluate({ kind: 'between', negated: false, left: L(null), low: L(1), high: L(2), type: 'bool', at: 0 }), null);
  assert.equal(evaluate({ kind: 'between', negated: false, left: L(1), low: L(null), high: L(2), type: 'bool', at: 0 }), null);
});

test('members of dynamic values: keys of bags, indexes of arrays (negative from the end), null when missing', () => {
  const member = (target: Expr, key: Expr): Value => evaluate({ kind: 'member', target, key, type: 'dynamic', at: 0 });
  const d: Expr = { kind: 'column', name: 'd', type: 'dynamic', at: 0 };
  const tags: Expr = { kind: 'member', target: d, key: S('tags'), type: 'dynamic', at: 0 };
  assert.equal(member(d, S('orderId')), '7');
  assert.equal(member(d, S('missing')), null);
  assert.equal(member(d, L(0)), null);
  assert.equal(member(tags, L(0)), 'a');
  assert.equal(member(tags, L(-1)), 'b');
  assert.equal(member(tags, L(2)), null);
  assert.equal(member(tags, S('0')), null);
  assert.equal(member(lit('text', 'dynamic'), S('length')), null);
  assert.equal(member(lit(null, 'dynamic'), S('a')), null);
});

test('in, !in and in~: each list item in the common type, a dynamic array standing for its elements', () => {
  const isIn = (op: string, left: Expr, list: Expr[]): Value => evaluate({ kind: 'in', op, left, list, type: 'bool', at: 0 });
  assert.equal(isIn('in', L(5), [L(1), L(5)]), true);
  assert.equal(isIn('in', L(5), [L(1), L(2)]), false);
  assert.equal(isIn('!in', L(5), [L(1), L(2)]), true);
  assert.equal(isIn('!in', L(5), [L(5)]), false);
  assert.equal(isIn('in', S('Pay'), [S('pay')]), false);
  assert.equal(isIn('in~', S('Pay'), [S('x'), S('pay')]), true);
  assert.equal(isIn('!in~', S('Pay'), [S('PAY')]), false);
  assert.equal(isIn('in', L(5), [lit([1, '5'], 'dynamic')]), true);
  assert.equal(isIn('in', S('b'), [lit(['a', 'b'], 'dynamic')]), true);
  assert.equal(isIn('in', lit('5', 'dynamic'), [L(5)]), true);
  assert.equal(isIn('in', L(null), [L(null)]), false);
  assert.equal(isIn('in', L(5), [R(5)]), true);
  assert.equal(isIn('in~', L(5), [S('5')]), true);
});
