/**
 * One live session: owns its state, runs its agent's flow, speaks through its leg, and writes every change
 * as an event. What each command may do in each state, and what it does to speech and to the flow, is the
 * session machine's table (`@livespace/domain` session.machine): the actor asks it, then carries out its effects.
 */
import type {
  Actor, Agent, CompleteBody, EscalationInfo, EscalationStatus, LineMarks, OutboundInfo, Priority, SessionDetail, SessionEvent, SessionEventInput, SessionState, SessionSummary,
} from '@livespace/protocol';
import { applyToDetail } from '@livespace/protocol';
import {
  DEFAULT_HEALTH_POLICY, evaluateHealth, initialHealth, observeHealth, sameHealth, type HealthPolicy, type HealthState,
  fillTemplate, onCallerLine, resumeFlow, startFlow, steerByWhisper, transition, whisperVariables,
  type Effect, type FlowAction, type FlowState, type FlowStep, type SessionCommand, type TransferTarget,
} from '@livespace/domain';
import type { CallLeg, CallLegHandler, Clock, EventWrite, Llm, MediaStream, ProviderSource, RtcListener, Tts } from '../ports/index';
import { SessionListeners } from './session.listeners';
import { llmTurn, type LlmTurnHost } from './session.llm-turn';
import { SessionSpeech } from './session.speech';

export { HUMAN_VOICE } from './session.speech';
export { LLM_FALLBACK } from './session.llm-turn';

export interface ActorLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** Where the session's events go: the event log (a recorder in tests). */
export interface EventSink {
  append(write: EventWrite): void;
}

export interface SessionActorDeps {
  id: string;
  agent: Agent;
  leg: CallLeg;
  clock: Clock;
  /** A new id; `prefix` names what for (default: a line). */
  newId: (prefix?: string) => string;
  log: EventSink;
  tts: Tts | null;
  /** The chat model of `llm` flow nodes; null when none is configured (those nodes then speak their fallback). */
  llm: Llm | null;
  logger: ActorLogger;
  /** Least time between two partial updates of a line being spoken. */
  partialIntervalMs: number;
  /** Called once, after the session ended. */
  onEnded(actor: SessionActor): void;
  /** A barge's first audio frame left for the caller `ms` after its request arrived. */
  onBargeHeard?(ms: number): void;
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
}

/** What an outbound call does when a machine answers. */
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

const PROVIDER_NAMES: Record<ProviderSource, string> = { stt: 'Speech recognition', tts: 'Speech synthesis', channel: 'Sending the message' };

const HEALTHY = { level: 'ok' as const, reasons: [] };

/** Said to a caller sent to a person when nothing was said already (a voice call then hears hold audio). */
export const HOLD_MESSAGE = { voice: 'Please hold on, I am connecting you with a person.', text: 'Thanks for your patience. A person will answer you here shortly.' };

/** Said when the AI gets the call back and its flow has nothing left to ask. */
export const CLOSING_LINE = 'Thank you for your patience. Goodbye!';

/** A command's outcome: done, or refused with a code (each a conflict with the session's state: HTTP 409). */
export type CommandResult = { ok: true } | { ok: false; code: 'wrong_state' | 'takeover_held' | 'not_holder' | 'no_audio'; message: string };

/** How an escalation ends when the session leaves the queue or the person holding it. */
const DEQUEUED: Record<Extract<Effect, { type: 'dequeue' }>['reason'], EscalationStatus> = {
  returned_to_ai: 'returned', abandoned: 'abandoned', transferred: 'transferred',
};

/** Picks the summary fields out of a session (the transcript stays behind). */
export function toSummary(d: SessionDetail): SessionSummary {
  const { transcript: _t, variables: _v, ...summary } = d;
  return summary;
}

export class SessionActor implements CallLegHandler {
  readonly id: string;
  readonly detail: SessionDetail;
  private flow: FlowState | null = null;
  /** The flow's work, one step at a time: the caller's lines, whispers' steering, the AI going on after a barge. */
  private work: Promise<void> = Promise.resolve();
  private callerLineId: string | null = null;
  private ended = false;
  /** False until the flow has started: what the caller said before (a first WhatsApp message) is transcript only. Later lines answer the flow in turn. */
  private greeted = false;
  /** Bumped by `hold_flow`: a flow step in progress goes no further. */
  private flowGen = 0;
  /** A barge being spoken: the flow's next actions wait for it (so an `end` cannot cut it off). */
  private barging: Promise<void> | null = null;
  /** The hold message being said: hold audio starts after it. */
  private announcing: Promise<void> = Promise.resolve();
  /** Whispers the chat model has not read yet (it reads them from the transcript at its next completion). */
  private unreadWhispers = 0;
  /** Whispers that name a branch, sent while the AI did not hold the call: they steer it when it has the call again. */
  private steerLater: string[] = [];
  /** Cancels the chat model's answer in progress (barge, takeover, hangup). */
  private llmAbort: AbortController | null = null;
  /** When the barge being carried out was asked for (performance.now()), to measure when the caller hears it. */
  private bargeReceivedAt: number | undefined;
  /** Set when a silence cut the model's answer or dropped a flow line: the AI owes the caller what it was saying. */
  private owesCaller = false;
  /** The person a claim or a transfer hands the call to (announced with the state). */
  private assignee: Actor | null = null;
  /** What the session's health is computed from. */
  private health: HealthState;
  private readonly speech: SessionSpeech;
  private readonly listeners: SessionListeners;

  constructor(private readonly deps: SessionActorDeps) {
    this.id = deps.id;
    const { leg, agent } = deps;
    this.health = initialHealth(leg.channel === 'voice');
    const now = deps.clock.now().toISOString();
    this.detail = {
      id: deps.id, channel: leg.channel, direction: leg.direction, agentId: agent.id, agentName: agent.name,
      callerNumber: leg.remote, state: leg.direction === 'outbound' ? 'dialing' : 'ringing', startedAt: now, endedAt: null, endReason: null,
      currentNode: null, lastLine: null, seq: 0, transcript: [], variables: { ...agent.flow.variables, ...deps.variables }, outcome: null,
      ...(deps.outbound ? { outbound: deps.outbound, answeredAt: null } : {}),
    };
    const emit = (e: SessionEventInput) => this.emit(e);
    const newId = () => deps.newId();
    this.speech = new SessionSpeech({
      leg, tts: deps.tts, agent, newId, partialIntervalMs: deps.partialIntervalMs, emit, ended: () => this.ended,
      onProviderError: (source, message) => this.onProviderError(source, message),
      ...(deps.onFirstFrame ? { onFirstFrame: deps.onFirstFrame } : {}),
    });
    this.listeners = new SessionListeners({ newId, emit });
  }

  /** The caller's time zone: the `timezone` variable (a campaign contact's column), else the configured default. */
  private get timeZone(): string | undefined {
    return this.detail.variables.timezone || this.deps.timeZone;
  }

  get state(): SessionState { return this.detail.state; }
  get isEnded(): boolean { return this.ended; }

  /** Announces the session; an inbound call is answered at once and the agent speaks first, an outbound one waits for the far end. */
  start(): void {
    this.emit({ type: 'session.started', summary: toSummary(this.detail), variables: { ...this.detail.variables } });
    this.deps.leg.attach(this);
    if (this.deps.leg.direction === 'inbound') this.perform({ type: 'answer' });
  }

  // ── Carrier and channel signals ─────────────────────────────────────────────────────────────

  onRinging(): void {
    this.perform({ type: 'ring' });
  }

  /** An outbound call connected: a person gets the agent's flow; a voicemail gets the message, if any, then the call ends. */
  onAnswered(by: 'human' | 'machine'): void {
    if (this.ended) return;
    this.system('answered', by === 'human' ? 'Answered' : 'Answered by a voicemail', { by });
    this.perform({ type: 'answer', by });
  }

  onCallerPartial(text: string): void {
    if (this.ended) return;
    this.callerLineId ??= this.deps.newId();
    this.emit({ type: 'line.partial', lineId: this.callerLineId, speaker: 'caller', text });
  }

  onCallerFinal(text: string): void {
    this.callerLine(text, {});
  }

  /** Keys the caller pressed: a caller line marked as keys, which the flow reads like words (a `digits` intent matches it). */
  onCallerDigits(digits: string): void {
    this.callerLine(digits, { dtmf: true });
  }

  /** The caller talks over the AI: what the AI was saying and about to say is dropped, and the caller's line is answered. */
  onCallerSpeech(): void {
    if (!this.ended && this.detail.state === 'ai_active') this.perform({ type: 'caller_speech' });
  }

  /** A speech provider failed: written on the session (supervisors see it); the call goes on. */
  onProviderError(source: ProviderSource, message: string): void {
    if (this.ended) return;
    this.deps.logger.warn({ sessionId: this.id, source, err: message }, 'provider failed');
    this.system('error', `${PROVIDER_NAMES[source]} failed: ${message}`, { source });
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
    if (!this.greeted) return;
    // Turn-taking: the agent answers only once the caller's line is final, and only while the AI holds the call.
    this.enqueue(async () => {
      if (!this.aiHolds() || !this.flow || this.flow.done) return;
      this.owesCaller = false;
      const asking = this.currentNode()?.type === 'ask' ? this.flow.node : null;
      const step = onCallerLine(this.deps.agent.flow, this.flow, text, this.deps.clock.now(), this.timeZone ? { timeZone: this.timeZone } : {});
      // An ask that matched nothing (reprompted, went to its fallback, or gave up): counted toward the session's health.
      if (asking && !step.actions.some((a) => a.type === 'intent' || (a.type === 'handoff' && a.reason === 'asked_for_person'))) {
        this.system('no_match', 'The AI did not understand this line', { node: asking });
      }
      await this.run(step);
    });
  }

  // ── Supervisor and agent commands ───────────────────────────────────────────────────────────

  /** Hidden guidance for the AI: in the supervisors' transcript only; never an answer on the caller's behalf. */
  whisper(text: string, by: Actor): CommandResult {
    return this.perform({ type: 'whisper', text }, by);
  }

  /** The AI says `text` now (or after its current sentence), then goes on from where the conversation stands. */
  barge(text: string, opts: { mode: 'interrupt' | 'after_sentence'; endCall: boolean; receivedAt?: number }, by: Actor): CommandResult {
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

  /** Hands the call back to the AI, which asks its open question again and goes on from there. `force`: a supervisor. */
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
  escalate(queue: string, priority: Priority, reason: string, opts: { by?: Actor; announced?: boolean } = {}): CommandResult {
    return this.perform({ type: 'escalate', queue, priority, reason, byPerson: opts.by !== undefined, announced: opts.announced ?? false }, opts.by);
  }

  /** A human agent takes the waiting caller: hold audio stops, and the agent holds the call (talks or types) until it completes. */
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
    const r = transition(this.detail.state, { type: 'complete', userId: by.id, force }, this.deps.clock.now(), this.holder());
    if (!r.ok) return this.refusal(r);
    this.emit({
      type: 'escalation', by,
      escalation: { ...x!, status: body.returnToAi ? 'returned' : 'resolved', endedAt: this.now(), resolution: body.resolution, notes: body.notes ?? null },
    });
    return this.perform({ type: 'complete', resolution: body.resolution, returnToAi: body.returnToAi ?? false, userId: by.id, force }, by);
  }

  /** Sends a held or waiting session to another queue, or to a named agent who holds it at once. */
  transfer(to: TransferTarget, opts: { priority: Priority; note: string | null; force: boolean }, by: Actor): CommandResult {
    return this.perform({ type: 'transfer', to, priority: opts.priority, note: opts.note, userId: by.id, force: opts.force }, by);
  }

  /** Where the microphone of `by` goes: to the caller while `by` holds the call (takeover or claim), else nowhere (undefined: listen only). */
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
  idle(): Promise<void> { return this.work; }

  // ── The machine and its effects ─────────────────────────────────────────────────────────────

  /** Asks the session machine; when it accepts, carries out its effects in order. */
  private perform(cmd: SessionCommand, by?: Actor, opts: { ours?: boolean } = {}): CommandResult {
    const r = transition(this.detail.state, cmd, this.deps.clock.now(), this.holder());
    if (!r.ok) return this.refusal(r);
    for (const effect of r.effects) this.carryOut(effect, cmd, by, opts.ours ?? cmd.type !== 'hangup');
    return { ok: true };
  }

  private refusal(r: { reason: string; message: string }): CommandResult {
    const code = r.reason === 'already_ended' ? 'wrong_state' : (r.reason as Exclude<CommandResult, { ok: true }>['code']);
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
      case 'start_ai': {
        const step = startFlow(this.deps.agent.flow, this.detail.variables, this.deps.clock.now());
        this.greeted = true;
        this.enqueue(() => this.run(step));
        return;
      }
      case 'leave_voicemail': {
        const policy = this.deps.voicemail ?? { action: 'hangup' };
        this.enqueue(async () => {
          if (policy.action === 'leave_message') await this.speech.say(fillTemplate(policy.message, this.detail.variables), 'ai');
          this.hangup('voicemail');
        });
        return;
      }
      case 'silence_ai':
        if (this.llmAbort) this.owesCaller = true;
        this.llmAbort?.abort();
        this.llmAbort = null;
        this.speech.silence(e.playing);
        return;
      case 'hold_flow':
        this.flowGen++;
        return;
      case 'guide_ai':
        return this.guide(e.text, by);
      case 'speak_barge':
        return this.speakBarge(e, by);
      case 'speak_human':
        void this.speech.say(e.text, 'human', by ? { by } : {}).catch((err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'say failed'));
        return;
      case 'ask_again':
        this.enqueue(() => this.askAgain());
        return;
      case 'hangup':
        return this.finish(e.reason, by, ours);
      case 'enqueue':
        return this.enqueueEscalation(e, by);
      case 'dequeue': {
        const x = this.detail.escalation;
        if (x && (x.status === 'waiting' || x.status === 'claimed')) {
          this.emit({ type: 'escalation', escalation: { ...x, status: DEQUEUED[e.reason], endedAt: this.now() }, ...(by ? { by } : {}) });
        }
        return;
      }
      case 'assign': {
        const x = this.detail.escalation;
        const who = cmd.type === 'transfer' && 'userId' in cmd.to ? { id: cmd.to.userId, name: cmd.to.userName } : by ?? { id: e.agentUserId, name: e.agentUserId };
        this.assignee = who;
        if (x) this.emit({ type: 'escalation', escalation: { ...x, status: 'claimed', claimedBy: who, claimedAt: this.now() }, ...(by ? { by } : {}) });
        return;
      }
      case 'hold_audio':
        if (!e.on) return this.deps.leg.hold?.(false);
        void this.announcing.then(() => {
          if (this.detail.channel === 'voice' && this.detail.state === 'queued' && !this.ended) this.deps.leg.hold?.(true);
        });
        return;
    }
  }

  /** A new waiting escalation; the caller is told a person is coming unless the flow or the model said so already. */
  private enqueueEscalation(e: Extract<Effect, { type: 'enqueue' }>, by: Actor | undefined): void {
    const escalation: EscalationInfo = {
      id: this.deps.newId('esc'), queue: e.queue, priority: e.priority, reason: e.reason, status: 'waiting', waitingSince: e.since,
      claimedBy: null, claimedAt: null, endedAt: null, resolution: null, notes: null,
    };
    this.emit({ type: 'escalation', escalation, ...(by ? { by } : {}) });
    if (!e.announce) return;
    const text = this.detail.channel === 'voice' ? HOLD_MESSAGE.voice : HOLD_MESSAGE.text;
    this.announcing = this.speech.say(text, 'ai').then(() => undefined, (err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'hold message failed'));
  }

  /**
   * A whisper: its variables change at once (the AI's next sentence uses them); a branch it names steers
   * the flow when the flow next waits for the caller (or when the AI has the call again).
   */
  private guide(text: string, by: Actor | undefined): void {
    this.emit({ type: 'line.final', lineId: this.deps.newId(), speaker: 'supervisor', text, hidden: true, ...(by ? { by } : {}) });
    if (this.isLlmAgent()) {
      this.unreadWhispers++;
      return;
    }
    const flow = this.flow;
    const { vars, names } = flow ? whisperVariables(flow, text) : { vars: {}, names: [] };
    if (flow && names.length > 0) {
      this.flow = { ...flow, vars };
      for (const name of names) this.emit({ type: 'system', lineId: this.deps.newId(), kind: 'variable', text: `Captured ${name}`, data: { name, value: vars[name], by: 'whisper' } });
      this.system('whisper_applied', `Whisper applied: set ${names.join(', ')}`, { applied: true, variables: names });
    }
    if (!this.aiHolds()) {
      this.steerLater.push(text);
      return;
    }
    this.enqueue(() => this.steer(text, names.length > 0));
  }

  /** Steers the waiting flow by a whisper; true when it named a branch. */
  private async steer(text: string, setVariables: boolean): Promise<boolean> {
    if (this.ended || !this.flow) return false;
    const s = steerByWhisper(this.deps.agent.flow, this.flow, text, this.deps.clock.now(), this.timeZone ? { timeZone: this.timeZone } : {});
    if (!s) {
      if (!setVariables) this.system('whisper_applied', 'Whisper noted: it named no branch or variable of this flow', { applied: false });
      return false;
    }
    const what = s.kind === 'took'
      ? `Whisper applied: took branch "${s.intent}"`
      : `Whisper applied: the AI asks the caller about "${s.intent}"; only their yes takes it`;
    this.system('whisper_applied', what, { applied: true, intent: s.intent, asks: s.kind === 'asks' });
    await this.run(s.step);
    return true;
  }

  /** The barge line; then the AI goes on from where the conversation stands, or the call ends. */
  private speakBarge(e: Extract<Effect, { type: 'speak_barge' }>, by: Actor | undefined): void {
    const epoch = this.speech.epoch;
    const before = e.mode === 'interrupt' ? Promise.resolve() : this.speech.playing;
    const receivedAt = this.bargeReceivedAt;
    const heard = receivedAt === undefined ? undefined : () => {
      const ms = performance.now() - receivedAt;
      this.deps.logger.info({ sessionId: this.id, latencyMs: Math.round(ms * 10) / 10, mode: e.mode }, 'barge first frame sent');
      this.deps.onBargeHeard?.(ms);
    };
    const barge = (async () => {
      await before;
      await this.speech.say(e.text, 'ai', { barge: true, ...(by ? { by } : {}) }, heard, epoch);
      // A later barge or a takeover overrides this one's ending.
      if (e.then === 'hang_up' && epoch === this.speech.epoch) this.hangup('ended_by_supervisor', by);
    })().catch((err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'barge failed'));
    this.barging = barge;
    void barge.then(() => { if (this.barging === barge) this.barging = null; });
    if (e.then !== 'go_on') return;
    this.enqueue(async () => {
      await barge;
      if (epoch !== this.speech.epoch || !this.aiHolds()) return;
      await this.goOn();
    });
  }

  /** After a barge: the AI asks its open question again (voice), or says what it had not sent (messages), or the model answers again. */
  private async goOn(): Promise<void> {
    const owed = this.owesCaller;
    this.owesCaller = false;
    if (!this.flow?.waiting || !this.flow.node) return;
    const node = this.currentNode();
    if (node?.type === 'ask' && (this.detail.channel === 'voice' || owed)) await this.speakTemplate(node.prompt);
    if (node?.type === 'llm' && owed) await this.run({ state: this.flow, actions: [{ type: 'llm_turn', node: this.flow.node }] });
  }

  /** The AI has the call again (resume, a return from the queue): whispers sent meanwhile steer it, else it asks its open question again. */
  private async askAgain(): Promise<void> {
    if (!this.aiHolds()) return;
    this.owesCaller = false;
    const back = this.flow ? resumeFlow(this.deps.agent.flow, this.flow) : null;
    if (!back) {
      // The flow had nothing left to ask: the AI closes the call politely.
      await this.speech.say(CLOSING_LINE, 'ai');
      this.hangup('agent_ended');
      return;
    }
    this.flow = back;
    for (const text of this.steerLater.splice(0)) if (await this.steer(text, true)) return;
    const node = this.currentNode();
    if (node?.type === 'ask') await this.speakTemplate(node.prompt);
    // The model reads the whole conversation, the human part included, and goes on from there.
    if (node?.type === 'llm') await this.run({ state: back, actions: [{ type: 'llm_turn', node: back.node! }] });
  }

  private async speakTemplate(template: string): Promise<void> {
    const text = fillTemplate(template, this.flow?.vars ?? this.detail.variables).trim();
    if (text) await this.speech.say(text, 'ai');
  }

  // ── The flow ────────────────────────────────────────────────────────────────────────────────

  /** Carries out a flow step's actions in order; a silence drops its lines, a hold stops it where it is. */
  private async run(step: FlowStep): Promise<void> {
    const before = this.flow;
    this.flow = step.state;
    const epoch = this.speech.epoch;
    const gen = this.flowGen;
    for (const [i, action] of step.actions.entries()) {
      if (this.barging) await this.barging;
      if (this.ended) return;
      if (gen !== this.flowGen) return this.holdAt(before, step.actions.slice(i));
      if (action.type === 'say' && epoch !== this.speech.epoch) {
        this.owesCaller = true;
        continue;
      }
      await this.act(action);
    }
  }

  /**
   * A person took the call in the middle of a step: what the step had left is not done. When that was an end or
   * a hand-off, the flow goes back to the question the caller was answering (the AI asks it again on resume).
   */
  private holdAt(before: FlowState | null, left: FlowAction[]): void {
    if (!this.flow || !before?.waiting) return;
    if (left.some((a) => a.type === 'end' || a.type === 'handoff')) this.flow = { ...before, vars: this.flow.vars };
  }

  private async act(a: FlowAction): Promise<void> {
    switch (a.type) {
      case 'say':
        // Filled as it is said: a variable a whisper changed since the step began is used.
        await this.speakTemplate(a.template ?? a.text);
        return;
      case 'node':
        this.emit({ type: 'node', node: a.node });
        return;
      case 'variable':
        this.system('variable', `Captured ${a.name}`, { name: a.name, value: a.value });
        return;
      case 'intent':
        this.system('intent', `Intent matched: ${a.intent}`, { node: a.node, intent: a.intent });
        return;
      case 'handoff':
        this.system('handoff', `Handed off to queue ${a.queue} (${a.priority})`, { queue: a.queue, priority: a.priority, reason: a.reason });
        this.escalate(a.queue, a.priority, a.reason || 'flow_handoff', { announced: a.announced ?? false });
        return;
      case 'schedule_callback':
        this.bookCallback(a.at);
        return;
      case 'outcome':
        this.system('outcome', `Outcome: ${a.outcome}`, { outcome: a.outcome });
        return;
      case 'error':
        this.system('error', a.message);
        return;
      case 'llm_turn':
        await llmTurn(this.llmHost(), a.node);
        return;
      case 'end':
        this.hangup(a.reason === 'flow_end' ? 'agent_ended' : a.reason);
        return;
    }
  }

  private llmHost(): LlmTurnHost {
    const self = this;
    return {
      id: this.id, agent: this.deps.agent, llm: this.deps.llm, clock: this.deps.clock, logger: this.deps.logger,
      detail: this.detail, speech: this.speech, timeZone: this.timeZone,
      get flow() { return self.flow; },
      takeWhispers: () => { const n = this.unreadWhispers; this.unreadWhispers = 0; return n; },
      setAbort: (abort: AbortController) => { this.llmAbort = abort; },
      clearAbort: (abort: AbortController) => { if (this.llmAbort === abort) this.llmAbort = null; },
      silencedSince: (epoch: number) => this.ended || epoch !== this.speech.epoch || !this.aiHolds(),
      system: (kind: string, text: string, data?: Record<string, unknown>) => this.system(kind, text, data),
      run: (step: FlowStep) => this.run(step),
      ended: () => this.ended,
    };
  }

  /** Records the callback the AI promised and hands it to the scheduler; the call goes on either way. */
  private bookCallback(at: string): void {
    const callbackId = this.deps.newId('cb');
    const timeZone = this.timeZone ?? null;
    const source = this.currentNode()?.type === 'llm' ? 'llm' : 'flow';
    this.system('callback', `Callback scheduled for ${at}`, { at, callbackId, ...(timeZone ? { timeZone } : {}) });
    const book = this.deps.onCallback;
    if (!book) return;
    const request: CallbackRequest = { id: callbackId, to: this.detail.callerNumber, agentId: this.detail.agentId, at, timeZone, source, originSessionId: this.id };
    book(request).catch((err: unknown) => {
      this.deps.logger.error({ sessionId: this.id, err }, 'booking a callback failed');
      this.system('error', 'The callback could not be booked: it is not scheduled');
    });
  }

  private currentNode() {
    return this.flow?.node ? this.deps.agent.flow.nodes[this.flow.node] : undefined;
  }

  /** An agent that talks only through a chat model (or waits at one now): whispers are read by the model. */
  private isLlmAgent(): boolean {
    const node = this.currentNode() ?? this.deps.agent.flow.nodes[this.deps.agent.flow.start];
    return node?.type === 'llm';
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
    return (this.detail.state === 'human_active' || this.detail.state === 'claimed') && this.detail.takenOverBy?.id === by.id;
  }

  private finish(reason: string, by: Actor | undefined, dropLine: boolean): void {
    if (this.ended) return;
    if (dropLine) this.deps.leg.hangup(reason);
    // A call that never reached a person: the carrier's word is its outcome (unless the AI recorded one).
    if (CARRIER_OUTCOMES.has(reason) && !this.detail.outcome) this.system('outcome', `Outcome: ${reason.replace('_', ' ')}`, { outcome: reason });
    this.emit({ type: 'session.ended', reason, ...(by ? { by } : {}) });
    this.ended = true;
    this.llmAbort?.abort();
    this.deps.leg.clear();
    this.listeners.closeAll();
    this.deps.onEnded(this);
  }

  private enqueue(fn: () => Promise<unknown>): void {
    this.work = this.work.then(fn).then(() => undefined, (err: unknown) => {
      this.deps.logger.error({ sessionId: this.id, err }, 'session work failed');
    });
  }

  private now(): string { return this.deps.clock.now().toISOString(); }

  private system(kind: string, text: string, data?: Record<string, unknown>): void {
    this.emit({ type: 'system', lineId: this.deps.newId(), kind, text, ...(data ? { data } : {}) });
  }

  private emit(input: SessionEventInput): void {
    if (this.ended) return;
    const event = { ...input, seq: this.detail.seq + 1, at: this.now() } as SessionEvent;
    applyToDetail(this.detail, event);
    this.deps.log.append({ sessionId: this.id, event, summary: toSummary(this.detail) });
    if (event.type === 'health') return;
    this.health = observeHealth(this.health, event, this.deps.healthPolicy);
    this.checkHealth();
  }

  /** Re-evaluates the session's health (after each event, and every second for silences); emitted when it changed. */
  checkHealth(): void {
    if (this.ended) return;
    const health = evaluateHealth(this.health, this.deps.clock.now().getTime(), this.deps.healthPolicy ?? DEFAULT_HEALTH_POLICY);
    if (!sameHealth(this.detail.health ?? HEALTHY, health)) this.emit({ type: 'health', health });
  }
}
