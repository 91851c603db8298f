/**
 * Page object for the Agent workspace (`/agent`) and the Queues wallboard (`/queues`), over a LiveCallsPage's browser
 * context.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import type { Resolution } from '../../packages/protocol/src/escalation';
import { LiveCallsPage } from './live-calls.page';

export type PresenceChoice = 'available' | 'away' | 'offline';

export interface CompleteOptions {
  resolution: Resolution;
  notes?: string;
  returnToAi?: boolean;
}

/** Fills the completion form of a claimed call (the workspace's or the drawer's) and submits it. */
export async function completeCall(page: Page, opts: CompleteOptions): Promise<void> {
  await page.getByTestId('complete-resolution').selectOption(opts.resolution);
  if (opts.notes !== undefined) await page.getByTestId('complete-notes').fill(opts.notes);
  await page.getByTestId('complete-return').setChecked(opts.returnToAi ?? false);
  await page.getByTestId('complete-button').click();
}

export class WorkspacePage {
  /** Every POST /api/escalations/:id/claim this page made, with the status it got. */
  readonly claims: Array<{ id: string; status: number }> = [];
  /** How many claim requests it sent (answered or not yet). */
  claimsSent = 0;

  private constructor(readonly live: LiveCallsPage) {
    live.page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/escalations\/[^/]+\/claim$/.test(new URL(r.url()).pathname))
        this.claimsSent++;
    });
    live.page.on('response', (r) => {
      const m = /\/api\/escalations\/([^/]+)\/claim$/.exec(new URL(r.url()).pathname);
      if (m && r.request().method() === 'POST') this.claims.push({ id: decodeURIComponent(m[1]!), status: r.status() });
    });
  }

  /** A fresh browser context on `path` (the sign-in form shows there until `login`). */
  static async open(
    browser: Browser,
    baseUrl: string,
    path = '/agent',
    viewport?: { width: number; height: number },
  ): Promise<WorkspacePage> {
    const live = await LiveCallsPage.open(browser, baseUrl, viewport);
    if (path !== '/') await live.page.goto(`${baseUrl}${path}`);
    return new WorkspacePage(live);
  }

  get page(): Page {
    return this.live.page;
  }

  /** Signs in on the current address and waits for `view` (the workspace by default) with its live data. */
  async login(
    email: string,
    password: string,
    view: 'agent-workspace' | 'queues-view' | 'live-calls' = 'agent-workspace',
  ): Promise<void> {
    await this.live.submitLogin(email, password);
    await this.page.getByTestId(view).waitFor();
    await this.page.locator('[data-testid=connection-status][data-status=live]').waitFor();
    if (view === 'agent-workspace') await this.page.getByTestId('escalations-loading').waitFor({ state: 'detached' });
    if (view === 'queues-view') await this.page.getByTestId('queues-loading').waitFor({ state: 'detached' });
  }

  pathname(): string {
    return new URL(this.page.url()).pathname;
  }

  // ---------- presence ----------

  get presenceToggle(): Locator {
    return this.page.getByTestId('presence-toggle');
  }

  async presence(): Promise<string | null> {
    return this.presenceToggle.getAttribute('data-status');
  }

  async setPresence(status: PresenceChoice): Promise<void> {
    await this.page.getByTestId(`presence-${status}`).click();
    await this.page.locator(`[data-testid=presence-toggle][data-status=${status}]`).waitFor();
  }

  async waitForPresence(status: string, timeoutMs = 15_000): Promise<void> {
    await this.page.locator(`[data-testid=presence-toggle][data-status=${status}]`).waitFor({ timeout: timeoutMs });
  }

  // ---------- waiting escalations ----------

  /** The escalation of a session in the list, leaving or not. */
  escalation(sessionId: string): Locator {
    return this.page.locator(`[data-testid=escalation][data-session-id="${sessionId}"]`);
  }

  /** Escalations listed and not fading out. */
  get waiting(): Locator {
    return this.page.locator('[data-testid=escalation]:not([data-leaving])');
  }

  async waitingSessionIds(): Promise<string[]> {
    return this.waiting.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id') ?? ''));
  }

  async waitingCount(): Promise<string> {
    return (await this.page.getByTestId('waiting-count').textContent()) ?? '';
  }

  claimButton(sessionId: string): Locator {
    return this.escalation(sessionId).getByTestId('claim-button');
  }

  /** The seconds its wait shows now. */
  async waitSeconds(sessionId: string): Promise<number> {
    return Number(await this.escalation(sessionId).getByTestId('escalation-wait').getAttribute('data-seconds'));
  }

  get notice(): Locator {
    return this.page.getByTestId('workspace-notice');
  }

  // ---------- the claimed call ----------

  get claimedCall(): Locator {
    return this.page.getByTestId('claimed-call');
  }

  get noCall(): Locator {
    return this.page.getByTestId('no-call');
  }

  get sayInput(): Locator {
    return this.page.getByTestId('say-input');
  }

  /** Types to the caller and presses Enter; waits for the status line to say it was sent. */
  async say(text: string): Promise<void> {
    await this.sayInput.fill(text);
    await this.sayInput.press('Enter');
    await this.page.locator('[data-testid=say-status][data-kind=ok]').waitFor();
  }

  async complete(opts: CompleteOptions): Promise<void> {
    await completeCall(this.page, opts);
  }

  // ---------- the wallboard ----------

  queueRow(name: string): Locator {
    return this.page.locator(`[data-testid=queue-row][data-queue="${name}"]`);
  }

  /** The waiting figure of a queue on the wallboard (-1 while the queue is not shown). */
  async queueWaiting(name: string): Promise<number> {
    const v = await this.queueRow(name)
      .getAttribute('data-waiting', { timeout: 1000 })
      .catch(() => null);
    return v === null ? -1 : Number(v);
  }

  async queueCell(
    name: string,
    cell: 'available' | 'busy' | 'answered' | 'abandoned' | 'sla' | 'average' | 'longest',
  ): Promise<string> {
    return ((await this.queueRow(name).getByTestId(`queue-${cell}`).textContent()) ?? '').trim();
  }

  /** The waiting figure of a queue on Live Calls' strip (-1 while not shown). */
  async stripWaiting(name: string): Promise<number> {
    const v = await this.page
      .locator(`[data-testid=queue-chip][data-queue="${name}"]`)
      .getAttribute('data-waiting', { timeout: 1000 })
      .catch(() => null);
    return v === null ? -1 : Number(v);
  }

  agentRow(name: string): Locator {
    return this.page
      .locator('[data-testid=agent-row]')
      .filter({ has: this.page.locator(`[data-testid=agent-name]:text-is("${name}")`) });
  }

  async agentStatus(name: string): Promise<string | null> {
    return this.agentRow(name)
      .getAttribute('data-status', { timeout: 1000 })
      .catch(() => null);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
}
