/**
 * Page object for the drawer's interventions: Claim a waiting session, the Transfer dialog, and Complete (over a
 * LiveCallsPage).
 */
import type { Locator, Page } from 'playwright-core';
import { completeCall, type CompleteOptions } from './agent-workspace.page';
import { waitUntil, type LiveCallsPage } from './live-calls.page';

export class InterventionsPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  /** The drawer's state badge, e.g. `queued`, `claimed`. */
  stateBadge(state: string): Locator {
    return this.page.locator(`[data-testid=detail-state] [data-testid=state-badge][data-state=${state}]`);
  }

  /** Waits until the bar's status line says `text` (a previous ok status may still show), and returns it. */
  async waitForStatus(text: RegExp): Promise<string> {
    return waitUntil(`the status line to match ${text}`, async () => {
      const t = (await this.live.actionStatus.textContent()) ?? '';
      return text.test(t) ? t : null;
    });
  }

  get claimButton(): Locator {
    return this.live.actionBar.getByTestId('claim-button');
  }

  /** Transfer… in the drawer's bar, or in the agent workspace's call header. */
  get transferButton(): Locator {
    return this.page.getByTestId('transfer-button');
  }

  get dialog(): Locator {
    return this.page.getByTestId('transfer-dialog');
  }

  async openTransfer(): Promise<void> {
    await this.transferButton.click();
    await this.dialog.waitFor();
  }

  /** The agents the person picker offers, as shown ("Dee · billing"). */
  async agentOptions(): Promise<string[]> {
    await this.page.getByTestId('transfer-to-agent').check();
    return this.page
      .locator('[data-testid=transfer-agent] option:not([value=""])')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  }

  /** Fills the dialog: a person (by name) or a queue, a note, a priority; does not submit. */
  async fill(
    to: { agent: string } | { queue: string },
    opts: { note?: string; priority?: string } = {},
  ): Promise<void> {
    if ('agent' in to) {
      await this.page.getByTestId('transfer-to-agent').check();
      const value = await this.page
        .locator('[data-testid=transfer-agent] option')
        .filter({ hasText: to.agent })
        .getAttribute('value');
      await this.page.getByTestId('transfer-agent').selectOption(value ?? '');
    } else {
      await this.page.getByTestId('transfer-to-queue').check();
      await this.page.getByTestId('transfer-queue').fill(to.queue);
    }
    if (opts.note !== undefined) await this.page.getByTestId('transfer-note').fill(opts.note);
    if (opts.priority !== undefined) await this.page.getByTestId('transfer-priority').selectOption(opts.priority);
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('transfer-submit').click();
  }

  /** The server's refusal shown under a field of the dialog. */
  fieldError(field: 'queue' | 'userId' | 'note' | 'priority'): Locator {
    return this.dialog.locator(`[data-testid=transfer-field-error][data-field=${field}]`);
  }

  async complete(opts: CompleteOptions): Promise<void> {
    await completeCall(this.page, opts);
  }

  async screenshot(path: string, viewport?: { width: number; height: number }): Promise<void> {
    const before = this.page.viewportSize();
    if (viewport) await this.page.setViewportSize(viewport);
    // Let the layout settle (and the pointer leave any hover).
    await this.page.mouse.move(1, 1);
    await new Promise((r) => setTimeout(r, 400));
    await this.page.screenshot({ path });
    if (viewport && before) await this.page.setViewportSize(before);
  }
}
