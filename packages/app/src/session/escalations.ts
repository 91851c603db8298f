/**
 * Use case: the escalation queue. Claims are decided by the store (one winner), then carried out by the session's
 * owner.
 */
import type {
  HumanAgentPresence,
  CompleteBody,
  Escalation,
  EscalationStatus,
  SessionEvent,
  TranscriptLine,
  TransferBody,
} from '@livespace/protocol';
import type { TransferTarget } from '@livespace/domain';
import { applyToSummary, detailFromEvents, may } from '@livespace/protocol';
import { compareEscalations } from '@livespace/domain';
import type { Clock, EscalationRecord, Store } from '../ports/index';
import type { EventLog } from './event-log';
import type { PresenceService } from './presence';
import type { ActingUser, SupervisorActions } from './supervisor-actions';
import type { Refusal } from '../refusal';

export type EscalationOutcome = { ok: true; escalation: EscalationRecord } | Refusal;

/** A transfer: done, or refused (an invalid one names the bad field). */
export type TransferOutcome = { ok: true } | Refusal;

/** How many of this process's won claims are remembered (a view catches up within milliseconds; this is plenty). */
const WON_REMEMBERED = 1_000;

/** A won claim's time by stage, in ms. */
export interface ClaimStages {
  /** Behind this process's earlier claims on the same escalation. */
  wait: number;
  /** The store's answer: the escalation read when this process has not seen it, the claim statement. */
  decide: number;
  /** The call handed over and its events committed, the action recorded, the human agent marked busy. */
  handOver: number;
  /**
   * The hand-over's parts, run at once, each from the moment the session took it: its events committed, the action's
   * audit entry, the human agent marked busy. Empty when another process owns the call; no `busy` when a supervisor
   * claimed.
   */
  parts: { commit?: number; record?: number; busy?: number };
}

export class Escalations {
  /**
   * Per escalation with claims being decided in this process: who won, once the claims so far are decided (null: nobody
   * yet).
   */
  private readonly claiming = new Map<string, Promise<EscalationRecord | null>>();
  /**
   * Escalations this process's claims won, newest last (at most WON_REMEMBERED): a click that arrives after the win
   * but before this process's view has seen it is refused without the database. Forgotten when the claim is given
   * back, the one way an escalation waits again.
   */
  private readonly won = new Map<string, EscalationRecord>();

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      actions: SupervisorActions;
      presence: PresenceService;
      eventLog: EventLog;
      newId: (prefix: string) => string;
      /**
       * This process's live view (the `escalations` and `presence` topics): lets a claim on an escalation
       * already seen claimed be refused without the database. The database still decides every race.
       */
      view?: {
        escalation(id: string): Escalation | undefined;
        presence(userId: string): HumanAgentPresence | undefined;
      };
      /** After each claim this process won and handed over: how long each stage took (ms). */
      onClaimWon?(stages: ClaimStages): void;
    },
  ) {}

  /** Escalations with these statuses, waiting ones first by priority then wait, each with its transcript so far. */
  async list(
    statuses: readonly EscalationStatus[],
    limit = 100,
  ): Promise<Array<Escalation & { transcript: TranscriptLine[] }>> {
    const records = (await this.deps.store.listEscalations(statuses, limit)).sort(compareEscalations);
    return Promise.all(
      records.map(async (r) => {
        const detail = detailFromEvents(await this.deps.store.sessionEvents(r.sessionId, 0));
        return {
          ...r,
          lastLine: detail?.lastLine ?? null,
          transcript: (detail?.transcript ?? []).filter((l) => !l.partial && !l.hidden),
        };
      }),
    );
  }

  /**
   * Claims a waiting escalation for `user`. While the store decides another claim on it made in this process, this one
   * waits for that decision: when that one won, this one is refused without the database (a hundred agents clicking
   * one escalation are one claim in the database, not a hundred); when it failed, this one is tried. Across processes
   * the database still decides.
   */
  async claim(id: string, user: ActingUser & { queues: readonly string[] }): Promise<EscalationOutcome> {
    const known = this.won.get(id);
    if (known) return refuseClaimed(known, user);
    const before = this.claiming.get(id) ?? Promise.resolve(null);
    // Settled as soon as the store has decided this claim (the next one need not wait for the call to be handed over).
    let settle!: (winner: EscalationRecord | null) => void;
    const decided = new Promise<EscalationRecord | null>((resolve) => {
      settle = resolve;
    });
    this.claiming.set(id, decided);
    const asked = performance.now();
    try {
      const winner = await before;
      return winner ? refuseClaimed(winner, user) : await this.claimNow(id, user, settle, performance.now() - asked);
    } finally {
      settle(await before);
      if (this.claiming.get(id) === decided) this.claiming.delete(id);
    }
  }

  /**
   * `won`: called with the escalation as soon as the store gave it to `user`. `waitedMs`: how long the claim waited
   * behind this process's earlier claims on the same escalation.
   */
  private async claimNow(
    id: string,
    user: ActingUser & { queues: readonly string[] },
    won: (x: EscalationRecord) => void,
    waitedMs: number,
  ): Promise<EscalationOutcome> {
    const { store, clock, actions, presence, view } = this.deps;
    const start = performance.now();
    const seen = view?.escalation(id);
    const rec = seen ?? (await store.getEscalation(id));
    if (!rec) return { ok: false, kind: 'not_found', code: 'not_found', message: 'Escalation not found' };
    const agent = user.role === 'agent';
    const forbidden = mayNotClaim(rec, user);
    if (forbidden) return forbidden;
    if (rec.status !== 'waiting') return alreadyClaimed(rec);
    const mine = view?.presence(user.id) ?? (agent ? await store.getPresence(user.id) : undefined);
    const busy = {
      ok: false,
      kind: 'conflict',
      code: 'busy',
      message: 'Complete the call you hold before claiming another',
    } as const;
    if (agent && mine?.status === 'busy') {
      // Busy with this very call (one of their own claims at once won): it was claimed first, by them.
      const fresh = await store.getEscalation(id);
      return fresh && fresh.status !== 'waiting' ? alreadyClaimed(fresh) : busy;
    }
    // A human agent's claim also checks, in the same transaction, that they hold no other call (two claims at once: one
    // wins).
    const by = { id: user.id, name: user.name };
    const claimed = agent
      ? await store.claimEscalationAlone(id, by, clock.now())
      : await store.claimEscalation(id, by, clock.now());
    if (claimed === 'busy') return busy;
    // Lost the race: the database row says who won (this process's view may not have seen it yet).
    if (!claimed) return alreadyClaimed((await store.getEscalation(id)) ?? { status: 'gone', claimedBy: null });
    won(claimed);
    const decidedAt = performance.now();
    this.remember(claimed);
    // The session's owner hands the call over; if it cannot (the caller just left), the claim is given back. Once this
    // process's session has taken the hand-over, the human agent is busy: set while the hand-over is committed.
    let busyNow = false;
    const parts: ClaimStages['parts'] = {};
    const markBusy = async () => {
      busyNow = true;
      const began = performance.now();
      await presence.claimed(user.id, mine);
      parts.busy = performance.now() - began;
    };
    const r = await actions.perform(
      rec.sessionId,
      user,
      { action: 'claim', escalationId: id },
      { ...(agent ? { alongside: markBusy } : {}), timed: (t) => Object.assign(parts, t) },
    );
    if (!r.ok) {
      this.won.delete(id);
      await store.releaseEscalation(id, user.id);
      return r;
    }
    // Handed over by another process: busy now.
    if (agent && !busyNow) await presence.claimed(user.id, mine);
    this.deps.onClaimWon?.({
      wait: waitedMs,
      decide: decidedAt - start,
      handOver: performance.now() - decidedAt,
      parts,
    });
    return { ok: true, escalation: claimed };
  }

  private remember(claimed: EscalationRecord): void {
    this.won.set(claimed.id, claimed);
    if (this.won.size > WON_REMEMBERED) this.won.delete(this.won.keys().next().value as string);
  }

  async complete(id: string, user: ActingUser, body: CompleteBody): Promise<EscalationOutcome> {
    const { store, actions, presence } = this.deps;
    const rec = await store.getEscalation(id);
    if (!rec) return { ok: false, kind: 'not_found', code: 'not_found', message: 'Escalation not found' };
    if (rec.status !== 'claimed')
      return {
        ok: false,
        kind: 'conflict',
        code: 'wrong_state',
        message: `Cannot complete: the escalation is ${rec.status}`,
      };
    if (!may(user.role, 'session.act', { holds: rec.claimedBy?.id === user.id }))
      return {
        ok: false,
        kind: 'forbidden',
        code: 'forbidden',
        message: `${rec.claimedBy?.name ?? 'Someone else'} holds this call`,
      };
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

  /**
   * Sends a held or waiting session to another queue, or straight to a named available human agent (who is busy
   * with it at once). The human agent who held it is available again. Supervisors, or the agent holding the call.
   */
  async transfer(sessionId: string, user: ActingUser, body: TransferBody): Promise<TransferOutcome> {
    const { store, actions, presence } = this.deps;
    const summary = await store.getSession(sessionId);
    if (!summary) return { ok: false, kind: 'not_found', code: 'not_found', message: 'Session not found' };
    const priority = body.priority ?? summary.escalation?.priority ?? 'normal';
    let to: TransferTarget;
    if (body.userId !== undefined) {
      const target = await store.findUserById(body.userId);
      if (!target || target.role !== 'agent')
        return {
          ok: false,
          kind: 'invalid',
          code: 'invalid_input',
          message: 'userId: no human agent has this id',
          field: 'userId',
        };
      if (target.id === summary.takenOverBy?.id)
        return {
          ok: false,
          kind: 'conflict',
          code: 'already_holds',
          message: `${target.name} holds this call already`,
        };
      const p = await store.getPresence(target.id);
      if (p?.status !== 'available')
        return {
          ok: false,
          kind: 'conflict',
          code: 'agent_unavailable',
          message: `${target.name} is ${p?.status ?? 'offline'}: transfer to an available agent or to a queue`,
        };
      const queue =
        summary.escalation && target.queues.includes(summary.escalation.queue)
          ? summary.escalation.queue
          : (target.queues[0] ?? 'general');
      to = { userId: target.id, userName: target.name, queue };
    } else {
      to = { queue: body.queue! };
    }
    const holder = summary.takenOverBy ?? null;
    const r = await actions.perform(sessionId, user, {
      action: 'transfer',
      to,
      priority,
      ...(body.note ? { text: body.note } : {}),
    });
    if (!r.ok) return r;
    if (holder) await presence.completed(holder.id);
    if ('userId' in to) await presence.claimed(to.userId);
    return { ok: true };
  }

  private async recordOnEnded(rec: EscalationRecord, user: ActingUser, body: CompleteBody): Promise<void> {
    const { store, clock, eventLog } = this.deps;
    const summary = (await store.getSession(rec.sessionId))!;
    const at = clock.now().toISOString();
    const { sessionId: _s, channel: _c, callerNumber: _n, callerName: _cn, agentName: _a, ...info } = rec;
    const by = { id: user.id, name: user.name };
    const event: SessionEvent = {
      type: 'escalation',
      seq: summary.seq + 1,
      at,
      by,
      escalation: { ...info, status: 'resolved', endedAt: at, resolution: body.resolution, notes: body.notes ?? null },
    };
    eventLog.append({ sessionId: rec.sessionId, event, summary: applyToSummary(summary, event) });
    await eventLog.flushed();
    await store.recordAction({
      id: this.deps.newId('act'),
      sessionId: rec.sessionId,
      action: 'complete',
      userId: user.id,
      userName: user.name,
      result: 'ok',
      at,
    });
  }
}

/** Why `user` may not claim in `rec`'s queue, or null when they may. */
function mayNotClaim(rec: EscalationRecord, user: ActingUser & { queues: readonly string[] }): Refusal | null {
  if (may(user.role, 'escalation.claim', { holds: user.queues.includes(rec.queue) })) return null;
  return {
    ok: false,
    kind: 'forbidden',
    code: 'not_in_queue',
    message: `Only agents of queue ${rec.queue} (or supervisors) may claim it`,
  };
}

/** A claim on an escalation already claimed: refused as not theirs to claim, or as claimed first by someone. */
function refuseClaimed(rec: EscalationRecord, user: ActingUser & { queues: readonly string[] }): Refusal {
  return mayNotClaim(rec, user) ?? alreadyClaimed(rec);
}

/** The refusal of a claim on an escalation that is not waiting: who claimed it first, or what it is now. */
function alreadyClaimed(x: { status: string; claimedBy: { name: string } | null }): Refusal {
  return {
    ok: false,
    kind: 'conflict',
    code: 'already_claimed',
    message: `Cannot claim: ${x.claimedBy ? `${x.claimedBy.name} claimed it first` : `it is ${x.status}`}`,
  };
}
