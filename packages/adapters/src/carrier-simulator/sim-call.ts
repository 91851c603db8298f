/**
 * One call or conversation on the virtual phone network: the session's leg on one side, a virtual caller on the other.
 */
import type { CallLegHandler, OutboundLeg, OutgoingLine, PlayProgress, PlayResult, Tts } from '@livespace/app';
import { partialUpdates } from '@livespace/app';
import type { Channel, Direction } from '@livespace/protocol';
import { openingLine, personaCallOutcome, replyFor, type PersonaName } from '@livespace/domain';
import type { CallAudio, MediaPlane } from '../media/call-audio';
import { SILENCE_FRAME } from '../media/mulaw';
import { HoldLoop } from '../media/hold-music';
import { estimateSpeechMs } from '../speech/estimate';

export interface Heard {
  text: string;
  at: string;
}

export interface SimTiming {
  /** Pause after the agent finishes its turn before the virtual caller answers (voice). */
  replyPauseMs: number;
  /** Time a virtual customer takes to type a message, per character. */
  typingMsPerChar: number;
  /** A talking persona hangs up after this long without hearing anything (waiting in a queue). */
  patienceMs: number;
  /** Least time between two partial updates of the caller's line while spoken. */
  partialIntervalMs: number;
  /** Outbound: how long the phone rings before a person (or a voicemail) answers. */
  ringMs: number;
  /** Outbound: how long an unanswered phone rings before the carrier gives up (no_answer). */
  noAnswerMs: number;
}

export interface SimCallOptions {
  id: string;
  channel: Channel;
  direction: Direction;
  remote: string;
  local: string;
  persona: PersonaName;
  callerVoice: string;
  tts: Tts | null;
  /** Where a voice call's audio is paced and mixed. */
  plane: MediaPlane;
  timing: SimTiming;
  random: () => number;
  now: () => Date;
  onClosed(call: SimCall): void;
}

export class SimCall implements OutboundLeg {
  readonly id: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly remote: string;
  readonly local: string;
  readonly media?: CallAudio;
  readonly heard: Heard[] = [];
  readonly said: Heard[] = [];
  readonly persona: PersonaName;
  private handler: CallLegHandler | null = null;
  private ended = false;
  private turn = 0;
  /** What the agent said since the caller last spoke: the caller answers all of it at once. */
  private turnHeard: string[] = [];
  private replyTimer: NodeJS.Timeout | null = null;
  private patienceTimer: NodeJS.Timeout | null = null;
  private speaking: Promise<void> = Promise.resolve();
  private readonly holdLoop: HoldLoop | null = null;
  /** Outbound: the ringing and answering of the far end. */
  private dialTimers: NodeJS.Timeout[] = [];
  /** False while an outbound call rings: the callee hears nothing yet. */
  private connected: boolean;

  constructor(private readonly opts: SimCallOptions) {
    this.id = opts.id;
    this.channel = opts.channel;
    this.direction = opts.direction;
    this.connected = opts.direction === 'inbound';
    this.remote = opts.remote;
    this.local = opts.local;
    this.persona = opts.persona;
    if (opts.channel === 'voice') {
      this.media = opts.plane.open();
      this.holdLoop = new HoldLoop(this.media);
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  attach(handler: CallLegHandler): void {
    this.handler = handler;
    if (!this.connected) return;
    this.armPatience();
    // On WhatsApp and SMS the customer writes first.
    const opening = this.media ? null : openingLine(this.persona);
    if (opening) {
      this.said.push({ text: opening, at: this.opts.now().toISOString() });
      handler.onCallerFinal(opening);
    }
  }

  /**
   * Places an outbound call: the phone rings, then the persona decides (docs/outbound.md): a person answers,
   * a voicemail answers, the line is busy, the call fails, or nobody answers.
   */
  dial(): void {
    if (this.connected || this.ended || this.dialTimers.length > 0) return;
    const { ringMs, noAnswerMs } = this.opts.timing;
    const later = (ms: number, fn: () => void): void => {
      this.dialTimers.push(
        setTimeout(() => {
          if (!this.ended) fn();
        }, ms),
      );
    };
    const outcome = personaCallOutcome(this.persona);
    // The network needs a moment to route the call; busy and failed calls end before any ringing.
    const routing = Math.min(300, ringMs / 4);
    if (outcome === 'busy' || outcome === 'failed') return later(routing, () => this.farEndHangup(outcome));
    later(routing, () => this.handler?.onRinging());
    if (outcome === 'no_answer') return later(noAnswerMs, () => this.farEndHangup('no_answer'));
    later(ringMs * (0.75 + this.opts.random() * 0.5), () => {
      this.connected = true;
      this.handler?.onAnswered(outcome === 'voicemail' ? 'machine' : 'human');
      if (outcome !== 'voicemail') this.armPatience();
    });
  }

  /** The carrier ends a call that never connected. */
  private farEndHangup(reason: 'busy' | 'failed' | 'no_answer'): void {
    this.callerHangup(reason);
  }

  async send(line: OutgoingLine, onProgress?: PlayProgress): Promise<PlayResult> {
    if (this.ended) return 'hungup';
    this.cancelReply();
    if (this.media) {
      const frames = line.frames ?? silence(estimateSpeechMs(line.text));
      const result = await this.media.play(
        line.speaker === 'human' ? 'human' : 'ai',
        frames,
        onProgress,
        line.onFirstFrame,
      );
      if (this.ended) return 'hungup';
      if (result !== 'done') return result;
    }
    if (!this.media) line.onFirstFrame?.();
    this.heard.push({ text: line.text, at: this.opts.now().toISOString() });
    this.turnHeard.push(line.text);
    this.armPatience();
    this.scheduleReply();
    return 'done';
  }

  /** Hold audio on the AI's track, looped until hold(false), the next line cleared or the end of the call. */
  hold(on: boolean): void {
    if (!this.ended || !on) this.holdLoop?.hold(on);
  }

  sendAudio(frame: Uint8Array): void {
    if (!this.ended) void this.media?.play('human', [frame]);
  }

  clear(): void {
    this.media?.clear('ai');
    this.media?.clear('human');
  }

  /** The session hung up. */
  hangup(_reason: string): void {
    this.close();
  }

  /** The virtual caller says (voice) or writes (messages) `text`. Lines queue one after another. */
  say(text: string): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.cancelReply();
    this.speaking = this.speaking.then(() => this.speak(text));
    return this.speaking;
  }

  /** The virtual caller hangs up. */
  callerHangup(reason = 'caller_hangup'): void {
    if (this.ended) return;
    const h = this.handler;
    this.close();
    h?.onHangup(reason);
  }

  private async speak(text: string): Promise<void> {
    if (this.ended) return;
    this.said.push({ text, at: this.opts.now().toISOString() });
    this.turnHeard = [];
    if (!this.media) {
      this.handler?.onCallerFinal(text);
      return;
    }
    let frames: Uint8Array[];
    try {
      frames = this.opts.tts
        ? await this.opts.tts.synthesize(text, this.opts.callerVoice)
        : silence(estimateSpeechMs(text));
    } catch {
      frames = silence(estimateSpeechMs(text));
    }
    if (this.ended) return;
    const onProgress = partialUpdates(text, this.opts.timing.partialIntervalMs, (words) =>
      this.handler?.onCallerPartial(words),
    );
    const result = await this.media.play('caller', frames, onProgress);
    if (!this.ended && result === 'done') this.handler?.onCallerFinal(text);
  }

  private scheduleReply(): void {
    if (this.persona === 'manual') return;
    const pause = this.media ? this.opts.timing.replyPauseMs : this.opts.timing.typingMsPerChar * 40;
    this.replyTimer = setTimeout(() => this.reply(), pause * (0.75 + this.opts.random() * 0.5));
  }

  private cancelReply(): void {
    if (this.replyTimer) clearTimeout(this.replyTimer);
    this.replyTimer = null;
  }

  private reply(): void {
    this.replyTimer = null;
    // A voicemail records what it hears and answers nothing.
    if (this.ended || (personaCallOutcome(this.persona) === 'voicemail' && this.direction === 'outbound')) return;
    const heard = this.turnHeard.join(' ');
    const r = replyFor(this.persona, heard, this.turn++, this.opts.random());
    if (r.type === 'hangup') this.callerHangup();
    else if (r.type === 'say') void this.say(r.text);
  }

  /** A talking caller left waiting (say, in a queue) gives up after a while. */
  private armPatience(): void {
    if (this.patienceTimer) clearTimeout(this.patienceTimer);
    if (this.persona === 'manual' || this.ended) return;
    this.patienceTimer = setTimeout(() => this.callerHangup('caller_abandoned'), this.opts.timing.patienceMs);
  }

  private close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.dialTimers) clearTimeout(t);
    this.cancelReply();
    if (this.patienceTimer) clearTimeout(this.patienceTimer);
    this.media?.close();
    this.opts.onClosed(this);
  }
}

/** Silent frames standing in for speech when there is no synthesizer (text-only load). */
function silence(ms: number): Uint8Array[] {
  return new Array<Uint8Array>(Math.max(1, Math.round(ms / 20))).fill(SILENCE_FRAME);
}
