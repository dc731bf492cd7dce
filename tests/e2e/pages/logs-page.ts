import { expect, type Locator, type Page } from '@playwright/test';

/** local-insights' Logs page as a learner sees it (the third process of npm start, on loopback). */
export class LogsPage {
  static readonly url = 'http://127.0.0.1:3312/';
  readonly editor: Locator;
  readonly results: Locator;
  readonly status: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByLabel('Query');
    this.results = page.getByRole('table', { name: 'Results' });
    this.status = page.locator('#status');
    this.error = page.getByRole('alert');
  }

  async open(search = ''): Promise<void> {
    await this.page.goto(`${LogsPage.url}${search}`);
    await expect(this.page.getByRole('heading', { name: /^Logs/ })).toBeVisible();
  }

  /** Types the query and runs it with Shift+Enter, as in the portal. */
  async run(query: string): Promise<void> {
    await this.editor.fill(query);
    await this.editor.press('Shift+Enter');
    await expect(this.status).not.toHaveText('Running…');
  }

  /** Opens a group of the Queries pane and picks one of its queries, as a learner does. */
  async pickQuery(group: string, title: string): Promise<void> {
    const pane = this.page.getByRole('complementary', { name: 'Queries and tables' });
    await pane.getByText(group, { exact: true }).click();
    await pane.getByRole('button', { name: title, exact: true }).first().click();
  }

  /** Where the timechart's x axis put its ticks (ms since the epoch), and the x of every point drawn. */
  async timeAxis(): Promise<{ ticks: number[]; points: number[] }> {
    return this.page.evaluate(() => {
      type Drawn = { scales: { x: { ticks: Array<{ value: number }> } }; data: { datasets: Array<{ data: Array<{ x: number }> }> } };
      const chart = (globalThis as unknown as { logsChart?: Drawn }).logsChart;
      return { ticks: (chart?.scales.x.ticks ?? []).map((t) => t.value), points: (chart?.data.datasets ?? []).flatMap((d) => d.data.map((p) => p.x)) };
    });
  }

  async rowCount(): Promise<number> {
    return this.results.locator('tbody tr').count();
  }

  /** What the chart drew: each series' label and number of points. */
  async drawnSeries(): Promise<Array<{ label: string; points: number }>> {
    return this.page.evaluate(() => {
      const chart = (globalThis as unknown as { logsChart?: { data: { datasets: Array<{ label: string; data: unknown[] }> } } }).logsChart;
      return (chart?.data.datasets ?? []).map((d) => ({ label: d.label, points: d.data.length }));
    });
  }
}
