// where, project, project-away, project-rename, extend, mv-expand, sort, take and top called
// directly: what each keeps, where new columns go, how nulls sort, and the errors a learner sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Column, type Expr, type KType, KqlError, type OrderKey, type Value } from '../ast';
import type { OperatorContext, Table } from '../table';
import { mvExpand } from './mv-expand';
import { sort, take, top } from './order-operators';
import { extend, project, projectAway, projectRename, where } from './row-operators';

const COLUMNS: Column[] = [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }, { name: 'tags', type: 'dynamic' }];
const INPUT: Table = { columns: COLUMNS, rows: [[1, 'b', ['x', 'y']], [2, null, { k: 'v', w: 1 }], [3, 'a', 'solo'], [null, 'c', null]] };
const col = (name: string, type: KType = COLUMNS.find((c) => c.name === name)?.type ?? 'long'): Expr => ({ kind: 'column', name, type, at: 0 });
const lit = (value: Value, type: KType = 'long', at = 0): Expr => ({ kind: 'literal', type, value, at });
const ctx = (output: Column[] = COLUMNS, input: Column[] = COLUMNS): OperatorContext => ({ context: { now: 0, variables: new Map() }, input, output });
const key = (name: string, descending = false, nullsFirst = false): OrderKey => ({ expr: col(name), descending, nullsFirst });
const ids = (table: Table): Value[] => table.rows.map((row) => row[0] ?? null);

test('where keeps the rows whose condition is true; null drops a row as false does', () => {
  const condition: Expr = { kind: 'binary', op: '>', left: col('id'), right: lit(1), type: 'bool', at: 0 };
  assert.deepEqual(ids(where(INPUT, { kind: 'where', condition }, ctx())), [2, 3]);
  assert.deepEqual(ids(where(INPUT, { kind: 'where', condition: lit('true', 'string') }, ctx())), [1, 2, 3, null]);
});

test('project gives the analyser\'s columns in its order, and refuses a multi-column function', () => {
  const out: Column[] = [{ name: 'name', type: 'string' }, { name: 'id', type: 'long' }];
  const result = project(INPUT, { kind: 'project', items: [{ name: 'name', expr: col('name') }, { name: 'id', expr: col('id') }] }, ctx(out));
  assert.deepEqual(result, { columns: out, rows: [['b', 1], [null, 2], ['a', 3], ['c', null]] });
  assert.throws(() => project(INPUT, { kind: 'project', items: [{ name: null, expr: lit(1, 'long', 9) }] }, ctx(out)),
    (e: unknown) => e instanceof KqlError && e.at === 9 && /several columns/.test(e.message));
});

test('project-away drops the named columns; project-rename renames in place', () => {
  const away = projectAway(INPUT, { kind: 'project-away', names: ['name', 'nope'] });
  assert.deepEqual(away.columns.map((c) => c.name), ['id', 'tags']);
  assert.deepEqual(away.rows[0], [1, ['x', 'y']]);
  const renamed = projectRename(INPUT, { kind: 'project-rename', renames: [{ to: 'label', from: 'name' }] });
  assert.deepEqual(renamed.columns, [{ name: 'id', type: 'long' }, { name: 'label', type: 'string' }, { name: 'tags', type: 'dynamic' }]);
  assert.equal(renamed.rows, INPUT.rows);
});

test('extend appends new columns, replaces existing ones in place, and later items see earlier ones', () => {
  const double: Expr = { kind: 'binary', op: '*', left: col('id'), right: lit(2), type: 'long', at: 0 };
  const plusOne: Expr = { kind: 'binary', op: '+', left: col('twice'), right: lit(1), type: 'long', at: 0 };
  const result = extend(INPUT, [{ name: 'twice', expr: double }, { name: 'name', expr: lit('n', 'string') }, { name: 'more', expr: plusOne }], ctx());
  assert.deepEqual(result.columns.map((c) => `${c.name}:${c.type}`), ['id:long', 'name:string', 'tags:dynamic', 'twice:long', 'more:long']);
  assert.deepEqual(result.rows[0], [1, 'n', ['x', 'y'], 2, 3]);
  assert.deepEqual(INPUT.rows[0], [1, 'b', ['x', 'y']], 'the input rows are not changed');
  const retyped = extend(INPUT, [{ name: 'name', expr: lit(5) }], ctx());
  assert.deepEqual(retyped.columns[1], { name: 'name', type: 'long' }, 'a replaced column takes the new type');
});

test('extend names an unnamed column after the column it reads, or as the analyser named it', () => {
  const output = [...COLUMNS, { name: 'Column1', type: 'long' as const }];
  const result = extend(INPUT, [{ name: null, expr: col('id') }, { name: null, expr: lit(7) }], ctx(output));
  assert.deepEqual(result.columns.map((c) => c.name), ['id', 'name', 'tags', 'Column1']);
  assert.deepEqual(result.rows[0], [1, 'b', ['x', 'y'], 7]);
  const mixed = extend(INPUT, [{ name: 'x', expr: lit(1) }, { name: null, expr: lit(2) }], ctx([...COLUMNS, { name: 'x', type: 'long' }, { name: 'Column1', type: 'long' }]));
  assert.deepEqual(mixed.columns.map((c) => c.name), ['id', 'name', 'tags', 'x', 'Column1'], 'a name an item gives is not one to generate');
  assert.throws(() => extend(INPUT, [{ name: null, expr: lit(7, 'long', 4) }], ctx()), (e: unknown) => e instanceof KqlError && e.message === 'cannot tell the name of this column' && e.at === 4);
});

test('extend evaluates row by row, so next() in a later item sees values set by an earlier item', () => {
  const next: Expr = { kind: 'call', name: 'next', args: [col('twice')], type: 'long', at: 0, columns: [] };
  const double: Expr = { kind: 'binary', op: '*', left: col('id'), right: lit(2), type: 'long', at: 0 };
  const result = extend(INPUT, [{ name: 'twice', expr: double }, { name: 'following', expr: next }], ctx());
  assert.deepEqual(result.rows.map((row) => row[4]), [4, 6, null, null]);
});

test('mv-expand: one row per array element, one per bag property, a scalar stays one row', () => {
  const result = mvExpand(INPUT, { kind: 'mv-expand', items: [{ name: 'tags', expr: col('tags'), to: null }] }, ctx());
  assert.deepEqual(result.rows, [[1, 'b', 'x'], [1, 'b', 'y'], [2, null, { k: 'v' }], [2, null, { w: 1 }], [3, 'a', 'solo'], [null, 'c', null]]);
});

test('mv-expand … to typeof() casts and never parses: an element of another type becomes null, or empty text (Kusto\'s rule)', () => {
  const expand = (values: Value[], to: KType) => mvExpand({ columns: COLUMNS, rows: [[1, 'b', values]] }, { kind: 'mv-expand', items: [{ name: 'n', expr: col('tags'), to }] }, ctx()).rows.map((row) => row[3]);
  const typed = mvExpand({ columns: COLUMNS, rows: [[1, 'b', ['5', 6]]] }, { kind: 'mv-expand', items: [{ name: 'n', expr: col('tags'), to: 'long' }] }, ctx());
  assert.deepEqual(typed.columns.at(-1), { name: 'n', type: 'long' });
  assert.deepEqual(typed.rows, [[1, 'b', ['5', 6], null], [1, 'b', ['5', 6], 6]]);
  assert.deepEqual(expand(['5', 6, 6.5, true, null], 'long'), [null, 6, null, null, null]);
  assert.deepEqual(expand(['5', 6, 6.5], 'real'), [null, 6, 6.5]);
  assert.deepEqual(expand(['a', 1, true, null], 'string'), ['a', '', '', '']);
  assert.deepEqual(expand([true, 'true', 1], 'bool'), [true, null, null]);
  assert.deepEqual(expand([[1], { a: 1 }, 'x'], 'dynamic'), [[1], { a: 1 }, 'x']);
  assert.deepEqual(expand(['74be27de-1e4e-49d9-b579-fe0b331d3642', '74BE27DE1E4E49D9B579FE0B331D3642', 'hello', 1], 'guid'), ['74be27de-1e4e-49d9-b579-fe0b331d3642', '74be27de-1e4e-49d9-b579-fe0b331d3642', null, null]);
  // Datetimes and timespans sit in dynamic values as their text (make_list(timestamp) gives that).
  assert.deepEqual(expand(['2024-05-01T00:00:00Z', 'later', 5], 'datetime'), [Date.parse('2024-05-01T00:00:00Z'), null, null]);
  assert.deepEqual(expand(['00:01:00', 'soon'], 'timespan'), [60_000, null]);
});

test('mv-expand of two columns side by side pads the shorter with nulls; an empty array gives no row', () => {
  const table: Table = { columns: [{ name: 'a', type: 'dynamic' }, { name: 'b', type: 'dynamic' }], rows: [[[1, 2, 3], ['x']], [[], []]] };
  const op = { kind: 'mv-expand' as const, items: [{ name: 'a', expr: col('a', 'dynamic'), to: null }, { name: 'b', expr: col('b', 'dynamic'), to: null }] };
  assert.deepEqual(mvExpand(table, op, ctx(table.columns, table.columns)).rows, [[1, 'x'], [2, null], [3, null]]);
});

test('sort orders by each key in turn, puts nulls where each key says (the parser sets Kusto\'s defaults), and keeps ties in input order', () => {
  assert.deepEqual(ids(sort(INPUT, { kind: 'sort', keys: [key('id')] }, ctx())), [1, 2, 3, null]);
  assert.deepEqual(ids(sort(INPUT, { kind: 'sort', keys: [key('id', true)] }, ctx())), [3, 2, 1, null]);
  assert.deepEqual(ids(sort(INPUT, { kind: 'sort', keys: [key('id', true, true)] }, ctx())), [null, 3, 2, 1]);
  assert.deepEqual(ids(sort(INPUT, { kind: 'sort', keys: [key('name', false, true)] }, ctx())), [2, 3, 1, null]);
  const ties: Table = { columns: COLUMNS, rows: [[1, 'b', null], [2, 'a', null], [3, 'b', null], [4, 'a', null]] };
  assert.deepEqual(ids(sort(ties, { kind: 'sort', keys: [key('name')] }, ctx())), [2, 4, 1, 3]);
  assert.deepEqual(ids(sort(ties, { kind: 'sort', keys: [key('name'), key('id', true)] }, ctx())), [4, 2, 3, 1]);
  const nullTies: Table = { columns: COLUMNS, rows: [[1, null, null], [2, null, null], [3, 'a', null]] };
  assert.deepEqual(ids(sort(nullTies, { kind: 'sort', keys: [key('name'), key('id', true)] }, ctx())), [3, 2, 1]);
});

test('take keeps the first n rows; top sorts then takes; a count that is not a whole number of rows is refused', () => {
  assert.deepEqual(ids(take(INPUT, { kind: 'take', count: lit(2) }, ctx())), [1, 2]);
  assert.deepEqual(ids(take(INPUT, { kind: 'take', count: lit(2.7, 'real') }, ctx())), [1, 2]);
  assert.deepEqual(ids(take(INPUT, { kind: 'take', count: lit(0) }, ctx())), []);
  assert.deepEqual(ids(top(INPUT, { kind: 'top', count: lit(2), key: key('id', true) }, ctx())), [3, 2]);
  for (const count of [lit(-1, 'long', 6), lit('3', 'string', 6), lit(null, 'long', 6)]) {
    assert.throws(() => take(INPUT, { kind: 'take', count }, ctx()), (e: unknown) => e instanceof KqlError && e.message === 'take and top need a whole number of rows' && e.at === 6);
  }
});
