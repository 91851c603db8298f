/**
 * One Twilio call as a session's leg: audio both ways over its Media Stream (caller frames to the
 * recogniser and the mix, the AI's and a person's frames paced out to Twilio with marks, `clear` to
 * cut them), keys pressed, and for calls we place the REST dial, status callbacks and machine detection.
 */
import type {
  CallLegHandler,
  OutboundLeg,
  OutgoingLine,
  PlayProgress,
  PlayResult,
  Stt,
  SttStream,
} from '@livespace/app';
import type { CallAudio, MediaPlane } from '../media/call-audio';
import { HoldLoop } from '../media/hold-music';
import { clearMessage, frames, markMessage, mediaMessage, type StreamEvent } from './media-stream.wire';
import type { TwilioRest } from './twilio-rest';

/** The Media Stream's WebSocket, as the call needs it. */
export interface StreamSocket {
  send(text: string): void;
  close(): void;
}

export interface TwilioCallLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** How Twilio ends a call we placed before anyone talked, as the session's end reason (and outcome). */
const UNCONNECTED_END: Record<string, string> = {
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'no_answer',
};

export interface TwilioCallOptions {
  id: string;
  direction: 'inbound' | 'outbound';
  /** The far end (E.164). */
  remote: string;
  /** Our number (E.164). */
  local: string;
  stt: Stt | null;
  /** Where the call's audio is paced and mixed. */
  plane: MediaPlane;
  rest: TwilioRest;
  logger: TwilioCallLogger;
  /** Outbound: how to place the call. */
  dial?: { voiceUrl: string; statusUrl: string; detectMachine: boolean; timeoutSec: number };
  /** A keypad entry ends after this long without a key (or at `#`). */
  digitTimeoutMs: number;
  /** A line counts as heard when Twilio echoes its mark, or after this long without the echo. */
  markTimeoutMs: number;
  /** The call has a Twilio CallSid (placed, or answered on an inbound webhook). */
  onSid(call: TwilioCall, sid: string): void;
  onClosed(call: TwilioCall): void;
}

export class TwilioCall implements OutboundLeg {
  readonly id: string;
  readonly channel = 'voice' as const;
  readonly direction: 'inbound' | 'outbound';
  readonly remote: string;
  readonly local: string;
  readonly media: CallAudio;
  callSid: string | null = null;
  private handler: CallLegHandler | null = null;
  private socket: StreamSocket | null = null;
  private streamSid = '';
  private stt: SttStream | null = null;
  private answeredBy: 'human' | 'machine' = 'human';
  private connected = false;
  /** Twilio reported the far end answered (the stream may still be on its way). */
  private pickedUp = false;
  private dialed = false;
  private ended = false;
  private readonly holdLoop: HoldLoop;
  private unsubscribe: (() => void) | null = null;
  private marks = new Map<string, (heard: boolean) => void>();
  private markNo = 0;
  private digits = '';
  private digitTimer: NodeJS.Timeout | null = null;
  /** The caller's current utterance already cut the AI off. */
  private bargedIn = false;
  /** Counters for tests and the benchmark. */
  readonly stats = { framesIn: 0, framesOut: 0, badMessages: 0 };

  constructor(private readonly opts: TwilioCallOptions) {
    this.id = opts.id;
    this.direction = opts.direction;
    this.remote = opts.remote;
    this.local = opts.local;
    this.media = opts.plane.open();
    this.holdLoop = new HoldLoop(this.media);
  }

  get isEnded(): boolean {
    return this.ended;
  }
  get isConnected(): boolean {
    return this.connected;
  }
  /** The Media Stream's sid, once connected. */
  get stream(): string {
    return this.streamSid;
  }

  attach(handler: CallLegHandler): void {
    this.handler = handler;
  }

  /** Places the call we were created for: Twilio rings the callee and tells us how it goes on the status callback. */
  dial(): void {
    const d = this.opts.dial;
    if (!d || this.dialed || this.ended) return;
    this.dialed = true;
    this.opts.rest
      .createCall({
        to: this.remote,
        from: this.local,
        url: d.voiceUrl,
        statusCallback: d.statusUrl,
        detectMachine: d.detectMachine,
        timeoutSec: d.timeoutSec,
      })
      .then(({ sid }) => {
        this.setSid(sid);
        // Hung up while Twilio was still creating it: cancel it now.
        if (this.ended) this.endAtTwilio('canceled');
      })
      .catch((err: unknown) => {
        this.opts.logger.warn(
          { legId: this.id, err: err instanceof Error ? err.message : String(err) },
          'twilio refused to place the call',
        );
        this.farEnd('failed');
      });
  }

  setSid(sid: string): void {
    if (this.callSid) return;
    this.callSid = sid;
    this.opts.onSid(this, sid);
  }

  /** Twilio's voice webhook for a call we placed: machine detection's verdict arrives with it. */
  answered(answeredBy: string | undefined): void {
    if (answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax')) this.answeredBy = 'machine';
  }

  /** A status callback: ringing, or the end of the call (with why, for calls that never connected). */
  status(callStatus: string): void {
    if (this.ended) return;
    if (callStatus === 'ringing') return this.handler?.onRinging();
    if (callStatus === 'in-progress' || callStatus === 'answered') {
      this.pickedUp = true;
      return;
    }
    // Ended without a stream: never answered, or answered but its stream never came (a failure on our side or
    // Twilio's).
    if (callStatus === 'completed')
      return this.farEnd(
        this.connected || this.direction === 'inbound' ? 'caller_hangup' : this.pickedUp ? 'failed' : 'no_answer',
      );
    const end = UNCONNECTED_END[callStatus];
    if (end) this.farEnd(this.connected ? 'caller_hangup' : end);
  }

  /** The call's Media Stream started: audio flows both ways from now on. */
  connect(socket: StreamSocket, streamSid: string): void {
    if (this.ended || this.socket) return socket.close();
    this.socket = socket;
    this.streamSid = streamSid;
    this.connected = true;
    // What the caller hears: the AI's and a person's tracks, paced by the media clock, sent only while something plays.
    this.unsubscribe = this.media.subscribe(
      (frame) => {
        this.stats.framesOut++;
        socket.send(mediaMessage(streamSid, frame));
      },
      { tracks: ['ai', 'human'], onlyVoiced: true },
    );
    this.stt =
      this.opts.stt?.open({
        onPartial: (text) => this.callerPartial(text),
        onFinal: (text) => {
          this.bargedIn = false;
          if (!this.ended) this.handler?.onCallerFinal(text);
        },
        onError: (err) => {
          if (!this.ended) this.handler?.onProviderError('stt', err.message);
        },
      }) ?? null;
    if (this.direction === 'outbound') this.handler?.onAnswered(this.answeredBy);
  }

  /** One checked message of this call's stream. */
  onStreamEvent(e: StreamEvent): void {
    if (this.ended) return;
    switch (e.event) {
      case 'media':
        for (const frame of frames(e.audio)) {
          this.stats.framesIn++;
          void this.media.play('caller', [frame]);
          this.stt?.write(frame);
        }
        return;
      case 'dtmf':
        return this.key(e.digit);
      case 'mark':
        this.marks.get(e.name)?.(true);
        return;
      case 'stop':
        return this.farEnd('caller_hangup');
      default:
        return;
    }
  }

  /** The stream's socket closed: Twilio ended the stream, so the call is over. */
  streamClosed(): void {
    this.farEnd('caller_hangup');
  }

  async send(line: OutgoingLine, onProgress?: PlayProgress): Promise<PlayResult> {
    if (this.ended) return 'hungup';
    if (!line.frames?.length) {
      line.onFirstFrame?.();
      return 'done';
    }
    const end = await this.media.play(
      line.speaker === 'human' ? 'human' : 'ai',
      line.frames,
      onProgress,
      line.onFirstFrame,
    );
    if (this.ended) return 'hungup';
    if (end !== 'done' || !this.socket) return end;
    // Sent is not heard: Twilio echoes the mark once the audio before it has played.
    const heard = await this.mark();
    return this.ended ? 'hungup' : heard ? 'done' : 'interrupted';
  }

  private mark(): Promise<boolean> {
    const name = `${this.id}.${++this.markNo}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(true), this.opts.markTimeoutMs);
      const settle = (heard: boolean) => {
        clearTimeout(timer);
        this.marks.delete(name);
        resolve(heard);
      };
      this.marks.set(name, settle);
      this.socket?.send(markMessage(this.streamSid, name));
    });
  }

  sendAudio(frame: Uint8Array): void {
    if (!this.ended) void this.media.play('human', [frame]);
  }

  hold(on: boolean): void {
    if (!this.ended || !on) this.holdLoop.hold(on);
  }

  /** Drops what is queued and playing for the caller, here and in Twilio's buffer. */
  clear(): void {
    this.media.clear('ai');
    this.media.clear('human');
    if (this.socket && !this.ended) this.socket.send(clearMessage(this.streamSid));
    // Twilio echoes the marks it drops too; what was cut was not heard to its end.
    for (const settle of [...this.marks.values()]) settle(false);
  }

  /** The session hangs up: Twilio ends the call (a ringing one is canceled). */
  hangup(_reason: string): void {
    if (this.ended) return;
    this.endAtTwilio(this.connected ? 'completed' : 'canceled');
    this.close();
  }

  private endAtTwilio(status: 'completed' | 'canceled'): void {
    if (!this.callSid) return;
    this.opts.rest.endCall(this.callSid, status).catch((err: unknown) => {
      this.opts.logger.warn(
        { legId: this.id, err: err instanceof Error ? err.message : String(err) },
        'twilio did not end the call',
      );
    });
  }

  private callerPartial(text: string): void {
    if (this.ended || !text.trim()) return;
    // The caller talks over the AI: it stops at once (barge-in), once per utterance.
    if (!this.bargedIn && this.media.isPlaying('ai')) {
      this.bargedIn = true;
      this.handler?.onCallerSpeech();
    }
    this.handler?.onCallerPartial(text);
  }

  private key(digit: string): void {
    if (this.digitTimer) clearTimeout(this.digitTimer);
    this.digitTimer = null;
    if (digit !== '#') this.digits += digit;
    if (digit === '#' || this.digits.length >= 30) return this.flushDigits();
    this.digitTimer = setTimeout(() => this.flushDigits(), this.opts.digitTimeoutMs);
  }

  private flushDigits(): void {
    this.digitTimer = null;
    const d = this.digits;
    this.digits = '';
    if (d && !this.ended) this.handler?.onCallerDigits(d);
  }

  /** The far end (or Twilio) ended the call. */
  private farEnd(reason: string): void {
    if (this.ended) return;
    const h = this.handler;
    this.close();
    h?.onHangup(reason);
  }

  private close(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.digitTimer) clearTimeout(this.digitTimer);
    this.stt?.close();
    this.unsubscribe?.();
    for (const settle of [...this.marks.values()]) settle(false);
    this.media.close();
    this.socket?.close();
    this.opts.onClosed(this);
  }
}
