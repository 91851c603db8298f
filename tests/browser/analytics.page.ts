/**
 * Page object for Analytics (`/analytics`): the period picker, the tiles, the charts' figures as text, the CSV links.
 */
import type { Locator, Page } from 'playwright-core';
import { waitUntil, type LiveCallsPage } from './live-calls.page';

export class AnalyticsPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  get view(): Locator {
    return this.page.getByTestId('analytics-view');
  }

  /** The top bar's Analytics entry (admins and supervisors only). */
  get navItem(): Locator {
    return this.page.getByTestId('nav-analytics');
  }

  get content(): Locator {
    return this.page.getByTestId('analytics-content');
  }

  get notAllowed(): Locator {
    return this.page.getByTestId('not-allowed');
  }

  /** Opens the section from the top bar (no page load) and waits for the figures. */
  async openFromNav(): Promise<void> {
    await this.navItem.click();
    await this.waitForFigures();
  }

  async goto(pathAndQuery: string): Promise<void> {
    await this.page.goto(`${this.live.baseUrl}${pathAndQuery}`);
    await this.waitForFigures();
  }

  /** The figures of the period asked for are shown (not loading, not the previous period's). */
  async waitForFigures(): Promise<void> {
    await this.page
      .locator('[data-testid=analytics-view][data-status=ready] [data-testid=analytics-content]:not([data-stale])')
      .waitFor();
  }

  async pickPeriod(value: 'today' | '7d' | '30d' | 'custom'): Promise<void> {
    await this.page.getByTestId(`period-${value}`).check();
    await this.waitForFigures();
  }

  async pickBucket(value: 'hour' | 'day'): Promise<void> {
    await this.page.getByTestId(`bucket-${value}`).check();
    await this.waitForFigures();
  }

  tile(id: string): Locator {
    return this.page.getByTestId(`tile-${id}`);
  }

  /** A tile's big number as shown ("2", "100%"). */
  async tileText(id: string): Promise<string> {
    return ((await this.tile(id).getByTestId('tile-value').textContent()) ?? '').trim();
  }

  /** Waits until a tile shows `text` (the figures are fetched again every 30 s). */
  async waitForTile(id: string, text: string, timeoutMs = 15_000): Promise<void> {
    await waitUntil(`tile ${id} to show ${text}`, async () => (await this.tileText(id)) === text, timeoutMs);
  }

  chart(id: string): Locator {
    return this.page.getByTestId(`chart-${id}`);
  }

  /** A chart's figure for the period, from its caption (`data-value`). */
  async chartTotal(id: string, metric: string): Promise<number | null> {
    const v = await this.chart(id)
      .locator(`[data-testid=chart-total][data-metric="${metric}"]`)
      .getAttribute('data-value');
    return v === null || v === '' ? null : Number(v);
  }

  /** The sum of a chart's accessible table (one cell per bucket). */
  async chartTableSum(id: string, metric: string): Promise<number> {
    const values = await this.chart(id)
      .locator(`[data-testid=chart-table] td[data-metric="${metric}"]`)
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value') || 0)));
    return values.reduce((a, b) => a + b, 0);
  }

  /** Rows of a chart's accessible table: bucket label and the cells' text. */
  async chartRows(id: string): Promise<string[][]> {
    return this.chart(id)
      .locator('[data-testid=chart-table] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
  }

  async search(): Promise<string> {
    return new URL(this.page.url()).search;
  }
}
