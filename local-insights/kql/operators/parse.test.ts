// parse and parse-where called directly, on texts whose answers are worked out by hand from
// Microsoft's description of the operator: the pattern is read from the start of the text, `*` and
// string columns take as little as they can, a string column at the end takes the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Column, type KType, KqlError, type Operator, type ParseMode, type ParsePart, type Value } from '../ast';
import type { OperatorContext, Table } from '../table';
import { parse } from './parse';

const INPUT: Table = {
  columns: [{ name: 'id', type: 'long' }, { name: 'message', type: 'string' }],
  rows: [
    [1, 'Response from endpoint: date in the future'],
    [2, 'order=42, took=12.5ms, by=Me'],
    [3, 'order=x7, took=3ms, by=You'],
    [4, 'nothing to see'],
    [5, null],
  ],
};
const ctx: OperatorContext = { context: { now: 0, variables: new Map() }, input: INPUT.columns, output: [] };
const text = (t: string): ParsePart => ({ kind: 'text', text: t });
const column = (name: string, type: KType = 'string'): ParsePart => ({ kind: 'column', name, type });
const skip: ParsePart = { kind: 'skip' };

function run(pattern: ParsePart[], options: { mode?: ParseMode; flags?: string; dropUnmatched?: boolean } = {}, input: Table = INPUT): Table {
  const op: Operator & { kind: 'parse' } = {
    kind: 'parse', dropUnmatched: options.dropUnmatched ?? false, mode: options.mode ?? 'simple', flags: options.flags ?? '',
    text: { kind: 'column', name: 'message', type: 'string', at: 0 }, pattern,
  };
  return parse(input, op, ctx, 7);
}
/** The new columns of each row, after id and message. */
const added = (table: Table): Value[][] => table.rows.map((row) => [row[0] ?? null, ...row.slice(2)]);

test('a string column at the end of the pattern takes the rest of the text; rows that do not match get empty text', () => {
  const result = run([text('Response from endpoint: '), column('body')]);
  assert.deepEqual(result.columns.map((c: Column) => `${c.name}:${c.type}`), ['id:long', 'message:string', 'body:string']);
  assert.deepEqual(added(result), [[1, 'date in the future'], [2, ''], [3, ''], [4, ''], [5, '']]);
});

test('simple mode: a typed column must read as its type, or the whole row is unmatched (null, empty text)', () => {
  const result = run([text('order='), column('order', 'long'), text(', took='), column('took', 'real'), text('ms, by='), column('by')]);
  assert.deepEqual(added(result), [[1, null, null, ''], [2, 42, 12.5, 'Me'], [3, null, null, ''], [4, null, null, ''], [5, null, null, '']]);
});

test('simple mode: a column of a type without its own pattern (datetime) that does not read makes the row unmatched; relaxed keeps the rest', () => {
  const pattern = [text('order='), column('order', 'datetime'), text(', took='), column('took')];
  assert.deepEqual(added(run(pattern)).slice(1, 3), [[2, null, ''], [3, null, '']]);
  assert.deepEqual(added(run(pattern, { mode: 'relaxed' })).slice(1, 3), [[2, null, '12.5ms, by=Me'], [3, null, '3ms, by=You']]);
});

test('a dynamic column reads JSON, and keeps other text as a string', () => {
  const pattern = [text('order='), column('order', 'dynamic'), text(', took=')];
  assert.deepEqual(added(run(pattern)).slice(1, 3), [[2, 42], [3, 'x7']]);
});

test('relaxed mode: a column that does not read as its type is null and the others keep their values', () => {
  const result = run([text('order='), column('order', 'long'), text(', took='), column('took', 'real'), text('ms, by='), column('by')], { mode: 'relaxed' });
  assert.deepEqual(added(result).slice(1, 3), [[2, 42, 12.5, 'Me'], [3, null, 3, 'You']]);
});

test('the pattern is read from the start of the text: * skips, and a string column in the middle takes as little as it can', () => {
  assert.deepEqual(added(run([text('took='), column('took')]))[1], [2, '']);
  assert.deepEqual(added(run([skip, text('took='), column('took'), text('ms'), skip]))[1], [2, '12.5']);
  assert.deepEqual(added(run([column('key'), text('='), skip]))[1], [2, 'order']);
});

test('simple mode reads constants as plain text, kind=regex as regular expressions', () => {
  assert.deepEqual(added(run([skip, text('=12.'), column('rest')])).map((row) => row[1]), ['', '5ms, by=Me', '', '', '']);
  assert.deepEqual(added(run([skip, text('r=.'), column('rest')])).map((row) => row[1]), ['', '', '', '', '']);
  assert.deepEqual(added(run([skip, text('r=.'), column('rest')], { mode: 'regex' })).map((row) => row[1]), ['', '2, took=12.5ms, by=Me', '7, took=3ms, by=You', '', '']);
  assert.deepEqual(added(run([text('[a-z]+='), column('id2', 'long'), skip], { mode: 'regex' })).map((row) => row[1]), [null, 42, null, null, null]);
});

test('a decimal column reads a number as a real column does', () => {
  assert.deepEqual(added(run([text('order='), column('order', 'long'), text(', took='), column('took', 'decimal'), text('ms')])).slice(1, 3), [[2, 42, 12.5], [3, null, null]]);
});

test('a blank capture stays text in a string column and is null in the other types; a guid column reads as toguid() does', () => {
  const input: Table = { columns: INPUT.columns, rows: [[1, 'a=;b= ;c= ;d=0123456789ABCDEF0123456789abcdef;e=not one;']] };
  const pattern = [text('a='), column('a'), text(';b='), column('b'), text(';c='), column('c', 'long'), text(';d='), column('d', 'guid'), text(';e='), column('e', 'guid'), text(';')];
  assert.deepEqual(added(run(pattern, { mode: 'relaxed' }, input)), [[1, '', ' ', null, '01234567-89ab-cdef-0123-456789abcdef', null]]);
  const blankGuid: Table = { columns: INPUT.columns, rows: [[1, 'g= ;']] };
  assert.deepEqual(added(run([text('g='), column('g', 'guid'), text(';')], { mode: 'relaxed' }, blankGuid)), [[1, null]]);
});

test('flags=s lets . cross a line break and flags=m lets $ end a line, as in JavaScript', () => {
  const lines: Table = { columns: INPUT.columns, rows: [[1, 'first\nsecond']] };
  const rest = (pattern: ParsePart[], flags: string) => added(run(pattern, { mode: 'regex', flags }, lines))[0]?.[1];
  assert.equal(rest([text('first.'), column('rest')], 's'), 'second');
  assert.equal(rest([text('first.'), column('rest')], ''), '');
  assert.equal(rest([text('first$\\n'), column('rest')], 'm'), 'second');
  assert.equal(rest([text('first$\\n'), column('rest')], ''), '');
});

test('flags=i makes a regex ignore case; U, which JavaScript lacks, is refused by name', () => {
  assert.deepEqual(added(run([text('ORDER='), column('n', 'long'), skip], { mode: 'regex', flags: 'i' })).map((row) => row[1]), [null, 42, null, null, null]);
  assert.throws(() => run([text('a'), column('n')], { mode: 'regex', flags: 'U' }),
    (e: unknown) => e instanceof KqlError && e.at === 7 && e.code === 'NotSupported' && e.message === 'parse flags=U: the flag U is not supported here (use i, m or s)');
  for (const mode of ['simple', 'relaxed'] as const) {
    assert.throws(() => run([text('ORDER='), column('n', 'long'), skip], { mode, flags: 'i' }),
      (e: unknown) => e instanceof KqlError && e.code === 'NotSupported' && e.message === 'parse flags=i works only with kind=regex: write parse kind=regex flags=i …, with the text as a regular expression', `kind=${mode}`);
  }
});

test('parse-where keeps only the rows the pattern matches', () => {
  const result = run([skip, text('by='), column('by')], { dropUnmatched: true });
  assert.deepEqual(added(result), [[2, 'Me'], [3, 'You']]);
});

test('a column parsed into an existing name takes its place with the new type', () => {
  const result = run([text('order='), column('message', 'long'), skip]);
  assert.deepEqual(result.columns, [{ name: 'id', type: 'long' }, { name: 'message', type: 'long' }]);
  assert.deepEqual(result.rows.map((row) => row[1]), [null, 42, null, null, null]);
});

test('a regular expression that does not compile is reported where the operator is', () => {
  assert.throws(() => run([text('(unclosed'), column('x')], { mode: 'regex' }), (e: unknown) => e instanceof KqlError && e.at === 7 && /^parse with this pattern: invalid regular expression/.test(e.message));
});
