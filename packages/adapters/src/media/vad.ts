/**
 * A small energy voice-activity detector over 8 kHz μ-law frames: speech starts after a few loud frames
 * in a row and ends after a stretch of quiet. It counts audio, not wall time, so it works as well on
 * frames fed faster than real time. Used to cut utterances for batch transcription and by test stand-ins.
 */
import { frameEnergy } from './mulaw';

/** Options of {@link EnergyVad}; every field has a default. */
export interface EnergyVadOptions {
  /** RMS frame energy (see frameEnergy) above which a frame is loud (default 300; phone line noise is well below). */
  threshold?: number;
  /** Loud frames in a row that start speech (default 3, 60 ms: clicks and pops are shorter). */
  startFrames?: number;
  /** Quiet audio that ends speech (default 500 ms; pauses between words are shorter). */
  endSilenceMs?: number;
  /** Speech longer than this is ended anyway (default 30 s); if the caller goes on, a new utterance starts. */
  maxUtteranceMs?: number;
}

/** What a frame changed: speech started on it, ended on it, or nothing. */
export type VadEvent = 'start' | 'end' | null;

/** Detects where speech starts and ends in a stream of μ-law frames. */
export class EnergyVad {
  readonly threshold: number;
  readonly startFrames: number;
  readonly endSilenceMs: number;
  readonly maxUtteranceMs: number;
  private loudRun = 0;
  private quietMs = 0;
  private speechMs = 0;
  private inSpeech = false;

  constructor(opts: EnergyVadOptions = {}) {
    this.threshold = opts.threshold ?? 300;
    this.startFrames = Math.max(1, opts.startFrames ?? 3);
    this.endSilenceMs = opts.endSilenceMs ?? 500;
    this.maxUtteranceMs = opts.maxUtteranceMs ?? 30_000;
  }

  /** Whether an utterance is under way. */
  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Audio of the current (or last ended) utterance from its first loud frame, trailing quiet included. */
  get utteranceMs(): number {
    return this.speechMs;
  }

  /** Quiet audio at the end of the current (or last ended) utterance. */
  get trailingQuietMs(): number {
    return this.quietMs;
  }

  /** Feeds the next frame (20 ms for 160 bytes); 'start' on the frame that confirms speech, 'end' on the one that ends it. */
  push(frame: Uint8Array): VadEvent {
    const ms = frame.length / 8;
    const loud = frameEnergy(frame) > this.threshold;
    if (!this.inSpeech) {
      this.loudRun = loud ? this.loudRun + 1 : 0;
      if (this.loudRun < this.startFrames) return null;
      this.inSpeech = true;
      this.speechMs = this.loudRun * ms; // the utterance began with the first frame of the run
      this.quietMs = 0;
      this.loudRun = 0;
      return 'start';
    }
    this.speechMs += ms;
    this.quietMs = loud ? 0 : this.quietMs + ms;
    if (this.quietMs >= this.endSilenceMs || this.speechMs >= this.maxUtteranceMs) {
      this.inSpeech = false; // the lengths stay readable until the next start
      return 'end';
    }
    return null;
  }

  /** Forgets any utterance under way. */
  reset(): void {
    this.inSpeech = false;
    this.loudRun = 0;
    this.quietMs = 0;
    this.speechMs = 0;
  }
}
