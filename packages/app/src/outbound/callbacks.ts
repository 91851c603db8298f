/**
 * Use case: scheduled callbacks. Booked by the AI or a person, dialed once at their time by whichever process claims
 * them, retried, recovered after a crash.
 */
import { SerialRounds } from './serial-rounds';
import type { Actor, Agent, AttemptResult, Callback } from '@livespace/protocol';
import { attemptResult, callbackTransition, type CallbackCommand } from '@livespace/domain';
import { channel, publish, type Bus, type Clock, type Store } from '../ports/index';
import type { ActorLogger, CallbackRequest } from '../session/session-actor';
import type { Refusal } from '../refusal';
import type { OutboundCalls } from './outbound-calls';

/** Bus channel carrying each changed Callback to every process's gateway. */
export const CALLBACKS_CHANNEL = channel<Callback>('callbacks');

/** Attempts a callback gets unless its booking says otherwise. */
const DEFAULT_CALLBACK_ATTEMPTS = 3;

/** How far ahead a callback may be booked. */
const MAX_AHEAD_MS = 366 * 24 * 3600_000;

/** Callbacks one process claims per round; a full round is followed by another at once. */
const CLAIM_BATCH = 25;

export interface CallbackServiceDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  newId(prefix: string): string;
  /** This process (it owns the sessions it dials). */
  processId: string;
  outbound: OutboundCalls;
  agent(id: string): Agent | undefined;
  /** Caller ID of callback calls. */
  callerId: string;
  /** A callback later than this past its time is missed, not dialed. */
  graceMs: number;
  /** The next attempt after one with no conversation. */
  retryMs: number;
  /** How often this process looks for due callbacks (others may have booked them). */
  pollMs: number;
  logger: ActorLogger;
}

/** A person's booking (`POST /api/callbacks`), already checked at the edge (number normalized, agent known). */
export interface NewCallback {
  to: string;
  agentId: string;
  at: string;
  timeZone?: string;
  note?: string;
  maxAttempts?: number;
  createdBy: Actor;
}

export type CallbackOutcome = { ok: true; callback: Callback } | Refusal;

export class CallbackService {
  private timer: NodeJS.Timeout | null = null;
  private readonly rounds = new SerialRounds(
    () => this.round(),
    (err) => this.deps.logger.error({ err }, 'callback scheduler round failed'),
  );

  constructor(private readonly deps: CallbackServiceDeps) {}

  list(): Promise<Callback[]> {
    return this.deps.store.listCallbacks();
  }

  /** A person books a callback. Times more than a minute past, or over a year ahead, are refused. */
  async create(input: NewCallback): Promise<CallbackOutcome> {
    const now = this.deps.clock.now();
    const at = new Date(input.at);
    if (at.getTime() < now.getTime() - 60_000)
      return { ok: false, kind: 'invalid', code: 'invalid_input', message: 'at: the time is in the past', field: 'at' };
    if (at.getTime() > now.getTime() + MAX_AHEAD_MS)
      return { ok: false, kind: 'invalid', code: 'invalid_input', message: 'at: more than a year ahead', field: 'at' };
    const callback = await this.insert({
      id: this.deps.newId('cb'),
      to: input.to,
      agentId: input.agentId,
      at: at.toISOString(),
      timeZone: input.timeZone ?? null,
      maxAttempts: input.maxAttempts ?? DEFAULT_CALLBACK_ATTEMPTS,
      source: 'person',
      originSessionId: null,
      createdBy: input.createdBy,
      note: input.note ?? null,
    });
    return { ok: true, callback };
  }

  /** The AI booked a callback during a session (flow node or LLM tool); its id makes a retried booking book once. */
  async book(req: CallbackRequest): Promise<void> {
    await this.insert({
      id: req.id,
      to: req.to,
      agentId: req.agentId,
      at: new Date(req.at).toISOString(),
      timeZone: req.timeZone,
      maxAttempts: DEFAULT_CALLBACK_ATTEMPTS,
      source: req.source,
      originSessionId: req.originSessionId,
      createdBy: null,
      note: null,
    });
  }

  /** A person reschedules, calls now or cancels. */
  async change(
    id: string,
    what: { type: 'reschedule'; at: string } | { type: 'call_now' } | { type: 'cancel' },
  ): Promise<CallbackOutcome> {
    const now = this.deps.clock.now().toISOString();
    if (what.type === 'reschedule' && Date.parse(what.at) < Date.parse(now) - 60_000) {
      return { ok: false, kind: 'invalid', code: 'invalid_input', message: 'at: the time is in the past', field: 'at' };
    }
    const cmd: CallbackCommand =
      what.type === 'reschedule'
        ? { type: 'reschedule', at: new Date(what.at).toISOString(), now }
        : { type: what.type, now };
    const r = await this.apply(id, cmd);
    if (r === 'missing') return { ok: false, kind: 'not_found', code: 'not_found', message: 'callback not found' };
    if (!r.ok) return { ok: false, kind: 'conflict', code: 'wrong_state', message: r.message };
    if (what.type !== 'cancel') this.wake();
    return { ok: true, callback: r.callback };
  }

  /** Starts looking for due callbacks every `pollMs`. */
  start(): void {
    this.timer = setInterval(() => this.wake(), this.deps.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Looks for due callbacks now (one round at a time; a call during a round asks for another). */
  wake(): void {
    this.rounds.wake();
  }

  /** Waits for the round in progress (tests, shutdown). */
  async idle(): Promise<void> {
    await this.rounds.idle();
  }

  close(): void {
    this.rounds.stop();
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Settles callbacks whose dialing process died (`staleBefore`; null when this process is alone and just
   * started): an attempt whose session was never recorded never rang, so it is forgotten and the callback
   * dialed again; one whose session exists is over, with the result its session shows.
   */
  async recover(staleBefore: Date | null): Promise<number> {
    let settled = 0;
    for (const c of await this.deps.store.orphanedCallbacks(staleBefore)) {
      const sessionId = c.attempts.at(-1)?.sessionId;
      if (!sessionId) continue;
      const session = await this.deps.store.getSession(sessionId);
      const now = this.deps.clock.now().toISOString();
      if (session && session.state !== 'ended') continue; // its orphaned session is ended first, by the sessions' sweep
      const cmd: CallbackCommand = session
        ? {
            type: 'attempt_ended',
            sessionId,
            result: attemptResult(session.endReason, session.answeredAt),
            now,
            retryAt: this.retryAt(),
          }
        : { type: 'attempt_lost', sessionId, now };
      const r = await this.apply(c.id, cmd);
      if (r !== 'missing' && r.ok) settled++;
    }
    if (settled > 0) this.wake();
    return settled;
  }

  private async round(): Promise<void> {
    for (;;) {
      const now = this.deps.clock.now();
      const claimed = await this.deps.store.claimDueCallbacks(now, CLAIM_BATCH, this.deps.processId, (c) => {
        const cmd: CallbackCommand =
          Date.parse(c.at) < now.getTime() - this.deps.graceMs
            ? { type: 'miss', now: now.toISOString() }
            : { type: 'dial', sessionId: this.deps.newId('ses'), now: now.toISOString() };
        const r = callbackTransition(c, cmd);
        return r.ok ? r.callback : null;
      });
      for (const c of claimed) {
        await this.publish(c);
        if (c.status === 'dialing') await this.dial(c);
        else
          this.deps.logger.warn(
            { callbackId: c.id, due: c.at },
            'callback missed: its time passed while no server was running',
          );
      }
      if (claimed.length < CLAIM_BATCH || this.rounds.isStopped) return;
    }
  }

  /** Places the claimed attempt's call; its end decides what comes next. */
  private async dial(c: Callback): Promise<void> {
    const sessionId = c.attempts.at(-1)!.sessionId;
    const agent = this.deps.agent(c.agentId);
    if (!agent) {
      this.deps.logger.error(
        { callbackId: c.id, agentId: c.agentId },
        'callback not dialed: its AI agent no longer exists',
      );
      await this.attemptEnded(c.id, sessionId, 'failed');
      return;
    }
    this.deps.logger.info({ callbackId: c.id, sessionId, attempt: c.attempts.length }, 'dialing a callback');
    await this.deps.outbound.place({
      agent,
      to: c.to,
      from: this.deps.callerId,
      sessionId,
      outbound: { kind: 'callback', callbackId: c.id, ...(c.createdBy ? { by: c.createdBy } : {}) },
      variables: { ...(c.timeZone ? { timezone: c.timeZone } : {}), ...(c.note ? { callbackNote: c.note } : {}) },
      onEnded: (end) => void this.attemptEnded(c.id, end.sessionId, end.result),
    });
  }

  private async attemptEnded(id: string, sessionId: string, result: AttemptResult): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const r = await this.apply(id, { type: 'attempt_ended', sessionId, result, now, retryAt: this.retryAt() }).catch(
      (err: unknown) => {
        this.deps.logger.error({ err, callbackId: id }, 'recording a callback attempt failed');
        return null;
      },
    );
    // A retry may be due at once (a short retry delay): look now rather than at the next poll.
    if (r && r !== 'missing' && r.ok && r.callback.status === 'scheduled') this.wake();
  }

  private retryAt(): string {
    return new Date(this.deps.clock.now().getTime() + this.deps.retryMs).toISOString();
  }

  private async insert(fields: Omit<Callback, 'status' | 'attempts' | 'createdAt' | 'updatedAt'>): Promise<Callback> {
    const now = this.deps.clock.now().toISOString();
    const callback = await this.deps.store.insertCallback({
      ...fields,
      status: 'scheduled',
      attempts: [],
      createdAt: now,
      updatedAt: now,
    });
    await this.publish(callback);
    this.wake();
    return callback;
  }

  private async apply(
    id: string,
    cmd: CallbackCommand,
  ): Promise<'missing' | { ok: true; callback: Callback } | { ok: false; message: string }> {
    let refusal = '';
    const r = await this.deps.store.updateCallback(id, (c) => {
      const t = callbackTransition(c, cmd);
      if (t.ok) return t.callback;
      refusal = t.message;
      return null;
    });
    if (!r) return 'missing';
    if (!r.after) return { ok: false, message: refusal };
    await this.publish(r.after);
    return { ok: true, callback: r.after };
  }

  private async publish(c: Callback): Promise<void> {
    await publish(this.deps.bus, CALLBACKS_CHANNEL, c).catch((err: unknown) =>
      this.deps.logger.warn({ err }, 'publishing a callback change failed'),
    );
  }
}
