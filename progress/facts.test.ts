// The KQL behind the telemetry checks, run by our engine over traces as the SDK posts them. Part 2
// lets learners choose their own message names, so the checks look for the fields, not the names.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mapEnvelope } from '../local-insights/envelope';
import { warmUp } from '../local-insights/kql/kusto-parser';
import { runKql } from '../local-insights/kql/run-kql';
import { SqliteSource } from '../local-insights/kql/sqlite-source';
import { toWire } from '../local-insights/kql/values';
import { TelemetryDb } from '../local-insights/telemetry-db';
import { telemetryFacts, type AskKql } from './facts';

const db = TelemetryDb.open(':memory:');
before(() => warmUp());
after(() => db.close());

let second = 0;
function trace(message: string, properties: Record<string, string>, role = 'order-processing-app'): void {
  second += 1;
  db.insertAll([mapEnvelope({
    name: 'Microsoft.ApplicationInsights.MessageData', time: new Date(Date.UTC(2026, 11, 4, 10, 0, second)).toISOString(), iKey: 'k',
    tags: { 'ai.cloud.role': role }, data: { baseType: 'MessageData', baseData: { message, properties } },
  })]);
}

const ask: AskKql = async (query) => {
  const result = runKql(query, new SqliteSource(db.db), { now: Date.UTC(2026, 11, 4, 12) });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const { columns, rows } = result.result;
  return { tables: [{ columns, rows: rows.map((row) => row.map((v, i) => toWire(v, columns[i]?.type ?? 'dynamic'))) }] };
};

test('part 2\'s lines are found by their fields, whatever a learner named them; each needs the order id', async () => {
  trace('sending payment', { orderId: '2', payload: '{"orderId":2}' });
  trace('Response from endpoint', { orderId: '2', payload: '{"orderId":2}', statusCode: '400', responseText: 'Invalid date' });
  trace('payment attempt', { payload: '{"orderId":3}' }); // no order id: does not count
  trace('payment attempt', { orderId: '4', payload: '{"orderId":4}' }, 'order-processing-finance-package'); // another role
  const facts = await telemetryFacts(ask);
  assert.deepEqual({ attempts: facts.paymentAttemptLines, answers: facts.paymentAnswerLines }, { attempts: 1, answers: 1 });
});
