// The Logs page of local-insights: the workshop's KQL typed in, answered from the telemetry the
// running app sends, drawn as a chart, with errors shown where they are and the query in the URL.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DOCS_IMAGES } from './docs-images';
import { workshopQueries } from '../helpers/workshop-queries';
import { LogsPage } from './pages/logs-page';

const byNameAndCode = workshopQueries().find((q) => q.language === 'kusto' && q.text.includes('summarize count() by name, resultCode'));

test('a learner runs a WORKSHOP.md query with Shift+Enter and sees its rows, sortable', async ({ page }) => {
  expect(byNameAndCode, 'WORKSHOP.md has the requests-by-name query').toBeTruthy();
  const logs = new LogsPage(page);
  await logs.open();
  await expect(page.getByRole('list').getByText('performanceCounters')).toBeVisible();
  // The app's telemetry arrives in batches: run again until its first requests are there.
  await expect.poll(async () => {
    await logs.run(byNameAndCode?.text ?? '');
    return logs.rowCount();
  }, { timeout: 45_000, message: 'the app\'s requests to reach local-insights' }).toBeGreaterThan(0);
  await expect(logs.results.getByRole('columnheader', { name: 'count_' })).toBeVisible();
  await expect(logs.status).toHaveText(/^\d+ rows · \d+ ms/);
  await logs.results.getByRole('columnheader', { name: 'name' }).click();
  await expect(logs.results.getByRole('columnheader', { name: 'name' })).toHaveAttribute('aria-sort', 'ascending');
});

test('a render timechart query draws its series as a chart', async ({ page }, testInfo) => {
  const logs = new LogsPage(page);
  await logs.open();
  await expect.poll(async () => {
    await logs.run('requests\n| summarize count() by resultCode, bin(timestamp, 1m)\n| render timechart with (title="Requests per minute")');
    return (await logs.drawnSeries()).reduce((sum, s) => sum + s.points, 0);
  }, { timeout: 45_000, message: 'a drawn series with points' }).toBeGreaterThan(0);
  await expect(page.getByRole('img', { name: 'Chart' })).toBeVisible();
  expect((await logs.drawnSeries()).map((s) => s.label)).toContain('200');
  await page.screenshot({ path: testInfo.outputPath('logs-timechart.png'), fullPage: true });
  await page.screenshot({ path: path.join(DOCS_IMAGES, 'logs-page.png') });
  await testInfo.attach('logs-timechart', { path: testInfo.outputPath('logs-timechart.png'), contentType: 'image/png' });
});

test('a misspelt column is reported and underlined where it is', async ({ page }) => {
  const logs = new LogsPage(page);
  await logs.open();
  await logs.run('requests\n| where nmae == "POST /new"');
  await expect(logs.error).toContainText("'nmae'");
  await expect(page.locator('mark[data-error-at="2:8"]')).toHaveText('nmae');
});

test('the query is kept in the URL, and opening that URL runs it again', async ({ page, context }) => {
  const logs = new LogsPage(page);
  await logs.open();
  await logs.run('traces | summarize count() by cloud_RoleName');
  const url = new URL(page.url());
  expect(url.searchParams.get('query')).toBe('traces | summarize count() by cloud_RoleName');
  const again = new LogsPage(await context.newPage());
  await again.open(url.search);
  await expect(again.editor).toHaveValue('traces | summarize count() by cloud_RoleName');
  await expect(again.status).toHaveText(/^\d+ rows · \d+ ms/);
});
