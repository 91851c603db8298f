/**
 * The campaign dialer: every tick, for each running campaign, one round under the campaign row's lock
 * (so processes take turns): how many calls the pace and the concurrency allow, which due contacts are
 * inside their calling window, skip those now on the do-not-call list, mark the rest dialing with the
 * session id their call will have. The calls are placed after the round commits.
 */
import { SerialRounds } from './serial-rounds';
import type { Campaign, CampaignStatus } from '@livespace/protocol';
import { campaignTransition, dialBudget, inCallingWindow, nextWindowOpen } from '@livespace/domain';
import type { Clock, DueContact, Store } from '../ports/index';
import type { ActorLogger } from '../session/session-actor';

/** A contact the round marked dialing: its call is placed now. */
export interface PlacedDial {
  campaign: Campaign;
  contact: DueContact;
  sessionId: string;
}

export interface CampaignDialerDeps {
  store: Store;
  clock: Clock;
  newId(prefix: string): string;
  processId: string;
  tickMs: number;
  logger: ActorLogger;
  onDialed(d: PlacedDial): Promise<void>;
  onChanged(campaignId: string): void;
}

/** Contacts looked at per round beyond those the budget allows (some may be outside their window). */
const LOOK_AHEAD = 50;

/** When a status change starts or ends the campaign. */
export function campaignStamps(status: CampaignStatus, c: Campaign, now: string): Partial<Campaign> {
  if (status === 'running' && !c.startedAt) return { startedAt: now };
  if (status === 'completed' || status === 'stopped') return { endedAt: now };
  return {};
}

export class CampaignDialer {
  private timer: NodeJS.Timeout | null = null;
  /** The next round, due when the earliest running campaign's pace allows a call. */
  private paced: NodeJS.Timeout | null = null;
  private readonly rounds = new SerialRounds(
    () => this.tick(),
    (err) => this.deps.logger.error({ err }, 'campaign dialer round failed'),
  );

  constructor(private readonly deps: CampaignDialerDeps) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.deps.tickMs);
    this.timer.unref();
  }

  /** A round over the running campaigns now (one at a time; a wake during one asks for another). */
  wake(): void {
    this.rounds.wake();
  }

  close(): void {
    this.rounds.stop();
    if (this.timer) clearInterval(this.timer);
    if (this.paced) clearTimeout(this.paced);
  }

  private async tick(): Promise<void> {
    let next = Infinity;
    for (const id of await this.deps.store.campaignIds('running')) {
      if (this.rounds.isStopped) return;
      const { dials, nextAt } = await this.round(id);
      if (nextAt !== null) next = Math.min(next, nextAt);
      // Not awaited: each call waits for its session to be recorded before it rings, and the next round must not wait
      // for that.
      for (const d of dials)
        this.deps
          .onDialed(d)
          .catch((err: unknown) => this.deps.logger.error({ err, campaignId: id }, 'placing a campaign call failed'));
    }
    if (next < Infinity && !this.rounds.isStopped) {
      if (this.paced) clearTimeout(this.paced);
      this.paced = setTimeout(
        () => {
          this.paced = null;
          this.wake();
        },
        Math.max(0, next - this.deps.clock.now().getTime()),
      );
    }
  }

  /**
   * One campaign's round; `nextAt`: when its pace allows the next call (null: a call's end or the periodic tick will
   * tell).
   */
  private async round(campaignId: string): Promise<{ dials: PlacedDial[]; nextAt: number | null }> {
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const none = { dials: [], nextAt: null };
    const out = await this.deps.store.withCampaign(
      campaignId,
      async (lock): Promise<{ dials: PlacedDial[]; nextAt: number | null }> => {
        const campaign = lock.campaign;
        if (campaign.status !== 'running') return none;
        const s = campaign.settings;
        const budget = dialBudget({
          cursor: lock.cursor,
          now: now.getTime(),
          callsPerMinute: s.callsPerMinute,
          maxConcurrent: s.maxConcurrentCalls,
          active: await lock.active(),
        });
        // Not yet its time, or every line busy: wake at the cursor (a full campaign is woken by a call's end too).
        if (budget.allowed === 0) {
          const cursor = budget.advance(0);
          if (cursor !== lock.cursor) await lock.setCursor(cursor);
          return { dials: [], nextAt: cursor > now.getTime() ? cursor : null };
        }
        const picked: PlacedDial[] = [];
        let changed = false;
        const due = await lock.due(now, budget.allowed + LOOK_AHEAD);
        for (const contact of due) {
          if (picked.length >= budget.allowed) break;
          changed = true;
          if (contact.doNotCall) {
            await lock.skipDoNotCall(contact.id, now);
            continue;
          }
          const zone = contact.timeZone ?? s.defaultTimeZone;
          if (!inCallingWindow(now, zone, s.callingWindow)) {
            await lock.defer(contact.id, nextWindowOpen(now, zone, s.callingWindow), now);
            continue;
          }
          const sessionId = this.deps.newId('ses');
          await lock.dial(contact.id, sessionId, this.deps.processId, now);
          picked.push({ campaign, contact, sessionId });
        }
        // Nothing left to call and nobody on the phone: the campaign is done.
        if (due.length === 0 && (await lock.remaining()) === 0) {
          const t = campaignTransition(campaign.status, 'finish');
          if (t.ok)
            await lock.save({
              ...campaign,
              status: t.status,
              updatedAt: nowIso,
              ...campaignStamps(t.status, campaign, nowIso),
            });
          this.deps.logger.info({ campaignId }, 'campaign completed: every contact was called');
          this.deps.onChanged(campaignId);
          return none;
        }
        const cursor = budget.advance(picked.length);
        if (cursor !== lock.cursor) await lock.setCursor(cursor);
        if (changed) this.deps.onChanged(campaignId);
        return { dials: picked, nextAt: picked.length > 0 ? cursor : null };
      },
    );
    return out ?? none;
  }
}
