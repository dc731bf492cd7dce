// WORKSHOP.md's KQL, run for real: the scenarios its queries are about run with the real SDK sending
// to local-insights, then each query is answered by local-insights' engine and must show what the
// workshop's prose promises. Queries are found by what they say, not by line number.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startInsights, type RunningInsights } from '../../local-insights/start-insights';
import { localConnectionString } from '../../local-insights/config';
import type { WireAnswer } from '../../local-insights/kql/wire';
import { spawnServer, type Child } from '../helpers/child-process';
import { freePort } from '../helpers/free-port';
import { FAST_APP_SETTINGS, httpClient, newDatabaseFile } from '../helpers/system';
import { makeTempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { workshopQueries } from '../helpers/workshop-queries';

/** The app and the finance package as processes of their own: telemetry starts only in their main.ts. */
interface System {
  app: Child & { http: ReturnType<typeof httpClient> };
  finance: Child;
  summary(): Promise<{ queued: number; complete: number; failed: number }>;
}

let insights: RunningInsights;
let telemetry: Record<string, string>;
before(async () => {
  insights = await startInsights({ port: 0, databaseFile: path.join(makeTempDir('workshop-kql'), 'telemetry.db') });
  telemetry = { APPLICATIONINSIGHTS_CONNECTION_STRING: localConnectionString(insights.url) };
  await insights.queries.start();
});
after(() => insights.stop());

async function withSystem(options: { app?: Record<string, string>; finance?: Record<string, string> }, body: (system: System) => Promise<void>) {
  const [appPort, financePort] = [await freePort(), await freePort()];
  const finance = await spawnServer('finance-stub/main.ts', financePort, { ...telemetry, APP_URL: `http://127.0.0.1:${appPort}`, RANDOM_SEED: '1234', ...options.finance });
  const app = await spawnServer('app/main.ts', appPort, {
    ...telemetry, ...FAST_APP_SETTINGS, DATABASE_FILE: newDatabaseFile(), FINANCE_PACKAGE_URL: finance.url, ...options.app,
  });
  const http = httpClient(app.url);
  try {
    await body({ app: { ...app, http }, finance, summary: async () => (await http.get('/api/summary')).data });
  } finally {
    await Promise.all([app.terminate(), finance.terminate()]);
  }
}

const choose = async (system: System, scenario: string) => {
  const response = await system.app.http.post('/scenario', new URLSearchParams({ scenario }).toString(), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0,
  });
  assert.equal(response.status, 303);
};

function workshopKql(...fragments: string[]): string {
  const found = workshopQueries().find((q) => q.language === 'kusto' && fragments.every((f) => q.text.includes(f)));
  assert.ok(found, `WORKSHOP.md has a KQL query with ${fragments.join(' and ')}`);
  return found.text;
}

/** The query's rows as objects by column name, from local-insights' query worker. */
async function answer(query: string): Promise<Array<Record<string, unknown>>> {
  const outcome = await insights.queries.run(query, { timespan: null });
  assert.equal(outcome.status, 200, JSON.stringify(outcome.body));
  const table = (outcome.body as WireAnswer).tables[0];
  return (table?.rows ?? []).map((row) => Object.fromEntries((table?.columns ?? []).map((c, i) => [c.name, row[i]])));
}

test('Queue Reliability: the PaymentFailed query shows transient failures, transient == "true"', async () => {
  await withSystem({ app: { PAYMENT_TIMEOUT_SECONDS: '0.3', ORDER_LEASE_SECONDS: '2' }, finance: { RANDOM_SEED: '42', GENERATE_ORDERS: 'false' } }, async (system) => {
    await choose(system, 'UnreliableProcessing');
    for (let i = 0; i < 40; i++) assert.equal((await system.app.http.post('/new', { product: `p${i}`, customer: 'Ada' })).status, 201);
    await waitFor(async () => (await system.summary()).queued === 0, { deadlineMs: 60_000, what: 'the queue to drain' });
    const query = workshopKql('type == "PaymentFailed"', 'project');
    await waitFor(async () => (await answer(query)).some((row) => row.transient === 'true'), { deadlineMs: 20_000, what: 'transient PaymentFailed exceptions to be queryable' });
    // The alert on everything retrying stays quiet: the failed share is above 0 but not above one half.
    const alert = workshopKql('failedShare > 0.5');
    const shares = alert.replace(/\n\|\s*where attempts >= 5 and failedShare > 0\.5\s*$/, '\n');
    assert.notEqual(shares, alert, 'the alert query ends with its condition');
    const windows = await answer(shares);
    assert.ok(windows.some((row) => Number(row.failedShare) > 0), `some window had transient failures: ${JSON.stringify(windows)}`);
    assert.deepEqual(await answer(alert), []);
  });
});

test('Monitoring Load: placed outruns processed in some minute (queueDelta > 0), and queue_length is charted', async () => {
  await withSystem({ finance: { TIME_SCALE: '150' } }, async (system) => {
    await waitFor(async () => (await system.summary()).queued === 0, { deadlineMs: 10_000, what: 'the seeded queue to drain' });
    await choose(system, 'HighLoad');
    await waitFor(async () => (await system.summary()).queued >= 100, { deadlineMs: 15_000, what: 'the queue to pass 100' });
    const growth = workshopKql('kind=fullouter', 'queueDelta');
    await waitFor(async () => (await answer(growth)).some((row) => Number(row.queueDelta) > 0), { deadlineMs: 20_000, what: 'a minute where more orders were placed than processed' });
    const queue = workshopKql('name == "queue_length"', 'max(value)');
    await waitFor(async () => (await answer(queue)).some((row) => Number(row.queue) > 0), { deadlineMs: 20_000, what: 'a queue_length sample above 0' });
  });
});

test('System Monitoring: the intake query shows 507 responses', async () => {
  await withSystem({ app: { DATABASE_MAX_SIZE_MB: '3' }, finance: { TIME_SCALE: '20' } }, async (system) => {
    await choose(system, 'VeryHighLoad');
    await waitFor(async () => system.finance.output().includes('statusCode=507'), { deadlineMs: 20_000, what: 'intake to answer 507' });
    const query = workshopKql('summarize count() by resultCode, bin(timestamp, 1m)');
    await waitFor(async () => (await answer(query)).some((row) => row.resultCode === '507'), { deadlineMs: 20_000, what: '507 requests to be queryable' });
  });
});
