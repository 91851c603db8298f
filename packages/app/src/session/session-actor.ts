/**
 * One live session: owns its state, runs its agent's flow, speaks through its leg, and writes every change
 * as an event. What each command may do in each state, and what it does to speech and to the flow, is the
 * session machine's table (`@livespace/domain` session.machine): the actor asks it, then carries out its effects.
 */
import type {
  Actor,
  Agent,
  CompleteBody,
  EscalationInfo,
  EscalationStatus,
  LineMarks,
  OutboundInfo,
  Priority,
  SessionDetail,
  SessionEvent,
  SessionEventInput,
  SessionState,
  SessionSummary,
} from '@livespace/protocol';
import { applyToDetail, validText, type SystemEventData, type SystemKind } from '@livespace/protocol';
import {
  DEFAULT_HEALTH_POLICY,
  evaluateHealth,
  initialHealth,
  observeHealth,
  sameHealth,
  type HealthPolicy,
  type HealthState,
  fillTemplate,
  transition,
  type Effect,
  type SessionCommand,
  type TransferTarget,
} from '@livespace/domain';
import type {
  CallLeg,
  CallLegHandler,
  Clock,
  ConversationEvent,
  EventWrite,
  Llm,
  MediaStream,
  ProviderSource,
  RtcListener,
  Tts,
} from '../ports/index';
import { SessionFlow } from './session-flow';
import { SessionListeners } from './session-listeners';
import { SessionSpeech, type LineTiming } from './session-speech';

export interface ActorLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** Where the session's events go: the event log (a recorder in tests). */
interface EventSink {
  append(write: EventWrite): void;
}

export interface SessionActorDeps {
  id: string;
  agent: Agent;
  leg: CallLeg;
  clock: Clock;
  /** A new id; `prefix` names what for (default: a line). */
  newId: (prefix?: string) => string;
  eventLog: EventSink;
  tts: Tts | null;
  /** The chat model of `llm` flow nodes; null when none is configured (those nodes then speak their fallback). */
  llm: Llm | null;
  logger: ActorLogger;
  /** Least time between two partial updates of a line being spoken. */
  partialIntervalMs: number;
  /** Called once, after the session ended. */
  onEnded(actor: SessionActor): void;
  /**
   * A barge's first audio frame left for the caller `ms` after its request arrived; `stages` say where the time went.
   */
  onBargeHeard?(ms: number, stages: BargeStages): void;
  /** A line's first audio frame left for the caller `ms` after its words were known (synthesis and pacing included). */
  onFirstFrame?(ms: number): void;
  /** When a session needs attention (default DEFAULT_HEALTH_POLICY). */
  healthPolicy?: HealthPolicy;
  /** Variables the session starts with, over the agent's (a campaign contact's columns, Dial Now's). */
  variables?: Record<string, string>;
  /** Why Live Space placed this call (outbound legs). */
  outbound?: OutboundInfo;
  /** What an outbound call does when a voicemail answers: hang up, or leave `message` then hang up. */
  voicemail?: VoicemailPolicy;
  /** The callee's time zone when no `timezone` variable says it: dates the caller says are read in it. */
  timeZone?: string;
  /** The flow or the chat model booked a callback; the session records it and goes on talking. */
  onCallback?(request: CallbackRequest): Promise<void>;
  /** The call is recorded: its summary says so from the start. */
  recorded?: boolean;
}

/** What an outbound call does when a machine answers. */
/**
 * Where a barge's time went, in ms: from its request to its line's speaking (the request's handling, the actor, and in
 * `after_sentence` mode the sentence playing), making the audio (the synthesis queue included), handing it to the leg.
 */
export interface BargeStages {
  request: number;
  synthesis: number;
  send: number;
}

export type VoicemailPolicy = { action: 'hangup' } | { action: 'leave_message'; message: string };

/** A callback the AI booked during a session. */
export interface CallbackRequest {
  id: string;
  to: string;
  agentId: string;
  at: string;
  timeZone: string | null;
  source: 'flow' | 'llm';
  originSessionId: string;
}

/** End reasons of outbound calls that never reached a person: they are also the session's outcome. */
const CARRIER_OUTCOMES = new Set(['no_answer', 'busy', 'failed', 'voicemail']);

const PROVIDER_NAMES: Record<ProviderSource, string> = {
  stt: 'Speech recognition',
  tts: 'Speech synthesis',
  channel: 'Sending the message',
};

const HEALTHY = { level: 'ok' as const, reasons: [] };

/** Said to a caller sent to a person when nothing was said already (a voice call then hears hold audio). */
const HOLD_MESSAGE = {
  voice: 'Please hold on, I am connecting you with a person.',
  text: 'Thanks for your patience. A person will answer you here shortly.',
};

/**
 * A command's outcome: done, or refused with a code (each a conflict with the session's state: a 'conflict' refusal).
 */
export type CommandResult =
  | { ok: true }
  | { ok: false; code: 'wrong_state' | 'takeover_held' | 'not_holder' | 'no_audio'; message: string };

/** How an escalation ends when the session leaves the queue or the person holding it. */
const DEQUEUED: Record<Extract<Effect, { type: 'dequeue' }>['reason'], EscalationStatus> = {
  returned_to_ai: 'returned',
  abandoned: 'abandoned',
  transferred: 'transferred',
};

/** Picks the summary fields out of a session (the transcript stays behind). */
export function toSummary(d: SessionDetail): SessionSummary {
  const { transcript: _t, variables: _v, ...summary } = d;
  return summary;
}

export class SessionActor implements CallLegHandler {
  readonly id: string;
  readonly detail: SessionDetail;
  private callerLineId: string | null = null;
  private ended = false;
  /** The hold message being said: hold audio starts after it. */
  private announcing: Promise<void> = Promise.resolve();
  /** When the barge being carried out was asked for (performance.now()), to measure when the caller hears it. */
  private bargeReceivedAt: number | undefined;
  /** The person a claim or a transfer hands the call to (announced with the state). */
  private assignee: Actor | null = null;
  /** What the session's health is computed from. */
  private health: HealthState;
  private readonly speech: SessionSpeech;
  private readonly listeners: SessionListeners;
  private readonly flow: SessionFlow;

  constructor(private readonly deps: SessionActorDeps) {
    this.id = deps.id;
    const { leg, agent } = deps;
    this.health = initialHealth(leg.channel === 'voice');
    const now = deps.clock.now().toISOString();
    this.detail = {
      id: deps.id,
      channel: leg.channel,
      direction: leg.direction,
      agentId: agent.id,
      agentName: agent.name,
      callerNumber: leg.remote,
      ...(leg.remoteName ? { callerName: leg.remoteName } : {}),
      state: leg.direction === 'outbound' ? 'dialing' : 'ringing',
      startedAt: now,
      endedAt: null,
      endReason: null,
      currentNode: null,
      lastLine: null,
      seq: 0,
      transcript: [],
      variables: { ...agent.flow.variables, ...deps.variables },
      outcome: null,
      ...(deps.outbound ? { outbound: deps.outbound, answeredAt: null } : {}),
      ...(deps.recorded ? { recorded: true } : {}),
    };
    const emit = (e: SessionEventInput) => this.emit(e);
    const newId = () => deps.newId();
    this.speech = new SessionSpeech({
      leg,
      tts: deps.tts,
      agent,
      newId,
      partialIntervalMs: deps.partialIntervalMs,
      emit,
      ended: () => this.ended,
      onProviderError: (source, message) => this.onProviderError(source, message),
      ...(deps.onFirstFrame ? { onFirstFrame: deps.onFirstFrame } : {}),
    });
    this.listeners = new SessionListeners({ newId, emit });
    this.flow = new SessionFlow({
      id: deps.id,
      agent,
      clock: deps.clock,
      llm: deps.llm,
      logger: deps.logger,
      detail: this.detail,
      speech: this.speech,
      newId: (prefix) => deps.newId(prefix),
      timeZone: () => this.timeZone,
      aiHolds: () => this.aiHolds(),
      ended: () => this.ended,
      emit,
      system: (kind, text, data) => this.system(kind, text, data),
      escalate: (queue, priority, reason, announced) => {
        this.escalate(queue, priority, reason, { announced });
      },
      hangup: (reason) => this.hangup(reason),
      ...(deps.onCallback ? { onCallback: deps.onCallback } : {}),
    });
  }

  /** The caller's time zone: the `timezone` variable (a campaign contact's column), else the configured default. */
  private get timeZone(): string | undefined {
    return this.detail.variables.timezone || this.deps.timeZone;
  }

  /** The AI agent running the session. */
  get agent(): Agent {
    return this.deps.agent;
  }
  get state(): SessionState {
    return this.detail.state;
  }
  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Announces the session; an inbound call is answered at once and the agent speaks first, an outbound one waits for
   * the far end.
   */
  start(): void {
    this.emit({ type: 'session.started', summary: toSummary(this.detail), variables: { ...this.detail.variables } });
    this.deps.leg.attach(this);
    if (this.deps.leg.direction === 'inbound') this.perform({ type: 'answer' });
  }

  // ── Carrier and channel signals ─────────────────────────────────────────────────────────────

  onRinging(): void {
    this.perform({ type: 'ring' });
  }

  /**
   * An outbound call connected: a person gets the agent's flow; a voicemail gets the message, if any, then the call
   * ends.
   */
  onAnswered(by: 'human' | 'machine'): void {
    if (this.ended) return;
    this.system('answered', by === 'human' ? 'Answered' : 'Answered by a voicemail', { by });
    this.perform({ type: 'answer', by });
  }

  // What the leg delivers (recognised speech, a customer's message) comes from outside: made valid text here.

  onCallerPartial(text: string): void {
    if (this.ended) return;
    this.callerLineId ??= this.deps.newId();
    this.emit({ type: 'line.partial', lineId: this.callerLineId, speaker: 'caller', text: validText(text) });
  }

  onCallerFinal(text: string, lineId?: string): void {
    if (lineId !== undefined) this.callerLineId = lineId;
    this.callerLine(validText(text), {});
  }

  /** A messaging customer's edit, deletion, reaction, new number or name, or welcome request: shown, not answered. */
  onConversationEvent(e: ConversationEvent): void {
    if (this.ended) return;
    switch (e.kind) {
      case 'message_edited':
        this.system(e.kind, validText(`The customer edited a message: ${e.text}`), {
          target: e.target,
          text: validText(e.text),
        });
        return;
      case 'message_deleted':
        this.system(e.kind, 'The customer deleted a message', { target: e.target });
        return;
      case 'reaction': {
        const emoji = e.emoji === null ? null : validText(e.emoji).slice(0, 16);
        this.system(
          e.kind,
          emoji ? `The customer reacted ${emoji} to a message` : 'The customer removed their reaction',
          { target: e.target, emoji },
        );
        return;
      }
      case 'customer': {
        const data: Record<string, unknown> = {};
        if (e.callerNumber !== undefined) data.callerNumber = validText(e.callerNumber);
        if (e.callerName !== undefined) data.callerName = e.callerName === null ? null : validText(e.callerName);
        const text =
          e.callerNumber !== undefined
            ? `The customer's number changed from ${this.detail.callerNumber} to ${String(data.callerNumber)}`
            : `The customer's name is ${String(data.callerName ?? 'not given')}`;
        this.system('customer', text, data);
        return;
      }
      case 'welcome':
        this.system('welcome', 'The customer opened the chat for the first time (a welcome request)');
        return;
    }
  }

  /**
   * Keys the caller pressed: a caller line marked as keys, which the flow reads like words (a `digits` intent matches
   * it).
   */
  onCallerDigits(digits: string): void {
    this.callerLine(validText(digits), { dtmf: true });
  }

  /**
   * The caller talks over the AI: what the AI was saying and about to say is dropped, and the caller's line is
   * answered.
   */
  onCallerSpeech(): void {
    if (!this.ended && this.detail.state === 'ai_active') this.perform({ type: 'caller_speech' });
  }

  /** A speech provider failed: written on the session (supervisors see it); the call goes on. */
  onProviderError(source: ProviderSource, message: string): void {
    if (this.ended) return;
    this.deps.logger.warn({ sessionId: this.id, source, err: message }, 'provider failed');
    this.system('error', validText(`${PROVIDER_NAMES[source]} failed: ${message}`), { source });
  }

  /** The far end hung up (or the conversation closed). */
  onHangup(reason: string): void {
    if (!this.ended) this.perform({ type: 'hangup', reason });
  }

  private callerLine(text: string, marks: LineMarks): void {
    if (this.ended) return;
    const lineId = this.callerLineId ?? this.deps.newId();
    this.callerLineId = null;
    this.emit({ type: 'line.final', lineId, speaker: 'caller', text, ...marks });
    // Turn-taking: the agent answers only once the caller's line is final, and only while the AI holds the call.
    this.flow.callerLine(text);
  }

  // ── Supervisor and agent commands ───────────────────────────────────────────────────────────

  /** Hidden guidance for the AI: in the supervisors' transcript only; never an answer on the caller's behalf. */
  whisper(text: string, by: Actor): CommandResult {
    return this.perform({ type: 'whisper', text }, by);
  }

  /** The AI says `text` now (or after its current sentence), then goes on from where the conversation stands. */
  barge(
    text: string,
    opts: { mode: 'interrupt' | 'after_sentence'; endCall: boolean; receivedAt?: number },
    by: Actor,
  ): CommandResult {
    this.bargeReceivedAt = opts.receivedAt;
    try {
      return this.perform({ type: 'barge', text, mode: opts.mode, endCall: opts.endCall }, by);
    } finally {
      this.bargeReceivedAt = undefined;
    }
  }

  /** A person takes the call: the AI stops talking at once and stays silent until resume. */
  takeover(by: Actor): CommandResult {
    return this.perform({ type: 'takeover', userId: by.id }, by);
  }

  /** The person holding the call speaks (voice: synthesized in a voice of its own) or writes. */
  say(text: string, by: Actor): CommandResult {
    return this.perform({ type: 'say', text, userId: by.id }, by);
  }

  /**
   * Hands the call back to the AI, which asks its open question again and goes on from there. `force`: a supervisor.
   */
  resume(by: Actor, force: boolean): CommandResult {
    return this.perform({ type: 'resume', userId: by.id, force }, by);
  }

  /** Hangs up at once; the session ends as ended by this person. */
  end(by: Actor): CommandResult {
    return this.perform({ type: 'end' }, by);
  }

  /** The call's mixed audio, when it has any (voice), and the session is live. */
  canListen(): CommandResult & { media?: MediaStream } {
    const r = this.perform({ type: 'listen' });
    if (!r.ok) return r;
    const media = this.deps.leg.media;
    if (!media) return { ok: false, code: 'no_audio', message: 'Cannot listen: a message conversation has no audio' };
    return { ok: true, media };
  }

  /**
   * Sends the session to a person (a flow's hand-off, the AI giving up, an LLM tool, or a supervisor):
   * the escalation is announced, and the caller hears a short message and hold audio.
   */
  escalate(
    queue: string,
    priority: Priority,
    reason: string,
    opts: { by?: Actor; announced?: boolean } = {},
  ): CommandResult {
    return this.perform(
      {
        type: 'escalate',
        queue,
        priority,
        reason,
        byPerson: opts.by !== undefined,
        announced: opts.announced ?? false,
      },
      opts.by,
    );
  }

  /**
   * A human agent takes the waiting caller: hold audio stops, and the agent holds the call (talks or types) until it
   * completes.
   */
  claim(escalationId: string, agent: Actor): CommandResult {
    const x = this.detail.escalation;
    if (this.detail.state === 'queued' && (x?.id !== escalationId || x.status !== 'waiting')) {
      return { ok: false, code: 'wrong_state', message: 'Cannot claim: this escalation is no longer waiting' };
    }
    return this.perform({ type: 'claim', agentUserId: agent.id }, agent);
  }

  /** The agent is done: the outcome is recorded, then the call ends, or goes back to the AI where its flow stands. */
  complete(by: Actor, body: CompleteBody, force: boolean): CommandResult {
    const x = this.detail.escalation;
    const r = transition(
      this.detail.state,
      { type: 'complete', userId: by.id, force },
      this.deps.clock.now(),
      this.holder(),
    );
    if (!r.ok) return this.refusal(r);
    this.emit({
      type: 'escalation',
      by,
      escalation: {
        ...x!,
        status: body.returnToAi ? 'returned' : 'resolved',
        endedAt: this.now(),
        resolution: body.resolution,
        notes: body.notes ?? null,
      },
    });
    return this.perform(
      { type: 'complete', resolution: body.resolution, returnToAi: body.returnToAi ?? false, userId: by.id, force },
      by,
    );
  }

  /** Sends a held or waiting session to another queue, or to a named agent who holds it at once. */
  transfer(
    to: TransferTarget,
    opts: { priority: Priority; note: string | null; force: boolean },
    by: Actor,
  ): CommandResult {
    return this.perform(
      { type: 'transfer', to, priority: opts.priority, note: opts.note, userId: by.id, force: opts.force },
      by,
    );
  }

  /**
   * Where the microphone of `by` goes: to the caller while `by` holds the call (takeover or claim), else nowhere
   * (undefined: listen only).
   */
  talkFor(by: Actor): ((frame: Uint8Array) => void) | undefined {
    const leg = this.deps.leg;
    if (!leg.sendAudio || !this.heldBy(by)) return undefined;
    return (frame) => {
      // Only while the hold lasts: after resume or completion the microphone is heard by nobody.
      if (!this.ended && this.heldBy(by)) leg.sendAudio!(frame);
    };
  }

  /** Someone listens (silently: nothing reaches the caller or the AI); everyone sees who. */
  addListener(listener: RtcListener, by: Actor): void {
    if (this.ended) {
      void listener.close();
      return;
    }
    this.listeners.add(listener, by);
  }

  /** Hangs up from our side (the flow ended, a barge that ends the call, shutdown). */
  hangup(reason: string, by?: Actor): void {
    if (!this.ended) this.perform({ type: 'hangup', reason }, by, { ours: true });
  }

  /** Resolves when queued flow work is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.flow.idle();
  }

  // ── The machine and its effects ─────────────────────────────────────────────────────────────

  /** Asks the session machine; when it accepts, carries out its effects in order. */
  private perform(cmd: SessionCommand, by?: Actor, opts: { ours?: boolean } = {}): CommandResult {
    const r = transition(this.detail.state, cmd, this.deps.clock.now(), this.holder());
    if (!r.ok) return this.refusal(r);
    for (const effect of r.effects) this.carryOut(effect, cmd, by, opts.ours ?? cmd.type !== 'hangup');
    return { ok: true };
  }

  private refusal(r: { reason: string; message: string }): CommandResult {
    const code =
      r.reason === 'already_ended' ? 'wrong_state' : (r.reason as Exclude<CommandResult, { ok: true }>['code']);
    return { ok: false, code, message: r.message };
  }

  private carryOut(e: Effect, cmd: SessionCommand, by: Actor | undefined, ours: boolean): void {
    switch (e.type) {
      case 'publish_state': {
        if (e.state === 'ended') return; // `hangup` announced the end already
        const who = e.state === 'claimed' ? (this.assignee ?? by) : by;
        this.emit({ type: 'session.state', state: e.state, ...(who ? { by: who } : {}) });
        return;
      }
      case 'start_ai':
        this.flow.start(this.detail.variables);
        return;
      case 'leave_voicemail': {
        const policy = this.deps.voicemail ?? { action: 'hangup' };
        this.flow.then(async () => {
          if (policy.action === 'leave_message')
            await this.speech.say(fillTemplate(policy.message, this.detail.variables), 'ai');
          this.hangup('voicemail');
        });
        return;
      }
      case 'silence_ai':
        this.flow.cancelModel();
        this.speech.silence(e.playing);
        return;
      case 'hold_flow':
        this.flow.hold();
        return;
      case 'guide_ai':
        this.emit({
          type: 'line.final',
          lineId: this.deps.newId(),
          speaker: 'supervisor',
          text: e.text,
          hidden: true,
          ...(by ? { by } : {}),
        });
        this.flow.guide(e.text);
        return;
      case 'speak_barge':
        return this.speakBarge(e, by);
      case 'speak_human':
        void this.speech
          .say(e.text, 'human', by ? { by } : {})
          .catch((err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'say failed'));
        return;
      case 'ask_again':
        this.flow.askAgain();
        return;
      case 'hangup':
        return this.finish(e.reason, by, ours);
      case 'enqueue':
        return this.enqueueEscalation(e, by);
      case 'dequeue': {
        const x = this.detail.escalation;
        if (x && (x.status === 'waiting' || x.status === 'claimed')) {
          this.emit({
            type: 'escalation',
            escalation: { ...x, status: DEQUEUED[e.reason], endedAt: this.now() },
            ...(by ? { by } : {}),
          });
        }
        return;
      }
      case 'assign': {
        const x = this.detail.escalation;
        const who =
          cmd.type === 'transfer' && 'userId' in cmd.to
            ? { id: cmd.to.userId, name: cmd.to.userName }
            : (by ?? { id: e.agentUserId, name: e.agentUserId });
        this.assignee = who;
        if (x)
          this.emit({
            type: 'escalation',
            escalation: { ...x, status: 'claimed', claimedBy: who, claimedAt: this.now() },
            ...(by ? { by } : {}),
          });
        return;
      }
      case 'hold_audio':
        if (!e.on) return this.deps.leg.hold?.(false);
        void this.announcing.then(() => {
          if (this.detail.channel === 'voice' && this.detail.state === 'queued' && !this.ended)
            this.deps.leg.hold?.(true);
        });
        return;
    }
  }

  /** A new waiting escalation; the caller is told a person is coming unless the flow or the model said so already. */
  private enqueueEscalation(e: Extract<Effect, { type: 'enqueue' }>, by: Actor | undefined): void {
    const escalation: EscalationInfo = {
      id: this.deps.newId('esc'),
      queue: e.queue,
      priority: e.priority,
      reason: e.reason,
      status: 'waiting',
      waitingSince: e.since,
      claimedBy: null,
      claimedAt: null,
      endedAt: null,
      resolution: null,
      notes: null,
    };
    this.emit({ type: 'escalation', escalation, ...(by ? { by } : {}) });
    if (!e.announce) return;
    const text = this.detail.channel === 'voice' ? HOLD_MESSAGE.voice : HOLD_MESSAGE.text;
    this.announcing = this.speech.say(text, 'ai').then(
      () => undefined,
      (err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'hold message failed'),
    );
  }

  /** The barge line; then the AI goes on from where the conversation stands, or the call ends. */
  private speakBarge(e: Extract<Effect, { type: 'speak_barge' }>, by: Actor | undefined): void {
    const epoch = this.speech.epoch;
    const before = e.mode === 'interrupt' ? Promise.resolve() : this.speech.playing;
    const receivedAt = this.bargeReceivedAt;
    const heard =
      receivedAt === undefined
        ? undefined
        : (t: LineTiming) => {
            const ms = performance.now() - receivedAt;
            const stages: BargeStages = {
              request: ms - t.synthesisMs - t.sendMs,
              synthesis: t.synthesisMs,
              send: t.sendMs,
            };
            const tenths = (x: number) => Math.round(x * 10) / 10;
            this.deps.logger.info(
              {
                sessionId: this.id,
                latencyMs: tenths(ms),
                requestMs: tenths(stages.request),
                synthesisMs: tenths(stages.synthesis),
                sendMs: tenths(stages.send),
                mode: e.mode,
              },
              'barge first frame sent',
            );
            this.deps.onBargeHeard?.(ms, stages);
          };
    const barge = (async () => {
      await before;
      await this.speech.say(e.text, 'ai', { barge: true, ...(by ? { by } : {}) }, heard, epoch);
      // A later barge or a takeover overrides this one's ending.
      if (e.then === 'hang_up' && epoch === this.speech.epoch) this.hangup('ended_by_supervisor', by);
    })().catch((err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'barge failed'));
    this.flow.barge(barge, e.then === 'go_on', epoch);
  }

  private aiHolds(): boolean {
    return !this.ended && this.detail.state === 'ai_active';
  }

  /** Who holds the call: took it over, or claimed its escalation. */
  private holder(): Actor | null {
    return this.detail.takenOverBy ?? null;
  }

  /** Whether `by` holds the call now: took it over, or claimed its escalation. */
  private heldBy(by: Actor): boolean {
    return (
      (this.detail.state === 'human_active' || this.detail.state === 'claimed') && this.detail.takenOverBy?.id === by.id
    );
  }

  private finish(reason: string, by: Actor | undefined, dropLine: boolean): void {
    if (this.ended) return;
    if (dropLine) this.deps.leg.hangup(reason);
    // A call that never reached a person: the carrier's word is its outcome (unless the AI recorded one).
    if (CARRIER_OUTCOMES.has(reason) && !this.detail.outcome)
      this.system('outcome', `Outcome: ${reason.replace('_', ' ')}`, { outcome: reason });
    this.emit({ type: 'session.ended', reason, ...(by ? { by } : {}) });
    this.ended = true;
    this.flow.cancelModel();
    this.deps.leg.clear();
    this.listeners.closeAll();
    this.deps.onEnded(this);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private system<K extends SystemKind>(kind: K, text: string, data?: SystemEventData[K]): void {
    this.emit({
      type: 'system',
      lineId: this.deps.newId(),
      kind,
      text,
      ...(data ? { data } : {}),
    } as SessionEventInput);
  }

  private emit(input: SessionEventInput): void {
    if (this.ended) return;
    const event = { ...input, seq: this.detail.seq + 1, at: this.now() } as SessionEvent;
    applyToDetail(this.detail, event);
    this.deps.eventLog.append({ sessionId: this.id, event, summary: toSummary(this.detail) });
    if (event.type === 'health') return;
    this.health = observeHealth(this.health, event, this.deps.healthPolicy);
    this.checkHealth();
  }

  /** Re-evaluates the session's health (after each event, and every second for silences); emitted when it changed. */
  checkHealth(): void {
    if (this.ended) return;
    const health = evaluateHealth(
      this.health,
      this.deps.clock.now().getTime(),
      this.deps.healthPolicy ?? DEFAULT_HEALTH_POLICY,
    );
    if (!sameHealth(this.detail.health ?? HEALTHY, health)) this.emit({ type: 'health', health });
  }
}
