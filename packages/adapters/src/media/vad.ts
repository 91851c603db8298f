/**
 * Voice-activity detectors over 8 kHz μ-law frames: speech starts after a few speech frames in a row and
 * ends after a stretch without speech; an utterance too long is cut. They count audio, not wall time, so
 * they work as well on frames fed faster than real time.
 *  - {@link SpeechVad}: the WebRTC VAD (libfvad compiled to WebAssembly, @echogarden/fvad-wasm) gated by
 *    the frame's energy over the line's noise floor. Cuts the caller's utterances for batch transcription:
 *    it ends them on a noisy line too (pink noise at −40 or −30 dBFS), where loudness alone never falls quiet.
 *  - {@link EnergyVad}: loudness alone, for test stand-ins that hear clean synthetic audio.
 */
import { decodeMulawSample, frameEnergy } from './mulaw';

/** What both detectors offer their callers. */
export interface Vad {
  /** Speech frames in a row that start speech; the utterance is counted from the first of them. */
  readonly startFrames: number;
  readonly endSilenceMs: number;
  readonly maxUtteranceMs: number;
  readonly speaking: boolean;
  readonly utteranceMs: number;
  readonly trailingQuietMs: number;
  push(frame: Uint8Array): VadEvent;
  reset(): void;
}

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

/**
 * The counting both detectors share: `startFrames` speech frames in a row start an utterance; `endSilenceMs` of audio
 * without speech, or `maxUtteranceMs` of utterance, end it.
 */
abstract class UtteranceCounter implements Vad {
  readonly startFrames: number;
  readonly endSilenceMs: number;
  readonly maxUtteranceMs: number;
  /** Speech frames in a row that keep an utterance going (reset its trailing quiet). */
  private readonly continueFrames: number;
  private speechRun = 0;
  private quietMs = 0;
  private speechMs = 0;
  protected inSpeech = false;

  constructor(
    opts: { startFrames?: number; endSilenceMs?: number; maxUtteranceMs?: number },
    defaults: { startFrames: number; continueFrames: number },
  ) {
    this.startFrames = Math.max(1, opts.startFrames ?? defaults.startFrames);
    this.endSilenceMs = opts.endSilenceMs ?? 500;
    this.maxUtteranceMs = opts.maxUtteranceMs ?? 30_000;
    this.continueFrames = Math.min(defaults.continueFrames, this.startFrames);
  }

  /** Whether an utterance is under way. */
  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Audio of the current (or last ended) utterance from its first speech frame, trailing quiet included. */
  get utteranceMs(): number {
    return this.speechMs;
  }

  /** Audio without speech at the end of the current (or last ended) utterance. */
  get trailingQuietMs(): number {
    return this.quietMs;
  }

  abstract push(frame: Uint8Array): VadEvent;

  /**
   * Counts a frame of `ms`, speech or not: 'start' on the frame that confirms speech, 'end' on the one that ends it.
   */
  protected count(speech: boolean, ms: number): VadEvent {
    this.speechRun = speech ? this.speechRun + 1 : 0;
    if (!this.inSpeech) {
      if (this.speechRun < this.startFrames) return null;
      this.inSpeech = true;
      this.speechMs = this.speechRun * ms; // the utterance began with the first frame of the run
      this.quietMs = 0;
      return 'start';
    }
    this.speechMs += ms;
    this.quietMs = speech && this.speechRun >= this.continueFrames ? 0 : this.quietMs + ms;
    if (this.quietMs >= this.endSilenceMs || this.speechMs >= this.maxUtteranceMs) {
      this.inSpeech = false; // the lengths stay readable until the next start
      this.speechRun = 0;
      return 'end';
    }
    return null;
  }

  /** Forgets any utterance under way. */
  reset(): void {
    this.inSpeech = false;
    this.speechRun = 0;
    this.quietMs = 0;
    this.speechMs = 0;
  }
}

/** Detects where speech starts and ends in a stream of μ-law frames: a loud frame is speech. */
export class EnergyVad extends UtteranceCounter {
  readonly threshold: number;

  constructor(opts: EnergyVadOptions = {}) {
    // A loud frame keeps the utterance going on its own.
    super(opts, { startFrames: 3, continueFrames: 1 });
    this.threshold = opts.threshold ?? 300;
  }

  /**
   * Feeds the next frame (20 ms for 160 bytes); 'start' on the frame that confirms speech, 'end' on the one that ends
   * it.
   */
  override push(frame: Uint8Array): VadEvent {
    return this.count(frameEnergy(frame) > this.threshold, frame.length / 8);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The WebRTC VAD.

/** What is used of the Emscripten module of @echogarden/fvad-wasm (the package ships JavaScript without types). */
interface FvadModule {
  _fvad_new(): number;
  _fvad_free(handle: number): void;
  _fvad_reset(handle: number): void;
  _fvad_set_mode(handle: number, mode: number): number;
  _fvad_set_sample_rate(handle: number, rate: number): number;
  /** 1 speech, 0 not, -1 for a bad frame length (10, 20 or 30 ms). */
  _fvad_process(handle: number, samples: number, length: number): number;
  _malloc(bytes: number): number;
  /** Replaced when the memory grows: read it on each use. */
  HEAP16: Int16Array;
}

// The module is loaded once per thread, from the package's own fvad.wasm (no download, ~5 ms); a
// non-literal specifier because the package has no type declarations.
const FVAD_PACKAGE = '@echogarden/fvad-wasm';
const fvad: FvadModule = await ((await import(FVAD_PACKAGE)) as { default: () => Promise<FvadModule> }).default();

/** libfvad takes 10, 20 or 30 ms; 10 ms sub-frames decide finer, and a frame is speech when one of them is. */
const SUB_SAMPLES = 80;
/** One shared buffer in the module's memory for the samples of a sub-frame: the calls are synchronous. */
const samplesPtr = fvad._malloc(SUB_SAMPLES * 2);
/** Voiced frames in a row that keep an utterance going: a lone one on a noisy line is not speech. */
const CONTINUE_FRAMES = 2;
/**
 * How fast the noise floor follows the energy down (a fraction of the gap per frame) and up (×, per frame: ~0.25 dB/s).
 */
const FLOOR_FALL = 0.2;
const FLOOR_RISE = 1.003;

const handles = new FinalizationRegistry<number>((handle) => fvad._fvad_free(handle));

/** Options of {@link SpeechVad}; every field has a default. */
export interface SpeechVadOptions {
  /** The WebRTC VAD's aggressiveness, 0 (flags the most as speech) to 3 (the least) (default 2). */
  mode?: 0 | 1 | 2 | 3;
  /** Speech frames in a row that start speech (default 6, 120 ms: clicks and noise bursts are shorter). */
  startFrames?: number;
  /** Audio without speech that ends speech (default 500 ms; pauses between words are shorter). */
  endSilenceMs?: number;
  /** Speech longer than this is ended anyway (default 30 s); if the caller goes on, a new utterance starts. */
  maxUtteranceMs?: number;
  /** RMS frame energy (see frameEnergy) under which a frame is never speech (default 60, about −55 dBFS). */
  minEnergy?: number;
  /** A speech frame must also be this many times louder (RMS) than the line's noise floor (default 1.6, +4 dB). */
  noiseRatio?: number;
}

/**
 * Detects where speech starts and ends in a stream of μ-law frames with the WebRTC VAD. A frame is speech
 * when the VAD says so of one of its 10 ms halves and its energy passes the gate: above minEnergy and
 * noiseRatio × the noise floor, which follows the quietest frames of the line (quickly down, slowly up).
 * About 5 µs of CPU per 20 ms frame. {@link close} frees its state in the WebAssembly memory (it is
 * also freed when the object is garbage-collected).
 */
export class SpeechVad extends UtteranceCounter {
  readonly mode: 0 | 1 | 2 | 3;
  readonly minEnergy: number;
  readonly noiseRatio: number;
  private handle: number;
  private noiseFloor = -1;

  constructor(opts: SpeechVadOptions = {}) {
    super(opts, { startFrames: 6, continueFrames: CONTINUE_FRAMES });
    this.mode = opts.mode ?? 2;
    this.minEnergy = opts.minEnergy ?? 60;
    this.noiseRatio = opts.noiseRatio ?? 1.6;
    this.handle = fvad._fvad_new();
    if (!this.handle) throw new Error('the WebRTC VAD could not be created');
    this.configure();
    handles.register(this, this.handle, this);
  }

  /** Whether this frame is speech (the VAD and the energy gate); updates the noise floor. */
  private isSpeech(frame: Uint8Array): boolean {
    const energy = frameEnergy(frame);
    if (this.noiseFloor < 0) this.noiseFloor = energy;
    const gate = Math.max(this.minEnergy, this.noiseFloor * this.noiseRatio);
    this.noiseFloor = Math.max(
      1,
      energy < this.noiseFloor
        ? this.noiseFloor + (energy - this.noiseFloor) * FLOOR_FALL
        : Math.min(energy, this.noiseFloor * FLOOR_RISE),
    );
    // Every sub-frame goes through the VAD, quiet ones too: it learns the line's noise from them.
    let voiced = false;
    for (let at = 0; at + SUB_SAMPLES <= frame.length; at += SUB_SAMPLES) {
      const heap = fvad.HEAP16;
      const base = samplesPtr >> 1;
      for (let i = 0; i < SUB_SAMPLES; i++) heap[base + i] = decodeMulawSample(frame[at + i]!);
      if (fvad._fvad_process(this.handle, samplesPtr, SUB_SAMPLES) === 1) voiced = true;
    }
    return voiced && energy > gate;
  }

  /**
   * Feeds the next frame (20 ms for 160 bytes); 'start' on the frame that confirms speech, 'end' on the one that ends
   * it.
   */
  override push(frame: Uint8Array): VadEvent {
    if (!this.handle) return null;
    return this.count(this.isSpeech(frame), frame.length / 8);
  }

  /** Forgets any utterance under way and what it learnt of the line. */
  override reset(): void {
    super.reset();
    this.noiseFloor = -1;
    if (!this.handle) return;
    fvad._fvad_reset(this.handle); // back to libfvad's default mode and rate
    this.configure();
  }

  /** Frees the VAD's state; push() then reports nothing. */
  close(): void {
    if (!this.handle) return;
    handles.unregister(this);
    fvad._fvad_free(this.handle);
    this.handle = 0;
    this.inSpeech = false;
  }

  private configure(): void {
    if (fvad._fvad_set_mode(this.handle, this.mode) !== 0 || fvad._fvad_set_sample_rate(this.handle, 8000) !== 0) {
      throw new Error(`the WebRTC VAD refused mode ${this.mode} at 8000 Hz`);
    }
  }
}
