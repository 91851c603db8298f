/**
 * Page object for Messages (`/messages`): the live conversations, why they need a person, the Needs a person filter,
 * the nav badge.
 */
import type { Locator, Page } from 'playwright-core';
import type { LiveCallsPage } from './live-calls.page';

/** A conversation row as the page shows it. */
export interface UiConversation {
  id: string;
  channel: string;
  customer: string;
  agent: string;
  state: string;
  /** The reason chips' words, in order ("Waiting for an answer", "AI paused"). */
  reasons: string[];
  /** How long the customer has waited, as shown on the Waiting chip ("00:03"), or null. */
  waited: string | null;
  lastBy: string;
  lastText: string;
}

export class MessagesPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  get view(): Locator {
    return this.page.getByTestId('messages-view');
  }

  /** The top bar's Messages entry. */
  get navItem(): Locator {
    return this.page.getByTestId('nav-messages');
  }

  /** The count on the Messages entry (absent while nothing needs a person). */
  get navBadge(): Locator {
    return this.page.getByTestId('nav-needs-person');
  }

  /** Opens the section from the top bar (no page load) and waits for the list's first snapshot. */
  async openFromNav(): Promise<void> {
    await this.navItem.click();
    await this.view.waitFor();
    await this.page.getByTestId('messages-loading').waitFor({ state: 'detached' });
  }

  get empty(): Locator {
    return this.page.getByTestId('messages-empty');
  }

  get noneNeedPerson(): Locator {
    return this.page.getByTestId('messages-none-need');
  }

  /** The "Needs a person" toggle. */
  get needsToggle(): Locator {
    return this.page.getByTestId('filter-needs-person');
  }

  async needsCount(): Promise<number> {
    return Number(await this.page.getByTestId('needs-person-count').textContent());
  }

  /** Rows shown now, not fading out. */
  get rows(): Locator {
    return this.page.locator('[data-testid=conversation-row]:not([data-leaving])');
  }

  row(sessionId: string): Locator {
    return this.page.locator(`[data-testid=conversation-row][data-session-id="${sessionId}"]`);
  }

  /** A reason chip of the row ("escalated", "ai_paused", "unanswered"). */
  reason(sessionId: string, reason: string): Locator {
    return this.row(sessionId).locator(`[data-testid=attention-reason][data-reason=${reason}]`);
  }

  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id') ?? ''));
  }

  /** The live rows as shown, in order. */
  async conversations(): Promise<UiConversation[]> {
    // No named helper inside: the callback runs in the page, where tsx's name-keeping helper does not exist.
    return this.rows.evaluateAll((els) =>
      els.map((e) => ({
        id: e.getAttribute('data-session-id') ?? '',
        channel: e.querySelector('.channel-tag')?.textContent?.trim() ?? '',
        customer: e.querySelector('[data-testid=customer-number]')?.textContent?.trim() ?? '',
        agent: e.querySelector('[data-testid=agent-name]')?.textContent?.trim() ?? '',
        state: e.querySelector('[data-testid=state-badge]')?.firstChild?.textContent?.trim() ?? '',
        reasons: [...e.querySelectorAll('[data-testid=attention-reason] .msg-reason-label')].map(
          (r) => r.textContent ?? '',
        ),
        waited: e.querySelector('[data-testid=waiting-for]')?.textContent ?? null,
        lastBy: e.querySelector('[data-testid=last-message-by]')?.textContent?.trim() ?? '',
        lastText: e.querySelector('[data-testid=last-message-text]')?.textContent?.trim() ?? '',
      })),
    );
  }

  async conversation(sessionId: string): Promise<UiConversation | undefined> {
    return (await this.conversations()).find((c) => c.id === sessionId);
  }

  /** Opens a conversation in the drawer with a click on its row. */
  async open(sessionId: string): Promise<void> {
    await this.row(sessionId).click();
    await this.page.locator(`[data-testid=session-detail][data-session-id="${sessionId}"]`).waitFor();
  }
}
