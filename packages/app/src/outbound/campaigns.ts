/**
 * Use case: campaigns. People create, fill (CSV), start, pause, resume and stop them; the dialer keeps each running one
 * at its pace.
 */
import type {
  Actor,
  Agent,
  Campaign,
  CampaignBody,
  CampaignContact,
  ContactStatus,
  ImportReport,
} from '@livespace/protocol';
import {
  campaignTransition,
  contactAfterAttempt,
  attemptResult,
  type CampaignCommand,
  type ContactDraft,
} from '@livespace/domain';
import { channel, publish, type Bus, type Clock, type Store } from '../ports/index';
import type { ActorLogger } from '../session/session-actor';
import type { Refusal } from '../refusal';
import type { OutboundCalls } from './outbound-calls';
import { CampaignDialer, campaignStamps, type PlacedDial } from './campaign-dialer';

/** Bus channel carrying each changed Campaign (with its progress) to every process's gateway. */
export const CAMPAIGNS_CHANNEL = channel<Campaign>('campaigns');

/** Progress is counted again at most this often per campaign while calls come and go. */
const PROGRESS_DEBOUNCE_MS = 200;

export interface CampaignServiceDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  newId(prefix: string): string;
  processId: string;
  outbound: OutboundCalls;
  agent(id: string): Agent | undefined;
  callerId: string;
  /** How often the dialer looks at running campaigns. */
  tickMs: number;
  logger: ActorLogger;
}

export type CampaignOutcome = { ok: true; campaign: Campaign } | Refusal;
export type ImportOutcome = { ok: true; report: ImportReport } | Refusal;

const EMPTY_PROGRESS = {
  total: 0,
  dialed: 0,
  answered: 0,
  interested: 0,
  notInterested: 0,
  noAnswer: 0,
  busy: 0,
  voicemail: 0,
  failed: 0,
  doNotCall: 0,
  active: 0,
  remaining: 0,
};

export class CampaignService {
  private readonly dialer: CampaignDialer;
  private readonly dirty = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: CampaignServiceDeps) {
    this.dialer = new CampaignDialer({
      ...deps,
      onDialed: (placed) => this.place(placed),
      onChanged: (id) => this.changed(id),
    });
  }

  list(): Promise<Campaign[]> {
    return this.deps.store.listCampaigns();
  }
  get(id: string): Promise<Campaign | null> {
    return this.deps.store.getCampaign(id);
  }

  /** A draft campaign (its agent checked at the edge). */
  async create(body: CampaignBody, by: Actor): Promise<Campaign> {
    const now = this.deps.clock.now().toISOString();
    const { name, agentId, callerId, ...settings } = body;
    const campaign: Campaign = {
      id: this.deps.newId('cmp'),
      name,
      agentId,
      status: 'draft',
      settings: { ...settings, callerId: callerId ?? this.deps.callerId },
      progress: EMPTY_PROGRESS,
      createdBy: by,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      endedAt: null,
    };
    await this.deps.store.insertCampaign(campaign);
    await this.publish(campaign);
    return campaign;
  }

  /** Adds contacts read from a CSV; `invalid` rows were refused at the edge and are reported as they are. */
  async importContacts(
    id: string,
    contacts: readonly ContactDraft[],
    invalid: ImportReport['invalid'],
  ): Promise<ImportOutcome> {
    const c = await this.deps.store.getCampaign(id);
    if (!c) return { ok: false, kind: 'not_found', code: 'not_found', message: 'campaign not found' };
    if (c.status === 'completed' || c.status === 'stopped')
      return {
        ok: false,
        kind: 'conflict',
        code: 'wrong_state',
        message: `Cannot add contacts to a campaign that is ${c.status}`,
      };
    const r = await this.deps.store.importContacts(id, contacts, this.deps.clock.now());
    this.changed(id);
    return {
      ok: true,
      report: {
        imported: r.imported,
        invalid,
        duplicates: r.duplicates.map((d) => ({ line: d.line, phone: d.phone })),
        doNotCall: r.doNotCall.map((d) => ({ line: d.line, phone: d.phone })),
      },
    };
  }

  /**
   * start, pause, resume, stop. Starting needs contacts; a stopped campaign dials nothing more (calls in progress
   * finish).
   */
  async command(id: string, cmd: Exclude<CampaignCommand, 'finish'>): Promise<CampaignOutcome> {
    const now = this.deps.clock.now().toISOString();
    const r = await this.deps.store.withCampaign(id, async (lock): Promise<CampaignOutcome> => {
      const t = campaignTransition(lock.campaign.status, cmd);
      if (!t.ok) return { ok: false, kind: 'conflict', code: 'wrong_state', message: t.message };
      if (cmd === 'start' && (await lock.remaining()) === 0)
        return {
          ok: false,
          kind: 'conflict',
          code: 'no_contacts',
          message: 'Cannot start a campaign without contacts to call: upload a CSV first',
        };
      const next: Campaign = {
        ...lock.campaign,
        status: t.status,
        updatedAt: now,
        ...campaignStamps(t.status, lock.campaign, now),
      };
      await lock.save(next);
      // Time spent paused earns no calls: the pace starts again from now.
      if (t.status === 'running') await lock.setCursor(null);
      return { ok: true, campaign: next };
    });
    if (!r) return { ok: false, kind: 'not_found', code: 'not_found', message: 'campaign not found' };
    if (r.ok) {
      this.deps.logger.info({ campaignId: id, command: cmd, status: r.campaign.status }, 'campaign command');
      this.changed(id);
      if (r.campaign.status === 'running') this.dialer.wake();
    }
    return r;
  }

  contacts(id: string, opts: { status?: ContactStatus; limit: number; offset: number }): Promise<CampaignContact[]> {
    return this.deps.store.listContacts(id, opts);
  }

  addDoNotCall(phones: readonly string[]): Promise<number> {
    return this.deps.store.addDoNotCall(phones, this.deps.clock.now());
  }
  listDoNotCall(): Promise<string[]> {
    return this.deps.store.listDoNotCall();
  }

  start(): void {
    this.dialer.start();
  }

  close(): void {
    this.dialer.close();
    for (const t of this.dirty.values()) clearTimeout(t);
    this.dirty.clear();
  }

  /** Settles contacts whose dialing process died: like callbacks (see CallbackService.recover). */
  async recover(staleBefore: Date | null): Promise<number> {
    let settled = 0;
    for (const o of await this.deps.store.orphanedContacts(staleBefore)) {
      const session = await this.deps.store.getSession(o.sessionId);
      if (session && session.state !== 'ended') continue;
      const now = this.deps.clock.now();
      let ok: boolean;
      if (!session) ok = await this.deps.store.loseContactAttempt(o.id, o.sessionId, now);
      else {
        const campaign = await this.deps.store.getCampaign(o.campaignId);
        const result = attemptResult(session.endReason, session.answeredAt);
        const next = campaign
          ? contactAfterAttempt(o.attempts, result, now, campaign.settings)
          : { status: 'done' as const, nextAttemptAt: null };
        ok = await this.deps.store.endContactAttempt(
          o.id,
          o.sessionId,
          { ...next, result, outcome: session.outcome ?? null },
          now,
        );
      }
      if (ok) {
        settled++;
        this.changed(o.campaignId);
      }
    }
    return settled;
  }

  /** Places a call the dialer claimed; its end is written to the contact. */
  private async place(d: PlacedDial): Promise<void> {
    const { campaign, contact, sessionId } = d;
    const agent = this.deps.agent(campaign.agentId);
    const now = () => this.deps.clock.now();
    if (!agent) {
      this.deps.logger.error(
        { campaignId: campaign.id, agentId: campaign.agentId },
        'campaign call not placed: its AI agent no longer exists',
      );
      await this.deps.store.endContactAttempt(
        contact.id,
        sessionId,
        { status: 'done', nextAttemptAt: null, result: 'failed', outcome: null },
        now(),
      );
      this.changed(campaign.id);
      return;
    }
    const s = campaign.settings;
    await this.deps.outbound.place({
      agent,
      to: contact.phone,
      from: s.callerId,
      sessionId,
      outbound: { kind: 'campaign', campaignId: campaign.id, campaignName: campaign.name },
      variables: { ...contact.variables, ...(contact.timeZone ? { timezone: contact.timeZone } : {}) },
      ...(contact.persona ? { persona: contact.persona } : {}),
      voicemail:
        s.onVoicemail === 'leave_message' && s.voicemailMessage
          ? { action: 'leave_message', message: s.voicemailMessage }
          : { action: 'hangup' },
      onEnded: (end) => {
        const next = contactAfterAttempt(contact.attempts + 1, end.result, now(), s);
        this.deps.store
          .endContactAttempt(contact.id, sessionId, { ...next, result: end.result, outcome: end.outcome }, now())
          .then(() => {
            this.changed(campaign.id);
            this.dialer.wake();
          })
          .catch((err: unknown) =>
            this.deps.logger.error({ err, campaignId: campaign.id }, 'recording a campaign call failed'),
          );
      },
    });
  }

  /** Counts the campaign's progress again soon and publishes it. */
  private changed(id: string): void {
    if (this.dirty.has(id)) return;
    this.dirty.set(
      id,
      setTimeout(() => {
        this.dirty.delete(id);
        this.deps.store
          .getCampaign(id)
          .then((c) => (c ? this.publish(c) : undefined))
          .catch((err: unknown) => this.deps.logger.warn({ err, campaignId: id }, 'counting campaign progress failed'));
      }, PROGRESS_DEBOUNCE_MS),
    );
  }

  private async publish(c: Campaign): Promise<void> {
    await publish(this.deps.bus, CAMPAIGNS_CHANNEL, c).catch((err: unknown) =>
      this.deps.logger.warn({ err }, 'publishing a campaign failed'),
    );
  }
}
