import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { formatRows, runQuery } from './query';
import { TelemetryDb } from './telemetry-db';

test('rows print as an aligned table, long cells cut, with a count', () => {
  const text = formatRows([{ name: 'POST /new', n: 3 }, { name: 'x'.repeat(100), n: null }]);
  const lines = text.split('\n');
  assert.equal(lines[0], `name${' '.repeat(76)} | n`);
  assert.match(lines[3] ?? '', /^x{79}… \|$/);
  assert.equal(lines.at(-1), '(2 rows)');
  assert.equal(formatRows([]), '(no rows)');
});

test('queries run read-only: a write is refused and the tables are listed', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'query-')), 'telemetry.db');
  TelemetryDb.open(file).close();
  assert.throws(() => runQuery(file, 'DELETE FROM traces'), /only queries that return rows \(SELECT …\) run here/);
  assert.throws(() => runQuery(file, 'DELETE FROM traces RETURNING *'), /readonly/);
  const tables = runQuery(file, 'tables').map((row) => row.table);
  assert.ok(tables.includes('traces') && tables.includes('customMetrics'));
  assert.throws(() => runQuery(path.join(path.dirname(file), 'missing.db'), 'SELECT 1'), /unable to open|does not exist|directory does not exist/);
});
