// The classic schema's shape: what getschema shows for every table, and the itemType of its rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLASSIC_SCHEMA, CLASSIC_TABLES, isClassicTable, ITEM_TYPE } from './schema';

test('every table starts with its timestamp, then its own columns, then the shared context ending in itemCount', () => {
  for (const table of CLASSIC_TABLES) {
    const columns = CLASSIC_SCHEMA[table];
    assert.deepEqual(columns[0], { name: 'timestamp', type: 'datetime' }, table);
    assert.deepEqual(columns.at(-1), { name: 'itemCount', type: 'int' }, table);
    assert.ok(columns.some((c) => c.name === 'customDimensions' && c.type === 'dynamic'), table);
    assert.equal(new Set(columns.map((c) => c.name)).size, columns.length, `${table} names each column once`);
    for (const column of columns) assert.match(column.name, /^[A-Za-z_]+$/, `${table}.${column.name}`);
  }
  assert.deepEqual(CLASSIC_SCHEMA.traces.slice(0, 3), [{ name: 'timestamp', type: 'datetime' }, { name: 'message', type: 'string' }, { name: 'severityLevel', type: 'int' }]);
});

test('each table\'s rows have the itemType Application Insights gives them', () => {
  assert.deepEqual(ITEM_TYPE, {
    requests: 'request', dependencies: 'dependency', traces: 'trace', exceptions: 'exception', customEvents: 'customEvent',
    customMetrics: 'customMetric', performanceCounters: 'performanceCounter',
  });
});

test('a table name is classic only if the schema has it (not an inherited property)', () => {
  assert.equal(isClassicTable('requests'), true);
  assert.equal(isClassicTable('AppRequests'), false);
  assert.equal(isClassicTable('toString'), false);
});
