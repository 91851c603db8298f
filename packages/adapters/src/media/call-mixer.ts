/** Per-call audio: queued lines on named tracks, mixed frame by frame on the shared media clock. */
import { FRAME_MS, type MediaStream, type RecordingResult } from '@livespace/app/ports/index';
import { CallRecorder, type CallRecorderOptions } from './call-recorder';
import { mediaClock, type TickSource } from './media-clock';
import { mixMulaw, SILENCE_FRAME } from './mulaw';

/** Who is heard on a track. */
export type MediaTrack = 'caller' | 'ai' | 'human';
/** Every track, in mixing order. */
export const MEDIA_TRACKS: readonly MediaTrack[] = ['caller', 'ai', 'human'];

/** How a queued line ended: played to its end, or dropped by clear() or close(). */
export type PlayEnd = 'done' | 'interrupted';

/** Options of {@link CallMedia}. */
export interface CallMediaOptions {
  /** Defaults to the process-wide clock; tests pass their own. */
  clock?: TickSource;
  /** Least time between two progress reports of a line (default 100 ms); the end is always reported. */
  progressEveryMs?: number;
  /** Told when a subscriber throws (the frame still reaches the other subscribers). */
  onSubscriberError?: (err: unknown) => void;
  /** How recordings append (tests flush more often). */
  recorder?: CallRecorderOptions;
}

/** Frame counters of one call. */
export interface CallMediaStats {
  /** Mixed frames produced while at least one subscriber listened. */
  framesSent: number;
  /** Frames handed to subscribers (framesSent × listeners). */
  deliveries: number;
  subscriberErrors: number;
}

interface Play {
  frames: readonly Uint8Array[];
  at: number;
  reportedMs: number;
  onProgress: ((playedMs: number, totalMs: number) => void) | undefined;
  onStart: (() => void) | undefined;
  resolve: (end: PlayEnd) => void;
}

interface Subscriber {
  onFrame: (frame: Uint8Array) => void;
  /** Bit i set: MEDIA_TRACKS[i] is heard. */
  mask: number;
  /** Only ticks on which one of its tracks plays (no silence between lines). */
  onlyVoiced: boolean;
}

/** How to subscribe to a call's mix. */
export interface SubscribeOptions {
  /** The tracks heard (default all). */
  tracks?: readonly MediaTrack[];
  /** Skip the ticks on which none of those tracks plays (e.g. a carrier that is sent only speech). */
  onlyVoiced?: boolean;
}

const ALL_TRACKS = (1 << MEDIA_TRACKS.length) - 1;

/** The audio of one call: plays lines on tracks and streams their 20 ms mix to every subscriber. */
export class CallMedia implements MediaStream {
  private readonly clock: TickSource;
  private readonly progressEveryMs: number;
  private readonly onSubscriberError: ((err: unknown) => void) | undefined;
  private readonly queues: Play[][] = MEDIA_TRACKS.map(() => []);
  private readonly subscribers = new Set<Subscriber>();
  private unregister: (() => void) | undefined;
  private closed = false;
  /** Set while the call is recorded: it keeps the call on the clock, silence included. */
  private recorder: CallRecorder | undefined;
  private readonly recorderOptions: CallRecorderOptions | undefined;
  // Reused every tick: this runs 50 times a second for every call, so it allocates nothing it can avoid.
  private readonly current: (Uint8Array | undefined)[] = MEDIA_TRACKS.map(() => undefined);
  private readonly mixes: (Uint8Array | undefined)[] = new Array(ALL_TRACKS + 1);
  private readonly mixInput: Uint8Array[] = [];
  private readonly counts: CallMediaStats = { framesSent: 0, deliveries: 0, subscriberErrors: 0 };

  constructor(opts: CallMediaOptions = {}) {
    this.clock = opts.clock ?? mediaClock;
    this.progressEveryMs = opts.progressEveryMs ?? 100;
    this.onSubscriberError = opts.onSubscriberError;
    this.recorderOptions = opts.recorder;
  }

  /**
   * Records the call from this tick until close(): caller on the left, AI and human on the right (call-recorder.ts).
   * Resolves once the file is complete, after close().
   */
  record(path: string): Promise<RecordingResult> {
    if (this.closed) return Promise.reject(new Error('the call audio is closed'));
    if (this.recorder) return Promise.reject(new Error('the call is already being recorded'));
    const recorder = new CallRecorder(path, this.recorderOptions);
    this.recorder = recorder;
    this.ensureTicking();
    return new Promise((resolve, reject) => {
      recorder.whenDone = { resolve, reject };
    });
  }

  /**
   * Queues `frames` on `track` after the lines already queued there; resolves when played or dropped. `onStart`: its
   * first frame is going out.
   */
  play(
    track: MediaTrack,
    frames: readonly Uint8Array[],
    onProgress?: (playedMs: number, totalMs: number) => void,
    onStart?: () => void,
  ): Promise<PlayEnd> {
    if (this.closed) return Promise.resolve('interrupted');
    const queue = this.queues[trackIndex(track)]!;
    if (frames.length === 0 && queue.length === 0) {
      onStart?.();
      onProgress?.(0, 0);
      return Promise.resolve('done');
    }
    return new Promise((resolve) => {
      queue.push({ frames, at: 0, reportedMs: 0, onProgress, onStart, resolve });
      this.ensureTicking();
    });
  }

  /** Drops the audio queued on `track`; its pending plays resolve 'interrupted' after a last progress report. */
  clear(track: MediaTrack): void {
    const queue = this.queues[trackIndex(track)]!;
    for (const play of queue.splice(0)) {
      this.report(play, true);
      play.resolve('interrupted');
    }
    this.stopIfIdle();
  }

  /** Whether anything is queued on `track`. */
  isPlaying(track: MediaTrack): boolean {
    return this.queues[trackIndex(track)]!.length > 0;
  }

  /**
   * Streams the mix of the chosen tracks every 20 ms (silence included unless `onlyVoiced`); returns the unsubscribe
   * function.
   */
  subscribe(onFrame: (frame: Uint8Array) => void, opts: SubscribeOptions = {}): () => void {
    if (this.closed) return () => {};
    let mask = 0;
    for (const t of opts.tracks ?? MEDIA_TRACKS) mask |= 1 << trackIndex(t);
    const sub: Subscriber = { onFrame, mask, onlyVoiced: opts.onlyVoiced ?? false };
    this.subscribers.add(sub);
    this.ensureTicking();
    return () => {
      this.subscribers.delete(sub);
      this.stopIfIdle();
    };
  }

  /** Frame counters. */
  stats(): CallMediaStats {
    return { ...this.counts };
  }

  /** Stops the audio: pending plays resolve 'interrupted', subscribers get nothing more. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscribers.clear();
    const recorder = this.recorder;
    this.recorder = undefined;
    if (recorder)
      recorder.finish().then(
        (r) => recorder.whenDone?.resolve(r),
        (err: unknown) => recorder.whenDone?.reject(err),
      );
    for (const t of MEDIA_TRACKS) this.clear(t);
    this.unregister?.();
    this.unregister = undefined;
  }

  private ensureTicking(): void {
    if (!this.unregister && !this.closed) this.unregister = this.clock.register(() => this.tick());
  }

  /** Leaves the clock when there is nothing to play and nobody to hear it. */
  private stopIfIdle(): void {
    if (!this.unregister || this.subscribers.size > 0 || this.recorder) return;
    for (const q of this.queues) if (q.length > 0) return;
    this.unregister();
    this.unregister = undefined;
  }

  private tick(): void {
    // Take this tick's frame from every track.
    for (let i = 0; i < this.queues.length; i++) {
      const queue = this.queues[i]!;
      while (queue.length > 0 && queue[0]!.at >= queue[0]!.frames.length) this.finish(queue.shift()!);
      const play = queue[0];
      if (play?.at === 0) play.onStart?.();
      this.current[i] = play ? play.frames[play.at++] : undefined;
    }
    if (this.subscribers.size > 0) this.deliver();
    // MEDIA_TRACKS order: caller, ai, human.
    this.recorder?.push(this.current[0], this.current[1], this.current[2]);
    // Report after delivery: progress means the frame has gone out.
    for (const queue of this.queues) {
      const play = queue[0];
      if (!play) continue;
      if (play.at >= play.frames.length) this.finish(queue.shift()!);
      else this.report(play, false);
    }
    this.stopIfIdle();
  }

  private deliver(): void {
    this.mixes.fill(undefined);
    this.counts.framesSent++;
    let voiced = 0;
    for (let i = 0; i < this.current.length; i++) if (this.current[i]) voiced |= 1 << i;
    for (const sub of this.subscribers) {
      if (sub.onlyVoiced && (voiced & sub.mask) === 0) continue;
      const frame = (this.mixes[sub.mask] ??= this.mix(sub.mask));
      this.counts.deliveries++;
      try {
        sub.onFrame(frame);
      } catch (err) {
        this.counts.subscriberErrors++;
        this.onSubscriberError?.(err);
      }
    }
  }

  private mix(mask: number): Uint8Array {
    const input = this.mixInput;
    input.length = 0;
    for (let i = 0; i < this.current.length; i++) {
      const f = this.current[i];
      if (f && mask & (1 << i)) input.push(f);
    }
    // One voice passes through untouched: no decode/encode cost and no requantisation.
    return input.length === 0 ? SILENCE_FRAME : input.length === 1 ? input[0]! : mixMulaw(input);
  }

  private report(play: Play, final: boolean): void {
    if (!play.onProgress) return;
    const playedMs = play.at * FRAME_MS;
    if (!final && playedMs - play.reportedMs < this.progressEveryMs) return;
    play.reportedMs = playedMs;
    try {
      play.onProgress(playedMs, play.frames.length * FRAME_MS);
    } catch {
      // A faulty progress listener must not stop the audio of the call.
    }
  }

  private finish(play: Play): void {
    this.report(play, true);
    play.resolve('done');
  }
}

function trackIndex(track: MediaTrack): number {
  const i = MEDIA_TRACKS.indexOf(track);
  if (i < 0) throw new RangeError(`unknown media track ${String(track)}`);
  return i;
}
