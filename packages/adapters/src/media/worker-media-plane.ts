/**
 * The media plane in worker threads (media-plane.worker.ts): each call's pacing and mixing run there,
 * calls spread over the workers; this thread keeps a `CallAudio` per call that posts its lines and
 * receives their start, progress and end, and the frames of its subscriptions (listeners, Twilio).
 * Workers start with the first call. A worker that dies ends its calls' lines ('interrupted') and the
 * next call starts a new one.
 */
import type { Worker } from 'node:worker_threads';
import { FRAME_BYTES, type RecordingResult } from '@livespace/app/ports/index';
import { MEDIA_TRACKS, type MediaTrack, type PlayEnd, type SubscribeOptions } from './call-mixer';
import type { CallAudio, MediaPlane } from './call-audio';
import type { MediaClockStats } from './media-clock';
import { MULAW_SILENCE } from './mulaw';
import type { PlaneBatch, PlaneCommand } from './media-plane-protocol';
import { startWorker, workerUrl } from '../worker/start-worker';

const WORKER_URL = workerUrl('media-plane.worker', import.meta.url);

interface PendingPlay {
  audio: RemoteCallAudio;
  track: MediaTrack;
  /** Still counted in its track's isPlaying (a clear stops counting it at once). */
  counted: boolean;
  onProgress: ((playedMs: number, totalMs: number) => void) | undefined;
  onStart: (() => void) | undefined;
  resolve(end: PlayEnd): void;
}

/** One worker thread and what this thread knows of its calls. */
class PlaneThread {
  readonly worker: Worker;
  readonly calls = new Set<RemoteCallAudio>();
  /** Recordings not reported complete yet (a closed call's file is still being finished there). */
  readonly recordings = new Map<number, { resolve(r: RecordingResult): void; reject(err: Error): void }>();
  private outbox: PlaneCommand[] = [];
  private transfer: ArrayBuffer[] = [];
  private flushing = false;
  private dead = false;
  private readonly asks = new Map<number, (s: MediaClockStats) => void>();
  /** Resolves when the worker has loaded (its first, empty batch). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly plane: WorkerMediaPlane,
    onError: (err: unknown) => void,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.worker = startWorker(WORKER_URL);
    // An idle plane must not keep the process alive; calls and asks hold it with ref().
    this.worker.unref();
    this.worker.on('message', (batch: PlaneBatch) => this.receive(batch));
    this.worker.on('error', onError);
    this.worker.on('exit', () => this.died());
  }

  get alive(): boolean {
    return !this.dead;
  }

  send(cmd: PlaneCommand, transfer?: ArrayBuffer): void {
    if (this.dead) return;
    this.outbox.push(cmd);
    if (transfer) this.transfer.push(transfer);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  stats(ask: number): Promise<MediaClockStats> {
    if (this.dead) return Promise.resolve(emptyStats());
    return new Promise((resolve) => {
      this.asks.set(ask, resolve);
      this.worker.ref();
      this.send({ c: 'stats', ask });
    });
  }

  private flush(): void {
    this.flushing = false;
    if (this.dead || this.outbox.length === 0) return;
    const batch = this.outbox;
    const transfer = this.transfer;
    this.outbox = [];
    this.transfer = [];
    this.worker.postMessage(batch, transfer);
  }

  private receive(batch: PlaneBatch): void {
    this.markReady();
    for (const e of batch.events) {
      if (e.e === 'stats') {
        this.asks.get(e.ask)?.(e.stats);
        this.asks.delete(e.ask);
        if (this.asks.size === 0 && this.calls.size === 0) this.worker.unref();
      } else if (e.e === 'recorded') {
        const r = this.recordings.get(e.rec);
        this.recordings.delete(e.rec);
        if (e.result) r?.resolve(e.result);
        else r?.reject(new Error(`recording failed: ${e.error ?? 'unknown error'}`));
        this.unrefIfIdle();
      } else this.plane.playEvent(e);
    }
    if (batch.data) {
      for (let i = 0; i < batch.subs.length; i++)
        this.plane.frame(batch.subs[i]!, batch.data.subarray(i * FRAME_BYTES, (i + 1) * FRAME_BYTES));
    }
  }

  /** Nothing left that needs this thread: it no longer keeps the process alive. */
  unrefIfIdle(): void {
    if (this.calls.size === 0 && this.recordings.size === 0 && this.asks.size === 0) this.worker.unref();
  }

  private died(): void {
    this.dead = true;
    this.markReady();
    for (const r of this.recordings.values())
      r.reject(new Error('the media plane thread stopped; the recording file keeps what was written'));
    this.recordings.clear();
    for (const resolve of this.asks.values()) resolve(emptyStats());
    this.asks.clear();
    for (const call of [...this.calls]) call.lost();
  }
}

export interface WorkerMediaPlaneOptions {
  /** Worker threads to spread calls over (default 1; one thread keeps 400+ calls on time). */
  threads?: number;
  /** Told when a worker fails. */
  onError?: (err: unknown) => void;
}

export class WorkerMediaPlane implements MediaPlane {
  private readonly threads: (PlaneThread | undefined)[];
  private readonly onError: (err: unknown) => void;
  private nextCall = 1;
  private nextPlay = 1;
  private nextSub = 1;
  private nextAsk = 1;
  private nextRec = 1;
  readonly plays = new Map<number, PendingPlay>();
  readonly subscribers = new Map<number, (frame: Uint8Array) => void>();
  /** Frames a subscriber threw on (the others still got theirs). */
  subscriberErrors = 0;

  constructor(opts: WorkerMediaPlaneOptions = {}) {
    this.threads = new Array<PlaneThread | undefined>(Math.max(1, opts.threads ?? 1)).fill(undefined);
    this.onError = opts.onError ?? (() => {});
  }

  /** Starts the threads now, so the first call does not wait for one to load; resolves when they have. */
  async start(): Promise<void> {
    await Promise.all(this.threads.map((_, slot) => this.thread(slot).ready));
  }

  /** The thread in `slot`, started (again, if it died) when needed. */
  private thread(slot: number): PlaneThread {
    let thread = this.threads[slot];
    if (!thread?.alive) this.threads[slot] = thread = new PlaneThread(this, this.onError);
    return thread;
  }

  open(): CallAudio {
    const id = this.nextCall++;
    // Calls go round the threads.
    const thread = this.thread(id % this.threads.length);
    const audio = new RemoteCallAudio(this, thread, id);
    thread.calls.add(audio);
    thread.worker.ref();
    thread.send({ c: 'open', call: id });
    return audio;
  }

  async clockStats(): Promise<MediaClockStats> {
    const running = this.threads.filter((t): t is PlaneThread => !!t?.alive);
    const all = await Promise.all(running.map((t) => t.stats(this.nextAsk++)));
    return mergeStats(all);
  }

  resetClockStats(): void {
    for (const t of this.threads) t?.send({ c: 'reset' });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t?.worker.terminate()));
  }

  newPlay(p: PendingPlay): number {
    const id = this.nextPlay++;
    this.plays.set(id, p);
    return id;
  }

  newRecording(): number {
    return this.nextRec++;
  }

  newSub(onFrame: (frame: Uint8Array) => void): number {
    const id = this.nextSub++;
    this.subscribers.set(id, onFrame);
    return id;
  }

  /** A play's start, progress or end, from its worker. */
  playEvent(e: {
    e: 'start' | 'progress' | 'end';
    play: number;
    playedMs?: number;
    totalMs?: number;
    end?: PlayEnd;
  }): void {
    const p = this.plays.get(e.play);
    if (!p) return;
    try {
      if (e.e === 'start') p.onStart?.();
      else if (e.e === 'progress') p.onProgress?.(e.playedMs!, e.totalMs!);
    } catch {
      // A faulty listener must not stop the other calls' events.
    }
    if (e.e === 'end') {
      this.plays.delete(e.play);
      p.audio.ended(e.play, p);
      p.resolve(e.end!);
    }
  }

  frame(sub: number, frame: Uint8Array): void {
    const onFrame = this.subscribers.get(sub);
    if (!onFrame) return;
    try {
      onFrame(frame);
    } catch {
      this.subscriberErrors++;
    }
  }
}

/** One call's audio as this thread sees it: commands go to its worker, results come back as messages. */
class RemoteCallAudio implements CallAudio {
  private readonly counts = MEDIA_TRACKS.map(() => 0);
  private readonly plays = new Set<number>();
  private readonly subs = new Set<number>();
  private closed = false;

  constructor(
    private readonly plane: WorkerMediaPlane,
    private readonly thread: PlaneThread,
    private readonly id: number,
  ) {}

  play(
    track: MediaTrack,
    frames: readonly Uint8Array[],
    onProgress?: (playedMs: number, totalMs: number) => void,
    onStart?: () => void,
  ): Promise<PlayEnd> {
    if (this.closed) return Promise.resolve('interrupted');
    const t = trackIndex(track);
    if (frames.length === 0 && this.counts[t] === 0) {
      onStart?.();
      onProgress?.(0, 0);
      return Promise.resolve('done');
    }
    return new Promise((resolve) => {
      const play = this.plane.newPlay({ audio: this, track, counted: true, onProgress, onStart, resolve });
      this.plays.add(play);
      this.counts[t]!++;
      const bytes = joinFrames(frames);
      this.thread.send(
        { c: 'play', call: this.id, play, track, frames: bytes, progress: !!onProgress, start: !!onStart },
        bytes.buffer as ArrayBuffer,
      );
    });
  }

  clear(track: MediaTrack): void {
    if (this.closed) return;
    const t = trackIndex(track);
    this.counts[t] = 0;
    for (const id of this.plays) {
      const p = this.plane.plays.get(id);
      if (p?.track === track) p.counted = false;
    }
    this.thread.send({ c: 'clear', call: this.id, track });
  }

  isPlaying(track: MediaTrack): boolean {
    return this.counts[trackIndex(track)]! > 0;
  }

  subscribe(onFrame: (frame: Uint8Array) => void, opts: SubscribeOptions = {}): () => void {
    if (this.closed) return () => {};
    const sub = this.plane.newSub(onFrame);
    this.subs.add(sub);
    this.thread.send({
      c: 'subscribe',
      call: this.id,
      sub,
      tracks: [...(opts.tracks ?? MEDIA_TRACKS)],
      onlyVoiced: opts.onlyVoiced ?? false,
    });
    return () => {
      if (!this.subs.delete(sub)) return;
      this.plane.subscribers.delete(sub);
      this.thread.send({ c: 'unsubscribe', call: this.id, sub });
    };
  }

  record(path: string): Promise<RecordingResult> {
    if (this.closed) return Promise.reject(new Error('the call audio is closed'));
    const rec = this.plane.newRecording();
    return new Promise((resolve, reject) => {
      this.thread.recordings.set(rec, { resolve, reject });
      this.thread.send({ c: 'record', call: this.id, rec, path });
    });
  }

  close(): void {
    if (this.closed) return;
    this.thread.send({ c: 'close', call: this.id });
    this.lost();
  }

  /** The call closed, or its worker died: its lines end 'interrupted' here and now. */
  lost(): void {
    this.closed = true;
    this.thread.calls.delete(this);
    this.thread.unrefIfIdle();
    for (const sub of this.subs) this.plane.subscribers.delete(sub);
    this.subs.clear();
    for (const id of this.plays) {
      const p = this.plane.plays.get(id);
      this.plane.plays.delete(id);
      p?.resolve('interrupted');
    }
    this.plays.clear();
    this.counts.fill(0);
  }

  /** A play of this call ended in the worker. */
  ended(id: number, p: PendingPlay): void {
    this.plays.delete(id);
    if (p.counted) this.counts[trackIndex(p.track)]!--;
  }
}

/** The frames end to end in a new buffer (its own, so it can be transferred). */
function joinFrames(frames: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(frames.length * FRAME_BYTES).fill(MULAW_SILENCE);
  frames.forEach((f, i) => out.set(f.subarray(0, FRAME_BYTES), i * FRAME_BYTES));
  return out;
}

function trackIndex(track: MediaTrack): number {
  const i = MEDIA_TRACKS.indexOf(track);
  if (i < 0) throw new RangeError(`unknown media track ${String(track)}`);
  return i;
}

function emptyStats(): MediaClockStats {
  return {
    ticks: 0,
    lateOver10ms: 0,
    lateOver40ms: 0,
    maxLateMs: 0,
    p99LateMs: 0,
    skipped: 0,
    handlerErrors: 0,
    handlers: 0,
  };
}

/** Several threads' punctuality as one: counts add up; the worst p99 and max stand for all. */
function mergeStats(all: MediaClockStats[]): MediaClockStats {
  const s = emptyStats();
  for (const x of all) {
    s.ticks += x.ticks;
    s.lateOver10ms += x.lateOver10ms;
    s.lateOver40ms += x.lateOver40ms;
    s.skipped += x.skipped;
    s.handlerErrors += x.handlerErrors;
    s.handlers += x.handlers;
    s.maxLateMs = Math.max(s.maxLateMs, x.maxLateMs);
    s.p99LateMs = Math.max(s.p99LateMs, x.p99LateMs);
  }
  return s;
}
