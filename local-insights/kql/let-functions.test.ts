// User-defined functions (`let f = (a: string, b: long = 5) { … }`) and parse / parse-where, from
// KQL text to answer: Microsoft's analyser, our converter and engine, over the corpus telemetry
// (corpus/corpus-telemetry.ts: requests r1–r3 from the app, r4–r5 from the finance package; four
// traces, two of them "Response from endpoint: …"). Each answer is worked out by hand from that list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { warmUp } from './kusto-parser';
import { runKql } from './run-kql';
import { answerOn, CORPUS_NOW, openCorpusTelemetry } from './corpus/corpus-telemetry';

const telemetry = openCorpusTelemetry();
before(() => warmUp());
after(() => telemetry.close());

function answer(query: string): { columns: string[]; rows: unknown[][] } {
  const { columns, rows } = answerOn(telemetry.source, query);
  return { columns: columns.map((c) => `${c.name}:${c.type}`), rows };
}
const rows = (query: string): unknown[][] => answer(query).rows;
function refusal(query: string): { code: string; message: string; column: number } {
  const result = runKql(query, telemetry.source, { now: CORPUS_NOW });
  assert.equal(result.ok, false, `${query} should be refused`);
  const first = result.ok ? undefined : result.diagnostics[0];
  return { code: first?.code ?? '', message: first?.message ?? '', column: first?.column ?? 0 };
}

const FINANCE = 'order-processing-finance-package';

describe('let functions', () => {
  test('the issue\'s example: a tabular function of a role answers the requests of that role, and none for an unknown one', () => {
    const failedIn = 'let failedIn = (role: string) { requests | where cloud_RoleName == role };';
    assert.deepEqual(rows(`${failedIn} failedIn("${FINANCE}") | project id`), [['r4'], ['r5']]);
    const none = answer(`${failedIn} failedIn("x")`);
    assert.deepEqual(none.rows, []);
    assert.equal(none.columns[0], 'timestamp:datetime');
  });

  test('a parameter with a default takes it when the call leaves it out, and the argument when given (by place or by name)', () => {
    const first = 'let firstOf = (role: string, n: long = 1) { requests | where cloud_RoleName == role | order by timestamp asc | take n };';
    assert.deepEqual(rows(`${first} firstOf("order-processing-app") | project id`), [['r1']]);
    assert.deepEqual(rows(`${first} firstOf("order-processing-app", 2) | project id`), [['r1'], ['r2']]);
    assert.deepEqual(rows(`${first} firstOf(n = 3, role = "order-processing-app") | project id`), [['r1'], ['r2'], ['r3']]);
  });

  test('a scalar function is applied to each row with that row\'s arguments', () => {
    const slow = 'let slow = (d: real, limit: real = 100) { d > limit };';
    assert.deepEqual(rows(`${slow} requests | where slow(duration) | project id`), [['r1'], ['r4'], ['r5']]);
    assert.deepEqual(rows(`${slow} requests | where slow(duration, 500) | project id`), [['r4']]);
    assert.deepEqual(rows(`${slow} requests | extend s = slow(duration, 200) | summarize count() by s`), [[false, 3], [true, 2]]);
  });

  test('a body\'s own lets, a function inside a function that uses the outer\'s parameter, and a parameter hiding a let of the same name', () => {
    assert.deepEqual(rows('let g = (x: long) { let y = x + 1; y * 2 }; print g(3)'), [[8]]);
    assert.deepEqual(rows('let outer = (k: long) { let inner = (m: long) { m + k }; inner(10) }; print outer(5)'), [[15]]);
    assert.deepEqual(rows('let x = 100; let f = (x: long) { x + 1 }; print f(1), x'), [[2, 100]]);
    // After inlining f, g's own parameter is still bound: 2 * 10 + 2.
    assert.deepEqual(rows('let f = (a: long) { a * 10 }; let g = (b: long) { f(b) + b }; print g(2)'), [[22]]);
  });

  test('an argument of another type is converted to the parameter\'s type, as Kusto does', () => {
    assert.deepEqual(rows('let half = (x: real) { x / 2 }; print half(5)'), [[2.5]]);
    assert.deepEqual(rows('let len = (s: string) { strlen(s) }; print len(12345)'), [[5]]);
    assert.deepEqual(rows('let whole = (x: long) { x }; print whole(2.7)'), [[2]]);
    // One per parameter type, each with an argument the conversion changes, as the analyser accepts them.
    assert.deepEqual(rows('let f = (x: int) { x }; print f(2.7)'), [[2]]);
    assert.deepEqual(rows('let f = (x: real) { x }; print f("2.5")'), [[2.5]]);
    assert.deepEqual(rows('let f = (x: decimal) { x }; print f("2.5")'), [[2.5]]);
    assert.deepEqual(rows('let f = (s: string) { s }; print f(12345)'), [['12345']]);
    assert.deepEqual(rows('let f = (b: bool) { b }; print f(1)'), [[true]]);
    assert.deepEqual(rows('let f = (d: datetime) { d }; print f("2024-01-01")'), [['2024-01-01T00:00:00Z']]);
    assert.deepEqual(rows('let f = (d: timespan) { d }; print f("1h")'), [['01:00:00']]);
    assert.deepEqual(rows('let f = (g: guid) { g }; print f("0123456789ABCDEF0123456789ABCDEF")'), [['01234567-89ab-cdef-0123-456789abcdef']]);
  });

  test('a function without parameters is called with or without parentheses, and a tabular let inside one can be joined', () => {
    assert.deepEqual(rows('let Total = () { requests | count }; Total'), [[5]]);
    assert.deepEqual(rows('let Total = () { requests | count }; Total()'), [[5]]);
    // The app's operations are op1–op3; traces t1 and t2 belong to op1.
    assert.deepEqual(rows('let ops = (role: string) { let r = requests | where cloud_RoleName == role; r | project operation_Id }; ops("order-processing-app") | join kind=inner (traces) on operation_Id | count'), [[2]]);
  });

  test('a function that takes a table is refused by name, with what to do instead', () => {
    assert.deepEqual(refusal('let f = (T:(name:string)) { T | count }; f(requests)'), {
      code: 'NotSupported', column: 10,
      message: 'functions that take a table (T:(name:string)) are not supported here: refer to the table or a let inside the function instead',
    });
  });
});

describe('parse and parse-where', () => {
  test('the issue\'s example: a string column after the constant takes the rest of the message, empty where it does not match', () => {
    assert.deepEqual(rows('traces | parse message with "Response from endpoint: " body | project body'),
      [[''], ['date in the future'], [''], ['503 Service Unavailable']]);
  });

  test('a leading * skips to the constant, wherever it is in the message', () => {
    assert.deepEqual(rows('traces | parse kind=simple message with * "endpoint: " rest | where isnotempty(rest) | project rest'), [['date in the future'], ['503 Service Unavailable']]);
  });

  test('parse-where keeps only the traces the pattern matches, with typed columns read as their type', () => {
    assert.deepEqual(answer('traces | parse-where message with "Response from endpoint: " code:int " " reason | project code, reason'),
      { columns: ['code:int', 'reason:string'], rows: [[503, 'Service Unavailable']] });
  });

  test('kind=regex with flags=i reads constants as case-insensitive regular expressions', () => {
    assert.deepEqual(rows('traces | parse kind=regex flags=i message with "response FROM [a-z]+: " code:long * | where isnotnull(code) | project code'), [[503]]);
  });

  test('kind=relaxed keeps the row when a typed column does not read, with that column null', () => {
    assert.deepEqual(rows('traces | parse kind=relaxed message with "Response from endpoint: " word:long " " rest | where isnotempty(rest) | project word, rest'),
      [[null, 'in the future'], [503, 'Service Unavailable']]);
  });

  test('a flag JavaScript lacks is refused by name where the operator is', () => {
    assert.deepEqual(refusal('traces | parse kind=regex flags=U message with "a" b'), { code: 'NotSupported', column: 10, message: 'parse flags=U: the flag U is not supported here (use i, m or s)' });
  });
});

describe('what the engine does not run is refused by name, where it stands', () => {
  // [query, column of the refusal, message]
  const REFUSED: Array<[string, number, string]> = [
    ['traces | parse-kv message as (a:string) with (pair_delimiter=",")', 10, 'ParseKvOperator is not supported here: parse-kv message as (a:string) with (pair_delimiter=",")'],
    ['requests | evaluate bag_unpack(customDimensions)', 12, 'EvaluateOperator is not supported here: evaluate bag_unpack(customDimensions)'],
    ['requests | lookup (traces) on operation_Id', 12, 'LookupOperator is not supported here: lookup (traces) on operation_Id'],
    ['requests | project-reorder name', 12, 'ProjectReorderOperator is not supported here: project-reorder name'],
    ['requests | sample 2', 12, 'SampleOperator is not supported here: sample 2'],
    ['requests | as T | count', 12, 'AsOperator is not supported here: as T'],
    ['requests | getschema', 12, 'GetSchemaOperator is not supported here: getschema'],
    ['range x from 1 to 3 step 1', 1, 'RangeOperator is not supported here: range x from 1 to 3 step 1'],
    ['let f = (T:(*)) { T | count }; requests | invoke f()', 10, 'functions that take a table (T:(*)) are not supported here: refer to the table or a let inside the function instead'],
    ['datatable(a:long)[1, 2]', 1, 'DataTableExpression is not supported here: datatable(a:long)[1, 2]'],
    ['print toscalar(requests | count)', 7, 'ToScalarExpression is not supported here: toscalar(requests | count)'],
    ['let m = materialize(requests | count); m', 9, 'MaterializeExpression is not supported here: materialize(requests | count)'],
    ['requests | where name in (traces | project message)', 18, 'in with a subquery is not supported here: list the values'],
    ['requests | union traces', 12, 'union after a pipe is not supported here: start the query with union a, b'],
    ['traces | extend x = extract_all(@"(\\d)", message)', 21, 'the function extract_all() is not supported here'],
  ];
  for (const [query, column, message] of REFUSED) {
    test(`${query.split(' ').slice(0, 4).join(' ')} …`, () => {
      const found = refusal(query);
      assert.equal(found.message, message);
      assert.equal(found.column, column);
    });
  }
});
