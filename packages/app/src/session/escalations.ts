/** Use case: the escalation queue. Claims are decided by the store (one winner), then carried out by the session's owner. */
import type { AgentPresence, CompleteBody, Escalation, EscalationStatus, SessionEvent, TranscriptLine } from '@livespace/protocol';
import { applyToSummary, detailFromEvents } from '@livespace/protocol';
import { compareEscalations } from '@livespace/domain';
import type { Clock, EscalationRecord, Store } from '../ports/index';
import type { EventLog } from './event-log';
import type { PresenceService } from './presence';
import type { ActingUser, SupervisorActions } from './supervisor-actions';

export type EscalationOutcome =
  | { ok: true; escalation: EscalationRecord }
  | { ok: false; status: 403 | 404 | 409 | 503; code: string; message: string };

const SUPERVISING = new Set(['admin', 'supervisor']);

export class Escalations {
  constructor(private readonly deps: {
    store: Store; clock: Clock; actions: SupervisorActions; presence: PresenceService; log: EventLog; newId: (prefix: string) => string;
    /**
     * This process's live view (the `escalations` and `presence` topics): lets a claim on an escalation
     * already seen claimed be refused without the database. The database still decides every race.
     */
    view?: { escalation(id: string): Escalation | undefined; presence(userId: string): AgentPresence | undefined };
  }) {}

  /** Escalations with these statuses, waiting ones first by priority then wait, each with its transcript so far. */
  async list(statuses: readonly EscalationStatus[], limit = 100): Promise<Array<Escalation & { transcript: TranscriptLine[] }>> {
    const records = (await this.deps.store.listEscalations(statuses, limit)).sort(compareEscalations);
    return Promise.all(records.map(async (r) => {
      const detail = detailFromEvents(await this.deps.store.sessionEvents(r.sessionId, 0));
      return { ...r, lastLine: detail?.lastLine ?? null, transcript: (detail?.transcript ?? []).filter((l) => !l.partial && !l.hidden) };
    }));
  }

  async claim(id: string, user: ActingUser & { queues: readonly string[] }): Promise<EscalationOutcome> {
    const { store, clock, actions, presence, view } = this.deps;
    const seen = view?.escalation(id);
    const rec = seen ?? (await store.getEscalation(id));
    if (!rec) return { ok: false, status: 404, code: 'not_found', message: 'Escalation not found' };
    const agent = user.role === 'agent';
    if (agent && !user.queues.includes(rec.queue)) return { ok: false, status: 403, code: 'not_in_queue', message: `Only agents of queue ${rec.queue} (or supervisors) may claim it` };
    const taken = (x: { status: string; claimedBy: { name: string } | null }) =>
      ({ ok: false, status: 409, code: 'already_claimed', message: `Cannot claim: ${x.claimedBy ? `${x.claimedBy.name} claimed it first` : `it is ${x.status}`}` }) as const;
    if (rec.status !== 'waiting') return taken(rec);
    const mine = view?.presence(user.id) ?? (agent ? await store.getPresence(user.id) : undefined);
    if (agent && mine?.status === 'busy') return { ok: false, status: 409, code: 'busy', message: 'Complete the call you hold before claiming another' };
    const won = await store.claimEscalation(id, { id: user.id, name: user.name }, clock.now());
    // Lost the race: the database row says who won (this process's view may not have seen it yet).
    if (!won) return taken((await store.getEscalation(id)) ?? { status: 'gone', claimedBy: null });
    // The session's owner hands the call over; if it cannot (the caller just left), the claim is given back.
    const r = await actions.perform(rec.sessionId, user, { action: 'claim', escalationId: id });
    if (!r.ok) {
      await store.releaseEscalation(id, user.id);
      return r;
    }
    if (agent) await presence.claimed(user.id);
    return { ok: true, escalation: won };
  }

  async complete(id: string, user: ActingUser, body: CompleteBody): Promise<EscalationOutcome> {
    const { store, actions, presence } = this.deps;
    const rec = await store.getEscalation(id);
    if (!rec) return { ok: false, status: 404, code: 'not_found', message: 'Escalation not found' };
    if (rec.status !== 'claimed') return { ok: false, status: 409, code: 'wrong_state', message: `Cannot complete: the escalation is ${rec.status}` };
    if (!SUPERVISING.has(user.role) && rec.claimedBy?.id !== user.id) return { ok: false, status: 403, code: 'forbidden', message: `${rec.claimedBy?.name ?? 'Someone else'} holds this call` };
    const summary = await store.getSession(rec.sessionId);
    if (summary?.state === 'ended') {
      // The caller hung up during the call: the outcome is still recorded, on the ended session.
      await this.recordOnEnded(rec, user, body);
    } else {
      const r = await actions.perform(rec.sessionId, user, { action: 'complete', body });
      if (!r.ok) return r;
    }
    if (rec.claimedBy) await presence.completed(rec.claimedBy.id);
    return { ok: true, escalation: (await store.getEscalation(id)) ?? rec };
  }

  private async recordOnEnded(rec: EscalationRecord, user: ActingUser, body: CompleteBody): Promise<void> {
    const { store, clock, log } = this.deps;
    const summary = (await store.getSession(rec.sessionId))!;
    const at = clock.now().toISOString();
    const { sessionId: _s, channel: _c, callerNumber: _n, agentName: _a, ...info } = rec;
    const by = { id: user.id, name: user.name };
    const event: SessionEvent = {
      type: 'escalation', seq: summary.seq + 1, at, by,
      escalation: { ...info, status: 'resolved', endedAt: at, resolution: body.resolution, notes: body.notes ?? null },
    };
    log.append({ sessionId: rec.sessionId, event, summary: applyToSummary(summary, event) });
    await log.flushed();
    await store.recordAction({ id: this.deps.newId('act'), sessionId: rec.sessionId, action: 'complete', userId: user.id, userName: user.name, result: 'ok', at });
  }
}
