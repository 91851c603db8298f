/**
 * The built-in virtual phone network: virtual callers with personas call in, write in, and answer the calls we place.
 */
import { randomUUID } from 'node:crypto';
import { PARTIAL_INTERVAL_MS, type CallLeg, type Carrier, type DialRequest, type Tts } from '@livespace/app';
import type { Channel } from '@livespace/protocol';
import { isPersona, personaForNumber, type PersonaName } from '@livespace/domain';
import type { MediaPlane } from '../media/call-audio';
import { localMediaPlane } from '../media/local-media-plane';
import { SimCall, type SimTiming } from './sim-call';

export const DEFAULT_SIM_TIMING: SimTiming = {
  replyPauseMs: 700,
  typingMsPerChar: 60,
  patienceMs: 45_000,
  partialIntervalMs: PARTIAL_INTERVAL_MS,
  ringMs: 3000,
  noAnswerMs: 20_000,
};

/** Caller voices differ from agent voices so a listener can tell who speaks. */
const CALLER_VOICES = ['en-us+m3', 'en-gb+f2', 'en-us+f4', 'en-gb+m5', 'en-us+m7'];

/** How many finished calls stay readable through the simulator API. */
const KEEP_FINISHED = 2000;

export interface PlaceCallInput {
  persona: PersonaName;
  from: string;
  to?: string;
  channel: Channel;
  agentId?: string;
}

export class SimulatorCarrier implements Carrier {
  readonly name = 'simulator';
  private incoming: ((leg: CallLeg, meta: { agentId?: string }) => void) | null = null;
  private readonly live = new Map<string, SimCall>();
  private readonly bySession = new Map<string, SimCall>();

  constructor(
    private readonly tts: Tts | null,
    private readonly timing: SimTiming = DEFAULT_SIM_TIMING,
    private readonly random: () => number = Math.random,
    /** Where voice calls' audio runs: the server passes its worker plane; this thread's clock by default. */
    private readonly plane: MediaPlane = localMediaPlane,
  ) {}

  onIncoming(handler: (leg: CallLeg, meta: { agentId?: string }) => void): void {
    this.incoming = handler;
  }

  /** A virtual caller calls (or writes to) one of our numbers; the session engine picks it up synchronously. */
  placeCall(input: PlaceCallInput): SimCall {
    if (!this.incoming) throw new Error('simulator: no session engine attached');
    const call = this.newCall('inbound', input.channel, input.from, input.to ?? '+15550100000', input.persona);
    this.incoming(call, input.agentId ? { agentId: input.agentId } : {});
    return call;
  }

  /** A call we place to a virtual number: the request's persona answers, else the one the number picks. */
  outbound(req: DialRequest): SimCall {
    const persona = isPersona(req.persona) ? req.persona : personaForNumber(req.to);
    return this.newCall('outbound', 'voice', req.to, req.from, persona);
  }

  private newCall(
    direction: 'inbound' | 'outbound',
    channel: Channel,
    remote: string,
    local: string,
    persona: PersonaName,
  ): SimCall {
    const call = new SimCall({
      id: `sim_${randomUUID()}`,
      channel,
      direction,
      remote,
      local,
      persona,
      callerVoice: CALLER_VOICES[Math.floor(this.random() * CALLER_VOICES.length)]!,
      tts: this.tts,
      plane: this.plane,
      timing: this.timing,
      random: this.random,
      now: () => new Date(),
      onClosed: (c) => this.live.delete(c.id),
    });
    this.live.set(call.id, call);
    return call;
  }

  /** Links a call to the session that answered it, for the simulator API. */
  bindSession(sessionId: string, call: SimCall): void {
    this.bySession.set(sessionId, call);
    if (this.bySession.size > KEEP_FINISHED + this.live.size) {
      for (const [id, c] of this.bySession) {
        if (c.isEnded) {
          this.bySession.delete(id);
          break;
        }
      }
    }
  }

  bySessionId(sessionId: string): SimCall | undefined {
    return this.bySession.get(sessionId);
  }

  get liveCount(): number {
    return this.live.size;
  }
  liveCalls(): SimCall[] {
    return [...this.live.values()];
  }

  async close(): Promise<void> {
    for (const c of this.live.values()) c.callerHangup('simulator_stopped');
  }
}
