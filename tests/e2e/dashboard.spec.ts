// One test per learner journey, in a real Chromium against the whole running system.
import { expect, test } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page';

const FINANCE = 'http://localhost:3311';

test.beforeEach(async ({ request }) => {
  // Every journey starts from the workshop's starting state.
  const reset = await request.post('/scenario', { form: { scenario: 'Reset' }, maxRedirects: 0 });
  expect(reset.status()).toBe(303);
});

test('the dashboard shows the four cards and the seeded orders being paid', async ({ page }, testInfo) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  for (const name of ['In queue', 'Placed in last 10 minutes', 'Processed in last 10 minutes', 'Failed']) {
    await expect(dashboard.card(name)).toBeVisible();
  }
  await expect(dashboard.orders.getByRole('columnheader', { name: 'Customer' })).toBeVisible();
  // the seeded orders complete without a reload
  await expect(dashboard.orders.locator('[data-status="Complete"]').first()).toBeVisible();
  await expect(dashboard.card('Processed in last 10 minutes')).toHaveClass(/text-bg-success/);
  await expect(dashboard.orders.locator('time').first()).toHaveText(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
  await page.screenshot({ path: testInfo.outputPath('dashboard.png'), fullPage: true });
  await testInfo.attach('dashboard', { path: testInfo.outputPath('dashboard.png'), contentType: 'image/png' });
});

test('a learner adds a broken order and sees it fail in red with its reason, without reloading', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await dashboard.choose('Add broken order');
  const broken = dashboard.row('Product from the future');
  await expect(broken).toBeVisible();
  await expect(broken.getByText('Failed', { exact: true })).toHaveClass(/text-bg-danger/, { timeout: 20_000 });
  await expect(broken).toContainText('Invalid date: date is in the future');
  await expect(dashboard.card('Failed')).toHaveClass(/text-bg-danger/);
});

test('a product name with HTML in it is shown as text and runs no script', async ({ page, request }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const product = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
  expect((await request.post('/new', { data: { product, customer: '<b>Mallory</b>' } })).status()).toBe(201);
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await expect(dashboard.orders.getByText(product, { exact: true })).toBeVisible();
  await expect(dashboard.orders.getByText('<b>Mallory</b>', { exact: true })).toBeVisible();
  await expect(page.locator('#panel img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

for (const [label, value] of [['Monitoring Load', 'HighLoad'], ['Queue Reliability', 'UnreliableProcessing'], ['System Monitoring', 'VeryHighLoad']] as const) {
  test(`choosing ${label} from the dropdown starts ${value} in the finance package`, async ({ page, request }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open();
    await dashboard.choose(label);
    const current = await (await request.get(`${FINANCE}/scenario`)).json();
    expect(current.scenario).toBe(value);
  });
}

test('after Queue Reliability the queue still drains: every order completes despite failures', async ({ page, request }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await dashboard.choose('Queue Reliability');
  await expect
    .poll(async () => (await (await request.get(`${FINANCE}/stats`)).json()).transientFailures, { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect.poll(async () => (await (await request.get('/api/summary')).json()).complete, { timeout: 30_000 }).toBeGreaterThanOrEqual(11);
  const summary = await (await request.get('/api/summary')).json();
  expect(summary.failed).toBe(0);
});

test('choosing Reset to initial deletes every order and seeds the eleven starting orders again', async ({ page, request }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await dashboard.choose('Add broken order');
  await dashboard.choose('Reset to initial');
  await expect(dashboard.row('Product from the future')).toHaveCount(0);
  const orders = await (await request.get('/api/orders?limit=1000')).json();
  expect(orders.length).toBeGreaterThanOrEqual(11);
  expect(orders.filter((o: { product: string }) => o.product === 'Product from the future')).toHaveLength(0);
  expect((await (await request.get(`${FINANCE}/scenario`)).json()).scenario).toBe('Reset');
});
