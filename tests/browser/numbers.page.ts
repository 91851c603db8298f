/**
 * Page object for Phone numbers (`/numbers`): the Map a number form, the table, Edit and Delete with its confirmation.
 */
import type { Locator, Page } from 'playwright-core';
import type { LiveCallsPage } from './live-calls.page';

/** A table row as shown. */
export interface UiNumber {
  number: string;
  formatted: string;
  agent: string;
  carrier: string;
  channels: string[];
}

export class NumbersPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  get view(): Locator {
    return this.page.getByTestId('numbers-view');
  }

  /** The top bar's Numbers entry (absent for human agents). */
  get navItem(): Locator {
    return this.page.getByTestId('nav-numbers');
  }

  /** Opens the section from the top bar (no page load) and waits for the list. */
  async openFromNav(): Promise<void> {
    await this.navItem.click();
    await this.waitForList();
  }

  async waitForList(): Promise<void> {
    await this.view.waitFor();
    await this.page.getByTestId('numbers-loading').waitFor({ state: 'detached' });
  }

  get notAllowed(): Locator {
    return this.page.getByTestId('not-allowed');
  }

  // ---------- the form ----------

  get form(): Locator {
    return this.page.getByTestId('number-form');
  }

  get numberInput(): Locator {
    return this.page.getByTestId('nf-number');
  }

  get numberError(): Locator {
    return this.page.getByTestId('nf-number-error');
  }

  get numberNormalized(): Locator {
    return this.page.getByTestId('nf-number-normalized');
  }

  get submit(): Locator {
    return this.page.getByTestId('nf-submit');
  }

  get saved(): Locator {
    return this.page.getByTestId('nf-saved');
  }

  get existing(): Locator {
    return this.page.getByTestId('nf-existing');
  }

  /** Fills the form (waiting for the agents to load) without submitting. */
  async fill(input: {
    number: string;
    agent?: string;
    carrier?: 'Twilio' | 'Simulator';
    channels?: Array<'voice' | 'sms' | 'whatsapp'>;
  }): Promise<void> {
    await this.numberInput.fill(input.number);
    if (input.agent) {
      await this.page
        .locator('[data-testid=nf-agent] option', { hasText: input.agent })
        .first()
        .waitFor({ state: 'attached' });
      await this.page.getByTestId('nf-agent').selectOption({ label: input.agent });
    }
    if (input.carrier) await this.page.getByTestId('nf-carrier').selectOption({ label: input.carrier });
    if (input.channels) {
      for (const c of ['voice', 'sms', 'whatsapp'] as const)
        await this.page.getByTestId(`nf-channel-${c}`).setChecked(input.channels.includes(c));
    }
  }

  // ---------- the table ----------

  get rows(): Locator {
    return this.page.getByTestId('number-row');
  }

  row(e164: string): Locator {
    return this.page.locator(`[data-testid=number-row][data-number="${e164}"]`);
  }

  get empty(): Locator {
    return this.page.getByTestId('numbers-empty');
  }

  /** The table as shown, in order. */
  async numbers(): Promise<UiNumber[]> {
    return this.rows.evaluateAll((els) =>
      els.map((e) => ({
        number: e.getAttribute('data-number') ?? '',
        formatted: e.querySelector('[data-testid=number-formatted]')?.textContent ?? '',
        agent: e.querySelector('[data-testid=number-agent]')?.textContent ?? '',
        carrier: e.querySelector('[data-testid=number-carrier]')?.textContent ?? '',
        channels: [...e.querySelectorAll('[data-testid=number-channels] .channel-tag')].map((t) => t.textContent ?? ''),
      })),
    );
  }

  editButton(e164: string): Locator {
    return this.row(e164).getByTestId('number-edit');
  }

  deleteButton(e164: string): Locator {
    return this.row(e164).getByTestId('number-delete');
  }

  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }

  get notice(): Locator {
    return this.page.getByTestId('numbers-notice');
  }
}
