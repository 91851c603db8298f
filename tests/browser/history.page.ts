/**
 * Page object for History (`/history`): the filters in the URL, the count, the rows with their marked matches, Show
 * more, the drawer.
 */
import type { Locator, Page } from 'playwright-core';
import { waitUntil, type LiveCallsPage } from './live-calls.page';

/** A result row as the page shows it. */
export interface UiHistoryRow {
  id: string;
  caller: string;
  callerName: string | null;
  agent: string;
  duration: string;
  end: string;
  escalation: string;
  /** The snippet's text, and the words marked in it. */
  match: string | null;
  marked: string[];
  href: string;
}

export class HistoryPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  get view(): Locator {
    return this.page.getByTestId('history-view');
  }

  get navItem(): Locator {
    return this.page.getByTestId('nav-history');
  }

  /** Opens History from the top bar (no page load) and waits for its first results. */
  async openFromNav(): Promise<void> {
    await this.navItem.click();
    await this.view.waitFor();
    await this.settled();
  }

  /** Loads `/history?<query>` as a shared link would, and waits for its results. */
  async goto(pathAndQuery: string): Promise<void> {
    await this.page.goto(`${this.live.baseUrl}${pathAndQuery}`);
    await this.view.waitFor();
    await this.settled();
  }

  get results(): Locator {
    return this.page.getByTestId('history-results');
  }

  /** Waits until the results are for the filters shown (not loading). */
  async settled(): Promise<void> {
    await this.page.locator('[data-testid=history-results]:not([data-status=loading])').waitFor();
  }

  /** "12 conversations", as shown. */
  async countText(): Promise<string> {
    return ((await this.page.getByTestId('history-count').textContent()) ?? '').trim();
  }

  filter(key: string): Locator {
    return this.page.getByTestId(`history-filter-${key}`);
  }

  /** The server's complaint shown beside a field. */
  fieldError(key: string): Locator {
    return this.page.getByTestId(`history-error-${key}`);
  }

  /** Types into a text filter and applies it (Enter), then waits for the results. */
  async search(key: 'q' | 'number' | 'outcome' | 'endReason', text: string): Promise<void> {
    await this.filter(key).fill(text);
    await this.filter(key).press('Enter');
    await waitUntil(
      `the URL to say ${key}`,
      async () => (new URL(this.page.url()).searchParams.get(key) ?? '') === text.trim(),
    );
    await this.settled();
  }

  /** Picks a value of a select filter, then waits for the results. */
  async choose(key: string, value: string): Promise<void> {
    await this.filter(key).selectOption(value);
    await this.settled();
  }

  /** Shows the filters folded behind "Filters" (phones). */
  async unfold(): Promise<void> {
    if ((await this.page.getByTestId('history-more-filters').getAttribute('aria-expanded')) !== 'true')
      await this.page.getByTestId('history-more-filters').click();
  }

  get rows(): Locator {
    return this.page.getByTestId('history-row');
  }

  row(sessionId: string): Locator {
    return this.page.locator(`[data-testid=history-row][data-session-id="${sessionId}"]`);
  }

  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id') ?? ''));
  }

  async items(): Promise<UiHistoryRow[]> {
    // No named helper inside: the callback runs in the page, where tsx's name-keeping helper does not exist.
    return this.rows.evaluateAll((els) =>
      els.map((e) => ({
        id: e.getAttribute('data-session-id') ?? '',
        caller: e.querySelector('[data-testid=history-caller]')?.textContent?.trim() ?? '',
        callerName: e.querySelector('[data-testid=history-caller-name]')?.textContent?.trim() ?? null,
        agent: e.querySelector('[data-testid=history-agent]')?.textContent?.trim() ?? '',
        duration: e.querySelector('[data-testid=history-duration]')?.textContent?.trim() ?? '',
        end: e.querySelector('[data-testid=history-end]')?.textContent?.trim() ?? '',
        escalation: e.querySelector('[data-testid=history-escalation]')?.textContent?.trim() ?? '',
        match: e.querySelector('[data-testid=history-match]')?.textContent ?? null,
        marked: [...e.querySelectorAll('[data-testid=history-match] mark')].map((m) => m.textContent ?? ''),
        href: e.getAttribute('href') ?? '',
      })),
    );
  }

  get showMore(): Locator {
    return this.page.getByTestId('history-show-more');
  }

  /** Opens a session's drawer with a click on its row. */
  async open(sessionId: string): Promise<void> {
    await this.row(sessionId).click();
    await this.page.locator(`[data-testid=session-detail][data-session-id="${sessionId}"]`).waitFor();
  }
}
