/** Use case: place a call with an AI agent on it (Dial Now, a callback's attempt, a campaign's dial). */
import type { Agent, AttemptResult, OutboundInfo } from '@livespace/protocol';
import { attemptResult } from '@livespace/domain';
import type { Carrier, OutboundLeg } from '../ports/index';
import type { SessionRegistry } from '../session/session-registry';
import type { VoicemailPolicy } from '../session/session-actor';

/** How a placed call ended: its result and the outcome the AI or the carrier recorded. */
interface AttemptEnd {
  sessionId: string;
  result: AttemptResult;
  outcome: string | null;
}

export interface PlaceCall {
  agent: Agent;
  /** E.164. */
  to: string;
  /** Caller ID (E.164). */
  from: string;
  outbound: OutboundInfo;
  /** Known in advance when a durable job recorded it before dialing. */
  sessionId?: string;
  persona?: string;
  variables?: Record<string, string>;
  voicemail?: VoicemailPolicy;
  /** Called once, when the call's session has ended. */
  onEnded?(end: AttemptEnd): void;
}

export interface OutboundCallsDeps {
  carrier: Carrier;
  registry: SessionRegistry;
  /** Resolves true once the session's events written so far are committed, false when that took too long. */
  durable(sessionId: string): Promise<boolean>;
  /** Sees each placed leg (the simulator links it to its session for its API). */
  onPlaced?(sessionId: string, leg: OutboundLeg): void;
}

export class OutboundCalls {
  constructor(private readonly deps: OutboundCallsDeps) {}

  /**
   * Creates the session (shown as dialing at once), waits until it is recorded, then dials: a crash in
   * between leaves a recorded session that never rang, never a call without its session.
   */
  async place(req: PlaceCall): Promise<{ sessionId: string }> {
    const leg = this.deps.carrier.outbound({
      to: req.to,
      from: req.from,
      detectMachine: true,
      ...(req.persona ? { persona: req.persona } : {}),
    });
    const actor = this.deps.registry.start(leg, req.agent, {
      outbound: req.outbound,
      ...(req.sessionId ? { id: req.sessionId } : {}),
      ...(req.variables ? { variables: req.variables } : {}),
      ...(req.voicemail ? { voicemail: req.voicemail } : {}),
      onEnded: (a) =>
        req.onEnded?.({
          sessionId: a.id,
          result: attemptResult(a.detail.endReason, a.detail.answeredAt),
          outcome: a.detail.outcome,
        }),
    });
    this.deps.onPlaced?.(actor.id, leg);
    // Not recorded in time (the store is down): better no call than one nobody can see; it ends as failed.
    if (!(await this.deps.durable(actor.id).catch(() => false))) actor.hangup('failed');
    else if (!actor.isEnded) leg.dial();
    return { sessionId: actor.id };
  }
}
