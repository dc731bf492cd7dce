// One test per learner journey, in a real Chromium against the whole running system.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { DOCS_IMAGES } from './docs-images';
import { DashboardPage } from './pages/dashboard-page';

const FINANCE = 'http://127.0.0.1:3311';

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

test('after Queue Reliability the queue still drains: every order placed under it completes despite failures', async ({ page, request }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  const failuresBefore = (await (await request.get(`${FINANCE}/stats`)).json()).transientFailures;
  await dashboard.choose('Queue Reliability');
  const placed: number[] = [];
  for (let i = 0; i < 15; i++) placed.push((await (await request.post('/new', { data: { product: `unreliable ${i}`, customer: 'Ada' } })).json()).id);
  const statusOf = async () => {
    const orders: Array<{ id: number; status: string }> = await (await request.get('/api/orders?limit=1000')).json();
    return placed.map((id) => orders.find((o) => o.id === id)?.status ?? `order ${id} missing`);
  };
  await expect.poll(async () => (await statusOf()).filter((status) => !status.startsWith('Complete')), { timeout: 45_000 }).toEqual([]);
  expect((await (await request.get(`${FINANCE}/stats`)).json()).transientFailures).toBeGreaterThan(failuresBefore);
  expect((await (await request.get('/api/summary')).json()).failed).toBe(0);
});

test('choosing Reset to initial deletes every order and seeds the eleven starting orders again', async ({ page, request }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await dashboard.choose('Add broken order');
  await expect(dashboard.row('Product from the future')).toBeVisible();
  const before: Array<{ id: number }> = await (await request.get('/api/orders?limit=1000')).json();
  const lastIdBefore = Math.max(...before.map((o) => o.id));
  await dashboard.choose('Reset to initial');
  await expect(dashboard.row('Product from the future')).toHaveCount(0);
  // Ids keep counting after a reset: every order older than the reset is gone, and the seeds are new.
  const after = async (): Promise<Array<{ id: number }>> => (await request.get('/api/orders?limit=1000')).json();
  expect((await after()).filter((o) => o.id <= lastIdBefore)).toEqual([]);
  // The finance package seeds the eleven starting orders once it has the Reset, a moment later.
  await expect.poll(async () => (await after()).length).toBeGreaterThanOrEqual(11);
  expect((await after()).filter((o) => o.id <= lastIdBefore)).toEqual([]);
  expect((await (await request.get(`${FINANCE}/scenario`)).json()).scenario).toBe('Reset');
});

test('the badge names the running scenario, with Monitoring Load\'s phase and time left', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await expect(dashboard.scenarioBadge).toHaveText('Normal running');
  await dashboard.choose('Monitoring Load');
  // TIME_SCALE=60 in these tests: the 30-minute peak lasts 30 s
  await expect(dashboard.scenarioBadge).toHaveText(/^Monitoring Load: peak, 0:[0-3]\d left$/);
  await expect(dashboard.scenarioBadge).toHaveClass(/text-bg-warning/);
  // The README's picture: the queue building up during the peak.
  const inQueue = dashboard.card('In queue').locator('[data-figure]');
  await expect.poll(async () => Number(await inQueue.textContent()), { timeout: 20_000 }).toBeGreaterThan(20);
  await expect(dashboard.scenarioBadge).toHaveText(/peak/);
  await page.setViewportSize({ width: 1280, height: 760 });
  await page.screenshot({ path: path.join(DOCS_IMAGES, 'dashboard-monitoring-load.png') });
  await expect(dashboard.scenarioBadge).toHaveText('Monitoring Load: after the peak', { timeout: 40_000 });
});

test('when the app stops answering, the page says its figures are old, and recovers when it answers again', async ({ page }, testInfo) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await expect(dashboard.staleNotice).toBeHidden();
  const asOf = await dashboard.updatedAt.textContent();
  await page.route('**/dashboard/panel', (route) => route.abort('connectionrefused'));
  await expect(dashboard.staleNotice).toBeVisible();
  await expect(dashboard.staleNotice).toContainText(`the app has not answered since ${asOf}`);
  await page.screenshot({ path: testInfo.outputPath('dashboard-stale.png') });
  await page.unroute('**/dashboard/panel');
  await expect(dashboard.staleNotice).toBeHidden();
  await expect(dashboard.updatedAt).not.toHaveText(asOf ?? '');
});

test('the dashboard has no serious accessibility violations (axe)', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await expect(dashboard.orders.locator('[data-status]').first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  expect(serious).toEqual([]);
  expect(results.passes.length).toBeGreaterThan(10); // axe ran its rules on the page, not on nothing
});

test('without JavaScript, the form still runs a scenario through its button', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const plain = await context.newPage();
  await plain.goto('/');
  await plain.getByLabel('Scenario').selectOption({ label: 'Queue Reliability' });
  const [response] = await Promise.all([
    plain.waitForResponse((r) => r.url().endsWith('/scenario') && r.request().method() === 'POST'),
    plain.getByRole('button', { name: 'Run scenario' }).click(),
  ]);
  expect(response.status()).toBe(303);
  await expect(plain.locator('[data-scenario] .badge')).toHaveText('Queue Reliability');
  await context.close();
});

test('under npm start, the app, the finance package and local-insights listen on loopback only', () => {
  // The kernel's own table of listening TCP sockets: address and port in hex, state 0A = LISTEN.
  const listening = ['/proc/net/tcp', '/proc/net/tcp6'].filter((file) => fs.existsSync(file))
    .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A')
    .map((fields) => fields[1] ?? '');
  for (const port of [3310, 3311, 3312]) {
    const bound = listening.filter((address) => address.endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`));
    expect(bound, `port ${port} is listening`).not.toEqual([]);
    expect(bound, `port ${port} listens on 127.0.0.1 only`).toEqual(bound.map(() => '0100007F:' + port.toString(16).toUpperCase().padStart(4, '0')));
  }
});
