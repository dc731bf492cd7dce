// The engine on hand-made queries (no parser), for what a parsed query rarely shows: the result's
// columns put back in the analyser's order, and a column the engine failed to produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Column, KqlError, type Query, type Tabular, type Value } from './ast';
import { runQuery, type TableSource } from './engine';
import { CLASSIC_SCHEMA } from './schema';

const REQUESTS: Column[] = CLASSIC_SCHEMA.requests;
const source: TableSource = { read: (_table, columns) => [columns.map((c) => (c.name === 'name' ? 'GET /' : c.name === 'duration' ? 12 : null))] };
const table: Tabular = { kind: 'table', name: 'requests', at: 0, columns: REQUESTS };
const project: Tabular = { kind: 'pipe', source: table, operator: { kind: 'project', items: [{ name: 'name', expr: { kind: 'column', name: 'name', type: 'string', at: 0 } }, { name: 'duration', expr: { kind: 'column', name: 'duration', type: 'real', at: 0 } }] }, at: 0, columns: [{ name: 'name', type: 'string' }, { name: 'duration', type: 'real' }] };
const extendWith = (columns: Column[]): Query => ({
  statements: [],
  result: { kind: 'pipe', source: project, operator: { kind: 'extend', items: [{ name: 'x', expr: { kind: 'literal', type: 'long', value: 1, at: 0 } }] }, at: 0, columns },
});

test('the result comes back in the analyser\'s column order, whatever order the operators left it in', () => {
  const result = runQuery(extendWith([{ name: 'x', type: 'long' }, { name: 'name', type: 'string' }, { name: 'duration', type: 'real' }]), source, { now: 0 });
  assert.deepEqual(result.columns.map((c) => c.name), ['x', 'name', 'duration']);
  assert.deepEqual(result.rows, [[1, 'GET /', 12]]);
  const inOrder = runQuery(extendWith([{ name: 'name', type: 'string' }, { name: 'duration', type: 'real' }, { name: 'x', type: 'long' }]), source, { now: 0 });
  assert.deepEqual(inOrder.rows, [['GET /', 12, 1]]);
});

test('only the analyser\'s columns come back, even when an operator kept more', () => {
  const result = runQuery(extendWith([{ name: 'name', type: 'string' }, { name: 'x', type: 'long' }]), source, { now: 0 });
  assert.deepEqual(result.rows, [['GET /', 1]]);
});

test('a column the analyser expects and the engine did not produce is an error to report, not a blank', () => {
  assert.throws(() => runQuery(extendWith([{ name: 'name', type: 'string' }, { name: 'ghost', type: 'long' }]), source, { now: 0 }),
    (e: unknown) => e instanceof KqlError && e.name === 'KqlError' && e.message === 'the engine lost a column of the result: please report this query');
});

test('rows are read once per table, with the columns the query uses', () => {
  const reads: string[][] = [];
  const recording: TableSource = { read: (t, columns, filter) => { reads.push([t, ...columns.map((c) => c.name), JSON.stringify(filter)]); return source.read(t, columns, filter); } };
  const value: Value[][] = runQuery({ statements: [], result: project }, recording, { now: 0 }).rows;
  assert.deepEqual(value, [['GET /', 12]]);
  assert.deepEqual(reads, [['requests', 'name', 'duration', '{"since":null,"until":null,"equals":[]}']]);
});
