/**
 * Page object for outbound calls: the Dial Now dialog on Live Calls and the Scheduled Calls view (`/callbacks`), over a
 * LiveCallsPage.
 */
import type { Locator, Page } from 'playwright-core';
import type { LiveCallsPage } from './live-calls.page';

/** What `recordAttribute` keeps in the page: every value an attribute took, per element key. */
interface RecordingWindow {
  __recorded?: Record<string, string[]>;
}

export class OutboundPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  /** The browser's time zone from now on (the page reloads so the app reads it afresh). */
  async setTimeZone(timezoneId: string): Promise<void> {
    const cdp = await this.page.context().newCDPSession(this.page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId });
    await this.page.reload();
    await this.page.locator('[data-testid=connection-status][data-status=live]').waitFor();
  }

  /**
   * Records, in the page, every value `attr` takes on the elements matching `selector` (keyed by `keyAttr`),
   * including the first one of elements added later: fast transitions (dialing → ringing) are not missed.
   */
  async recordAttribute(selector: string, keyAttr: string, attr: string): Promise<void> {
    // A script as text: tsx would wrap named inner functions with a helper the page does not have.
    await this.page.evaluate(`(() => {
      const [selector, keyAttr, attr] = ${JSON.stringify([selector, keyAttr, attr])};
      const seen = (window.__recorded ??= {});
      const note = (el) => {
        const key = el.getAttribute(keyAttr);
        const v = el.getAttribute(attr);
        if (!key || v === null) return;
        const list = (seen[key] ??= []);
        if (list.at(-1) !== v) list.push(v);
      };
      document.querySelectorAll(selector).forEach(note);
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes' && r.target instanceof Element && r.target.matches(selector)) note(r.target);
          for (const n of r.addedNodes) {
            if (!(n instanceof Element)) continue;
            if (n.matches(selector)) note(n);
            n.querySelectorAll(selector).forEach(note);
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: [attr] });
    })()`);
  }

  /** The values recorded for one element (see `recordAttribute`). */
  async recorded(key: string): Promise<string[]> {
    return this.page.evaluate((k) => (window as unknown as RecordingWindow).__recorded?.[k] ?? [], key);
  }

  // ---------- Dial Now ----------

  get dialNowButton(): Locator {
    return this.page.getByTestId('dial-now-button');
  }

  get dialog(): Locator {
    return this.page.getByTestId('dial-now-dialog');
  }

  get numberInput(): Locator {
    return this.page.getByTestId('dial-number');
  }

  get numberError(): Locator {
    return this.page.getByTestId('dial-number-error');
  }

  get numberNormalized(): Locator {
    return this.page.getByTestId('dial-number-normalized');
  }

  get callButton(): Locator {
    return this.page.getByTestId('dial-call');
  }

  async openDialNow(): Promise<void> {
    await this.dialNowButton.click();
    await this.dialog.waitFor();
  }

  /** The data-testid of the focused element. */
  async focusedTestId(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  }

  async pickAgent(name: string): Promise<void> {
    await this.page.getByTestId('dial-agent').selectOption({ label: name });
  }

  async pickPersona(persona: string): Promise<void> {
    await this.page.getByTestId('dial-persona').selectOption(persona);
  }

  // ---------- Scheduled Calls ----------

  get view(): Locator {
    return this.page.getByTestId('callbacks-view');
  }

  /** Through the top bar, as a person would; waits for the topic's snapshot. */
  async openCallbacks(): Promise<void> {
    await this.page.getByTestId('nav-callbacks').click();
    await this.view.waitFor();
    await this.page.getByTestId('callbacks-loading').waitFor({ state: 'detached' });
  }

  callback(id: string): Locator {
    return this.page.locator(`[data-testid=callback-row][data-callback-id="${id}"]`);
  }

  /** The callback booked in the session `sessionId` (its origin link). */
  callbackFrom(sessionId: string): Locator {
    return this.page.locator(
      `[data-testid=callback-row]:has([data-testid=callback-origin][data-session-id="${sessionId}"])`,
    );
  }

  async status(row: Locator): Promise<string | null> {
    return row.getAttribute('data-status', { timeout: 1000 }).catch(() => null);
  }

  async cell(row: Locator, testId: string): Promise<string> {
    return ((await row.getByTestId(testId).textContent({ timeout: 1000 })) ?? '').trim();
  }

  /** The session drawer beside the list, showing `sessionId`. */
  detailOf(sessionId: string): Locator {
    return this.page.locator(`[data-testid=session-detail][data-session-id="${sessionId}"]`);
  }
}
