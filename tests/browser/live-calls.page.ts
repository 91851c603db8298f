/** Page object for Live Calls and the session detail, driven through Debian's Chromium with playwright-core. */
import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { waitUntil } from '../support/wait';

export { waitUntil };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless Chromium (playwright gives it a fresh, temporary profile). */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Listening: WebRTC over loopback (the only interface in a sandbox), a fake microphone that beeps,
      // no permission prompt, and sound that plays without a click.
      '--allow-loopback-in-peer-connection',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/** The app's test hook (`window.__livespace`, see apps/web/src/live/live-context.tsx). */
interface TestWindow {
  __livespace: {
    dropConnection(opts?: { hold?: boolean }): void;
    resumeConnection(): void;
    status(): string;
    stats(): SocketStats;
    listenStats(): Promise<ListenStats | null>;
  };
}

/** The inbound audio of the call being listened to (WebRTC inbound-rtp). */
export interface ListenStats {
  packetsReceived: number;
  bytesReceived: number;
  audioLevel: number;
}

/** The web app's live-socket counters, as `window.__livespace` exposes them (one type, the app's own). */
import type { LiveSocketStats as SocketStats } from '../../apps/web/src/live/live-socket';
export type { SocketStats };

export interface UiLine {
  lineId: string;
  speaker: string;
  text: string;
  partial: boolean;
  kind: string | null;
  /** Supervisor marks as rendered (data-hidden, data-barge, data-by): absent on ordinary lines. */
  hidden?: boolean;
  barge?: boolean;
  by?: string | null;
  /** The line's label tag ("Whisper · hidden from caller · by Ann", "Barge · by Ann"), if any. */
  tag?: string | null;
}

export type ActionMode = 'whisper' | 'barge' | 'say';

export class LiveCallsPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
    /** Uncaught page errors, to assert that none happened. */
    readonly pageErrors: string[],
    /**
     * Content-Security-Policy violations in any page of the context (its `securitypolicyviolation` events, and
     * Chromium's console reports of them as a backstop), to assert that none happened.
     */
    readonly cspViolations: string[],
  ) {}

  /**
   * A fresh browser context (no token in localStorage) on the app, in en-US unless `intl` says otherwise (the page
   * writes dates and times the browser's way: tests must not depend on the machine's LANG); `timezoneId` defaults to
   * the machine's.
   */
  static async open(
    browser: Browser,
    baseUrl: string,
    viewport = { width: 1440, height: 900 },
    intl: Pick<BrowserContextOptions, 'locale' | 'timezoneId'> = {},
  ): Promise<LiveCallsPage> {
    const context = await browser.newContext({ viewport, locale: 'en-US', ...intl });
    const csp: string[] = [];
    // Reported to this process at once, so page loads and closed pages lose nothing.
    await context.exposeBinding('__livespaceCspViolation', (_source, v: string) => void csp.push(v));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const at = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '';
        (window as unknown as { __livespaceCspViolation(v: string): void }).__livespaceCspViolation(
          `${e.effectiveDirective} blocked ${e.blockedURI}${at}${e.sample ? `: ${e.sample}` : ''}`,
        );
      });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(`console: ${m.text()}`);
    });
    const p = new LiveCallsPage(context, page, baseUrl, errors, csp);
    await page.goto(baseUrl);
    return p;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }

  // ---------- login ----------

  get loginPage(): Locator {
    return this.page.getByTestId('login-page');
  }

  get loginError(): Locator {
    return this.page.getByTestId('login-error');
  }

  async submitLogin(email: string, password: string): Promise<void> {
    await this.page.getByTestId('login-email').fill(email);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  /** Logs in and waits until the live list has its first snapshot. */
  async login(email: string, password: string): Promise<void> {
    await this.submitLogin(email, password);
    await this.liveCalls.waitFor();
    await this.waitForLive();
  }

  // ---------- Live Calls ----------

  get liveCalls(): Locator {
    return this.page.getByTestId('live-calls');
  }

  get connectionStatus(): Locator {
    return this.page.getByTestId('connection-status');
  }

  async waitForLive(): Promise<void> {
    await this.page.locator('[data-testid=connection-status][data-status=live]').waitFor();
    await this.page.getByTestId('loading').waitFor({ state: 'detached' });
  }

  /** Rows currently live (not fading out). */
  get rows(): Locator {
    return this.page.locator('[data-testid=session-row]:not([data-leaving])');
  }

  row(sessionId: string): Locator {
    return this.page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
  }

  get emptyState(): Locator {
    return this.page.getByTestId('empty-state');
  }

  /** The rows the table lists (its aria-rowcount, less the header), drawn or not: a long list draws those on screen. */
  async listedCount(): Promise<number> {
    return Number(await this.page.getByTestId('session-table').getAttribute('aria-rowcount')) - 1;
  }

  /** Scrolls the list's box to its top (0), bottom (1) or in between, and waits for the rows there to be drawn. */
  async scrollList(to: number): Promise<void> {
    await this.page.evaluate((end) => {
      // The list's own box scrolls on a wide screen; on a phone the page does.
      const box = document.querySelector('[data-testid=live-calls] .table-wrap') as HTMLElement;
      const page = document.scrollingElement!;
      if (box.scrollHeight > box.clientHeight) box.scrollTop = end * (box.scrollHeight - box.clientHeight);
      else page.scrollTop = end * (page.scrollHeight - page.clientHeight);
    }, to);
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id') ?? ''));
  }

  async durationOf(sessionId: string): Promise<string> {
    return (await this.row(sessionId).getByTestId('duration').textContent()) ?? '';
  }

  async stateCount(state: string): Promise<number> {
    return Number(await this.page.getByTestId(`state-count-${state}`).textContent());
  }

  async liveCount(): Promise<number> {
    return Number(await this.page.getByTestId('live-count').textContent());
  }

  async selectedRowId(): Promise<string | null> {
    return this.page
      .locator('[data-testid=session-row][aria-selected=true]')
      .getAttribute('data-session-id', { timeout: 1000 })
      .catch(() => null);
  }

  // ---------- health ----------

  /** A row's health mark (present only while the session needs attention). */
  healthMark(sessionId: string): Locator {
    return this.row(sessionId).getByTestId('health-mark');
  }

  /** The row's health level as the page shows it: ok, warning or critical. */
  async healthOf(sessionId: string): Promise<string | null> {
    return this.row(sessionId)
      .getAttribute('data-health', { timeout: 1000 })
      .catch(() => null);
  }

  /** The reasons popover of the mark under the pointer or with the focus. */
  get healthPopover(): Locator {
    return this.page.getByTestId('health-popover');
  }

  /** The "Needs attention" toggle of the filter bar. */
  get attentionToggle(): Locator {
    return this.page.getByTestId('filter-attention');
  }

  async attentionCount(): Promise<number> {
    return Number(await this.page.getByTestId('attention-count').textContent());
  }

  /** The open session's health block: its reasons as shown. */
  async detailHealthReasons(): Promise<string[]> {
    return this.page.getByTestId('detail-health-reason').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  }

  async setFilter(name: 'channel' | 'agent' | 'state', value: string): Promise<void> {
    await this.page.getByTestId(`filter-${name}`).selectOption(value);
  }

  async filterValue(name: 'channel' | 'agent' | 'state'): Promise<string> {
    return this.page.getByTestId(`filter-${name}`).inputValue();
  }

  /** Presses a key with the focus on the page body (not in a filter). */
  async press(key: string): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press(key);
  }

  // ---------- session detail ----------

  get detail(): Locator {
    return this.page.getByTestId('session-detail');
  }

  async openByClick(sessionId: string): Promise<void> {
    await this.row(sessionId).click();
    await this.page.locator(`[data-testid=session-detail][data-session-id="${sessionId}"]`).waitFor();
  }

  get transcriptLines(): Locator {
    return this.page.getByTestId('transcript-line');
  }

  get newLinesMarker(): Locator {
    return this.page.getByTestId('new-lines-marker');
  }

  /** The transcript as shown, in order. */
  async lines(): Promise<UiLine[]> {
    return this.transcriptLines.evaluateAll((els) =>
      els.map((e) => ({
        lineId: e.getAttribute('data-line-id') ?? '',
        speaker: e.getAttribute('data-speaker') ?? '',
        text: (e.querySelector('[data-testid=bubble-text]') ?? e.querySelector('.tl-system-text'))?.textContent ?? '',
        partial: e.getAttribute('data-partial') === 'true',
        kind: e.getAttribute('data-kind'),
        hidden: e.getAttribute('data-hidden') === 'true',
        barge: e.getAttribute('data-barge') === 'true',
        by: e.getAttribute('data-by'),
        tag: e.querySelector('[data-testid=line-tag]')?.textContent ?? null,
      })),
    );
  }

  /** Waits until a final line of `speaker` whose text contains `text` is shown. */
  async waitForLine(speaker: string, text: string, timeoutMs = 20_000): Promise<UiLine> {
    return waitUntil(
      `a final ${speaker} line containing "${text}"`,
      async () => (await this.lines()).find((l) => l.speaker === speaker && !l.partial && l.text.includes(text)),
      timeoutMs,
    );
  }

  async scrollTranscriptTo(where: 'top' | 'bottom'): Promise<void> {
    await this.page.getByTestId('transcript').evaluate((el, w) => {
      el.scrollTop = w === 'top' ? 0 : el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
    }, where);
  }

  async transcriptScroll(): Promise<{ top: number; height: number; client: number }> {
    return this.page
      .getByTestId('transcript')
      .evaluate((el) => ({ top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight }));
  }

  // ---------- supervisor actions ----------

  get actionBar(): Locator {
    return this.page.getByTestId('action-bar');
  }

  get actionInput(): Locator {
    return this.page.getByTestId('action-input');
  }

  get actionStatus(): Locator {
    return this.page.getByTestId('action-status');
  }

  get takeoverButton(): Locator {
    return this.page.getByTestId('takeover-button');
  }

  get resumeButton(): Locator {
    return this.page.getByTestId('resume-button');
  }

  get endButton(): Locator {
    return this.page.getByTestId('end-button');
  }

  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }

  get actionsList(): Locator {
    return this.page.getByTestId('actions-list');
  }

  get takenOver(): Locator {
    return this.page.getByTestId('detail-taken-over');
  }

  modeButton(mode: ActionMode): Locator {
    return this.page.getByTestId(`action-mode-${mode}`);
  }

  /** The composer's current mode (data-mode of the bar). */
  async actionMode(): Promise<string | null> {
    return this.actionBar.getAttribute('data-mode');
  }

  /** Picks the mode, types the text and presses Enter (the way a supervisor sends). */
  async sendAction(
    mode: ActionMode,
    text: string,
    barge: { mode?: 'interrupt' | 'after_sentence'; endCall?: boolean } = {},
  ): Promise<void> {
    await this.modeButton(mode).click();
    if (mode === 'barge') {
      if (barge.mode) await this.page.getByTestId('barge-mode').selectOption(barge.mode);
      await this.page.getByTestId('barge-end-call').setChecked(barge.endCall ?? false);
    }
    await this.actionInput.fill(text);
    await this.actionInput.press('Enter');
  }

  /** Confirms the open confirmation dialog. */
  async confirm(): Promise<void> {
    await this.page.getByTestId('confirm-yes').click();
    await this.confirmDialog.waitFor({ state: 'detached' });
  }

  /** Waits until the status line shows `kind` (ok, error) and returns its text. */
  async waitForStatus(kind: 'ok' | 'error', timeoutMs = 10_000): Promise<string> {
    await this.page.locator(`[data-testid=action-status][data-kind=${kind}]`).waitFor({ timeout: timeoutMs });
    return (await this.actionStatus.textContent()) ?? '';
  }

  /** The audit list's entries as shown (opens the section). */
  async actionItems(): Promise<Array<{ action: string; result: string; text: string }>> {
    await this.actionsList.evaluate((el) => ((el as HTMLDetailsElement).open = true));
    return this.page.getByTestId('action-item').evaluateAll((els) =>
      els.map((e) => ({
        action: e.getAttribute('data-action') ?? '',
        result: e.getAttribute('data-result') ?? '',
        text: e.textContent ?? '',
      })),
    );
  }

  // ---------- listening ----------

  get listenControls(): Locator {
    return this.page.getByTestId('listen-controls');
  }

  get listenButton(): Locator {
    return this.page.getByTestId('listen-button');
  }

  get talkButton(): Locator {
    return this.page.getByTestId('talk-button');
  }

  get listenAudio(): Locator {
    return this.page.getByTestId('listen-audio');
  }

  get listenStatus(): Locator {
    return this.page.getByTestId('listen-status');
  }

  /** The drawer header's "who is listening" chip. */
  get detailListeners(): Locator {
    return this.page.getByTestId('detail-listeners');
  }

  /** idle, joining, connecting or listening. */
  async listenPhase(): Promise<string | null> {
    return this.listenControls.getAttribute('data-phase', { timeout: 1000 }).catch(() => null);
  }

  /** off, starting or on. */
  async talkState(): Promise<string | null> {
    return this.listenControls.getAttribute('data-talk', { timeout: 1000 }).catch(() => null);
  }

  async waitForListening(timeoutMs = 15_000): Promise<void> {
    await this.page.locator('[data-testid=listen-controls][data-phase=listening]').waitFor({ timeout: timeoutMs });
  }

  /** The names shown as listening in the drawer header (without "(you)"). */
  async listenerNames(): Promise<string[]> {
    return this.page
      .getByTestId('detail-listener')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/ \(you\)$/, '')));
  }

  async listenStats(): Promise<ListenStats | null> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__livespace.listenStats());
  }

  /** The highest inbound audioLevel seen while polling for `ms`, and the packets counted at the end. */
  async maxAudioLevel(ms: number, everyMs = 50): Promise<{ max: number; packetsReceived: number }> {
    let max = 0;
    let packetsReceived = 0;
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const s = await this.listenStats();
      if (s) {
        max = Math.max(max, s.audioLevel);
        packetsReceived = s.packetsReceived;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return { max, packetsReceived };
  }

  // ---------- connection test hook ----------

  async dropConnection(opts: { hold?: boolean } = {}): Promise<void> {
    await this.page.evaluate((o) => (window as unknown as TestWindow).__livespace.dropConnection(o), opts);
  }

  async resumeConnection(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as TestWindow).__livespace.resumeConnection());
  }

  async socketStats(): Promise<SocketStats> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__livespace.stats());
  }
}
