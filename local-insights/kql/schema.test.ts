// Both schemas' shape: what getschema shows for every table, the itemType of classic rows, and the
// workspace tables' columns checked against Microsoft's table reference, each mapped to a classic column that exists.
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KType } from './ast';
import { CLASSIC_SCHEMA, CLASSIC_TABLES, isClassicTable, isSchemaTable, ITEM_TYPE, SCHEMA, storageOf } from './schema';
import { WORKSPACE_SCHEMA, type WorkspaceTable } from './workspace-schema';

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
    customMetrics: 'customMetric', performanceCounters: 'performanceCounter', pageViews: 'pageView',
    availabilityResults: 'availabilityResult', browserTimings: 'browserTiming',
  });
});

test('a table name is classic only if the schema has it (not an inherited property)', () => {
  assert.equal(isClassicTable('requests'), true);
  assert.equal(isClassicTable('AppRequests'), false);
  assert.equal(isClassicTable('toString'), false);
});

/** Columns every workspace table has, from the reference's table pages (2024). */
const SHARED = ['AppRoleInstance', 'AppRoleName', 'AppVersion', '_BilledSize', 'ClientBrowser', 'ClientCity', 'ClientCountryOrRegion', 'ClientIP',
  'ClientModel', 'ClientOS', 'ClientStateOrProvince', 'ClientType', 'IKey', '_IsBillable', 'ItemCount', 'OperationId', 'OperationName', 'ParentId',
  'Properties', 'ResourceGUID', '_ResourceId', 'SDKVersion', 'SessionId', 'SourceSystem', '_SubscriptionId', 'SyntheticSource', 'TenantId',
  'TimeGenerated', 'Type', 'UserAccountId', 'UserAuthenticatedId', 'UserId'];
/** Each table's own columns on its reference page (learn.microsoft.com/azure/azure-monitor/reference/tables/<table>). */
const OWN: Record<WorkspaceTable, string[]> = {
  // PerformanceBucket: the migration page's, and the query gallery's "Response time buckets"; not in the 2024 reference.
  AppRequests: ['DurationMs', 'Id', 'Measurements', 'Name', 'PerformanceBucket', 'ReferencedItemId', 'ReferencedType', 'ResultCode', 'Source', 'Success', 'Url'],
  AppDependencies: ['Data', 'DependencyType', 'DurationMs', 'Id', 'Measurements', 'Name', 'PerformanceBucket', 'ReferencedItemId', 'ReferencedType', 'ResultCode', 'Success', 'Target'],
  AppExceptions: ['Assembly', 'Details', 'ExceptionType', 'HandledAt', 'InnermostAssembly', 'InnermostMessage', 'InnermostMethod', 'InnermostType',
    'Measurements', 'Message', 'Method', 'OuterAssembly', 'OuterMessage', 'OuterMethod', 'OuterType', 'ProblemId', 'SeverityLevel'],
  AppTraces: ['Measurements', 'Message', 'ReferencedItemId', 'ReferencedType', 'SeverityLevel'],
  AppEvents: ['Measurements', 'Name'],
  AppMetrics: ['Max', 'Min', 'Name', 'Sum'],
  AppPerformanceCounters: ['Category', 'Counter', 'Instance', 'Name', 'Value'],
  AppPageViews: ['DurationMs', 'Id', 'Measurements', 'Name', 'Url'],
  AppAvailabilityResults: ['DurationMs', 'Id', 'Location', 'Measurements', 'Message', 'Name', 'Success'],
  AppBrowserTimings: ['Measurements', 'Name', 'NetworkDurationMs', 'ProcessingDurationMs', 'ReceiveDurationMs', 'SendDurationMs', 'TotalDurationMs', 'Url'],
};

test('each workspace table has exactly the columns Microsoft\'s table reference lists, led by TenantId and TimeGenerated', () => {
  for (const [table, own] of Object.entries(OWN)) {
    const columns = WORKSPACE_SCHEMA[table as WorkspaceTable];
    assert.deepEqual(columns.map((c) => c.name).sort(), [...SHARED, ...own].sort(), table);
    assert.deepEqual(columns.slice(0, 2), [{ name: 'TenantId', type: 'string' }, { name: 'TimeGenerated', type: 'datetime' }], table);
  }
});

test('workspace types are the reference\'s: Success bool, durations real, Properties dynamic, ItemCount and SeverityLevel int, the rest string', () => {
  const typeOf = (table: WorkspaceTable, column: string) => WORKSPACE_SCHEMA[table].find((c) => c.name === column)?.type;
  assert.equal(typeOf('AppRequests', 'Success'), 'bool');
  assert.equal(typeOf('AppAvailabilityResults', 'Success'), 'bool');
  assert.equal(typeOf('AppDependencies', 'DurationMs'), 'real');
  assert.equal(typeOf('AppBrowserTimings', 'TotalDurationMs'), 'real');
  assert.equal(typeOf('AppMetrics', 'Sum'), 'real');
  assert.equal(typeOf('AppTraces', 'Properties'), 'dynamic');
  assert.equal(typeOf('AppExceptions', 'Details'), 'dynamic');
  assert.equal(typeOf('AppRequests', 'ItemCount'), 'int');
  assert.equal(typeOf('AppExceptions', 'SeverityLevel'), 'int');
  assert.equal(typeOf('AppRequests', '_BilledSize'), 'real');
  assert.equal(typeOf('AppRequests', 'ResultCode'), 'string');
});

test('every workspace column reads a column its classic table has (or nothing, or the table\'s name for Type)', () => {
  for (const table of Object.keys(WORKSPACE_SCHEMA) as WorkspaceTable[]) {
    const { stored, sourceOf } = storageOf(table);
    const classic = new Set(CLASSIC_SCHEMA[stored].map((c) => c.name));
    for (const { name } of WORKSPACE_SCHEMA[table]) {
      const source = sourceOf(name);
      if (source !== null && 'column' in source) assert.ok(classic.has(source.column), `${table}.${name} reads ${stored}.${source.column}`);
    }
    assert.deepEqual(sourceOf('Type'), { value: table });
    assert.deepEqual(sourceOf('TimeGenerated'), { column: 'timestamp' });
  }
  assert.deepEqual(storageOf('AppMetrics').sourceOf('ItemCount'), { column: 'valueCount' });
  assert.deepEqual(storageOf('AppTraces').sourceOf('Measurements'), { column: 'customMeasurements' });
  assert.deepEqual(storageOf('AppRequests').sourceOf('ItemCount'), { column: 'itemCount' });
  assert.equal(storageOf('AppRequests').sourceOf('TenantId'), null);
  assert.deepEqual(storageOf('requests').sourceOf('duration'), { column: 'duration' });
});

test('a query can name every table of both schemas, and nothing else', () => {
  assert.equal(Object.keys(SCHEMA).length, 20);
  assert.equal(isSchemaTable('AppRequests'), true);
  assert.equal(isSchemaTable('pageViews'), true);
  assert.equal(isSchemaTable('appRequests'), false);
  assert.equal(isSchemaTable('constructor'), false);
});

test('docs/telemetry.md names every column of every table, in its table\'s row or the shared one', () => {
  const docs = fs.readFileSync(path.join(__dirname, '../../docs/telemetry.md'), 'utf8');
  const rowOf = (start: string) => docs.split('\n').filter((line) => line.startsWith(start)).at(-1) ?? ''; // the tables section comes after the overview
  const sharedWorkspace = rowOf('| shared, in every table |');
  for (const [table, columns] of Object.entries(WORKSPACE_SCHEMA)) {
    const row = rowOf(`| \`${table}\` ← \``);
    for (const { name } of columns) assert.ok(row.includes(`\`${name}\``) || sharedWorkspace.includes(`\`${name}\``) || /^Client/.test(name), `${table}.${name} in the docs`);
  }
  for (const table of CLASSIC_TABLES) {
    const row = rowOf(`| \`${table}\` |`);
    const own = CLASSIC_SCHEMA[table].slice(1, CLASSIC_SCHEMA[table].findIndex((c) => c.name === 'customDimensions'));
    for (const { name } of own) assert.ok(row.includes(`\`${name}\``), `${table}.${name} in the docs`);
  }
});

test('every column of both schemas has one of the engine\'s types (an entry written without its :type would not)', () => {
  const known: Record<KType, true> = { bool: true, int: true, long: true, real: true, decimal: true, string: true, datetime: true, timespan: true, dynamic: true, guid: true };
  for (const [table, columns] of Object.entries(SCHEMA)) {
    for (const column of columns) assert.ok(Object.hasOwn(known, column.type), `${table}.${column.name}: ${JSON.stringify(column.type)}`);
  }
});
