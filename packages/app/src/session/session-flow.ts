/**
 * The AI's side of a session: runs the agent's flow one step at a time (the caller's lines, a whisper's
 * steering, going on after a barge, taking the call back), and stops where the session machine says.
 * The actor owns the state and the effects; this part owns the flow's position and its work queue.
 */
import type {
  Agent,
  Priority,
  SessionDetail,
  SessionEventInput,
  SystemEventData,
  SystemKind,
} from '@livespace/protocol';
import {
  fillTemplate,
  onCallerLine,
  resumeFlow,
  startFlow,
  steerByWhisper,
  whisperVariables,
  type FlowAction,
  type FlowState,
  type FlowStep,
} from '@livespace/domain';
import type { Clock, Llm } from '../ports/index';
import type { ActorLogger, CallbackRequest } from './session-actor';
import { llmTurn, type LlmTurnHost } from './session-llm-turn';
import type { SessionSpeech } from './session-speech';

/** Said when the AI gets the call back and its flow has nothing left to ask. */
const CLOSING_LINE = 'Thank you for your patience. Goodbye!';

/** What the flow needs of its session. */
export interface FlowHost {
  readonly id: string;
  readonly agent: Agent;
  readonly clock: Clock;
  readonly llm: Llm | null;
  readonly logger: ActorLogger;
  readonly detail: SessionDetail;
  readonly speech: SessionSpeech;
  newId(prefix?: string): string;
  timeZone(): string | undefined;
  /** The AI holds the call (live, `ai_active`). */
  aiHolds(): boolean;
  ended(): boolean;
  system<K extends SystemKind>(kind: K, text: string, data?: SystemEventData[K]): void;
  emit(event: SessionEventInput): void;
  escalate(queue: string, priority: Priority, reason: string, announced: boolean): void;
  hangup(reason: string): void;
  onCallback?(request: CallbackRequest): Promise<void>;
}

export class SessionFlow {
  private flow: FlowState | null = null;
  /** One step at a time: the caller's lines, whispers' steering, the AI going on after a barge. */
  private work: Promise<void> = Promise.resolve();
  /** False until the flow has started: what the caller said before (a first WhatsApp message) is transcript only. */
  private started = false;
  /** Bumped by `hold`: a step in progress goes no further. */
  private gen = 0;
  /** A barge being spoken: the flow's next actions wait for it (so an `end` cannot cut it off). */
  private barging: Promise<void> | null = null;
  /** Whispers the chat model has not read yet (it reads them from the transcript at its next completion). */
  private unreadWhispers = 0;
  /** Whispers sent while the AI did not hold the call: they steer it when it has the call again. */
  private steerLater: string[] = [];
  /** Cancels the chat model's answer in progress (barge, takeover, hangup). */
  private llmAbort: AbortController | null = null;
  /** Set when a silence cut the model's answer or dropped a flow line: the AI owes the caller what it was saying. */
  private owesCaller = false;

  constructor(private readonly host: FlowHost) {}

  /** Where the flow stands (tests, the LLM turn). */
  get state(): FlowState | null {
    return this.flow;
  }

  /** Resolves when the queued work is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.work;
  }

  /** The call connected: the agent speaks first. */
  start(variables: Record<string, string>): void {
    const step = startFlow(this.host.agent.flow, variables, this.host.clock.now());
    this.started = true;
    this.enqueue(() => this.run(step));
  }

  /** A final caller line: answered in turn, only while the AI holds the call. */
  callerLine(text: string): void {
    if (!this.started) return;
    this.enqueue(async () => {
      if (!this.host.aiHolds() || !this.flow || this.flow.done) return;
      this.owesCaller = false;
      const asking = this.currentNode()?.type === 'ask' ? this.flow.node : null;
      const step = onCallerLine(this.host.agent.flow, this.flow, text, this.host.clock.now(), this.matchOptions());
      // An ask that matched nothing (reprompted, went to its fallback, or gave up): counted toward the session's
      // health.
      if (
        asking &&
        !step.actions.some((a) => a.type === 'intent' || (a.type === 'handoff' && a.reason === 'asked_for_person'))
      ) {
        this.host.system('no_match', 'The AI did not understand this line', { node: asking });
      }
      await this.run(step);
    });
  }

  /** Work outside the flow that must wait for it (a voicemail message). */
  then(fn: () => Promise<unknown>): void {
    this.enqueue(fn);
  }

  /** The AI was silenced: the model's answer in progress is cancelled. */
  cancelModel(): void {
    if (this.llmAbort) this.owesCaller = true;
    this.llmAbort?.abort();
    this.llmAbort = null;
  }

  /** A person holds the call (or it went to a queue): the step in progress goes no further. */
  hold(): void {
    this.gen++;
  }

  /**
   * A whisper: its variables change at once (the AI's next sentence uses them); a branch it names steers
   * the flow when it next waits for the caller (or when the AI has the call again).
   */
  guide(text: string): void {
    if (this.isLlmAgent()) {
      this.unreadWhispers++;
      return;
    }
    const flow = this.flow;
    const { vars, names } = flow ? whisperVariables(flow, text) : { vars: {}, names: [] };
    if (flow && names.length > 0) {
      this.flow = { ...flow, vars };
      for (const name of names)
        this.host.system('variable', `Captured ${name}`, { name, value: vars[name], by: 'whisper' });
      this.host.system('whisper_applied', `Whisper applied: set ${names.join(', ')}`, {
        applied: true,
        variables: names,
      });
    }
    if (!this.host.aiHolds()) {
      this.steerLater.push(text);
      return;
    }
    this.enqueue(() => this.steer(text, names.length > 0));
  }

  /**
   * A barge is being spoken: the flow waits for it, and after it (`goOn`) the AI goes on from where the conversation
   * stands.
   */
  barge(line: Promise<void>, goOn: boolean, epoch: number): void {
    this.barging = line;
    void line.then(() => {
      if (this.barging === line) this.barging = null;
    });
    if (!goOn) return;
    this.enqueue(async () => {
      await line;
      if (epoch !== this.host.speech.epoch || !this.host.aiHolds()) return;
      await this.goOn();
    });
  }

  /** The AI has the call again (resume, a return from the queue). */
  askAgain(): void {
    this.enqueue(() => this.takeBack());
  }

  private async steer(text: string, setVariables: boolean): Promise<boolean> {
    if (this.host.ended() || !this.flow) return false;
    const s = steerByWhisper(this.host.agent.flow, this.flow, text, this.host.clock.now(), this.matchOptions());
    if (!s) {
      if (!setVariables)
        this.host.system('whisper_applied', 'Whisper noted: it named no branch or variable of this flow', {
          applied: false,
        });
      return false;
    }
    const what =
      s.kind === 'took'
        ? `Whisper applied: took branch "${s.intent}"`
        : `Whisper applied: the AI asks the caller about "${s.intent}"; only their yes takes it`;
    this.host.system('whisper_applied', what, { applied: true, intent: s.intent, asks: s.kind === 'asks' });
    await this.run(s.step);
    return true;
  }

  /**
   * After a barge: the AI asks its open question again (voice), or says what it had not sent (messages), or the model
   * answers again.
   */
  private async goOn(): Promise<void> {
    const owed = this.owesCaller;
    this.owesCaller = false;
    if (!this.flow?.waiting || !this.flow.node) return;
    const node = this.currentNode();
    if (node?.type === 'ask' && (this.host.detail.channel === 'voice' || owed)) await this.speakTemplate(node.prompt);
    if (node?.type === 'llm' && owed)
      await this.run({ state: this.flow, actions: [{ type: 'llm_turn', node: this.flow.node }] });
  }

  /**
   * Whispers sent meanwhile steer the AI, else it asks its open question again; with nothing open it closes the call.
   */
  private async takeBack(): Promise<void> {
    if (!this.host.aiHolds()) return;
    this.owesCaller = false;
    const back = this.flow ? resumeFlow(this.host.agent.flow, this.flow) : null;
    if (!back) {
      await this.host.speech.say(CLOSING_LINE, 'ai');
      this.host.hangup('agent_ended');
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
    const text = fillTemplate(template, this.flow?.vars ?? this.host.detail.variables).trim();
    if (text) await this.host.speech.say(text, 'ai');
  }

  /** Carries out a step's actions in order; a silence drops its lines, a hold stops it where it is. */
  private async run(step: FlowStep): Promise<void> {
    const before = this.flow;
    this.flow = step.state;
    const epoch = this.host.speech.epoch;
    const gen = this.gen;
    for (const [i, action] of step.actions.entries()) {
      if (this.barging) await this.barging;
      if (this.host.ended()) return;
      if (gen !== this.gen) return this.holdAt(before, step.actions.slice(i));
      if (action.type === 'say' && epoch !== this.host.speech.epoch) {
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
    const { host } = this;
    switch (a.type) {
      case 'say':
        // Filled as it is said: a variable a whisper changed since the step began is used.
        await this.speakTemplate(a.template ?? a.text);
        return;
      case 'node':
        host.emit({ type: 'node', node: a.node });
        return;
      case 'variable':
        host.system('variable', `Captured ${a.name}`, { name: a.name, value: a.value });
        return;
      case 'intent':
        host.system('intent', `Intent matched: ${a.intent}`, { node: a.node, intent: a.intent });
        return;
      case 'handoff':
        host.system('handoff', `Handed off to queue ${a.queue} (${a.priority})`, {
          queue: a.queue,
          priority: a.priority,
          reason: a.reason,
        });
        host.escalate(a.queue, a.priority, a.reason || 'flow_handoff', a.announced ?? false);
        return;
      case 'schedule_callback':
        this.bookCallback(a.at);
        return;
      case 'outcome':
        host.system('outcome', `Outcome: ${a.outcome}`, { outcome: a.outcome });
        return;
      case 'error':
        host.system('error', a.message);
        return;
      case 'llm_turn':
        await llmTurn(this.llmHost(), a.node);
        return;
      case 'end':
        host.hangup(a.reason === 'flow_end' ? 'agent_ended' : a.reason);
        return;
    }
  }

  private llmHost(): LlmTurnHost {
    const self = this;
    const { host } = this;
    return {
      id: host.id,
      agent: host.agent,
      llm: host.llm,
      clock: host.clock,
      logger: host.logger,
      detail: host.detail,
      speech: host.speech,
      timeZone: host.timeZone(),
      get flow() {
        return self.flow;
      },
      takeWhispers: () => {
        const n = this.unreadWhispers;
        this.unreadWhispers = 0;
        return n;
      },
      setAbort: (abort) => {
        this.llmAbort = abort;
      },
      clearAbort: (abort) => {
        if (this.llmAbort === abort) this.llmAbort = null;
      },
      silencedSince: (epoch) => host.ended() || epoch !== host.speech.epoch || !host.aiHolds(),
      system: (kind, text, data) => host.system(kind, text, data),
      run: (step) => this.run(step),
      ended: () => host.ended(),
    };
  }

  /** Records the callback the AI promised and hands it to the scheduler; the call goes on either way. */
  private bookCallback(at: string): void {
    const { host } = this;
    const callbackId = host.newId('cb');
    const timeZone = host.timeZone() ?? null;
    const source = this.currentNode()?.type === 'llm' ? 'llm' : 'flow';
    host.system('callback', `Callback scheduled for ${at}`, { at, callbackId, ...(timeZone ? { timeZone } : {}) });
    const book = host.onCallback;
    if (!book) return;
    const request: CallbackRequest = {
      id: callbackId,
      to: host.detail.callerNumber,
      agentId: host.detail.agentId,
      at,
      timeZone,
      source,
      originSessionId: host.id,
    };
    book(request).catch((err: unknown) => {
      host.logger.error({ sessionId: host.id, err }, 'booking a callback failed');
      host.system('error', 'The callback could not be booked: it is not scheduled');
    });
  }

  private currentNode() {
    return this.flow?.node ? this.host.agent.flow.nodes[this.flow.node] : undefined;
  }

  /** An agent that talks through a chat model now (or only through one): whispers are read by the model. */
  private isLlmAgent(): boolean {
    const node = this.currentNode() ?? this.host.agent.flow.nodes[this.host.agent.flow.start];
    return node?.type === 'llm';
  }

  private matchOptions(): { timeZone?: string } {
    const timeZone = this.host.timeZone();
    return timeZone ? { timeZone } : {};
  }

  private enqueue(fn: () => Promise<unknown>): void {
    this.work = this.work.then(fn).then(
      () => undefined,
      (err: unknown) => {
        this.host.logger.error({ sessionId: this.host.id, err }, 'session work failed');
      },
    );
  }
}
