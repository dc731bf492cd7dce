// Every join kind on one pair of small tables with a repeated key, an unmatched key on each side
// and a string column (filled with empty text, not null); and union by column name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Column, type JoinKind, KqlError } from '../ast';
import type { Table } from '../table';
import { join, union } from './join-union';

const K: Column = { name: 'k', type: 'long' };
const A: Column = { name: 'a', type: 'string' };
const B: Column = { name: 'b', type: 'string' };
const LEFT: Table = { columns: [K, A], rows: [[1, 'x'], [1, 'y'], [2, 'z']] };
const RIGHT: Table = { columns: [K, B], rows: [[1, 'p'], [3, 'q'], [1, 'r']] };
const SHAPE = { left: [K, A], right: [K, B], output: [K, A, { name: 'k1', type: 'long' as const }, B] };
const on = [{ left: 'k', right: 'k' }];

const joined = (kind: JoinKind, left = LEFT, right = RIGHT) => join(left, right, kind, on, SHAPE, 0);

test('innerunique (the default) keeps the first left row of each key, then joins as inner', () => {
  assert.deepEqual(joined('innerunique').rows, [[1, 'x', 1, 'p'], [1, 'x', 1, 'r']]);
});

test('inner joins every matching pair', () => {
  assert.deepEqual(joined('inner').rows, [[1, 'x', 1, 'p'], [1, 'x', 1, 'r'], [1, 'y', 1, 'p'], [1, 'y', 1, 'r']]);
});

test('outer joins fill the missing side: null for numbers, empty text for strings', () => {
  const inner = joined('inner').rows;
  assert.deepEqual(joined('leftouter').rows, [...inner.slice(0, 4), [2, 'z', null, '']]);
  assert.deepEqual(joined('rightouter').rows, [...inner, [null, '', 3, 'q']]);
  assert.deepEqual(joined('fullouter').rows, [...inner, [2, 'z', null, ''], [null, '', 3, 'q']]);
});

test('semi and anti joins keep one side\'s rows and columns', () => {
  assert.deepEqual(joined('leftsemi'), { columns: [K, A], rows: [[1, 'x'], [1, 'y']] });
  assert.deepEqual(joined('leftanti'), { columns: [K, A], rows: [[2, 'z']] });
  assert.deepEqual(joined('rightsemi'), { columns: [K, B], rows: [[1, 'p'], [1, 'r']] });
  assert.deepEqual(joined('rightanti'), { columns: [K, B], rows: [[3, 'q']] });
});

test('joined columns take the analyser\'s names (a clashing right column is suffixed), whatever order a side holds them in', () => {
  assert.deepEqual(joined('inner').columns.map((c) => c.name), ['k', 'a', 'k1', 'b']);
  const leftReordered: Table = { columns: [A, K], rows: [['x', 1]] };
  const result = joined('inner', leftReordered, { columns: [B, K], rows: [['p', 1]] });
  assert.deepEqual(result.columns.map((c) => c.name), ['a', 'k', 'b', 'k1']);
  assert.deepEqual(result.rows, [['x', 1, 'p', 1]]);
});

test('keys of several columns must all match', () => {
  const two = [{ left: 'k', right: 'k' }, { left: 'a', right: 'b' }];
  const left: Table = { columns: [K, A], rows: [[1, 'p'], [1, 'x'], [2, 'p']] };
  const right: Table = { columns: [K, B], rows: [[1, 'p'], [2, 'x']] };
  assert.deepEqual(join(left, right, 'inner', two, SHAPE, 0).rows, [[1, 'p', 1, 'p']]);
});

test('a key column that is not there is a KQL error at the join', () => {
  assert.throws(() => join(LEFT, RIGHT, 'inner', [{ left: 'id', right: 'k' }], SHAPE, 21), (e: unknown) => e instanceof KqlError && e.message === 'column id is not in the input here' && e.at === 21);
  assert.throws(() => join(LEFT, RIGHT, 'inner', [{ left: 'k', right: 'id' }], SHAPE, 22), (e: unknown) => e instanceof KqlError && e.at === 22);
});

test('union lines columns up by name, fills absent ones as empty, names each row\'s table with withsource', () => {
  const requests: Table = { columns: [{ name: 'name', type: 'string' }, { name: 'duration', type: 'real' }], rows: [['GET /', 10]] };
  const traces: Table = { columns: [{ name: 'message', type: 'string' }, { name: 'name', type: 'string' }], rows: [['hello', 'job'], ['bye', 'job']] };
  const analysed: Column[] = [{ name: 'source', type: 'string' }, { name: 'name', type: 'string' }, { name: 'duration', type: 'real' }, { name: 'message', type: 'string' }, { name: 'unread', type: 'long' }];
  const result = union([{ name: 'requests', table: requests }, { name: 'traces', table: traces }], 'source', analysed);
  assert.deepEqual(result.columns.map((c) => c.name), ['source', 'name', 'duration', 'message']);
  assert.deepEqual(result.rows, [['requests', 'GET /', 10, ''], ['traces', 'job', null, 'hello'], ['traces', 'job', null, 'bye']]);
  const plain = union([{ name: 'requests', table: requests }], null, analysed);
  assert.deepEqual(plain.columns.map((c) => c.name), ['name', 'duration']);
  assert.deepEqual(plain.rows, [['GET /', 10]]);
});
