// local-insights' Failures and Releases pages: a broken order placed in the running app becomes a
// problem a learner finds, opens, reads (stack trace, customDimensions, versions) and resolves.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page';
import { DOCS_IMAGES } from './docs-images';

const INSIGHTS = 'http://127.0.0.1:3312';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.length).toBeGreaterThan(5); // axe ran its rules on the page, not on nothing
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

/** Places a broken order through the dashboard, then waits for its problem on the Failures page. */
async function openFailuresWithABrokenOrder(page: Page) {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await dashboard.choose('Add broken order');
  // The broken order's problem by its reason: on a busy machine a payment can also time out, which
  // is a PaymentFailed problem of its own (another call path's message), listed beside it.
  const problem = page.getByRole('link', { name: /^PaymentFailed: .*Invalid date/ });
  await expect.poll(async () => {
    await page.goto(`${INSIGHTS}/failures`);
    await expect(page.getByRole('heading', { name: /^Failures/ })).toBeVisible();
    return problem.count();
  }, { timeout: 45_000, message: 'the broken order\'s exception to reach local-insights' }).toBeGreaterThan(0);
  return problem;
}

test('a broken order is listed as a problem with its occurrences, versions and role, without serious accessibility violations', async ({ page }, testInfo) => {
  const problem = await openFailuresWithABrokenOrder(page);
  const row = page.getByRole('row').filter({ has: problem });
  await expect(row).toContainText('order-processing-app');
  await expect(row).toContainText('0.1.0');
  await expect(row.getByRole('img', { name: /Occurrences per hour/ })).toBeVisible();
  await expect(row.locator('.state')).toHaveText(/active|resolved|muted/);
  await page.screenshot({ path: testInfo.outputPath('failures.png'), fullPage: true });
  await page.screenshot({ path: path.join(DOCS_IMAGES, 'failures-page.png') });
  await testInfo.attach('failures', { path: testInfo.outputPath('failures.png'), contentType: 'image/png' });
  expect(await seriousViolations(page)).toEqual([]);
});

test('a problem\'s page shows its latest stack trace, customDimensions and versions, and resolves, resolves in a version and reopens', async ({ page }, testInfo) => {
  const problem = await openFailuresWithABrokenOrder(page);
  await problem.first().click();
  await expect(page.getByRole('heading', { level: 2, name: /^PaymentFailed: .*Invalid date/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Stack frames' })).toContainText('payment-job');
  await expect(page.getByRole('table', { name: 'customDimensions' })).toContainText('orderId');
  await expect(page.getByRole('table', { name: 'Occurrences by version' })).toContainText('0.1.0');
  await expect(page.getByRole('img', { name: 'Occurrences per hour' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const state = page.locator('#problem-state');
  if (await page.getByRole('button', { name: 'Reopen' }).isEnabled()) await page.getByRole('button', { name: 'Reopen' }).click();
  await expect(state).toHaveText('active');
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  await expect(state).toHaveText('resolved');
  await page.getByLabel('Resolve in which version').fill('9.9.9');
  await page.getByRole('button', { name: 'Resolve in version' }).click();
  await expect(state).toHaveText('resolved in 9.9.9');
  await page.screenshot({ path: testInfo.outputPath('failures-problem.png'), fullPage: true });
  await testInfo.attach('failures-problem', { path: testInfo.outputPath('failures-problem.png'), contentType: 'image/png' });
  await page.getByRole('button', { name: 'Reopen' }).click();
  await expect(state).toHaveText('active');
  await page.getByRole('button', { name: 'Mute' }).click();
  await expect(state).toHaveText('muted');
  await page.getByRole('button', { name: 'Reopen' }).click();
  await expect(state).toHaveText('active');
});

test('the Releases page lists the deployment npm start recorded, with the problem that first appeared with it', async ({ page }) => {
  await openFailuresWithABrokenOrder(page);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Releases' }).click();
  const release = page.getByRole('row').filter({ hasText: 'local' }).first();
  await expect(release).toContainText('0.1.0');
  await expect(release.getByRole('link', { name: /^PaymentFailed: .*Invalid date/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
