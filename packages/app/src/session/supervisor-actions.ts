/** Use case: a supervisor (or the agent holding a session) acts on a live session; every attempt is audited. */
import type { ActionRecord, CompleteBody, Priority, Role, SupervisorActionName } from '@livespace/protocol';
import { may } from '@livespace/protocol';
import type { TransferTarget } from '@livespace/domain';
import type { Clock, Rtc, RtcListener, Store } from '../ports/index';
import { ActionAudit } from './action-audit';
import type { SessionRegistry } from './session-registry';
import { route, type CommandRouter } from './command-router';
import type { CommandResult, SessionActor } from './session-actor';
import type { Refusal, RefusalKind } from '../refusal';

export interface ActingUser {
  id: string;
  name: string;
  role: Role;
  /** The login (its token's hash) acting: a listener ends with it. */
  login?: string;
  /** When that login expires (ms since the epoch): a listener hangs up then. */
  loginExpiresAt?: number;
}

export type ActionInput =
  | { action: 'whisper'; text: string }
  /** `receivedAt`: when the request arrived (performance.now()), to measure the barge's latency to its first audio. */
  | { action: 'barge'; text: string; mode: 'interrupt' | 'after_sentence'; endCall: boolean; receivedAt?: number }
  | { action: 'takeover' }
  | { action: 'resume' }
  | { action: 'say'; text: string }
  | { action: 'end' }
  | { action: 'listen' }
  | { action: 'escalate'; queue: string; priority: Priority; reason: string }
  /** A human agent takes the session's waiting escalation (after the store's atomic claim). */
  | { action: 'claim'; escalationId: string }
  | { action: 'complete'; body: CompleteBody }
  /** To a queue, or to a named agent (checked available by the use case); `text`: the note, audited. */
  | { action: 'transfer'; to: TransferTarget; priority: Priority; text?: string };

/** Done, or refused (the HTTP edge maps the refusal's kind to a status). */
export type ActionOutcome = { ok: true; record: ActionRecord } | Refusal;

/** A taken action's writes, each in ms from the moment the session took it. */
export interface ActionParts {
  /** The session's events committed (durable). */
  commit: number;
  /** The audit entry written (or kept to write later). */
  record: number;
}

/** Wraps promises to also tell how long after the timer's creation each one settled. */
function timer(): <T>(p: Promise<T>) => Promise<{ value: T; ms: number }> {
  const began = performance.now();
  return (p) => p.then((value) => ({ value, ms: performance.now() - began }));
}

type ListenOutcome = ActionOutcome & { answerSdp?: string; listenerId?: string };

/** Actions carried to the process that owns the session (see CommandRouter), and their answers. */
const PERFORM = route<{ sessionId: string; user: ActingUser; input: ActionInput }, ActionOutcome>('perform');
const LISTEN = route<{ sessionId: string; user: ActingUser; sdp: string }, ListenOutcome>('listen');
const LEAVE = route<{ sessionId: string; user: ActingUser; listenerId: string }, boolean>('leave');

export class SupervisorActions {
  /** Open listeners by id, so a browser can leave explicitly. */
  private readonly listeners = new Map<
    string,
    { sessionId: string; userId: string; login?: string; listener: RtcListener }
  >();

  /**
   * `durable` resolves once the events appended so far (to the session's lane) are committed: an answer is then
   * readable back at once.
   * `router` (several server processes): actions on sessions another process owns are run there.
   */
  /** Records that the store refused are written when it is back: an action done is never answered as failed. */
  private readonly audit: ActionAudit;

  constructor(
    private readonly deps: {
      registry: SessionRegistry;
      store: Store;
      clock: Clock;
      newId: (prefix: string) => string;
      rtc: Rtc;
      durable: (sessionId: string) => Promise<void>;
      router?: CommandRouter;
      onAuditError?: (err: unknown, pending: number, dropped: boolean) => void;
    },
  ) {
    this.audit = new ActionAudit({ store: deps.store, ...(deps.onAuditError ? { onError: deps.onAuditError } : {}) });
    // Actions another process carries here: this one owns the session.
    deps.router?.serve(PERFORM, (a) => this.perform(a.sessionId, a.user, a.input, { routed: true }));
    deps.router?.serve(LISTEN, (a) => this.listen(a.sessionId, a.user, a.sdp, true));
    deps.router?.serve(LEAVE, (a) => this.leave(a.sessionId, a.listenerId, a.user, true));
  }

  /** Action records still waiting for the store. */
  get auditPending(): number {
    return this.audit.pending;
  }

  close(): void {
    this.audit.close();
  }

  /** Joins the call's audio: answers the browser's WebRTC offer. */
  async listen(sessionId: string, user: ActingUser, offerSdp: string, routed = false): Promise<ListenOutcome> {
    const input: ActionInput = { action: 'listen' };
    const actor = this.deps.registry.get(sessionId);
    if (!actor)
      return this.notHere<ListenOutcome>(
        sessionId,
        user,
        input,
        routed ? null : (owner) => this.deps.router!.request(owner, LISTEN, { sessionId, user, sdp: offerSdp }),
      );
    if (!may(user.role, 'session.act', { holds: actor.detail.takenOverBy?.id === user.id })) {
      return this.refuse(
        sessionId,
        user,
        input,
        'forbidden',
        'forbidden',
        'Only supervisors and admins may listen to a session they do not hold',
      );
    }
    const can = actor.canListen();
    if (!can.ok) return this.refuse(sessionId, user, input, 'conflict', can.code, can.message);
    const listener = await this.deps.rtc.listen(offerSdp, can.media!, actor.talkFor({ id: user.id, name: user.name }));
    const listenerId = this.deps.newId('lsn');
    this.listeners.set(listenerId, {
      sessionId,
      userId: user.id,
      ...(user.login ? { login: user.login } : {}),
      listener,
    });
    // The login's expiry ends the listening too (its sign-out and account changes do through closeListenersOf).
    const expiry =
      user.loginExpiresAt === undefined
        ? null
        : setTimeout(() => void listener.close(), Math.min(2 ** 31 - 1, Math.max(0, user.loginExpiresAt - Date.now())));
    expiry?.unref();
    listener.onClosed(() => {
      if (expiry) clearTimeout(expiry);
      this.listeners.delete(listenerId);
    });
    actor.addListener(listener, { id: user.id, name: user.name });
    await this.deps.durable(sessionId);
    return {
      ok: true,
      record: await this.record(sessionId, user, input, 'ok'),
      answerSdp: listener.answerSdp,
      listenerId,
    };
  }

  /** Stops listening; only the listener itself (or an admin) may. */
  async leave(sessionId: string, listenerId: string, user: ActingUser, routed = false): Promise<boolean> {
    const l = this.listeners.get(listenerId);
    if (!l && !routed) {
      const owner = await this.remoteOwner(sessionId);
      if (owner) return this.deps.router!.request(owner, LEAVE, { sessionId, listenerId, user }).catch(() => false);
    }
    if (!l || l.sessionId !== sessionId || !may(user.role, 'listeners.stop', { holds: l.userId === user.id }))
      return false;
    await l.listener.close();
    await this.deps.durable(sessionId);
    return true;
  }

  /**
   * A user's account changed (logins ended, disabled, new role): this process's listeners of theirs hang up —
   * all of them, or only those opened with the `logins` given. Each process closes its own (the owner of the call).
   */
  async closeListenersOf(userId: string, logins?: readonly string[]): Promise<number> {
    const closing = [...this.listeners.values()].filter(
      (l) => l.userId === userId && (!logins || (l.login !== undefined && logins.includes(l.login))),
    );
    await Promise.all(closing.map((l) => l.listener.close()));
    return closing.length;
  }

  /**
   * `routed`: asked by another process (never forwarded again). `alongside`: work that follows from the action, started
   * once this process's session took it and awaited with its commit (not run when another process owns the session).
   * `timed`: how long the action's commit and its audit entry took, when this process's session took it.
   */
  async perform(
    sessionId: string,
    user: ActingUser,
    input: ActionInput,
    {
      routed = false,
      alongside,
      timed,
    }: { routed?: boolean; alongside?: () => Promise<void>; timed?: (parts: ActionParts) => void } = {},
  ): Promise<ActionOutcome> {
    const actor = this.deps.registry.get(sessionId);
    if (!actor) {
      // A request's arrival time means nothing in another process.
      const { receivedAt: _r, ...carried } = input as ActionInput & { receivedAt?: number };
      return this.notHere<ActionOutcome>(
        sessionId,
        user,
        input,
        routed
          ? null
          : (owner) => this.deps.router!.request(owner, PERFORM, { sessionId, user, input: carried as ActionInput }),
      );
    }
    // Supervisors and admins act on any live session; a human agent only on one it holds (or claims: the queue was
    // checked before).
    if (
      input.action !== 'claim' &&
      !may(user.role, 'session.act', { holds: actor.detail.takenOverBy?.id === user.id })
    ) {
      return this.refuse(
        sessionId,
        user,
        input,
        'forbidden',
        'forbidden',
        `Only supervisors and admins may ${input.action} on a session they do not hold`,
      );
    }
    const r = this.run(actor, user, input);
    if (!r.ok) return this.refuse(sessionId, user, input, 'conflict', r.code, r.message);
    // The session took the action: its commit, its audit entry and what follows from it are waited for together.
    const took = timer();
    const [commit, record] = await Promise.all([
      took(this.deps.durable(sessionId)),
      took(this.record(sessionId, user, input, 'ok')),
      alongside?.(),
    ]);
    timed?.({ commit: commit.ms, record: record.ms });
    return { ok: true, record: record.value };
  }

  async sessionExists(sessionId: string): Promise<boolean> {
    return (await this.deps.store.getSession(sessionId)) !== null;
  }

  /** The actions of a session, oldest first. */
  list(sessionId: string): Promise<ActionRecord[]> {
    return this.deps.store.listActions(sessionId);
  }

  private run(actor: SessionActor, user: ActingUser, input: ActionInput): CommandResult {
    const by = { id: user.id, name: user.name };
    switch (input.action) {
      case 'whisper':
        return actor.whisper(input.text, by);
      case 'barge':
        return actor.barge(
          input.text,
          {
            mode: input.mode,
            endCall: input.endCall,
            ...(input.receivedAt !== undefined ? { receivedAt: input.receivedAt } : {}),
          },
          by,
        );
      case 'takeover':
        return actor.takeover(by);
      case 'say':
        return actor.say(input.text, by);
      // A supervisor may hand back a takeover someone else holds (they left, say); an agent only its own.
      case 'resume':
        return actor.resume(by, may(user.role, 'session.act'));
      case 'end':
        return actor.end(by);
      case 'escalate':
        return actor.escalate(input.queue, input.priority, input.reason, { by });
      case 'claim':
        return actor.claim(input.escalationId, by);
      case 'complete':
        return actor.complete(by, input.body, may(user.role, 'session.act'));
      case 'transfer':
        return actor.transfer(
          input.to,
          { priority: input.priority, note: input.text ?? null, force: may(user.role, 'session.act') },
          by,
        );
      case 'listen':
        return { ok: false, code: 'wrong_state', message: 'listen takes an offer' };
    }
  }

  /**
   * No actor here: the session is unknown, over, or owned by another server process, which then runs
   * `forward` (and audits it). Unreachable owners are refused as unavailable.
   */
  private async notHere<T extends ActionOutcome>(
    sessionId: string,
    user: ActingUser,
    input: ActionInput,
    forward: ((owner: string) => Promise<T>) | null,
  ): Promise<T | ActionOutcome> {
    const summary = await this.deps.store.getSession(sessionId);
    if (!summary) return { ok: false, kind: 'not_found', code: 'not_found', message: 'Session not found' };
    if (summary.state === 'ended')
      return this.refuse(
        sessionId,
        user,
        input,
        'conflict',
        'wrong_state',
        `Cannot ${input.action}: the session is ended`,
      );
    const owner = forward ? await this.remoteOwner(sessionId) : null;
    if (owner) {
      try {
        return await forward!(owner);
      } catch {
        // fall through: the owner is gone or slow; its calls are ended by the others once its heartbeat stops
      }
    }
    return this.refuse(
      sessionId,
      user,
      input,
      'unavailable',
      'owned_elsewhere',
      'The server process handling this session does not answer; try again shortly',
    );
  }

  /** The other process that owns the session, when there is a router and one does. */
  private async remoteOwner(sessionId: string): Promise<string | null> {
    const router = this.deps.router;
    if (!router) return null;
    const owner = await this.deps.store.sessionOwner(sessionId);
    return owner && owner !== router.processId ? owner : null;
  }

  private async refuse(
    sessionId: string,
    user: ActingUser,
    input: ActionInput,
    kind: RefusalKind,
    code: string,
    message: string,
  ): Promise<ActionOutcome> {
    await this.record(sessionId, user, input, 'rejected', code);
    return { ok: false, kind, code, message };
  }

  private async record(
    sessionId: string,
    user: ActingUser,
    input: ActionInput,
    result: 'ok' | 'rejected',
    error?: string,
  ): Promise<ActionRecord> {
    const rec: ActionRecord = {
      id: this.deps.newId('act'),
      sessionId,
      action: input.action as SupervisorActionName,
      userId: user.id,
      userName: user.name,
      ...('text' in input ? { text: input.text } : {}),
      result,
      ...(error ? { error } : {}),
      at: this.deps.clock.now().toISOString(),
    };
    await this.audit.keep(rec);
    return rec;
  }
}
