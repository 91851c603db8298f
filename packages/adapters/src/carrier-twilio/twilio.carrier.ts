/**
 * Twilio as a Live Space carrier: answers the voice webhook with TwiML that connects a bidirectional
 * Media Stream, turns each stream into a session's leg, places outbound calls through the REST API, and
 * applies status callbacks. Signatures are checked by the HTTP layer (it knows the public URL).
 */
import type { MediaPlane } from '../media/call-audio';
import { localMediaPlane } from '../media/local-media-plane';
import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import type { CallLeg, Carrier, DialRequest, Stt } from '@livespace/app';
import { parseStreamMessage } from './media-stream.wire';
import { TwilioCall, type StreamSocket, type TwilioCallLogger } from './twilio-call';
import type { TwilioRest } from './twilio-rest';
import { checkStreamToken, streamToken } from './stream-token';

export interface TwilioCarrierOptions {
  accountSid: string;
  authToken: string;
  /** https base URL Twilio reaches us at (PUBLIC_URL); the media stream is its wss:// twin. */
  publicUrl: string;
  rest: TwilioRest;
  stt: Stt | null;
  /** Where calls' audio runs (default: this thread's clock; the server passes its worker plane). */
  plane?: MediaPlane;
  logger: TwilioCallLogger & { info(obj: Record<string, unknown>, msg: string): void };
  /** Seconds an outbound call rings before Twilio gives up (no answer). */
  ringTimeoutSec?: number;
  digitTimeoutMs?: number;
  markTimeoutMs?: number;
}

/** Paths of the webhooks (docs/api.md). */
export const TWILIO_PATHS = {
  voice: '/webhooks/twilio/voice',
  status: '/webhooks/twilio/status',
  media: '/webhooks/twilio/media',
  messaging: '/webhooks/twilio/messaging',
} as const;

/** How long ended calls' sids are remembered, so a replayed stream for one is refused. */
const REMEMBER_ENDED = 5000;

export class TwilioCarrier implements Carrier {
  readonly name = 'twilio';
  private incoming: ((leg: CallLeg, meta: { agentId?: string }) => void) | null = null;
  private readonly byId = new Map<string, TwilioCall>();
  private readonly bySid = new Map<string, TwilioCall>();
  private readonly endedSids = new Set<string>();
  private readonly base: string;

  constructor(private readonly opts: TwilioCarrierOptions) {
    this.base = opts.publicUrl.replace(/\/$/, '');
  }

  onIncoming(handler: (leg: CallLeg, meta: { agentId?: string }) => void): void {
    this.incoming = handler;
  }

  /** Whether a request really comes from Twilio: `url` is the full public URL it called. */
  validSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    return !!signature && twilio.validateRequest(this.opts.authToken, signature, url, params);
  }

  /**
   * The voice webhook: the TwiML that connects the call's Media Stream. Inbound calls name the agent; our own calls
   * name their leg.
   */
  voiceTwiml(params: Record<string, string>, route: { agentId?: string; legId?: string }): string {
    const callSid = params.CallSid ?? '';
    const stream: Record<string, string> = route.legId
      ? { legId: route.legId }
      : { from: params.From ?? '', to: params.To ?? '', ...(route.agentId ? { agentId: route.agentId } : {}) };
    if (route.legId) {
      const call = this.byId.get(route.legId);
      if (call) {
        call.setSid(callSid);
        call.answered(params.AnsweredBy);
      }
    }
    const response = new twilio.twiml.VoiceResponse();
    const s = response.connect().stream({ url: `${this.base.replace(/^http/, 'ws')}${TWILIO_PATHS.media}` });
    for (const [name, value] of Object.entries({ ...stream, token: streamToken(this.opts.authToken, callSid, stream) }))
      s.parameter({ name, value });
    return response.toString();
  }

  /** A status callback for a call (ours: ringing, answered, ended; theirs: ended). Unknown calls are ignored. */
  status(params: Record<string, string>): void {
    const call = params.CallSid ? this.bySid.get(params.CallSid) : undefined;
    if (call && params.CallStatus) call.status(params.CallStatus);
  }

  /**
   * A Media Stream WebSocket opened: its messages go to `onMessage`, its end to `onClose`. The stream is
   * tied to a call at `start` (its token checked); anything malformed is dropped and counted.
   */
  acceptStream(socket: StreamSocket): { onMessage(text: string): void; onClose(): void } {
    let call: TwilioCall | null = null;
    let bad = 0;
    const refuse = (reason: string) => {
      this.opts.logger.warn({ reason }, 'media stream refused');
      socket.close();
    };
    return {
      onMessage: (text) => {
        const r = parseStreamMessage(text);
        if (!r.ok) {
          if (call) call.stats.badMessages++;
          // A peer that keeps sending garbage is not Twilio.
          if (++bad > 50) socket.close();
          return;
        }
        const e = r.event;
        if (e.event === 'connected') return;
        if (e.event === 'start') {
          if (call) return;
          const { callSid, accountSid, customParameters: p } = e.start;
          if (accountSid !== this.opts.accountSid || !checkStreamToken(this.opts.authToken, callSid, p))
            return refuse('bad stream token');
          if (this.endedSids.has(callSid) || (this.bySid.has(callSid) && this.bySid.get(callSid)!.isConnected))
            return refuse('stream replayed for a call already streamed');
          call = p.legId ? (this.byId.get(p.legId) ?? null) : this.inboundCall(callSid, p);
          if (!call) return refuse('no such call');
          call.setSid(callSid);
          call.connect(socket, e.streamSid);
          return;
        }
        if (call && e.streamSid === call.stream) call.onStreamEvent(e);
      },
      onClose: () => call?.streamClosed(),
    };
  }

  private inboundCall(callSid: string, p: Record<string, string>): TwilioCall | null {
    if (!this.incoming) return null;
    const call = this.newCall('inbound', p.from ?? '', p.to ?? '');
    call.setSid(callSid);
    this.incoming(call, p.agentId ? { agentId: p.agentId } : {});
    return call;
  }

  outbound(req: DialRequest): TwilioCall {
    const call = this.newCall('outbound', req.to, req.from, req.detectMachine);
    return call;
  }

  private newCall(direction: 'inbound' | 'outbound', remote: string, local: string, detectMachine = false): TwilioCall {
    const id = `tw_${randomUUID()}`;
    const call = new TwilioCall({
      id,
      direction,
      remote,
      local,
      stt: this.opts.stt,
      plane: this.opts.plane ?? localMediaPlane,
      rest: this.opts.rest,
      logger: this.opts.logger,
      ...(direction === 'outbound'
        ? {
            dial: {
              voiceUrl: `${this.base}${TWILIO_PATHS.voice}?leg=${id}`,
              statusUrl: `${this.base}${TWILIO_PATHS.status}`,
              detectMachine,
              timeoutSec: this.opts.ringTimeoutSec ?? 25,
            },
          }
        : {}),
      digitTimeoutMs: this.opts.digitTimeoutMs ?? 2000,
      markTimeoutMs: this.opts.markTimeoutMs ?? 3000,
      onSid: (c, sid) => this.bySid.set(sid, c),
      onClosed: (c) => {
        this.byId.delete(c.id);
        if (!c.callSid) return;
        this.bySid.delete(c.callSid);
        this.endedSids.add(c.callSid);
        if (this.endedSids.size > REMEMBER_ENDED) this.endedSids.delete(this.endedSids.values().next().value!);
      },
    });
    this.byId.set(id, call);
    return call;
  }

  get liveCount(): number {
    return this.byId.size;
  }
  byLegId(id: string): TwilioCall | undefined {
    return this.byId.get(id);
  }

  async close(): Promise<void> {
    for (const c of [...this.byId.values()]) c.hangup('server_shutdown');
  }
}
