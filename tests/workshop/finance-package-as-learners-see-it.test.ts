// The finance package as a learner meets it under `npm start`: started before the app, at its own
// log level, sending telemetry to local-insights. It is a third party's service: its log in the
// learner's terminal must not give part 2's answer away, and its wait for the app at start must not
// turn into an exception (a problem on the Failures page) at every restart.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { localConnectionString } from '../../local-insights/config';
import { answerKql } from '../../local-insights/query';
import { toIsoWithOffset } from '../../platform/london-time';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const telemetryFile = path.join(makeTempDir('finance-as-seen'), 'telemetry.db');
let insights: Child;
let finance: Child;
let app: Child | undefined;
let appPort = 0;

function kql(query: string): Array<Record<string, unknown>> {
  const answer = answerKql(telemetryFile, query, null);
  if (!('tables' in answer)) assert.fail(`${query}: ${JSON.stringify(answer.error)}`);
  const [table] = answer.tables;
  return (table?.rows ?? []).map((row) => Object.fromEntries((table?.columns ?? []).map((column, i) => [column.name, row[i]])));
}
const financeRows = (table: string, where = 'true') => kql(`${table} | where cloud_RoleName == "order-processing-finance-package" and ${where}`);

before(async () => {
  insights = await spawnServer('local-insights/main.ts', await freePort(), { TELEMETRY_DATABASE_FILE: telemetryFile });
  appPort = await freePort(); // nothing listens there yet: the app starts later, as under `npm start`
  finance = await spawnServer('finance-stub/main.ts', await freePort(), {
    APP_URL: `http://127.0.0.1:${appPort}`,
    APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url),
  });
});

after(async () => {
  await app?.terminate();
  await finance?.terminate();
  await insights?.terminate();
});

test('started before the app, the finance package waits for it and seeds it, with no exception and no problem in local-insights', async () => {
  await waitFor(() => (finance.output().match(/waiting for the app/g) ?? []).length >= 2, {
    deadlineMs: 20_000, what: () => `the finance package to wait for the app twice:\n${finance.output()}`,
  });
  app = await spawnServer('app/main.ts', appPort, {
    ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url,
  });
  // Spans are exported in the order they end: once the seed orders' calls are in, so is the wait.
  await waitFor(() => financeRows('dependencies', 'name == "POST /new"').length >= 11, {
    deadlineMs: 30_000, what: () => `the seed orders' calls to reach local-insights:\n${finance.output()}`,
  });
  assert.match(finance.output(), /seeded the starting orders placed=11/);
  assert.deepEqual(financeRows('exceptions'), [], 'waiting for the app is no exception');
  assert.deepEqual(financeRows('dependencies', 'success == "False"'), [], 'nor a failed call: it is a readiness probe');
  const problems = (await httpClient(insights.url).get('/api/problems')).data as unknown[];
  assert.deepEqual(problems, [], 'nothing on the Failures page');
});

test('the finance package\'s log says what it answered, never why it refused: that is what part 2 finds out', async () => {
  const placed = new Date(Date.now() - 60_000);
  const response = await httpClient(finance.url).post('/ProcessPayment',
    { orderId: 9001, product: 'Refused on purpose', customer: 'Ada', date: toIsoWithOffset(placed, 600) },
    { headers: { 'x-api-key': 'local-dev-key', 'Idempotency-Key': 'order-9001' } });
  assert.deepEqual([response.status, response.data], [400, 'Invalid date'], 'the caller is told why');
  await waitFor(() => financeRows('traces', 'tostring(customDimensions.orderId) == "9001"').length > 0, {
    deadlineMs: 20_000, what: 'the finance package\'s trace of the refusal',
  });
  assert.match(finance.output(), /payment answered orderId=9001 .*statusCode=400/, 'it logs that it refused');
  assert.doesNotMatch(finance.output(), /Invalid date/, 'its terminal output does not say why');
  assert.deepEqual(financeRows('traces', 'tostring(customDimensions) contains "Invalid date"'), [], 'nor does its telemetry');
});
