/**
 * Offline TTS with espeak-ng (the system program when installed, else its WebAssembly build on worker threads), with a
 * phrase cache.
 */
import type { Tts } from '@livespace/app/ports/index';
import { splitFrames } from '../media/mulaw';
import { compileEspeak } from './espeak-synth';
import { LruCache } from '../speech/lru';
import { TtsError } from '../speech/tts-error';
import { assertVoice } from './voice';
import { SynthWorkerPool } from './worker-pool';
import { findEspeakProgram } from './native-synth';
import { EspeakHost } from './espeak-host';

/**
 * Which espeak-ng runs: `native` (the `espeak-ng` program, ~10× faster), `wasm` (the npm build, nothing to install), or
 * `auto` (native when on PATH).
 */
type EspeakEngine = 'auto' | 'native' | 'wasm';

/** Options of {@link EspeakTts}; every field has a default. */
export interface EspeakTtsOptions {
  engine?: EspeakEngine;
  /** Worker threads: each runs the WebAssembly build (default 1) or one espeak-ng process at a time (default 2). */
  workers?: number;
  /** Finished phrases kept, keyed by voice and text (default 2000; about 16 KB per second of audio). */
  cacheEntries?: number;
  /** A synthesis running longer fails with TTS_TIMEOUT and its worker is replaced (default 10 s). */
  timeoutMs?: number;
  /** Syntheses allowed to wait for a worker before new ones fail with TTS_OVERLOADED (default 1000). */
  maxQueue?: number;
  /** Longer text fails with TTS_TEXT_TOO_LONG (default 2000 characters). */
  maxTextLength?: number;
}

/** Counters for health pages and tests. */
export interface EspeakTtsStats {
  /** Answered from the cache. */
  hits: number;
  /** Joined a synthesis of the same phrase already running. */
  shared: number;
  /** Synthesized anew. */
  misses: number;
  cached: number;
}

/** The espeak-ng adapter of the Tts port: 8 kHz μ-law frames, synthesized off the main thread. */
export class EspeakTts implements Tts {
  private readonly pool: SynthWorkerPool<unknown>;
  /** The engine in use. */
  readonly engine: 'native' | 'wasm';
  private readonly cache: LruCache<string, Uint8Array[]>;
  private readonly inflight = new Map<string, Promise<Uint8Array[]>>();
  private readonly maxTextLength: number;
  private readonly counters = { hits: 0, shared: 0, misses: 0 };
  private closed = false;

  constructor(opts: EspeakTtsOptions = {}) {
    const program = opts.engine === 'wasm' ? null : findEspeakProgram();
    if (opts.engine === 'native' && !program)
      throw new TtsError('TTS_WORKER_FAILED', 'espeak-ng is not installed (apt-get install espeak-ng)');
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const maxQueue = opts.maxQueue ?? 1000;
    this.engine = program ? 'native' : 'wasm';
    // Native: each slot of the espeak host process runs one espeak-ng process at a time, so two overlap on two cores
    // (the host is small: a fork from the server itself costs ~30 ms at its size); the WebAssembly build computes in
    // its worker. One more slot takes only urgent lines (a barge, a person's words): they never wait behind the AI's
    // lines.
    const host = program ? new EspeakHost(program) : null;
    this.pool = host
      ? new SynthWorkerPool(async () => null, {
          size: opts.workers ?? 2,
          urgentOnly: 1,
          timeoutMs,
          maxQueue,
          start: () => host.thread(),
        })
      : new SynthWorkerPool(async () => ({ wasm: await compileEspeak() }), {
          size: opts.workers ?? 1,
          urgentOnly: 1,
          timeoutMs,
          maxQueue,
        });
    this.cache = new LruCache(opts.cacheEntries ?? 2000);
    this.maxTextLength = opts.maxTextLength ?? 2000;
  }

  /** Frames of `text` spoken by `voice`; an empty line gives no frames. Frames are shared: treat them as read-only. */
  async synthesize(text: string, voice: string, opts: { urgent?: boolean } = {}): Promise<Uint8Array[]> {
    if (this.closed) throw new TtsError('TTS_CLOSED', 'TTS is closed');
    assertVoice(voice);
    // Control characters carry no speech, and a NUL would cut the C string short.
    const line = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
    if (!line) return [];
    if (line.length > this.maxTextLength) {
      throw new TtsError('TTS_TEXT_TOO_LONG', `text longer than ${this.maxTextLength} characters`);
    }
    const v = voice.toLowerCase();
    const key = `${v}\n${line}`;
    const cached = this.cache.get(key);
    // A copy of the list, so a caller that shifts frames off it cannot damage the cache.
    if (cached) {
      this.counters.hits++;
      return cached.slice();
    }
    let pending = this.inflight.get(key);
    if (pending) {
      this.counters.shared++;
    } else {
      this.counters.misses++;
      pending = this.pool.run(v, line, opts.urgent ?? false).then((mulaw) => {
        const frames = splitFrames(mulaw);
        this.cache.set(key, frames);
        return frames;
      });
      const forget = () => this.inflight.delete(key);
      pending.then(forget, forget);
      this.inflight.set(key, pending);
    }
    return (await pending).slice();
  }

  /** Starts the workers and runs one short line on each, so the first real line is served at full speed. */
  async warmUp(voice = 'en-us'): Promise<void> {
    await this.pool.start();
    // Urgent ones too, for the worker kept for them.
    await Promise.all(
      Array.from({ length: this.pool.size }, (_, i) => this.pool.run(voice, `ready ${i}`, i % 2 === 1)),
    );
  }

  /** Cache and de-duplication counters. */
  stats(): EspeakTtsStats {
    return { ...this.counters, cached: this.cache.size };
  }

  /** Terminates the workers; pending syntheses fail with TTS_CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    this.cache.clear();
    await this.pool.close();
  }
}
