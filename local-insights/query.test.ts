import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { mapEnvelope } from './envelope';
import { answerKql, formatRows, parseArguments, telemetryCommand } from './query';
import { TelemetryDb } from './telemetry-db';

test('rows print as an aligned table, long cells cut, with a count', () => {
  const text = formatRows([{ name: 'POST /new', n: 3 }, { name: 'x'.repeat(100), n: null }]);
  const lines = text.split('\n');
  assert.equal(lines[0], `name${' '.repeat(76)} | n`);
  assert.match(lines[3] ?? '', /^x{79}… \|$/);
  assert.equal(lines.at(-1), '(2 rows)');
  assert.equal(formatRows([]), '(no rows)');
});

test('npm run telemetry reads --json and --timespan, and says how to call it when the query is missing', () => {
  assert.deepEqual(parseArguments(['requests', '|', 'count', '--json', '--timespan', 'PT1H']), { query: 'requests | count', json: true, timespan: 'PT1H' });
  assert.deepEqual(parseArguments(['--timespan=P1D', 'traces']), { query: 'traces', json: false, timespan: 'P1D' });
  assert.match(String((parseArguments([]) as { error: string }).error), /^usage: npm run telemetry -- /);
  assert.match(String((parseArguments(['traces', '--timespan']) as { error: string }).error), /--timespan needs/);
});

test('npm run telemetry -- tables lists every table of both schemas with its column types', () => {
  const { out, code } = telemetryCommand(['tables'], 'unused.db');
  assert.equal(code, 0);
  assert.match(out, /^requests\n {2}timestamp:datetime, id:string, source:string, name:string, url:string, success:string/);
  assert.match(out, /performanceCounters\n {2}timestamp:datetime, name:string, category:string, counter:string, instance:string, value:real/);
  assert.match(out, /\n\npageViews\n {2}timestamp:datetime, id:string/);
  assert.match(out, /\n\nAppRequests\n {2}TenantId:string, TimeGenerated:datetime, Id:string, Source:string, Name:string, Url:string, Success:bool, ResultCode:string, DurationMs:real/);
  assert.match(out, /\n\nAppBrowserTimings\n {2}TenantId:string, TimeGenerated:datetime, Name:string/);
});

test('npm run telemetry before any telemetry exists says to start local-insights first', () => {
  const { out, code } = telemetryCommand(['requests | count'], path.join(os.tmpdir(), 'no-such-dir', 'telemetry.db'));
  assert.equal(code, 1);
  assert.match(out, /no telemetry yet: .* does not exist\. Run npm start first/);
});

test('a telemetry file written before a column was added answers with that column empty (npm run telemetry opens it read-only)', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'older-telemetry-')), 'telemetry.db');
  const db = TelemetryDb.open(file);
  db.insertAll([mapEnvelope({
    name: 'Microsoft.ApplicationInsights.MessageData', time: '2024-05-01T10:00:00.000Z', iKey: 'k', tags: {},
    data: { baseType: 'MessageData', baseData: { message: 'payment attempt' } },
  })]);
  db.db.exec('ALTER TABLE traces DROP COLUMN customMeasurements'); // as the file was before traces kept measurements
  db.close();
  const answer = answerKql(file, 'traces | project message, customMeasurements, Measurements = customMeasurements.tries', null);
  assert.ok(!('error' in answer), JSON.stringify(answer));
  assert.deepEqual(answer.tables[0]?.rows, [['payment attempt', null, null]]);
});
