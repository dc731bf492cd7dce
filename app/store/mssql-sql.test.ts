// No SQL Server runs here, so the mssql store is checked as far as can be done offline: every
// T-SQL statement parses as T-SQL, names only real columns, and its rows map through the same code
// as SQLite's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertParsesAsTsql, statementsOf, tsqlParser as parser, whereConditions } from '../../tests/helpers/tsql';
import { mssqlStatements } from './mssql-sql';
import { sqliteStatements } from './sqlite-sql';
import { isMssqlStorageFull } from './mssql-store';
import { rowToOrder, rowToSummary } from './shared-sql';

const allStatements = statementsOf(mssqlStatements);

test('every T-SQL statement of the SQL Server store parses as T-SQL', () => {
  assert.ok(allStatements.length >= 20, `only ${allStatements.length} statements found`);
  for (const [name, text] of allStatements) assertParsesAsTsql(name, text);
});

test('the parser is strict enough to refuse broken T-SQL', () => {
  for (const broken of ['SELECT id FROM orders WHERE', 'SELECT * FROM orders LIMIT @limit', 'INSERT INTO orders (a) VALUES (', 'SELECT id FROM orders WHERE status = = 1']) {
    assert.throws(() => parser.astify(broken, { database: 'transactsql' }), broken);
  }
});

test('the claim skips rows other instances hold and returns the claimed row in one statement', () => {
  const claim = mssqlStatements.claimNextDue;
  assert.match(claim, /WITH \(ROWLOCK, READPAST, UPDLOCK\)/);
  assert.match(claim, /OUTPUT inserted\.id/);
  assert.match(claim, /ORDER BY placed_at, id/);
});

// The guards are checked for real, against SQLite, in sqlite-store.test.ts. Offline, the T-SQL
// side is held to the same text and its WHERE read back from the T-SQL parse.
test('an attempt\'s result is saved only while its claim holds: same order, still Processing, same attempt', () => {
  for (const name of ['markComplete', 'markFailed', 'requeueForRetry'] as const) {
    assert.equal(mssqlStatements[name], sqliteStatements[name], `${name} is the statement the SQLite tests run`);
    assert.deepEqual(whereConditions(mssqlStatements[name]).sort(), ['attempts = @attempts', 'id = @id', "status = 'Processing'"], name);
  }
});

test('paging uses TOP, since SQL Server has no LIMIT', () => {
  for (const [name, text] of allStatements) assert.doesNotMatch(text, /\bLIMIT\b/, name);
  assert.match(mssqlStatements.listAll, /^SELECT TOP \(@limit\) /);
});

test('the placed offset is kept in a DATETIMEOFFSET column', () => {
  assert.match(mssqlStatements.schema[0] ?? '', /placed_at DATETIMEOFFSET\(3\) NOT NULL/);
  assert.match(mssqlStatements.insertOrder, /CAST\(@placedAt AS DATETIMEOFFSET\(3\)\)/);
});

test('a row as mssql returns it (Date objects, computed offset) maps to the same order as SQLite\'s', () => {
  const row = {
    id: 42, product: 'Mug', customer: 'Ada', placed_at: new Date('2024-03-31T02:00:00Z'), placed_offset_minutes: 600,
    status: 'Failed', attempts: 3, next_attempt_at: new Date('2024-03-31T02:01:00Z'), processed_at: null,
    failure_reason: 'finance package answered 400: Invalid date', last_error: null,
  };
  const sqliteRow = { ...row, placed_at: row.placed_at.getTime(), next_attempt_at: row.next_attempt_at.getTime() };
  const order = rowToOrder(row);
  assert.equal(order.datePlaced, '2024-03-31T12:00:00+10:00');
  assert.deepEqual(order, rowToOrder(sqliteRow));
});

test('a row with an unknown status is refused rather than shown', () => {
  assert.throws(() => rowToOrder({ id: 1, product: 'a', customer: 'b', placed_at: 0, placed_offset_minutes: 0, status: 'Lost',
    attempts: 0, next_attempt_at: 0, processed_at: null, failure_reason: null, last_error: null }));
});

test('summary counts that mssql returns as numbers or strings both map', () => {
  const counts = { queued: 1, processing: '2', failed: 0, complete: 5, placedLast10Minutes: '7', processedLast10Minutes: 3 };
  assert.deepEqual(rowToSummary(counts), { queued: 1, processing: 2, failed: 0, complete: 5, placedLast10Minutes: 7, processedLast10Minutes: 3 });
});

test('Azure SQL quota errors 40544 and 1105 mean storage is exhausted, other errors do not', () => {
  assert.equal(isMssqlStorageFull({ number: 40544, message: 'The database has reached its size quota' }), true);
  assert.equal(isMssqlStorageFull({ number: 1105, message: 'Could not allocate space' }), true);
  for (const other of [{ number: 2627 }, { code: 'ETIMEOUT' }, null, 'full', Number.NaN]) assert.equal(isMssqlStorageFull(other), false);
});
