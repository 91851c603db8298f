/**
 * A small pool of synthesis slots sharing one job queue: worker threads (running the WebAssembly module, compiled
 * once), or slots of the espeak host process (the espeak-ng program; espeak-host.ts).
 */
import { startWorker, workerUrl } from '../worker/start-worker';
import type { SynthJob, SynthReply, SynthWorkerData } from './espeak.worker';
import { TtsError, type TtsErrorCode } from '../speech/tts-error';
import { enqueue } from './job-queue';

/** Options of {@link SynthWorkerPool}. */
export interface SynthWorkerPoolOptions<D> {
  size: number;
  /** A job running longer than this kills its worker (a fresh one replaces it). */
  timeoutMs: number;
  /** Jobs waiting beyond this are refused at once rather than piling up latency. */
  maxQueue: number;
  /**
   * Workers beside `size` that take only urgent jobs (a barge, a person's words), so those never wait for the AI's
   * lines already being synthesized. Default 0.
   */
  urgentOnly?: number;
  /** Starts a slot's runner; default: a worker thread on espeak.worker.ts, given `data` (its `SynthWorkerData`). */
  start?(data: D): SynthThread;
}

/** What runs one slot's jobs, one at a time: a worker thread, or anything that answers as one. */
export interface SynthThread {
  postMessage(job: SynthJob): void;
  on(event: 'message', fn: (reply: SynthReply) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  terminate(): Promise<unknown>;
  /** A job running keeps the process alive; an idle runner does not. */
  ref(): void;
  unref(): void;
}

interface Job extends SynthJob {
  urgent: boolean;
  resolve(mulaw: Uint8Array): void;
  reject(err: Error): void;
}

interface Slot {
  urgentOnly: boolean;
  worker?: SynthThread;
  job?: Job;
  timer?: NodeJS.Timeout;
}

const WORKER_URL = workerUrl('espeak.worker', import.meta.url);

/** Runs synthesis jobs on `size` workers; a crashed or stuck worker is replaced, its job fails with a code. */
export class SynthWorkerPool<D = SynthWorkerData> {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private dataPromise?: Promise<D>;

  constructor(
    private readonly loadData: () => Promise<D>,
    private readonly opts: SynthWorkerPoolOptions<D>,
  ) {
    this.slots = [
      ...Array.from({ length: Math.max(1, opts.size) }, () => ({ urgentOnly: false })),
      ...Array.from({ length: opts.urgentOnly ?? 0 }, () => ({ urgentOnly: true })),
    ];
  }

  /**
   * What every worker starts with, made once on first need (a compiled module is shared: structured clone shares the
   * code).
   */
  private get data(): Promise<D> {
    if (!this.dataPromise) {
      this.dataPromise = this.loadData();
      // A failed compile is reported to the jobs waiting for it; with none waiting it must not crash the process.
      this.dataPromise.catch(() => {});
    }
    return this.dataPromise;
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Synthesizes on the next free worker (urgent lines first); resolves with 8 kHz μ-law bytes. */
  run(voice: string, text: string, urgent = false): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new TtsError('TTS_CLOSED', 'TTS is closed'));
    if (this.queue.length >= this.opts.maxQueue) {
      return Promise.reject(new TtsError('TTS_OVERLOADED', `${this.queue.length} syntheses waiting`, true));
    }
    return new Promise((resolve, reject) => {
      enqueue(this.queue, { id: this.nextId++, voice, text, urgent, resolve, reject });
      void this.dispatch();
    });
  }

  /** Starts every worker now, so the first real line does not pay for thread and module start-up. */
  async start(): Promise<void> {
    const data = await this.data;
    for (const slot of this.slots) if (!slot.worker && !this.closed) this.spawn(slot, data);
  }

  /** Terminates the workers; queued and running jobs fail with TTS_CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new TtsError('TTS_CLOSED', 'TTS closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        this.finish(slot, new TtsError('TTS_CLOSED', 'TTS closed'));
        const worker = slot.worker;
        slot.worker = undefined;
        if (worker) await worker.terminate();
      }),
    );
  }

  private async dispatch(): Promise<void> {
    let data: D;
    try {
      data = await this.data;
    } catch (err) {
      const reason = new TtsError('TTS_WORKER_FAILED', `cannot load espeak-ng: ${(err as Error).message}`);
      for (const job of this.queue.splice(0)) job.reject(reason);
      return;
    }
    // Urgent jobs are first in the queue: the slots kept for them take them before the others take anything.
    for (const slot of [...this.slots].sort((a, b) => Number(b.urgentOnly) - Number(a.urgentOnly))) {
      if (this.closed || this.queue.length === 0) return;
      if (slot.job || (slot.urgentOnly && !this.queue[0]!.urgent)) continue;
      const job = this.queue.shift()!;
      const worker = slot.worker ?? this.spawn(slot, data);
      slot.job = job;
      worker.ref(); // a running job keeps the process alive; an idle worker does not
      slot.timer = setTimeout(
        () => this.fail(slot, 'TTS_TIMEOUT', `synthesis took over ${this.opts.timeoutMs} ms`),
        this.opts.timeoutMs,
      );
      worker.postMessage({ id: job.id, voice: job.voice, text: job.text, urgent: job.urgent } satisfies SynthJob);
    }
  }

  private spawn(slot: Slot, data: D): SynthThread {
    const worker: SynthThread = this.opts.start ? this.opts.start(data) : startWorker(WORKER_URL, { workerData: data });
    worker.unref();
    slot.worker = worker;
    worker.on('message', (reply: SynthReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      if (reply.ok) this.finish(slot, undefined, reply.mulaw);
      else this.finish(slot, new TtsError(reply.code as TtsErrorCode, reply.message));
      void this.dispatch();
    });
    worker.on('error', (err) => this.fail(slot, 'TTS_WORKER_FAILED', `espeak worker failed: ${err.message}`, worker));
    worker.on('exit', (code) => {
      if (slot.worker === worker) this.fail(slot, 'TTS_WORKER_FAILED', `espeak worker exited (${code})`, worker);
    });
    return worker;
  }

  /** Settles the slot's job (if any) and frees the slot. */
  private finish(slot: Slot, err: Error | undefined, mulaw?: Uint8Array): void {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    slot.worker?.unref();
    if (!job) return;
    if (err) job.reject(err);
    else job.resolve(mulaw!);
  }

  /** Fails the running job and throws the worker away; the next job starts a fresh one. */
  private fail(slot: Slot, code: TtsErrorCode, message: string, which = slot.worker): void {
    if (!which || slot.worker !== which) return;
    slot.worker = undefined;
    void which.terminate();
    this.finish(slot, new TtsError(code, message, true));
    void this.dispatch();
  }
}
