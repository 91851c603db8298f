/** One live session: owns its state, runs its agent's flow, speaks through its leg, and writes every change as an event. */
import type { Actor, Agent, CompleteBody, EscalationInfo, LineMarks, OutboundInfo, Priority, SessionDetail, SessionEvent, SessionEventInput, SessionState, SessionSummary, Speaker } from '@livespace/protocol';
import { applyToDetail } from '@livespace/protocol';
import {
  applyWhisper, DEFAULT_HEALTH_POLICY, evaluateHealth, initialHealth, observeHealth, sameHealth, type HealthPolicy, type HealthState,
  fillTemplate, llmFailedStep, llmMessages, llmToolStep, LLM_TOOLS, onCallerLine, resumeFlow, startFlow, transition,
  type FlowAction, type FlowState, type FlowStep, type SessionCommand,
} from '@livespace/domain';
import type { CallLeg, CallLegHandler, Clock, Llm, LlmCompletion, LlmMessage, MediaStream, ProviderSource, RtcListener, Tts } from '../ports/index';
import type { EventLog } from './event-log';
import { partialUpdates } from './partial-text';
import { SentenceSplitter } from './sentences';

export interface ActorLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface SessionActorDeps {
  id: string;
  agent: Agent;
  leg: CallLeg;
  clock: Clock;
  /** A new id; `prefix` names what for (default: a line). */
  newId: (prefix?: string) => string;
  log: EventLog;
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

/** Said when the chat model fails and its node has no `fallback` of its own. */
export const LLM_FALLBACK = "I'm sorry, I'm having trouble right now. Please stay with me a moment.";

const PROVIDER_NAMES: Record<ProviderSource, string> = { stt: 'Speech recognition', tts: 'Speech synthesis', channel: 'Sending the message' };

const HEALTHY = { level: 'ok' as const, reasons: [] };

/** Tool rounds in one turn of the model (it may set an outcome, then speak, then call another tool…). */
const MAX_TOOL_ROUNDS = 4;

/** Said to a caller sent to a person when nothing was said already (a voice call then hears hold audio). */
export const HOLD_MESSAGE = { voice: 'Please hold on, I am connecting you with a person.', text: 'Thanks for your patience. A person will answer you here shortly.' };

/** The voice of a person who took over and types: distinct from every agent's. */
export const HUMAN_VOICE = 'en-gb+m3';

/** A supervisor command's outcome: done, or refused with a code HTTP maps to 409. */
export type CommandResult = { ok: true } | { ok: false; code: 'wrong_state' | 'takeover_held' | 'not_holder' | 'no_audio'; message: string };

/** Picks the summary fields out of a session (the transcript stays behind). */
export function toSummary(d: SessionDetail): SessionSummary {
  const { transcript: _t, variables: _v, ...summary } = d;
  return summary;
}

export class SessionActor implements CallLegHandler {
  readonly id: string;
  readonly detail: SessionDetail;
  private flow: FlowState | null = null;
  private work: Promise<void> = Promise.resolve();
  private callerLineId: string | null = null;
  private ended = false;
  /** False until the flow has started: what the caller said before (a first WhatsApp message) is transcript only. Later lines answer the flow in turn. */
  private greeted = false;
  /** Bumped when a barge or a takeover silences the AI: speech a flow step queued before is dropped. */
  private epoch = 0;
  /** The line being spoken right now (a barge "after the current sentence" waits for it). */
  private speaking: Promise<void> = Promise.resolve();
  /** A barge being spoken: the flow's next actions wait for it (so an `end` cannot cut it off). */
  private barging: Promise<void> | null = null;
  /** Whispers not yet applied: the flow uses them at its next turn. */
  private whispers: string[] = [];
  /** Browsers listening to the call's audio. */
  private readonly listening = new Map<RtcListener, Actor>();
  /** Cancels the chat model's answer in progress (barge, takeover, hangup). */
  private llmAbort: AbortController | null = null;
  /** What the session's health is computed from. */
  private health: HealthState;

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
    if (this.deps.leg.direction === 'inbound') this.answer();
  }

  private answer(): void {
    if (!this.command({ type: 'answer' })) return;
    const step = startFlow(this.deps.agent.flow, this.detail.variables, this.deps.clock.now());
    this.greeted = true;
    this.enqueue(() => this.run(step));
  }

  onRinging(): void {
    if (!this.ended) this.command({ type: 'ring' });
  }

  /** An outbound call connected: a person gets the agent's flow; a voicemail gets the message, if any, then the call ends. */
  onAnswered(by: 'human' | 'machine'): void {
    if (this.ended) return;
    this.system('answered', by === 'human' ? 'Answered' : 'Answered by a voicemail', { by });
    if (by === 'human') return this.answer();
    if (!this.command({ type: 'answer' })) return;
    const policy = this.deps.voicemail ?? { action: 'hangup' };
    this.enqueue(async () => {
      if (policy.action === 'leave_message') await this.speak(fillTemplate(policy.message, this.detail.variables), 'ai');
      this.hangup('voicemail');
    });
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
    if (this.ended || this.detail.state !== 'ai_active') return;
    this.silenceAi();
    this.deps.leg.clear();
  }

  /** A speech provider failed: written on the session (supervisors see it); the call goes on. */
  onProviderError(source: ProviderSource, message: string): void {
    if (this.ended) return;
    this.deps.logger.warn({ sessionId: this.id, source, err: message }, 'provider failed');
    this.system('error', `${PROVIDER_NAMES[source]} failed: ${message}`, { source });
  }

  private callerLine(text: string, marks: LineMarks): void {
    if (this.ended) return;
    const lineId = this.callerLineId ?? this.deps.newId();
    this.callerLineId = null;
    this.emit({ type: 'line.final', lineId, speaker: 'caller', text, ...marks });
    if (!this.greeted) return;
    // Turn-taking: the agent answers only once the caller's line is final, and only while the AI holds the call.
    this.enqueue(async () => {
      if (this.ended || this.detail.state !== 'ai_active' || !this.flow || this.flow.done) return;
      if (this.whispers.length > 0 && (await this.applyWhispers())) return;
      const asking = this.currentNode()?.type === 'ask' ? this.flow.node : null;
      const step = onCallerLine(this.deps.agent.flow, this.flow, text, this.deps.clock.now(), this.timeZone ? { timeZone: this.timeZone } : {});
      // An ask that matched nothing (reprompted, went to its fallback, or gave up): counted toward the session's health.
      if (asking && !step.actions.some((a) => a.type === 'intent' || (a.type === 'handoff' && a.reason === 'asked_for_person'))) {
        this.system('no_match', 'The AI did not understand this line', { node: asking });
      }
      await this.run(step);
    });
  }

  /** Hidden guidance for the AI: in the supervisors' transcript only; the flow uses it at its next turn. */
  whisper(text: string, by: Actor): CommandResult {
    const refused = this.refuseUnless(['ai_active', 'human_active', 'queued'], 'whisper');
    if (refused) return refused;
    this.emit({ type: 'line.final', lineId: this.deps.newId(), speaker: 'supervisor', text, hidden: true, by });
    this.whispers.push(text);
    return { ok: true };
  }

  /** The AI says `text` now (or after its current sentence); what it had queued is dropped. */
  barge(text: string, opts: { mode: 'interrupt' | 'after_sentence'; endCall: boolean; receivedAt?: number }, by: Actor): CommandResult {
    const refused = this.refuseUnless(['ai_active', 'human_active', 'queued'], 'barge');
    if (refused) return refused;
    this.silenceAi();
    const before = opts.mode === 'interrupt' ? Promise.resolve() : this.speaking;
    if (opts.mode === 'interrupt') this.deps.leg.clear();
    const previous = this.barging ?? Promise.resolve();
    const barge = (async () => {
      await previous;
      await before;
      const { receivedAt } = opts;
      const heard = receivedAt === undefined ? undefined : () => {
        const ms = performance.now() - receivedAt;
        this.deps.logger.info({ sessionId: this.id, latencyMs: Math.round(ms * 10) / 10, mode: opts.mode }, 'barge first frame sent');
        this.deps.onBargeHeard?.(ms);
      };
      await this.speak(text, 'ai', { barge: true, by }, heard);
      if (opts.endCall) this.hangup('ended_by_supervisor', by);
    })().catch((err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'barge failed'));
    this.barging = barge;
    void barge.then(() => { if (this.barging === barge) this.barging = null; });
    return { ok: true };
  }

  /** A person takes the call: the AI stops talking at once and stays silent until resume. */
  takeover(by: Actor): CommandResult {
    const holder = this.detail.takenOverBy;
    if (this.detail.state === 'human_active' && holder) {
      return { ok: false, code: 'takeover_held', message: `${holder.id === by.id ? 'You hold' : `${holder.name} holds`} the takeover` };
    }
    const refused = this.refuseUnless(['ai_active'], 'take over');
    if (refused) return refused;
    this.silenceAi();
    this.deps.leg.clear();
    this.command({ type: 'takeover', userId: by.id }, by);
    return { ok: true };
  }

  /** The person who took over speaks (voice: synthesized in a voice of its own) or writes. */
  say(text: string, by: Actor): CommandResult {
    const refused = this.refuseUnlessHolder(by, 'say', ['human_active', 'claimed']);
    if (refused) return refused;
    void this.speak(text, 'human', { by }).catch((err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'say failed'));
    return { ok: true };
  }

  /** Hands the call back to the AI, which asks its open question again and goes on from there. */
  resume(by: Actor, force: boolean): CommandResult {
    const refused = force ? this.refuseUnless(['human_active'], 'resume') : this.refuseUnlessHolder(by, 'resume');
    if (refused) return refused;
    this.command({ type: 'resume' }, by);
    this.enqueue(async () => {
      const at = this.flow?.node;
      const node = at ? this.deps.agent.flow.nodes[at] : undefined;
      if (this.ended || !this.flow?.waiting || !at) return;
      if (node?.type === 'ask') await this.speak(fillTemplate(node.prompt, this.flow.vars), 'ai');
      // The model reads the whole conversation, the human part included, and goes on from there.
      if (node?.type === 'llm') await this.run({ state: this.flow, actions: [{ type: 'llm_turn', node: at }] });
    });
    return { ok: true };
  }

  /** The call's mixed audio, when it has any (voice), and the session is live. */
  canListen(): CommandResult & { media?: MediaStream } {
    const refused = this.refuseUnless(['ringing', 'ai_active', 'human_active', 'queued', 'claimed'], 'listen');
    if (refused) return refused;
    const media = this.deps.leg.media;
    if (!media) return { ok: false, code: 'no_audio', message: 'Cannot listen: a message conversation has no audio' };
    return { ok: true, media };
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

  /** Whether `by` holds the call now: took it over, or claimed its escalation. */
  private heldBy(by: Actor): boolean {
    return (this.detail.state === 'human_active' || this.detail.state === 'claimed') && this.detail.takenOverBy?.id === by.id;
  }

  /**
   * Sends the session to a person (a flow's hand-off, the AI giving up, an LLM tool, or a supervisor):
   * the AI falls silent, the escalation is announced, and the caller hears a short message and hold audio.
   */
  escalate(queue: string, priority: Priority, reason: string, opts: { by?: Actor; announced?: boolean } = {}): CommandResult {
    const refused = this.refuseUnless(['ai_active', 'human_active'], 'escalate');
    if (refused) return refused;
    if (opts.by) this.silenceAi();
    if (!this.command({ type: 'escalate', queue, priority, reason }, opts.by)) return { ok: false, code: 'wrong_state', message: 'Cannot escalate now' };
    const now = this.deps.clock.now().toISOString();
    const escalation: EscalationInfo = {
      id: this.deps.newId('esc'), queue, priority, reason, status: 'waiting', waitingSince: now,
      claimedBy: null, claimedAt: null, endedAt: null, resolution: null, notes: null,
    };
    this.emit({ type: 'escalation', escalation, ...(opts.by ? { by: opts.by } : {}) });
    const voice = this.detail.channel === 'voice';
    void (async () => {
      if (!opts.announced) await this.speak(voice ? HOLD_MESSAGE.voice : HOLD_MESSAGE.text, 'ai');
      if (voice && this.detail.state === 'queued' && !this.ended) this.deps.leg.hold?.(true);
    })().catch((err: unknown) => this.deps.logger.error({ sessionId: this.id, err }, 'hold failed'));
    return { ok: true };
  }

  /** A human agent takes the waiting caller: hold audio stops, and the agent holds the call (talks or types) until it completes. */
  claim(escalationId: string, agent: Actor): CommandResult {
    const x = this.detail.escalation;
    const refused = this.refuseUnless(['queued'], 'claim');
    if (refused) return refused;
    if (x?.id !== escalationId || x.status !== 'waiting') return { ok: false, code: 'wrong_state', message: 'Cannot claim: this escalation is no longer waiting' };
    this.deps.leg.hold?.(false);
    this.command({ type: 'claim', agentUserId: agent.id }, agent);
    this.emit({ type: 'escalation', escalation: { ...x, status: 'claimed', claimedBy: agent, claimedAt: this.deps.clock.now().toISOString() }, by: agent });
    return { ok: true };
  }

  /** The agent is done: the outcome is recorded, then the call ends, or goes back to the AI where its flow stands. */
  complete(by: Actor, body: CompleteBody, force: boolean): CommandResult {
    const x = this.detail.escalation;
    const refused = this.refuseUnless(['claimed'], 'complete');
    if (refused) return refused;
    if (!force && this.detail.takenOverBy?.id !== by.id) return { ok: false, code: 'not_holder', message: `Cannot complete: ${this.detail.takenOverBy?.name ?? 'someone else'} holds this call` };
    this.emit({
      type: 'escalation', by,
      escalation: { ...x!, status: body.returnToAi ? 'returned' : 'resolved', endedAt: this.deps.clock.now().toISOString(), resolution: body.resolution, notes: body.notes ?? null },
    });
    if (!body.returnToAi) {
      this.command({ type: 'complete', resolution: body.resolution }, by);
      this.hangup('completed', by);
      return { ok: true };
    }
    this.command({ type: 'return_to_ai' }, by);
    const back = this.flow ? resumeFlow(this.deps.agent.flow, this.flow) : null;
    this.enqueue(async () => {
      if (this.ended) return;
      if (!back) {
        // The flow had nothing left to ask: the AI closes the call politely.
        await this.speak('Thank you for your patience. Goodbye!', 'ai');
        this.hangup('agent_ended');
        return;
      }
      this.flow = back;
      const node = this.currentNode();
      if (node?.type === 'ask') await this.speak(fillTemplate(node.prompt, back.vars), 'ai');
      if (node?.type === 'llm') await this.run({ state: back, actions: [{ type: 'llm_turn', node: back.node! }] });
    });
    return { ok: true };
  }

  /** Someone listens (silently: nothing reaches the caller or the AI); everyone sees who. */
  addListener(listener: RtcListener, by: Actor): void {
    if (this.ended) {
      void listener.close();
      return;
    }
    // Announced per person: a second connection of the same user (Talk re-joins with a microphone) changes nothing anyone sees.
    const already = this.isListening(by.id);
    this.listening.set(listener, by);
    if (!already) this.announceListeners(`${by.name} is listening`, by);
    listener.onClosed(() => {
      if (!this.listening.delete(listener) || this.isListening(by.id)) return;
      this.announceListeners(`${by.name} stopped listening`, by);
    });
  }

  private isListening(userId: string): boolean {
    for (const a of this.listening.values()) if (a.id === userId) return true;
    return false;
  }

  private announceListeners(text: string, by: Actor): void {
    const people = new Map([...this.listening.values()].map((a) => [a.id, a]));
    this.emit({ type: 'system', lineId: this.deps.newId(), kind: 'listeners', text, by, data: { listeners: [...people.values()] } });
  }

  /** Hangs up at once; the session ends as ended by this supervisor. */
  end(by: Actor): CommandResult {
    const refused = this.refuseUnless(['dialing', 'ringing', 'ai_active', 'human_active', 'queued', 'claimed', 'wrap_up'], 'end');
    if (refused) return refused;
    this.hangup('ended_by_supervisor', by);
    return { ok: true };
  }

  private refuseUnless(states: readonly SessionState[], what: string): CommandResult | null {
    if (!this.ended && states.includes(this.detail.state)) return null;
    return { ok: false, code: 'wrong_state', message: `Cannot ${what}: the session is ${this.ended ? 'ended' : this.detail.state.replace('_', ' ')}` };
  }

  private refuseUnlessHolder(by: Actor, what: string, states: readonly SessionState[] = ['human_active']): CommandResult | null {
    const wrong = this.refuseUnless(states, what);
    if (wrong) return wrong;
    if (this.detail.takenOverBy?.id === by.id) return null;
    return { ok: false, code: 'not_holder', message: `Cannot ${what}: ${this.detail.takenOverBy?.name ?? 'someone else'} holds the call` };
  }

  /** Applies pending whispers at the AI's turn; true when one moved the flow (the caller's line is then not matched). */
  private async applyWhispers(): Promise<boolean> {
    // A chat model reads whispers from the transcript at its next turn (llmTurn says when).
    if (this.currentNode()?.type === 'llm') return false;
    const pending = this.whispers.splice(0);
    for (const w of pending) {
      const r = applyWhisper(this.deps.agent.flow, this.flow!, w, this.deps.clock.now());
      if (!r) {
        this.system('whisper_applied', 'Whisper noted: it named no branch or variable of this flow', { applied: false });
        continue;
      }
      const parts = [...(r.intent ? [`took branch "${r.intent}"`] : []), ...r.variables.map((v) => `set ${v}`)];
      this.system('whisper_applied', `Whisper applied: ${parts.join(', ')}`, { applied: true, intent: r.intent, variables: r.variables });
      await this.run(r.step);
      if (r.intent) {
        // The flow moved: what is still pending applies at the turn after.
        this.whispers.unshift(...pending.slice(pending.indexOf(w) + 1));
        return true;
      }
    }
    return false;
  }

  onHangup(reason: string): void {
    this.finish(reason);
  }

  /** Hangs up from our side (the flow ended, or a supervisor). */
  hangup(reason: string, by?: Actor): void {
    if (this.ended) return;
    this.deps.leg.hangup(reason);
    this.finish(reason, by);
  }

  /** Resolves when queued flow work is done (tests, shutdown). */
  idle(): Promise<void> { return this.work; }

  private finish(reason: string, by?: Actor): void {
    if (this.ended) return;
    // A call that never reached a person: the carrier's word is its outcome (unless the AI recorded one).
    if (CARRIER_OUTCOMES.has(reason) && !this.detail.outcome) this.system('outcome', `Outcome: ${reason.replace('_', ' ')}`, { outcome: reason });
    // A caller who hangs up while waiting leaves the queue: an abandoned escalation.
    const x = this.detail.escalation;
    if (x?.status === 'waiting') this.emit({ type: 'escalation', escalation: { ...x, status: 'abandoned', endedAt: this.deps.clock.now().toISOString() } });
    this.command({ type: 'hangup', reason });
    this.emit({ type: 'session.ended', reason, ...(by ? { by } : {}) });
    this.ended = true;
    this.llmAbort?.abort();
    this.deps.leg.clear();
    // Leaving releases everything: the listeners' connections go with the call.
    for (const l of [...this.listening.keys()]) void l.close();
    this.listening.clear();
    this.deps.onEnded(this);
  }

  private command(cmd: SessionCommand, by?: Actor): boolean {
    const r = transition(this.detail.state, cmd, this.deps.clock.now());
    if (!r.ok) {
      this.deps.logger.warn({ sessionId: this.id, command: cmd.type, state: this.detail.state, reason: r.reason }, 'session command rejected');
      return false;
    }
    if (r.state !== this.detail.state && r.state !== 'ended') this.emit({ type: 'session.state', state: r.state, ...(by ? { by } : {}) });
    return true;
  }

  private enqueue(fn: () => Promise<void>): void {
    this.work = this.work.then(fn).catch((err: unknown) => {
      this.deps.logger.error({ sessionId: this.id, err }, 'session work failed');
    });
  }

  private async run(step: FlowStep): Promise<void> {
    this.flow = step.state;
    const epoch = this.epoch;
    for (const action of step.actions) {
      if (this.barging) await this.barging;
      if (this.ended) return;
      // A barge or a takeover silenced the AI: what this step meant to say is dropped, the rest still happens.
      if (action.type === 'say' && (epoch !== this.epoch || this.detail.state === 'human_active')) continue;
      await this.act(action);
    }
  }

  private async act(a: FlowAction): Promise<void> {
    switch (a.type) {
      case 'say':
        await this.speak(a.text, 'ai');
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
        await this.llmTurn(a.node);
        return;
      case 'end':
        this.hangup(a.reason === 'flow_end' ? 'agent_ended' : a.reason);
        return;
    }
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

  /** Drops what the AI was about to say: queued speech and the model's answer in progress. */
  private silenceAi(): void {
    this.epoch++;
    this.llmAbort?.abort();
    this.llmAbort = null;
  }

  /**
   * One turn of an `llm` node's chat model: on a call its sentences are spoken as they stream in (a
   * message conversation gets the whole answer as one message); then its tool calls are carried out,
   * and the model is asked again with their results until it answers without tools or leaves the node.
   */
  private async llmTurn(nodeId: string): Promise<void> {
    const { agent, llm, logger, clock } = this.deps;
    const node = agent.flow.nodes[nodeId];
    if (node?.type !== 'llm' || !this.flow) return;
    const epoch = this.epoch;
    const silenced = () => this.ended || epoch !== this.epoch || this.detail.state !== 'ai_active';
    if (this.whispers.length > 0) {
      const n = this.whispers.splice(0).length;
      this.system('whisper_applied', `${n === 1 ? 'Whisper' : `${n} whispers`} given to the AI model before its answer`, { applied: true, llm: true });
    }
    const followUps: LlmMessage[] = [];
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const abort = new AbortController();
      this.llmAbort = abort;
      let speech = Promise.resolve();
      const say = (sentence: string) => {
        speech = speech.then(() => (silenced() ? undefined : this.speak(sentence, 'ai')));
      };
      const sentences = this.detail.channel === 'voice' ? new SentenceSplitter(say) : null;
      let answer: LlmCompletion;
      try {
        if (!llm) throw new Error('no model is configured (set LLM_BASE_URL)');
        const messages = [...llmMessages({ node, vars: this.flow.vars, channel: this.detail.channel, transcript: this.detail.transcript }), ...followUps];
        answer = await llm.complete({
          messages, tools: LLM_TOOLS, signal: abort.signal,
          ...(node.model ? { model: node.model } : {}), ...(node.temperature !== undefined ? { temperature: node.temperature } : {}),
          ...(sentences ? { onDelta: (d: string) => sentences.push(d) } : {}),
        });
        if (sentences) sentences.flush();
        else if (answer.text.trim()) say(answer.text.trim());
      } catch (err) {
        await speech;
        if (silenced()) return; // cancelled by a barge, a takeover or the hangup
        const message = err instanceof Error ? err.message : String(err);
        logger.warn({ sessionId: this.id, node: nodeId, err: message }, 'chat model failed; speaking the fallback');
        this.system('error', `AI model failed: ${message}`, { source: 'llm' });
        await this.speak(fillTemplate(node.fallback ?? LLM_FALLBACK, this.flow.vars), 'ai');
        await this.run(llmFailedStep(agent.flow, this.flow, nodeId));
        return;
      } finally {
        if (this.llmAbort === abort) this.llmAbort = null;
      }
      await speech;
      if (silenced() || answer.toolCalls.length === 0) return;
      // The text is in the transcript already (spoken lines); the tool calls and their results follow it.
      followUps.push({ role: 'assistant', content: '', toolCalls: answer.toolCalls });
      for (const call of answer.toolCalls) {
        const t = llmToolStep(agent.flow, this.flow, nodeId, call, clock.now(), this.timeZone ? { timeZone: this.timeZone } : {});
        // A model that said something before handing off has told the caller already.
        for (const a of t.step.actions) if (a.type === 'handoff') a.announced = answer.text.trim().length > 0;
        followUps.push({ role: 'tool', content: t.result, toolCallId: call.id });
        this.system('tool', `AI used ${call.name}: ${t.result}`, { tool: call.name, arguments: call.arguments });
        await this.run(t.step);
        if (t.stop || this.ended) return;
      }
    }
  }

  /** Speaks one line; remembered as the line being spoken. */
  private speak(text: string, speaker: Extract<Speaker, 'ai' | 'human'>, marks: LineMarks = {}, onFirstFrame?: () => void): Promise<void> {
    const line = this.speakLine(text, speaker, marks, onFirstFrame);
    this.speaking = line.catch(() => {});
    return line;
  }

  /** Speaks (voice) or sends (messages) one line, with partial lines while the audio plays. */
  private async speakLine(text: string, speaker: Extract<Speaker, 'ai' | 'human'>, marks: LineMarks, onFirstFrame?: () => void): Promise<void> {
    const lineId = this.deps.newId();
    const { leg, tts, agent } = this.deps;
    const wordsAt = performance.now();
    let frames: Uint8Array[] | undefined;
    if (leg.channel === 'voice' && tts) {
      try {
        // A person is waiting for a barge or for their own words: those jump the AI's lines in the synthesis queue.
        frames = await tts.synthesize(text, speaker === 'human' ? HUMAN_VOICE : agent.voice, { urgent: speaker === 'human' || marks.barge === true });
      } catch (err) {
        this.onProviderError('tts', `${err instanceof Error ? err.message : String(err)} (the line was sent without audio)`);
      }
    }
    if (this.ended) return;
    let heard = '';
    const onProgress = partialUpdates(text, this.deps.partialIntervalMs, (words) => {
      heard = words;
      if (!this.ended) this.emit({ type: 'line.partial', lineId, speaker, text: words, ...marks });
    });
    const firstFrame = frames && this.deps.onFirstFrame
      ? () => { this.deps.onFirstFrame!(performance.now() - wordsAt); onFirstFrame?.(); }
      : onFirstFrame;
    const result = await leg.send({ text, speaker, ...(frames ? { frames } : {}), ...(firstFrame ? { onFirstFrame: firstFrame } : {}) }, onProgress);
    if (result === 'hungup' && this.ended) return;
    // A line cut off by a barge or a takeover is final as far as the caller heard it.
    const final = result === 'interrupted' ? `${heard} —`.trim() : text;
    this.emit({ type: 'line.final', lineId, speaker, text: final, ...marks });
  }

  private system(kind: string, text: string, data?: Record<string, unknown>): void {
    this.emit({ type: 'system', lineId: this.deps.newId(), kind, text, ...(data ? { data } : {}) });
  }

  private emit(input: SessionEventInput): void {
    if (this.ended) return;
    const event = { ...input, seq: this.detail.seq + 1, at: this.deps.clock.now().toISOString() } as SessionEvent;
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
