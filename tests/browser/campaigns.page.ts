/**
 * Page object for Campaigns (`/campaigns`: the cards, the New campaign form) and one campaign's calls
 * (`/campaigns/<id>/calls`).
 */
import type { Locator, Page } from 'playwright-core';
import type { LiveCallsPage } from './live-calls.page';

/** The form's settings, as typed. */
export interface CampaignFormInput {
  name: string;
  agent: string;
  maxConcurrent: number;
  callsPerMinute: number;
  window: { start: string; end: string };
  maxAttempts: number;
  /** A CSV file to choose in the form's file input. */
  csv?: { name: string; text: string };
}

export type CountKey =
  | 'total'
  | 'dialed'
  | 'answered'
  | 'interested'
  | 'not_interested'
  | 'no_answer'
  | 'busy'
  | 'voicemail'
  | 'failed'
  | 'remaining'
  | 'active';

export class CampaignsPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  /** Opens `/campaigns` on the signed-in page (a page load, the token is kept) and waits for the topic's snapshot. */
  async goto(): Promise<void> {
    await this.page.goto(`${this.live.baseUrl}/campaigns`);
    await this.waitForList();
  }

  async waitForList(): Promise<void> {
    await this.page.getByTestId('campaigns-view').waitFor();
    await this.page.locator('[data-testid=connection-status][data-status=live]').waitFor();
    await this.page.getByTestId('campaigns-loading').waitFor({ state: 'detached' });
  }

  url(): URL {
    return new URL(this.page.url());
  }

  // ---------- the form ----------

  get form(): Locator {
    return this.page.getByTestId('campaign-form');
  }

  async openForm(): Promise<void> {
    if (await this.form.count()) return;
    await this.page.getByTestId('campaign-new').click();
    await this.form.waitFor();
  }

  /** Fills the New campaign form and submits it. */
  async create(input: CampaignFormInput): Promise<void> {
    await this.openForm();
    const f = this.form;
    await f.getByTestId('cf-name').fill(input.name);
    await f.locator('[data-testid=cf-agent] option', { hasText: input.agent }).first().waitFor({ state: 'attached' });
    await f.getByTestId('cf-agent').selectOption({ label: input.agent });
    await f.getByTestId('cf-max-concurrent').fill(String(input.maxConcurrent));
    await f.getByTestId('cf-calls-per-minute').fill(String(input.callsPerMinute));
    await f.getByTestId('cf-window-start').fill(input.window.start);
    await f.getByTestId('cf-window-end').fill(input.window.end);
    await f.getByTestId('cf-max-attempts').fill(String(input.maxAttempts));
    if (input.csv) await chooseCsv(f, input.csv);
    await f.getByTestId('cf-submit').click();
  }

  /** The import reports shown under `scope` (the form, or a card's Add contacts). */
  reports(scope: Locator): Locator {
    return scope.getByTestId('import-report');
  }

  // ---------- cards ----------

  card(id: string): Locator {
    return this.page.locator(`[data-testid=campaign-card][data-campaign-id="${id}"]`);
  }

  async status(id: string): Promise<string | null> {
    return this.card(id).getAttribute('data-status');
  }

  countLink(id: string, key: CountKey): Locator {
    return this.card(id).getByTestId(`campaign-count-${key}`);
  }

  async count(id: string, key: CountKey): Promise<number> {
    return Number(await this.countLink(id, key).getAttribute('data-count'));
  }

  /** Every count of a card at once, with its status (one round trip, for watching it move). */
  async snapshot(id: string): Promise<{ status: string | null; counts: Record<string, number> } | null> {
    return this.page.evaluate((cid) => {
      const card = document.querySelector(`[data-testid=campaign-card][data-campaign-id="${CSS.escape(cid)}"]`);
      if (!card) return null;
      const counts: Record<string, number> = {};
      for (const a of card.querySelectorAll('[data-testid^=campaign-count-]'))
        counts[a.getAttribute('data-testid')!.slice('campaign-count-'.length)] = Number(a.getAttribute('data-count'));
      return { status: card.getAttribute('data-status'), counts };
    }, id);
  }

  command(id: string, cmd: 'start' | 'pause' | 'resume' | 'stop'): Locator {
    return this.card(id).getByTestId(`campaign-${cmd}`);
  }

  /** The command buttons a card shows now. */
  async commands(id: string): Promise<string[]> {
    const ids = await this.card(id)
      .locator('.cc-commands button')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid') ?? ''));
    return ids.map((t) => t.replace(/^campaign-/, ''));
  }

  async waitForStatus(id: string, status: string, timeout = 15_000): Promise<void> {
    await this.page
      .locator(`[data-testid=campaign-card][data-campaign-id="${id}"][data-status=${status}]`)
      .waitFor({ timeout });
  }

  /** Add contacts on a card: chooses the file and uploads it. */
  async addContacts(id: string, csv: { name: string; text: string }): Promise<Locator> {
    const card = this.card(id);
    await card.getByTestId('campaign-add-contacts').click();
    const upload = card.getByTestId('contacts-upload');
    await chooseCsv(upload, csv);
    await upload.getByTestId('contacts-upload-submit').click();
    return upload;
  }

  // ---------- one campaign's calls ----------

  get calls(): Locator {
    return this.page.getByTestId('campaign-calls');
  }

  callRows(): Locator {
    return this.page.getByTestId('campaign-call-row');
  }

  chip(outcome: string): Locator {
    return this.page.getByTestId(`outcome-chip-${outcome}`);
  }

  async waitForCalls(): Promise<void> {
    await this.calls.waitFor();
    await this.page.getByTestId('campaign-calls-loading').waitFor({ state: 'detached' });
  }
}

async function chooseCsv(scope: Locator, csv: { name: string; text: string }): Promise<void> {
  await scope
    .getByTestId('csv-file')
    .setInputFiles({ name: csv.name, mimeType: 'text/csv', buffer: Buffer.from(csv.text) });
}
