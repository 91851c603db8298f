/** Page object for Team (`/team`): the people table, Add person / Edit / Reset password dialogs, Disable and Enable. */
import type { Locator, Page } from 'playwright-core';
import type { LiveCallsPage } from './live-calls.page';

/** A row as shown. */
export interface UiPerson {
  email: string;
  name: string;
  role: string;
  queues: string[];
  account: string;
  /** A human agent's presence (`available`…), or '' for other roles and disabled accounts. */
  presence: string;
}

export interface PersonInput {
  name?: string;
  email?: string;
  role?: 'Human agent' | 'Supervisor' | 'Admin';
  queues?: string;
  password?: string;
}

export class TeamPage {
  constructor(readonly live: LiveCallsPage) {}

  get page(): Page {
    return this.live.page;
  }

  get view(): Locator {
    return this.page.getByTestId('team-view');
  }

  /** The top bar's Team entry (admins and supervisors only). */
  get navItem(): Locator {
    return this.page.getByTestId('nav-team');
  }

  /** Opens the section from the top bar (no page load) and waits for the list. */
  async openFromNav(): Promise<void> {
    await this.navItem.click();
    await this.waitForList();
  }

  async waitForList(): Promise<void> {
    await this.view.waitFor();
    await this.page.getByTestId('team-loading').waitFor({ state: 'detached' });
    await this.page.getByTestId('team-table').waitFor();
  }

  get notAllowed(): Locator {
    return this.page.getByTestId('not-allowed');
  }

  get addButton(): Locator {
    return this.page.getByTestId('team-add');
  }

  get notice(): Locator {
    return this.page.getByTestId('team-notice');
  }

  // ---------- the table ----------

  get rows(): Locator {
    return this.page.getByTestId('team-row');
  }

  row(email: string): Locator {
    return this.page.locator(`[data-testid=team-row][data-email="${email}"]`);
  }

  async people(): Promise<UiPerson[]> {
    return this.rows.evaluateAll((els) =>
      els.map((e) => ({
        email: e.getAttribute('data-email') ?? '',
        name: e.querySelector('[data-testid=user-name]')?.textContent ?? '',
        role: e.querySelector('[data-testid=user-role]')?.textContent ?? '',
        queues: [...e.querySelectorAll('[data-testid=user-queues] .queue-chip-name')].map((q) => q.textContent ?? ''),
        account: e.querySelector('[data-testid=user-account]')?.textContent ?? '',
        presence: e.querySelector('[data-testid=user-presence]')?.getAttribute('data-status') ?? '',
      })),
    );
  }

  async person(email: string): Promise<UiPerson | undefined> {
    return (await this.people()).find((p) => p.email === email);
  }

  action(email: string, action: 'edit' | 'reset' | 'disable' | 'enable'): Locator {
    return this.row(email).getByTestId(`user-${action}`);
  }

  // ---------- the dialogs ----------

  get form(): Locator {
    return this.page.getByTestId('user-form');
  }

  get resetDialog(): Locator {
    return this.page.getByTestId('reset-password-dialog');
  }

  get confirmDialog(): Locator {
    return this.page.getByTestId('confirm-dialog');
  }

  fieldError(field: 'name' | 'email' | 'role' | 'queues' | 'password'): Locator {
    return this.page.getByTestId(`uf-${field}-error`);
  }

  /** The id of the focused element. */
  async focused(): Promise<string | undefined> {
    return this.page.evaluate(() => document.activeElement?.id);
  }

  /** Fills the open Add / Edit dialog (only the fields given). */
  async fill(p: PersonInput): Promise<void> {
    if (p.name !== undefined) await this.page.getByTestId('uf-name').fill(p.name);
    if (p.email !== undefined) await this.page.getByTestId('uf-email').fill(p.email);
    if (p.role !== undefined) await this.page.getByTestId('uf-role').selectOption({ label: p.role });
    if (p.queues !== undefined) await this.page.getByTestId('uf-queues').fill(p.queues);
    if (p.password !== undefined) await this.page.getByTestId('uf-password').fill(p.password);
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('uf-submit').click();
  }

  // ---------- teams ----------

  get teamCards(): Locator {
    return this.page.getByTestId('team-card');
  }

  teamCard(name: string): Locator {
    return this.page.locator(`[data-testid=team-card][data-name="${name}"]`);
  }

  /** Each card as "name: meta" (e.g. "North: 1 person · led by Sue Park"). */
  async teams(): Promise<string[]> {
    return this.teamCards.evaluateAll((els) =>
      els.map(
        (e) => `${e.getAttribute('data-name')}: ${e.querySelector('[data-testid=team-card-meta]')?.textContent ?? ''}`,
      ),
    );
  }

  get teamDialog(): Locator {
    return this.page.getByTestId('team-group-dialog');
  }

  /** Fills the open team dialog: the name, the lead (by the option's label start) and the people to tick or untick. */
  async fillTeam(t: { name?: string; lead?: string; tick?: string[] }): Promise<void> {
    if (t.name !== undefined) await this.page.getByTestId('tg-name').fill(t.name);
    if (t.lead !== undefined) {
      const label = await this.page
        .getByTestId('tg-lead')
        .locator('option')
        .evaluateAll((os, lead) => os.map((o) => o.textContent ?? '').find((l) => l.startsWith(lead)), t.lead);
      await this.page.getByTestId('tg-lead').selectOption({ label: label ?? t.lead });
    }
    for (const name of t.tick ?? []) await this.page.locator(`[data-testid=tg-member][data-name="${name}"]`).click();
  }

  /** The team column of a person's row. */
  async teamOf(email: string): Promise<string | null> {
    return this.row(email).getByTestId('user-team').getAttribute('data-team');
  }
}
