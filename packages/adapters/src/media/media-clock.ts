/** The process-wide 20 ms pacer of all call audio: one timer for every call, never one per call. */
import { FRAME_MS } from '@livespace/app/ports/index';

/** Called once per due tick with the tick's number (increasing, never repeated). */
export type TickHandler = (tick: number) => void;

/** Anything that ticks every 20 ms: the media clock, or a hand-driven one in tests. */
export interface TickSource {
  /** Runs `tick` on every tick from the next one; returns the function that stops it. */
  register(tick: TickHandler): () => void;
}

/** Options of {@link MediaClock}. */
export interface MediaClockOptions {
  /** Tick period (default 20 ms, one μ-law frame). */
  periodMs?: number;
  /**
   * After a longer stall the clock skips ahead instead of replaying every missed tick: bursting more
   * than this (default 50 ticks, 1 s) of audio at once would only overflow the receivers' buffers.
   */
  maxCatchUpTicks?: number;
}

/** How punctual the ticks were since start or the last reset. */
export interface MediaClockStats {
  ticks: number;
  /** Ticks run more than 10 ms / 40 ms after they were due. */
  lateOver10ms: number;
  lateOver40ms: number;
  maxLateMs: number;
  /** 99th percentile of lateness, to the next 0.25 ms. */
  p99LateMs: number;
  /** Ticks dropped after a stall longer than maxCatchUpTicks. */
  skipped: number;
  /** Handler calls that threw (the others still ran). */
  handlerErrors: number;
  handlers: number;
}

const BUCKET_MS = 0.25;
const BUCKETS = 4000; // 0–1000 ms; later ticks land in the last bucket
const EARLY_MS = 1; // timers fire on whole milliseconds: a tick this close to due is run now

/** A drift-free pacer on process.hrtime: tick k is due at start + k·period, missed ticks run late, in order. */
export class MediaClock implements TickSource {
  private readonly periodMs: number;
  private readonly maxCatchUp: number;
  private readonly handlers = new Set<TickHandler>();
  private timer: NodeJS.Timeout | undefined;
  private active = false;
  private startNs = 0n;
  private sinceStart = 0; // ticks run since the current start
  private tickNo = 0; // across restarts
  private readonly histogram = new Uint32Array(BUCKETS);
  private counts = { ticks: 0, lateOver10ms: 0, lateOver40ms: 0, maxLateMs: 0, skipped: 0, handlerErrors: 0 };

  constructor(opts: MediaClockOptions = {}) {
    this.periodMs = opts.periodMs ?? FRAME_MS;
    this.maxCatchUp = opts.maxCatchUpTicks ?? 50;
  }

  /** Runs `tick` on every tick from the next one; returns the function that stops it. */
  register(tick: TickHandler): () => void {
    // Wrap so registering the same function twice gives two independent registrations.
    const entry: TickHandler = (n) => tick(n);
    this.handlers.add(entry);
    if (!this.active) this.start();
    return () => {
      this.handlers.delete(entry);
      // Idle: no timer left, so an idle process can exit and restart costs nothing.
      if (this.handlers.size === 0 && this.active) this.stop();
    };
  }

  /** Punctuality since start or the last reset. */
  stats(): MediaClockStats {
    return { ...this.counts, p99LateMs: this.percentile(0.99), handlers: this.handlers.size };
  }

  /** Starts a fresh measurement window (e.g. per benchmark step). */
  resetStats(): void {
    this.histogram.fill(0);
    this.counts = { ticks: 0, lateOver10ms: 0, lateOver40ms: 0, maxLateMs: 0, skipped: 0, handlerErrors: 0 };
  }

  private start(): void {
    this.active = true;
    this.startNs = process.hrtime.bigint();
    this.sinceStart = 0;
    this.schedule();
  }

  private stop(): void {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private elapsedMs(): number {
    return Number(process.hrtime.bigint() - this.startNs) / 1e6;
  }

  private schedule(): void {
    const wait = (this.sinceStart + 1) * this.periodMs - this.elapsedMs();
    this.timer = setTimeout(() => this.run(), Math.max(0, Math.floor(wait)));
  }

  private run(): void {
    this.timer = undefined;
    for (;;) {
      if (!this.active) return; // stopped from inside a handler
      const now = this.elapsedMs();
      const behind = Math.floor(now / this.periodMs) - this.sinceStart;
      if (behind > this.maxCatchUp) {
        this.sinceStart += behind - this.maxCatchUp;
        this.counts.skipped += behind - this.maxCatchUp;
      }
      const late = now - (this.sinceStart + 1) * this.periodMs;
      if (late < -EARLY_MS) break;
      this.sinceStart++;
      this.record(Math.max(0, late));
      const n = ++this.tickNo;
      for (const h of this.handlers) {
        try {
          h(n);
        } catch {
          // One call's failure must not silence the others.
          this.counts.handlerErrors++;
        }
      }
    }
    // A handler may have stopped and restarted the clock, which scheduled already.
    if (this.active && !this.timer) this.schedule();
  }

  private record(lateMs: number): void {
    const c = this.counts;
    c.ticks++;
    if (lateMs > 10) c.lateOver10ms++;
    if (lateMs > 40) c.lateOver40ms++;
    if (lateMs > c.maxLateMs) c.maxLateMs = lateMs;
    this.histogram[Math.min(BUCKETS - 1, Math.floor(lateMs / BUCKET_MS))]!++;
  }

  private percentile(p: number): number {
    const want = Math.ceil(this.counts.ticks * p);
    if (want === 0) return 0;
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.histogram[b]!;
      if (seen >= want) return Math.min((b + 1) * BUCKET_MS, this.counts.maxLateMs);
    }
    return this.counts.maxLateMs;
  }
}

/** The one clock every call in this process ticks on. */
export const mediaClock = new MediaClock();
