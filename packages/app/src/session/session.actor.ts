/** One live session: owns its state, runs its agent's flow, speaks through its leg, and writes every change as an event. */
import type { Agent, SessionDetail, SessionEvent, SessionEventInput, SessionState, SessionSummary, Speaker } from '@livespace/protocol';
import { applyToDetail } from '@livespace/protocol';
import { onCallerLine, startFlow, transition, type FlowAction, type FlowState, type FlowStep, type SessionCommand } from '@livespace/domain';
import type { CallLeg, CallLegHandler, Clock, Tts } from '../ports/index';
import type { EventLog } from './event-log';
import { partialUpdates } from './partial-text';

export interface ActorLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface SessionActorDeps {
  id: string;
  agent: Agent;
  leg: CallLeg;
  clock: Clock;
  newId: () => string;
  log: EventLog;
  tts: Tts | null;
  logger: ActorLogger;
  /** Least time between two partial updates of a line being spoken. */
  partialIntervalMs: number;
  /** Called once, after the session ended. */
  onEnded(actor: SessionActor): void;
}

/** Picks the summary fields out of a session (the transcript stays behind). */
export function toSummary(d: SessionDetail): SessionSummary {
  const { transcript: _t, variables: _v, outcome: _o, ...summary } = d;
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

  constructor(private readonly deps: SessionActorDeps) {
    this.id = deps.id;
    const { leg, agent } = deps;
    const now = deps.clock.now().toISOString();
    this.detail = {
      id: deps.id, channel: leg.channel, direction: leg.direction, agentId: agent.id, agentName: agent.name,
      callerNumber: leg.remote, state: 'ringing', startedAt: now, endedAt: null, endReason: null,
      currentNode: null, lastLine: null, seq: 0, transcript: [], variables: { ...agent.flow.variables }, outcome: null,
    };
  }

  get state(): SessionState { return this.detail.state; }
  get isEnded(): boolean { return this.ended; }

  /** Announces the session, answers, and lets the agent speak first. */
  start(): void {
    this.emit({ type: 'session.started', summary: toSummary(this.detail) });
    this.deps.leg.attach(this);
    if (!this.command({ type: 'answer' })) return;
    const step = startFlow(this.deps.agent.flow, this.detail.variables, this.deps.clock.now());
    this.greeted = true;
    this.enqueue(() => this.run(step));
  }

  onCallerPartial(text: string): void {
    if (this.ended) return;
    this.callerLineId ??= this.deps.newId();
    this.emit({ type: 'line.partial', lineId: this.callerLineId, speaker: 'caller', text });
  }

  onCallerFinal(text: string): void {
    if (this.ended) return;
    const lineId = this.callerLineId ?? this.deps.newId();
    this.callerLineId = null;
    this.emit({ type: 'line.final', lineId, speaker: 'caller', text });
    if (!this.greeted) return;
    // Turn-taking: the agent answers only once the caller's line is final, and only while the AI holds the call.
    this.enqueue(async () => {
      if (this.ended || this.detail.state !== 'ai_active' || !this.flow || this.flow.done) return;
      await this.run(onCallerLine(this.deps.agent.flow, this.flow, text, this.deps.clock.now()));
    });
  }

  onHangup(reason: string): void {
    this.finish(reason);
  }

  /** Hangs up from our side (the flow ended, or later a supervisor). */
  hangup(reason: string): void {
    if (this.ended) return;
    this.deps.leg.hangup(reason);
    this.finish(reason);
  }

  /** Resolves when queued flow work is done (tests, shutdown). */
  idle(): Promise<void> { return this.work; }

  private finish(reason: string): void {
    if (this.ended) return;
    this.command({ type: 'hangup', reason });
    this.emit({ type: 'session.ended', reason });
    this.ended = true;
    this.deps.leg.clear();
    this.deps.onEnded(this);
  }

  private command(cmd: SessionCommand): boolean {
    const r = transition(this.detail.state, cmd, this.deps.clock.now());
    if (!r.ok) {
      this.deps.logger.warn({ sessionId: this.id, command: cmd.type, state: this.detail.state, reason: r.reason }, 'session command rejected');
      return false;
    }
    if (r.state !== this.detail.state && r.state !== 'ended') this.emit({ type: 'session.state', state: r.state });
    return true;
  }

  private enqueue(fn: () => Promise<void>): void {
    this.work = this.work.then(fn).catch((err: unknown) => {
      this.deps.logger.error({ sessionId: this.id, err }, 'session work failed');
    });
  }

  private async run(step: FlowStep): Promise<void> {
    this.flow = step.state;
    for (const action of step.actions) {
      if (this.ended) return;
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
        this.command({ type: 'escalate', queue: a.queue, priority: a.priority, reason: a.reason || 'flow_handoff' });
        return;
      case 'schedule_callback':
        this.system('callback', `Callback scheduled for ${a.at}`, { at: a.at });
        return;
      case 'outcome':
        this.system('outcome', `Outcome: ${a.outcome}`, { outcome: a.outcome });
        return;
      case 'error':
        this.system('error', a.message);
        return;
      case 'end':
        this.hangup(a.reason === 'flow_end' ? 'agent_ended' : a.reason);
        return;
    }
  }

  /** Speaks (voice) or sends (messages) one line, with partial lines while the audio plays. */
  private async speak(text: string, speaker: Extract<Speaker, 'ai' | 'human'>): Promise<void> {
    const lineId = this.deps.newId();
    const { leg, tts, agent } = this.deps;
    let frames: Uint8Array[] | undefined;
    if (leg.channel === 'voice' && tts) {
      try {
        frames = await tts.synthesize(text, agent.voice);
      } catch (err) {
        this.deps.logger.warn({ sessionId: this.id, err }, 'speech synthesis failed; sending without audio');
      }
    }
    if (this.ended) return;
    const onProgress = partialUpdates(text, this.deps.partialIntervalMs, (words) => {
      if (!this.ended) this.emit({ type: 'line.partial', lineId, speaker, text: words });
    });
    const result = await leg.send({ text, speaker, ...(frames ? { frames } : {}) }, onProgress);
    if (result === 'hungup' && this.ended) return;
    this.emit({ type: 'line.final', lineId, speaker, text });
  }

  private system(kind: string, text: string, data?: Record<string, unknown>): void {
    this.emit({ type: 'system', lineId: this.deps.newId(), kind, text, ...(data ? { data } : {}) });
  }

  private emit(input: SessionEventInput): void {
    if (this.ended) return;
    const event = { ...input, seq: this.detail.seq + 1, at: this.deps.clock.now().toISOString() } as SessionEvent;
    applyToDetail(this.detail, event);
    this.deps.log.append({ sessionId: this.id, event, summary: toSummary(this.detail) });
  }
}
