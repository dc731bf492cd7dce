// local-insights' alerting in a real Chromium: a learner turns a Logs query into an alert rule
// ("New alert rule", as in the portal), triggers the broken order, and sees the alert fire and its
// email in the outbox; the new pages pass axe.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page';
import { LogsPage } from './pages/logs-page';
import { isoDuration, LOG_SEARCH_FREQUENCIES, LOG_SEARCH_WINDOWS, METRIC_FREQUENCIES, METRIC_WINDOWS } from '../../local-insights/alerts/allowed-durations';

const INSIGHTS = 'http://127.0.0.1:3312';
const PART6_QUERY = 'exceptions\n| where cloud_RoleName == "order-processing-app" and type == "PaymentFailed" and isnotempty(customDimensions.orderId)';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.length).toBeGreaterThan(10); // axe ran its rules on the page, not on nothing
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

test('a learner creates a rule from a Logs query, adds a broken order, and sees the alert and its email', async ({ page }, testInfo) => {
  // An action group that emails the learner.
  await page.goto(`${INSIGHTS}/alerts`);
  await page.getByLabel('Action group name').fill('learner');
  await page.getByLabel('Email address').fill('learner@example.test');
  await page.getByRole('button', { name: 'Save action group' }).click();
  await expect(page.getByRole('table', { name: 'Action groups' })).toContainText('learner@example.test');

  // The query on the Logs page, then "New alert rule".
  const logs = new LogsPage(page);
  await logs.open();
  await logs.run(PART6_QUERY);
  await page.getByRole('button', { name: 'New alert rule' }).click();
  await expect(page.getByLabel('Search query')).toHaveValue(PART6_QUERY);
  await page.getByLabel('Alert rule name').fill('payments-fail');
  await page.getByLabel('Severity', { exact: true }).selectOption('2');
  await page.getByLabel('Aggregation granularity', { exact: true }).selectOption('PT5M');
  await page.getByLabel('Operator', { exact: true }).selectOption('GreaterThan');
  await page.getByLabel('Threshold value').fill('0');
  await page.getByLabel('Frequency of evaluation', { exact: true }).selectOption('PT5M');
  await page.getByRole('group', { name: 'Action groups' }).getByLabel('learner').check();
  await page.getByRole('button', { name: 'Save alert rule' }).click();
  const rules = page.getByRole('table', { name: 'Alert rules' });
  await expect(rules.getByRole('row', { name: /payments-fail/ })).toContainText('Enabled');

  // The broken order, from the dashboard's dropdown.
  const dashboard = new DashboardPage(await page.context().newPage());
  await dashboard.open();
  await dashboard.choose('Add broken order');

  // Evaluate now (the schedule would, every 5 minutes) until the exception has arrived and the rule fires.
  const alerts = page.getByRole('table', { name: 'Fired alerts' });
  await expect.poll(async () => {
    await rules.getByRole('row', { name: /payments-fail/ }).getByRole('button', { name: 'Evaluate now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'payments-fail:' })).toBeVisible();
    return alerts.getByRole('row', { name: /payments-fail/ }).count();
  }, { timeout: 45_000, message: 'the rule to fire after the broken order' }).toBeGreaterThan(0);
  const alert = alerts.getByRole('row', { name: /payments-fail/ }).first();
  await expect(alert).toContainText('Fired');
  await expect(alert).toContainText('Sev2');
  await expect(alert).toContainText(/\d+ > 0/);

  const outbox = page.getByRole('table', { name: 'Outbox' });
  await expect(outbox.getByRole('row', { name: /Fired:Sev2 Azure Monitor Alert payments-fail/ }).first()).toContainText('learner@example.test');
  await page.screenshot({ path: testInfo.outputPath('alerts-fired.png'), fullPage: true });
  await testInfo.attach('alerts-fired', { path: testInfo.outputPath('alerts-fired.png'), contentType: 'image/png' });

  // The alert's query opens in Logs over the alert's window, and shows the rows behind it.
  await alert.getByText(/^Query result/).click();
  await alert.getByRole('link', { name: 'Open query in Logs' }).click();
  await expect(page.getByLabel('Query')).toHaveValue(PART6_QUERY);
  await expect(page.getByLabel('Time range')).toHaveValue('custom');
  await expect(logs.status).toHaveText(/^[1-9]\d* rows · \d+ ms/);
});

test('the Alerts and Metrics pages have no serious accessibility violations (axe)', async ({ page }) => {
  await page.goto(`${INSIGHTS}/alerts`);
  await expect(page.getByRole('heading', { name: 'New alert rule' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto(`${INSIGHTS}/metrics`);
  await expect(page.getByRole('img', { name: 'Data space used percent (%)' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the Metrics page charts the app\'s resource metrics, per resource', async ({ page }) => {
  await page.goto(`${INSIGHTS}/metrics`);
  await expect.poll(async () => page.evaluate(() => {
    type Charts = { document: { querySelector(selector: string): unknown }; Chart: { getChart(canvas: unknown): { data: { datasets: Array<{ label: string; data: unknown[] }> } } | undefined } };
    const browser = globalThis as unknown as Charts;
    const chart = browser.Chart.getChart(browser.document.querySelector('canvas[aria-label="Data space used percent (%)"]'));
    return (chart?.data.datasets ?? []).map((d) => `${d.label}:${d.data.length > 0}`);
  }), { timeout: 45_000, message: 'database space used points for the app' }).toContain('order-processing-app:true');
});

test('a rule is edited, disabled and deleted from the Alerts page', async ({ page }) => {
  await page.goto(`${INSIGHTS}/alerts`);
  await page.getByLabel('Alert rule name').fill('slow-requests');
  await page.getByLabel('Search query').fill('requests\n| where duration > 1000');
  await page.getByRole('button', { name: 'Save alert rule' }).click();
  const rules = page.getByRole('table', { name: 'Alert rules' });
  const rule = rules.getByRole('row', { name: /slow-requests/ });
  await expect(rule).toContainText('Table rows > 0');

  await rule.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit alert rule slow-requests' })).toBeVisible();
  await expect(page.getByLabel('Search query')).toHaveValue('requests\n| where duration > 1000');
  await page.getByLabel('Threshold value').fill('5');
  await page.getByRole('button', { name: 'Save alert rule' }).click();
  await expect(rule).toContainText('Table rows > 5');

  await rule.getByRole('button', { name: 'Disable' }).click();
  await expect(rule).toContainText('Disabled');
  await rule.getByRole('button', { name: 'Enable' }).click();
  await expect(rule).toContainText('Enabled');

  page.once('dialog', (dialog) => void dialog.accept());
  await rule.getByRole('button', { name: 'Delete' }).click();
  await expect(rule).toHaveCount(0);
});

test('a bad rule is refused with the field named, and a metric alert rule is made on the Metrics page', async ({ page }) => {
  await page.goto(`${INSIGHTS}/alerts`);
  await page.getByLabel('Alert rule name').fill('needs-a-column');
  await page.getByLabel('Search query').fill('customMetrics');
  await page.getByLabel('Aggregation type', { exact: true }).selectOption('Average');
  await page.getByRole('button', { name: 'Save alert rule' }).click();
  await expect(page.getByRole('alert')).toHaveText(/criteria\.allOf\[0\]\.metricMeasureColumn: is required when timeAggregation is Average/);

  await page.goto(`${INSIGHTS}/metrics`);
  await page.getByLabel('Alert rule name').fill('database-nearly-full');
  await page.getByLabel('Metric', { exact: true }).selectOption('database_space_used_percent');
  await page.getByLabel('Aggregation', { exact: true }).selectOption('Maximum');
  await page.getByLabel('Threshold').fill('80');
  await page.getByRole('button', { name: 'Save metric alert rule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'database-nearly-full saved' })).toBeVisible();
  await page.goto(`${INSIGHTS}/alerts`);
  await expect(page.getByRole('table', { name: 'Alert rules' }).getByRole('row', { name: /database-nearly-full/ })).toContainText('Maximum(value) > 80');
});

test('the rule forms offer only the windows and frequencies Azure accepts, and a combination Azure refuses is refused in its words', async ({ page }) => {
  const offered = (label: string) => page.getByLabel(label, { exact: true }).locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? ''));
  const accepted = (list: number[]) => list.map(isoDuration);
  await page.goto(`${INSIGHTS}/alerts`);
  expect(await offered('Aggregation granularity')).toEqual(accepted(LOG_SEARCH_WINDOWS));
  expect(await offered('Frequency of evaluation')).toEqual(accepted(LOG_SEARCH_FREQUENCIES));
  await expect(page.getByLabel('Aggregation granularity', { exact: true })).not.toContainText('20 minutes');

  await page.getByLabel('Alert rule name').fill('window-shorter-than-frequency');
  await page.getByLabel('Search query').fill('requests');
  await page.getByLabel('Aggregation granularity', { exact: true }).selectOption('PT5M');
  await page.getByLabel('Frequency of evaluation', { exact: true }).selectOption('PT15M');
  await page.getByRole('button', { name: 'Save alert rule' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^windowSize \(PT5M\) must be greater than or equal to evaluationFrequency \(PT15M\)/);
  await expect(page.getByRole('table', { name: 'Alert rules' }).getByRole('row', { name: /window-shorter-than-frequency/ })).toHaveCount(0);

  await page.goto(`${INSIGHTS}/metrics`);
  for (const value of await offered('Window (aggregation granularity)')) expect(accepted(METRIC_WINDOWS)).toContain(value);
  for (const value of await offered('Frequency of evaluation')) expect(accepted(METRIC_FREQUENCIES)).toContain(value);
});
