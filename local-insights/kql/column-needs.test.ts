// Which columns a query makes the source read, worked out backwards from the result. Too many is
// only slower; too few would give a learner empty columns, so every operator is checked here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr, Operator, Query, Statement, Tabular } from './ast';
import { columnNeeds, type Needs } from './column-needs';

const col = (name: string): Expr => ({ kind: 'column', name, type: 'long', at: 0 });
const named = (expr: Expr, name: string | null = null) => ({ name, expr });
const table = (name = 'requests'): Tabular & { kind: 'table' } => ({ kind: 'table', name, at: 0, columns: [] });
const pipe = (source: Tabular, ...operators: Operator[]): Tabular =>
  operators.reduce<Tabular>((s, operator) => ({ kind: 'pipe', source: s, operator, at: 0, columns: [] }), source);
const shown = (needs: Needs | undefined): string[] | 'all' | undefined => (needs === 'all' || needs === undefined ? needs : [...needs].sort());

/** The needs of the one table the query reads. */
function needsOf(...operators: Operator[]): string[] | 'all' | undefined {
  const source = table();
  return shown(columnNeeds({ statements: [], result: pipe(source, ...operators) }).get(source));
}

const project = (...names: string[]): Operator => ({ kind: 'project', items: names.map((n) => named(col(n))) });
const where = (expr: Expr): Operator => ({ kind: 'where', condition: expr });

test('a query that ends without project needs every column; project needs only what it reads', () => {
  assert.equal(needsOf(), 'all');
  assert.equal(needsOf(where(col('success'))), 'all');
  assert.deepEqual(needsOf(project('name', 'duration')), ['duration', 'name']);
});

test('operators that keep their columns add what they read to what comes after them', () => {
  assert.deepEqual(needsOf(where(col('success')), project('name')), ['name', 'success']);
  assert.deepEqual(needsOf({ kind: 'extend', items: [named(col('duration'), 'd')] }, project('d', 'name')), ['d', 'duration', 'name']);
  assert.deepEqual(needsOf({ kind: 'serialize', items: [named(col('duration'), 'd')] }, project('name')), ['duration', 'name']);
  assert.deepEqual(needsOf({ kind: 'sort', keys: [{ expr: col('timestamp'), descending: true, nullsFirst: false }] }, project('name')), ['name', 'timestamp']);
  assert.deepEqual(needsOf({ kind: 'top', count: col('n'), key: { expr: col('timestamp'), descending: true, nullsFirst: false } }, project('name')), ['name', 'timestamp']);
  assert.deepEqual(needsOf({ kind: 'mv-expand', items: [{ name: 'tag', expr: col('tags'), to: null }] }, project('tag')), ['tag', 'tags']);
  assert.deepEqual(needsOf({ kind: 'take', count: col('n') }, project('name')), ['name']);
  assert.deepEqual(needsOf({ kind: 'project-away', names: ['id'] }, project('name')), ['name']);
  assert.deepEqual(needsOf({ kind: 'render', visualization: 'timechart', properties: {} }, project('name')), ['name']);
});

test('project-rename needs the old names; after it everything is still needed when the result is', () => {
  assert.deepEqual(needsOf({ kind: 'project-rename', renames: [{ to: 'route', from: 'name' }] }, project('route')), ['name', 'route']);
  assert.equal(needsOf({ kind: 'project-rename', renames: [{ to: 'route', from: 'name' }] }), 'all');
});

test('summarize, count, distinct and make-series need only what they read', () => {
  const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args, type: 'long', at: 0, columns: [] });
  assert.deepEqual(needsOf({ kind: 'summarize', aggregates: [named(call('avg', col('duration')))], by: [named(col('name'))] }), ['duration', 'name']);
  assert.deepEqual(needsOf({ kind: 'count' }), []);
  assert.deepEqual(needsOf({ kind: 'distinct', items: [named(col('name'))] }), ['name']);
  assert.deepEqual(needsOf({ kind: 'make-series', aggregates: [{ name: 'n', expr: call('sum', col('itemCount')), fill: null }], on: col('timestamp'), from: null, to: null, step: col('step'), by: [named(col('name'))] }),
    ['itemCount', 'name', 'timestamp']);
});

test('every kind of expression is searched for the columns it reads; * reads them all', () => {
  const lit: Expr = { kind: 'literal', type: 'long', value: 1, at: 0 };
  const expr: Expr = {
    kind: 'binary', op: 'and', type: 'bool', at: 0,
    left: { kind: 'in', op: 'in', left: col('a'), list: [lit, col('b')], type: 'bool', at: 0 },
    right: {
      kind: 'binary', op: 'or', type: 'bool', at: 0,
      left: { kind: 'between', negated: false, left: col('c'), low: col('d'), high: col('e'), type: 'bool', at: 0 },
      right: {
        kind: 'binary', op: '==', type: 'bool', at: 0,
        left: { kind: 'unary', op: '-', operand: col('f'), type: 'long', at: 0 },
        right: { kind: 'member', target: col('g'), key: { kind: 'call', name: 'tostring', args: [col('h')], type: 'string', at: 0, columns: [] }, type: 'dynamic', at: 0 },
      },
    },
  };
  assert.deepEqual(needsOf(where(expr), project('z')), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'z']);
  const star: Expr = { kind: 'call', name: 'arg_max', args: [col('timestamp'), { kind: 'star', type: 'dynamic', at: 0 }], type: 'dynamic', at: 0, columns: [] };
  assert.equal(needsOf({ kind: 'summarize', aggregates: [named(star)], by: [] }), 'all');
  assert.equal(needsOf({ kind: 'summarize', aggregates: [named(star)], by: [named(col('name'))] }), 'all');
});

test('a join needs its keys on both sides, and the right side the unsuffixed names of clashing columns', () => {
  const left = table('requests');
  const right = table('exceptions');
  const join: Operator = { kind: 'join', joinKind: 'inner', right: pipe(right), on: [{ left: 'operation_Id', right: 'operation_Id' }] };
  const needs = columnNeeds({ statements: [], result: pipe(left, join, project('name', 'type', 'timestamp1')) });
  assert.deepEqual(shown(needs.get(left)), ['name', 'operation_Id', 'timestamp1', 'type']);
  assert.deepEqual(shown(needs.get(right)), ['name', 'operation_Id', 'timestamp', 'timestamp1', 'type']);
  const everything = columnNeeds({ statements: [], result: pipe(left, join) });
  assert.equal(everything.get(left), 'all');
  assert.equal(everything.get(right), 'all');
});

test('a union passes the needs to every source; print reads no table', () => {
  const a = table('requests');
  const b = table('dependencies');
  const needs = columnNeeds({ statements: [], result: pipe({ kind: 'union', sources: [a, b], withSource: null, at: 0, columns: [] }, project('name')) });
  assert.deepEqual([shown(needs.get(a)), shown(needs.get(b))], [['name'], ['name']]);
  assert.equal(columnNeeds({ statements: [], result: { kind: 'print', items: [], at: 0, columns: [] } }).size, 0);
});

test('a let-bound table needs what every use of it needs, through lets that use other lets', () => {
  const source = table('requests');
  const variable = (name: string): Tabular => ({ kind: 'variable', name, at: 0, columns: [] });
  const statements: Statement[] = [
    { kind: 'let-tabular', name: 'base', tabular: pipe(source, where(col('success'))) },
    { kind: 'let-tabular', name: 'slow', tabular: pipe(variable('base'), where(col('duration'))) },
    { kind: 'let-tabular', name: 'unused', tabular: pipe(table('traces'), project('message')) },
  ];
  const query: Query = { statements, result: pipe({ kind: 'union', sources: [pipe(variable('slow'), project('name')), pipe(variable('base'), project('id'))], withSource: null, at: 0, columns: [] }) };
  const needs = columnNeeds(query);
  assert.deepEqual(shown(needs.get(source)), ['duration', 'id', 'name', 'success']);
  const traces = [...needs.keys()].find((t) => t.kind === 'table' && t.name === 'traces');
  assert.deepEqual(shown(traces && needs.get(traces)), ['message']);
});

test('the same table read twice needs the union of both reads', () => {
  const source = table('requests');
  const query: Query = { statements: [], result: { kind: 'union', sources: [pipe(source, project('name')), pipe(source, project('id'))], withSource: null, at: 0, columns: [] } };
  assert.deepEqual(shown(columnNeeds(query).get(source)), ['id', 'name']);
});
