import { expect, type Locator, type Page } from '@playwright/test';

/** The dashboard as a learner sees it. */
export class DashboardPage {
  readonly scenario: Locator;
  readonly orders: Locator;
  /** The badge naming the scenario the finance package runs. */
  readonly scenarioBadge: Locator;
  /** The notice that the figures are old because the app stopped answering. */
  readonly staleNotice: Locator;
  readonly updatedAt: Locator;

  constructor(readonly page: Page) {
    this.scenario = page.getByLabel('Scenario');
    this.orders = page.getByRole('table');
    this.scenarioBadge = page.locator('[data-scenario] .badge');
    this.staleNotice = page.locator('#stale-notice');
    this.updatedAt = page.locator('[data-updated] time');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await this.verifyOnPage();
  }

  async verifyOnPage(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Order processing' })).toBeVisible();
  }

  card(name: string): Locator {
    return this.page.locator('.card').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }

  row(text: string): Locator {
    return this.orders.getByRole('row').filter({ hasText: text });
  }

  /** Chooses a scenario and waits for what the form really does: the POST, its 303, and the page it leads to. */
  async choose(label: string): Promise<void> {
    const isPath = (pathname: string) => (url: string) => new URL(url).pathname === pathname;
    const [posted, reloaded] = await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === 'POST' && isPath('/scenario')(r.url())),
      this.page.waitForResponse((r) => r.request().method() === 'GET' && r.request().isNavigationRequest() && isPath('/')(r.url())),
      this.scenario.selectOption({ label }),
    ]);
    expect(posted.status()).toBe(303);
    expect(reloaded.status()).toBe(200);
    await this.verifyOnPage();
  }
}
