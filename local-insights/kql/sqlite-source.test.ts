// SqliteSource on a real in-memory telemetry database: what each pushed-down filter lets through
// (the engine applies them again, so a filter may let through more, never less), and how stored
// values read in the classic schema's types.
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Column } from './ast';
import type { Pushdown } from './engine';
import { CLASSIC_SCHEMA } from './schema';
import { SqliteSource } from './sqlite-source';
import { WORKSPACE_SCHEMA } from './workspace-schema';
import { mapEnvelope } from '../envelope';
import { TelemetryDb } from '../telemetry-db';

const envelope = (time: string, baseType: string, baseData: Record<string, unknown>) => ({
  name: `Microsoft.ApplicationInsights.${baseType}`, time, iKey: 'k', tags: { 'ai.cloud.role': 'app', 'ai.operation.id': 'op1' }, data: { baseType, baseData },
});
const db = TelemetryDb.open(':memory:');
db.insertAll([
  mapEnvelope(envelope('2024-05-01T10:00:00.000Z', 'RequestData', { id: 'a', name: 'POST /new', duration: '00:00:00.120', responseCode: '201', success: true, properties: { orderId: '7' } })),
  mapEnvelope(envelope('2024-05-01T11:00:00.000Z', 'RequestData', { id: 'b', name: 'GET /', duration: '00:00:00.030', responseCode: '500', success: false })),
  mapEnvelope(envelope('2024-05-01T12:00:00.000Z', 'RequestData', { id: 'c', name: 'GET /', duration: '00:00:01.000', responseCode: '200', success: true })),
]);
const source = new SqliteSource(db.db);
const pick = (...names: string[]): Column[] => names.map((name) => CLASSIC_SCHEMA.requests.find((c) => c.name === name) ?? { name, type: 'string' });
const workspace = (...names: string[]): Column[] => names.map((name) => WORKSPACE_SCHEMA.AppRequests.find((c) => c.name === name) ?? { name, type: 'string' });
const none: Pushdown = { since: null, until: null, equals: [] };
const ids = (filter: Partial<Pushdown>) => source.read('requests', pick('id', 'name', 'success', 'duration'), { ...none, ...filter }).map((row) => row[0]);
const at = (iso: string) => Date.parse(iso);

test('since and until bound the timestamp, both inclusive (until with a millisecond to spare: stored times can hold a fraction of one)', () => {
  assert.deepEqual(ids({}), ['a', 'b', 'c']);
  assert.deepEqual(ids({ since: at('2024-05-01T11:00:00Z') }), ['b', 'c']);
  assert.deepEqual(ids({ until: at('2024-05-01T11:00:00Z') }), ['a', 'b']);
  assert.deepEqual(ids({ until: at('2024-05-01T10:59:59.999Z') }), ['a', 'b']);
  assert.deepEqual(ids({ until: at('2024-05-01T10:59:59.998Z') }), ['a']);
  assert.deepEqual(ids({ since: at('2024-05-01T10:30:00Z'), until: at('2024-05-01T11:30:00Z') }), ['b']);
});

test('string equality narrows on the table\'s own string columns; other filters are left to the engine', () => {
  assert.deepEqual(ids({ equals: [{ column: 'name', value: 'GET /' }] }), ['b', 'c']);
  assert.deepEqual(ids({ equals: [{ column: 'name', value: 'GET /' }, { column: 'id', value: 'c' }] }), ['c']);
  // Not narrowed (so every row comes back, and the engine's own where decides):
  assert.deepEqual(ids({ equals: [{ column: 'name', value: '' }] }), ['a', 'b', 'c'], 'empty text: a stored NULL reads as empty');
  assert.deepEqual(ids({ equals: [{ column: 'success', value: 'True' }] }), ['a', 'b', 'c'], 'success is stored as 1/0, not as its text');
  assert.deepEqual(ids({ equals: [{ column: 'url', value: 'x' }] }), ['a', 'b', 'c'], 'a column the read does not select');
  assert.deepEqual(source.read('requests', pick('id', 'duration'), { ...none, equals: [{ column: 'duration', value: '30' }] }).length, 3, 'not a string column');
});

test('stored values read in the classic types: success as "True"/"False", durations in ms, dynamic as JSON, unsent text empty', () => {
  const rows = source.read('requests', pick('id', 'success', 'duration', 'customDimensions', 'url', 'timestamp', 'itemCount'), none);
  assert.deepEqual(rows[0], ['a', 'True', 120, { orderId: '7' }, '', at('2024-05-01T10:00:00Z'), 1]);
  assert.deepEqual(rows[1]?.slice(0, 4), ['b', 'False', 30, null]);
});

test('a numeric column stored NULL reads as null, a text one as empty', () => {
  const sparse = TelemetryDb.open(':memory:');
  sparse.db.prepare("INSERT INTO requests (timestamp, id) VALUES ('2024-05-01T10:00:00.000Z', 'x')").run();
  assert.deepEqual(new SqliteSource(sparse.db).read('requests', pick('id', 'duration', 'name', 'success', 'customDimensions'), none), [['x', null, '', '', null]]);
  assert.deepEqual(new SqliteSource(sparse.db).read('AppRequests', workspace('Id', 'Success'), none), [['x', null]], 'a workspace bool stored NULL reads as null');
});

test('a file written before a column existed reads that column as empty, but still makes each itemId', () => {
  // As `npm run telemetry` meets an older file: opened as it is, without the columns added since.
  const older = new DatabaseSync(':memory:');
  older.exec("CREATE TABLE requests (timestamp TEXT, id TEXT, name TEXT); INSERT INTO requests VALUES ('2024-05-01T10:00:00.000Z', 'x', 'GET /')");
  const [row] = new SqliteSource(older).read('requests', pick('id', 'url', 'duration', 'itemId'), none);
  assert.deepEqual(row?.slice(0, 3), ['x', '', null]);
  assert.match(String(row?.[3]), /^00000001-0000-4000-8000-0{11}1$/);
});

test('every row has its own itemId, shaped as a GUID and naming its table', () => {
  const itemIds = source.read('requests', pick('itemId'), none).map((row) => row[0]);
  assert.equal(new Set(itemIds).size, 3);
  for (const id of itemIds) assert.match(String(id), /^00000001-0000-4000-8000-[0-9a-f]{12}$/);
});

test('an itemId equality is left to the engine: the id is made when read, not stored, so SQL cannot match it', () => {
  const itemId = String(source.read('requests', pick('itemId'), none)[1]?.[0]);
  assert.deepEqual(source.read('requests', pick('id', 'itemId'), { ...none, equals: [{ column: 'itemId', value: itemId }] }).map((row) => row[0]), ['a', 'b', 'c']);
});

const workspaceIds = (filter: Partial<Pushdown>) => source.read('AppRequests', workspace('Id'), { ...none, ...filter }).map((row) => row[0]);

test('a workspace table reads its classic table\'s rows: since and until bound TimeGenerated, string equality narrows on the mapped column', () => {
  assert.deepEqual(workspaceIds({}), ['a', 'b', 'c']);
  assert.deepEqual(workspaceIds({ since: at('2024-05-01T11:00:00Z') }), ['b', 'c']);
  assert.deepEqual(workspaceIds({ since: at('2024-05-01T10:30:00Z'), until: at('2024-05-01T11:30:00Z') }), ['b']);
  assert.deepEqual(source.read('AppRequests', workspace('Id', 'Name'), { ...none, equals: [{ column: 'Name', value: 'GET /' }] }).map((row) => row[0]), ['b', 'c']);
  assert.deepEqual(source.read('AppRequests', workspace('Id', 'Type'), { ...none, equals: [{ column: 'Type', value: 'x' }] }).length, 3, 'Type is not stored: the engine decides');
  // Type is a constant sent as a parameter of its own, beside the bounds' and the equality's.
  assert.deepEqual(source.read('AppRequests', workspace('Type', 'Id', 'Name', 'Type'), { since: at('2024-05-01T10:00:00Z'), until: at('2024-05-01T12:00:00Z'), equals: [{ column: 'Name', value: 'GET /' }] }),
    [['AppRequests', 'b', 'GET /', 'AppRequests'], ['AppRequests', 'c', 'GET /', 'AppRequests']]);
});

test('workspace values read in Log Analytics\' types: Success true/false, DurationMs in ms, Type the table\'s name, unfed columns empty', () => {
  const rows = source.read('AppRequests', workspace('Id', 'Success', 'DurationMs', 'Properties', 'Type', 'TenantId', '_BilledSize', 'TimeGenerated'), none);
  assert.deepEqual(rows[0], ['a', true, 120, { orderId: '7' }, 'AppRequests', '', null, at('2024-05-01T10:00:00Z')]);
  assert.deepEqual(rows[1]?.slice(0, 2), ['b', false]);
});
