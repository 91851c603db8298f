/** The live session actors of this process, by session id and by carrier leg id. */
import type { Agent, OutboundInfo } from '@livespace/protocol';
import type { HealthPolicy } from '@livespace/domain';
import type { CallLeg, Clock, Llm, Tts } from '../ports/index';
import type { EventLog } from './event-log';
import {
  SessionActor,
  type ActorLogger,
  type BargeStages,
  type CallbackRequest,
  type VoicemailPolicy,
} from './session-actor';
import { PARTIAL_INTERVAL_MS } from './partial-text';
import type { SessionRecorder } from '../recordings/recording-service';

export interface SessionRegistryDeps {
  clock: Clock;
  eventLog: EventLog;
  tts: Tts | null;
  llm?: Llm | null;
  logger: ActorLogger;
  newId: (prefix: string) => string;
  /** Least time between two partial updates of a line being spoken (default PARTIAL_INTERVAL_MS). */
  partialIntervalMs?: number;
  /** Observes session starts and ends (metrics). */
  onStarted?(actor: SessionActor): void;
  onEnded?(actor: SessionActor): void;
  /** Observes barge latency: request → first audio frame (metrics). */
  onBargeHeard?(ms: number, stages: BargeStages): void;
  /** Observes speech latency: a line's words known → its first audio frame sent (metrics). */
  onFirstFrame?(ms: number): void;
  /** When sessions need attention (default DEFAULT_HEALTH_POLICY). */
  healthPolicy?: HealthPolicy;
  /** Callers' time zone when a session has no `timezone` variable. */
  timeZone?: string;
  /** Books a callback the AI promised (the scheduler). */
  onCallback?(request: CallbackRequest): Promise<void>;
  /** Records voice calls (recordings/recording-service.ts); none without it. */
  recordings?: SessionRecorder;
}

/** What one session starts with beyond its leg and agent. */
export interface StartOptions {
  /** The session id, when the caller must know it before the session exists (an outbound job records it first). */
  id?: string;
  variables?: Record<string, string>;
  outbound?: OutboundInfo;
  voicemail?: VoicemailPolicy;
  /** Called once this session has ended (after the registry's own bookkeeping). */
  onEnded?(actor: SessionActor): void;
}

export class SessionRegistry {
  private readonly byId = new Map<string, SessionActor>();
  private readonly byLeg = new Map<string, SessionActor>();

  /** One timer for every session: silences and slow answers grow with time, not with events. */
  private readonly healthTimer: NodeJS.Timeout;

  constructor(private readonly deps: SessionRegistryDeps) {
    this.healthTimer = setInterval(() => {
      for (const a of this.byId.values()) a.checkHealth();
    }, 1000);
    this.healthTimer.unref();
  }

  /** Creates the actor that owns a new call or conversation and starts it. */
  start(leg: CallLeg, agent: Agent, opts: StartOptions = {}): SessionActor {
    const { deps } = this;
    const recorded = deps.recordings?.shouldRecord(leg, agent) ?? false;
    const actor = new SessionActor({
      id: opts.id ?? deps.newId('ses'),
      agent,
      leg,
      ...(opts.variables ? { variables: opts.variables } : {}),
      ...(opts.outbound ? { outbound: opts.outbound } : {}),
      ...(opts.voicemail ? { voicemail: opts.voicemail } : {}),
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      ...(deps.onCallback ? { onCallback: deps.onCallback } : {}),
      clock: this.deps.clock,
      newId: (prefix) => this.deps.newId(prefix ?? 'ln'),
      eventLog: this.deps.eventLog,
      tts: this.deps.tts,
      llm: this.deps.llm ?? null,
      logger: this.deps.logger,
      partialIntervalMs: this.deps.partialIntervalMs ?? PARTIAL_INTERVAL_MS,
      ...(this.deps.onBargeHeard ? { onBargeHeard: this.deps.onBargeHeard } : {}),
      ...(this.deps.onFirstFrame ? { onFirstFrame: this.deps.onFirstFrame } : {}),
      ...(this.deps.healthPolicy ? { healthPolicy: this.deps.healthPolicy } : {}),
      ...(recorded ? { recorded } : {}),
      onEnded: (a) => {
        this.byId.delete(a.id);
        this.byLeg.delete(leg.id);
        this.deps.onEnded?.(a);
        opts.onEnded?.(a);
      },
    });
    this.byId.set(actor.id, actor);
    this.byLeg.set(leg.id, actor);
    // Before the session starts, so its first words are in the file.
    if (recorded) deps.recordings!.start(actor.id, leg);
    actor.start();
    this.deps.onStarted?.(actor);
    return actor;
  }

  get(id: string): SessionActor | undefined {
    return this.byId.get(id);
  }
  byLegId(legId: string): SessionActor | undefined {
    return this.byLeg.get(legId);
  }
  get size(): number {
    return this.byId.size;
  }
  all(): SessionActor[] {
    return [...this.byId.values()];
  }

  /** Ends every live session (server shutdown): their events are written with this reason. */
  endAll(reason: string): void {
    for (const a of this.all()) a.hangup(reason);
  }
}
