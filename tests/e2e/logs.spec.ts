// The Logs page of local-insights: the workshop's KQL typed in, answered from the telemetry the
// running app sends, drawn as a chart, with errors shown where they are and the query in the URL.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DOCS_IMAGES } from './docs-images';
import { workshopQueries } from '../helpers/workshop-queries';
import { LogsPage } from './pages/logs-page';

const byNameAndCode = workshopQueries().find((q) => q.language === 'kusto' && q.text.includes('summarize count() by name, resultCode'));

test('a learner runs a WORKSHOP.md query with Shift+Enter and sees its rows, sortable', async ({ page }) => {
  expect(byNameAndCode, 'WORKSHOP.md has the requests-by-name query').toBeTruthy();
  const logs = new LogsPage(page);
  await logs.open();
  await expect(page.getByRole('list').getByText('performanceCounters', { exact: true })).toBeVisible();
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
  // Labels on round times, evenly spaced, and every 1-minute bin on a tick of its own minute or between two.
  const { ticks, points } = await logs.timeAxis();
  expect(ticks.length).toBeGreaterThan(1);
  const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
  expect(step % 60_000, `a whole number of minutes between ticks (${step} ms)`).toBe(0);
  for (const [i, tick] of ticks.entries()) {
    expect(tick % 60_000, `tick ${new Date(tick).toISOString()} on a whole minute`).toBe(0);
    if (i > 0) expect(tick - (ticks[i - 1] ?? 0)).toBe(step);
  }
  for (const x of points) {
    expect(x % 60_000, 'a 1-minute bin drawn at its minute').toBe(0);
    expect(x >= (ticks[0] ?? Infinity) && x <= (ticks.at(-1) ?? -Infinity), 'every point inside the axis').toBe(true);
  }
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

test('the Queries pane fills the editor with the picked query, and a workspace-form query answers', async ({ page }) => {
  const logs = new LogsPage(page);
  await logs.open();
  await logs.pickQuery('Common: workspace tables (AppRequests …)', 'Failure rate by operation');
  await expect(logs.editor).toHaveValue(/^AppRequests\n\| summarize failRate = 100\.0 \* countif\(Success == false\) \/ count\(\), total = count\(\) by Name/);
  await expect.poll(async () => {
    await logs.editor.press('Shift+Enter');
    await expect(logs.status).not.toHaveText('Running…');
    return logs.rowCount();
  }, { timeout: 45_000, message: 'the app\'s requests to reach local-insights' }).toBeGreaterThan(0);
  await expect(logs.results.getByRole('columnheader', { name: 'failRate' })).toBeVisible();
  await logs.pickQuery('Workshop', 'Part 5: Application Insights (2)');
  await expect(logs.editor).toHaveValue(/^requests\n/);
});

test('the Logs page, its Queries pane open, has no serious accessibility violations (axe)', async ({ page }) => {
  const logs = new LogsPage(page);
  await logs.open();
  await page.getByRole('complementary', { name: 'Queries and tables' }).getByText('Workshop', { exact: true }).click();
  await expect(page.getByRole('button', { name: /^Part 5: Application Insights/ }).first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.length).toBeGreaterThan(10); // axe ran its rules on the page, not on nothing
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
});

test('the Metrics page\'s time axis ticks on round local times, evenly spaced', async ({ page }) => {
  await page.goto(`${new URL(LogsPage.url).origin}/metrics`);
  await expect.poll(async () => page.evaluate(() => {
    type Charts = { document: { querySelector(selector: string): unknown }; Chart: { getChart(canvas: unknown): { scales: { x: { ticks: Array<{ value: number }> } } } | undefined } };
    const browser = globalThis as unknown as Charts;
    return (browser.Chart.getChart(browser.document.querySelector('canvas[aria-label="Queue length (orders)"]'))?.scales.x.ticks ?? []).length;
  }), { timeout: 45_000, message: 'queue length points for the app' }).toBeGreaterThan(1);
  const ticks = await page.evaluate(() => {
    type Charts = { document: { querySelector(selector: string): unknown }; Chart: { getChart(canvas: unknown): { scales: { x: { ticks: Array<{ value: number }> } } } | undefined } };
    const browser = globalThis as unknown as Charts;
    return (browser.Chart.getChart(browser.document.querySelector('canvas[aria-label="Queue length (orders)"]'))?.scales.x.ticks ?? []).map((t) => t.value);
  });
  const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
  expect(step % 1000, `a whole number of seconds between ticks (${step} ms)`).toBe(0);
  for (const [i, tick] of ticks.entries()) {
    expect(tick % step, `tick ${new Date(tick).toISOString()} on a round time`).toBe(0); // London's offset is whole hours, and steps here are under one
    if (i > 0) expect(tick - (ticks[i - 1] ?? 0)).toBe(step);
  }
});
