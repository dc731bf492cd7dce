// Where prev()/next()/row_number() are allowed: which operators make or keep a serialized row set,
// and finding such a call wherever it hides in an operator's expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr, Operator } from './ast';
import { rowOrderCall, serializedAfter } from './row-order';

const col = (name: string): Expr => ({ kind: 'column', name, type: 'long', at: 0 });
const num = (value: number): Expr => ({ kind: 'literal', type: 'long', value, at: 0 });
const call = (name: string, ...args: Expr[]): Expr & { kind: 'call' } => ({ kind: 'call', name, args, type: 'long', at: 0, columns: [] });
const named = (expr: Expr) => ({ name: 'x', expr });

test('sort, top and serialize make a serialized row set; operators that keep row order keep it; the rest lose it', () => {
  for (const kind of ['sort', 'top', 'serialize'] as const) {
    assert.equal(serializedAfter({ kind } as Operator, false), true, kind);
  }
  for (const kind of ['where', 'project', 'project-away', 'project-rename', 'extend', 'take', 'mv-expand', 'render', 'parse'] as const) {
    assert.equal(serializedAfter({ kind } as Operator, true), true, kind);
    assert.equal(serializedAfter({ kind } as Operator, false), false, kind);
  }
  for (const kind of ['summarize', 'count', 'distinct', 'join', 'make-series'] as const) {
    assert.equal(serializedAfter({ kind } as Operator, true), false, kind);
  }
});

test('prev, next and row_number are found however deep they sit in an expression', () => {
  const prev = call('prev', col('x'));
  const where = (condition: Expr): Operator => ({ kind: 'where', condition });
  const cases: Array<[string, Expr]> = [
    ['the condition itself', call('row_number')],
    ['an argument after others', call('strcat', call('tostring', col('a')), call('next', col('x')))],
    ['the right side of a binary', { kind: 'binary', op: '>', left: col('x'), right: prev, type: 'bool', at: 0 }],
    ['a unary operand', { kind: 'unary', op: '-', operand: prev, type: 'long', at: 0 }],
    ['a member key', { kind: 'member', target: col('d'), key: prev, type: 'dynamic', at: 0 }],
    ['a member target', { kind: 'member', target: prev, key: num(0), type: 'dynamic', at: 0 }],
    ['a later item of an in-list', { kind: 'in', op: 'in', left: col('x'), list: [num(1), prev], type: 'bool', at: 0 }],
    ['the left of in', { kind: 'in', op: 'in', left: prev, list: [num(1)], type: 'bool', at: 0 }],
    ['the upper bound of between', { kind: 'between', negated: false, left: col('x'), low: num(1), high: prev, type: 'bool', at: 0 }],
    ['the lower bound of between', { kind: 'between', negated: false, left: col('x'), low: prev, high: num(9), type: 'bool', at: 0 }],
  ];
  for (const [where_, expr] of cases) assert.notEqual(rowOrderCall(where(expr)), null, where_);
  assert.equal(rowOrderCall(where(call('prev', col('x'))))?.name, 'prev');
});

test('no call is found where there is none: other functions, bare columns, an in-list of plain values', () => {
  const where = (condition: Expr): Operator => ({ kind: 'where', condition });
  assert.equal(rowOrderCall(where(call('strcat', col('a'), num(1)))), null);
  assert.equal(rowOrderCall(where({ kind: 'in', op: 'in', left: col('x'), list: [num(1), num(2)], type: 'bool', at: 0 })), null);
  assert.equal(rowOrderCall(where({ kind: 'between', negated: true, left: col('x'), low: num(1), high: num(2), type: 'bool', at: 0 })), null);
  assert.equal(rowOrderCall(where({ kind: 'binary', op: '>', left: col('x'), right: num(1), type: 'bool', at: 0 })), null);
});

test('every operator with expressions is searched, in all of them', () => {
  const prev = call('prev', col('x'));
  const key = { expr: prev, descending: true, nullsFirst: false };
  const operators: Operator[] = [
    { kind: 'project', items: [named(col('a')), named(prev)] },
    { kind: 'extend', items: [named(prev)] },
    { kind: 'serialize', items: [named(prev)] },
    { kind: 'distinct', items: [named(prev)] },
    { kind: 'summarize', aggregates: [named(call('count'))], by: [named(prev)] },
    { kind: 'summarize', aggregates: [named(call('max', prev))], by: [] },
    { kind: 'sort', keys: [{ ...key, expr: col('a') }, key] },
    { kind: 'top', count: num(3), key },
    { kind: 'mv-expand', items: [{ name: 'x', expr: prev, to: null }] },
    { kind: 'make-series', aggregates: [{ name: 'n', expr: call('count'), fill: null }], on: prev, from: null, to: null, step: num(1), by: [] },
    { kind: 'make-series', aggregates: [{ name: 'n', expr: call('count'), fill: null }], on: col('t'), from: null, to: null, step: num(1), by: [named(prev)] },
    { kind: 'make-series', aggregates: [{ name: 'n', expr: call('avg', prev), fill: null }], on: col('t'), from: null, to: null, step: num(1), by: [] },
    { kind: 'parse', dropUnmatched: false, mode: 'simple', flags: '', text: prev, pattern: [] },
  ];
  for (const op of operators) assert.equal(rowOrderCall(op)?.name, 'prev', op.kind);
  assert.equal(rowOrderCall({ kind: 'take', count: call('prev', col('x')) }), null);
});
