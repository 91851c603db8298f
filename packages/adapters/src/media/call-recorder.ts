/**
 * Records one call as it happens, on the media plane's thread: every 20 ms tick gives the caller's frame (left
 * channel) and the AI's and a person's frames (mixed, right channel), decoded from μ-law to 16-bit PCM, 8 kHz stereo.
 * The tick only decodes into a buffer; every 2 s the buffer is appended to the file with an async write
 * and the WAV header's sizes are written again after it, so the file on disk is always a playable WAV and a crash
 * loses at most the last 2 s or so. Nothing here ever blocks the media clock. (Appending once a second cost twice
 * the writes: at 1,000 calls, 2,000 writes a second on the plane's thread, ~7 % of a core in their dispatch alone.)
 *
 * After each append the file also asks to be synced to the disk (`fdatasync`, one file at a time for the thread:
 * disk-syncs.ts), so the kernel never holds much of it unwritten.
 * Left alone, Linux keeps written pages in memory for up to 30 s (`vm.dirty_expire_centisecs`) and then writes them
 * out together: at 1,000 calls (32 KB a second each) that was ~1 GB in one second, every 30 s, and the database's
 * commits on the same disk waited behind it (`npm run bench:live -- --stores postgres`: store lag p99 57–252 ms
 * without the syncs, 14–41 ms with them; docs/benchmarks.md, Live load). PostgreSQL bounds its own unwritten data for the same reason: its
 * `checkpoint_flush_after` and `backend_flush_after` "limit the amount of dirty data in the kernel's page cache,
 * reducing the likelihood of stalls when ... the OS writes data back in larger batches in the background"
 * (postgresql.org/docs/current/runtime-config-wal.html and runtime-config-resource.html). The sync runs on libuv's
 * thread pool, never on the media clock. It also means a machine that loses power loses a couple of seconds of each
 * recording, not half a minute.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FRAME_BYTES, FRAME_MS, type RecordingResult } from '@livespace/app/ports/index';
import { type DiskSyncs, recordingSyncs } from './disk-syncs';
import { decodeMulawSample } from './mulaw';
import { pcmWavHeader, WAV_HEADER_BYTES } from './wav-stereo';

export interface CallRecorderOptions {
  /** Ticks gathered before an append (default 100: 2 s, 64 KB). */
  flushEveryFrames?: number;
  /**
   * Ticks before the first append (default: a random 1…flushEveryFrames). Calls that start together would otherwise
   * all append on the same tick, every second: a burst of writes on the plane's thread that makes its clock late.
   */
  firstFlushAfterFrames?: number;
  /** Appends after which the file asks to be synced to the disk (default 1: every ~2 s of audio, 64 KB). */
  syncEveryFlushes?: number;
  /** Whose turn it is to sync (default: the thread's one queue). */
  syncs?: DiskSyncs;
}

/** Bytes of one stereo 16-bit tick: 160 samples × 2 channels × 2 bytes. */
const TICK_BYTES = FRAME_BYTES * 4;

export class CallRecorder {
  private readonly flushEvery: number;
  private readonly syncEvery: number;
  private readonly diskSyncs: DiskSyncs;
  /** Appends queued since the file was last synced. */
  private appendsSinceSync = 0;
  private buf: Int16Array;
  private framesInBuf = 0;
  /** Ticks to gather before the next append. */
  private flushAt: number;
  /** Sample bytes appended or queued for appending. */
  private dataBytes = 0;
  private frames = 0;
  private chain: Promise<void>;
  private file: FileHandle | null = null;
  private error: unknown = null;
  private finishing: Promise<RecordingResult> | null = null;
  /** Appends done (for tests: the header is right after each). */
  flushes = 0;
  /** Syncs of the file to the disk done (tests). */
  syncs = 0;
  /** Who waits for the finished file (CallMedia.record). */
  whenDone: { resolve(r: RecordingResult): void; reject(err: unknown): void } | undefined;

  constructor(
    readonly path: string,
    opts: CallRecorderOptions = {},
  ) {
    this.flushEvery = Math.max(1, opts.flushEveryFrames ?? 100);
    this.syncEvery = Math.max(1, opts.syncEveryFlushes ?? 1);
    this.diskSyncs = opts.syncs ?? recordingSyncs;
    this.flushAt = Math.min(
      this.flushEvery,
      Math.max(1, opts.firstFlushAfterFrames ?? 1 + Math.floor(Math.random() * this.flushEvery)),
    );
    this.buf = new Int16Array(this.flushEvery * FRAME_BYTES * 2);
    this.chain = (async () => {
      await mkdir(dirname(path), { recursive: true });
      this.file = await open(path, 'w');
      await this.file.write(pcmWavHeader(0), 0, WAV_HEADER_BYTES, 0);
    })().catch((err: unknown) => {
      this.error ??= err;
    });
  }

  /**
   * One tick: what each track played (undefined: nothing). Called on the media clock: decodes into memory only. The
   * buffer starts as zeros (silence), so a silent track costs nothing: most ticks of most calls are one voice or none.
   */
  push(caller: Uint8Array | undefined, ai: Uint8Array | undefined, human: Uint8Array | undefined): void {
    if (this.finishing || this.error) return;
    const buf = this.buf;
    const start = this.framesInBuf * FRAME_BYTES * 2;
    if (caller) for (let i = 0, at = start; i < FRAME_BYTES; i++, at += 2) buf[at] = decodeMulawSample(caller[i]!);
    if (ai && human) {
      for (let i = 0, at = start + 1; i < FRAME_BYTES; i++, at += 2) {
        const right = decodeMulawSample(ai[i]!) + decodeMulawSample(human[i]!);
        buf[at] = right > 32767 ? 32767 : right < -32768 ? -32768 : right;
      }
    } else {
      const one = ai ?? human;
      if (one) for (let i = 0, at = start + 1; i < FRAME_BYTES; i++, at += 2) buf[at] = decodeMulawSample(one[i]!);
    }
    this.frames++;
    if (++this.framesInBuf >= this.flushAt) this.flush();
  }

  /** Audio recorded so far, in ms. */
  get durationMs(): number {
    return this.frames * FRAME_MS;
  }

  /** Appends what is buffered, then writes the header's sizes again: in the background, in order. */
  private flush(): void {
    if (this.framesInBuf === 0) return;
    const len = this.framesInBuf * TICK_BYTES;
    // The samples' bytes, little-endian as WAV wants (Int16Array is the host's order: little-endian on every platform
    // Node runs on here).
    const data = new Uint8Array(this.buf.buffer, 0, len);
    this.buf = new Int16Array(this.flushEvery * FRAME_BYTES * 2);
    this.framesInBuf = 0;
    this.flushAt = this.flushEvery;
    const at = WAV_HEADER_BYTES + this.dataBytes;
    this.dataBytes += len;
    const size = this.dataBytes;
    this.chain = this.chain
      .then(async () => {
        if (this.error || !this.file) return;
        await this.file.write(data, 0, len, at);
        // After the samples: the header never claims bytes that are not there yet.
        await this.file.write(pcmWavHeader(size), 0, WAV_HEADER_BYTES, 0);
        this.flushes++;
      })
      .catch((err: unknown) => {
        this.error ??= err;
      });
    if (++this.appendsSinceSync >= this.syncEvery) this.diskSyncs.want(this, () => this.sync());
  }

  /** Syncs what was appended so far to the disk, after the appends queued before it: when the thread's turn comes. */
  private sync(): Promise<void> {
    this.appendsSinceSync = 0;
    this.chain = this.chain
      .then(async () => {
        if (this.error || !this.file) return;
        await this.file.datasync();
        this.syncs++;
      })
      .catch((err: unknown) => {
        this.error ??= err;
      });
    return this.chain;
  }

  /** Writes what is left, closes the file; resolves with its size and length (rejects if a write failed). */
  finish(): Promise<RecordingResult> {
    if (this.finishing) return this.finishing;
    this.flush();
    // Closing: the file's turn to sync is given up (what is left is less than a sync's worth).
    this.diskSyncs.drop(this);
    this.finishing = this.chain.then(async () => {
      await this.file?.close().catch(() => {});
      this.file = null;
      if (this.error) throw this.error instanceof Error ? this.error : new Error(String(this.error));
      return { bytes: WAV_HEADER_BYTES + this.dataBytes, durationMs: this.frames * FRAME_MS };
    });
    return this.finishing;
  }

  /** Resolves when every append asked for so far is written, and every sync asked for has run (tests). */
  async settled(): Promise<void> {
    await this.chain;
    await this.diskSyncs.idle();
    await this.chain;
  }

  /**
   * Tests: stops as a crash would, after the appends already asked for; what is buffered is lost, the file left as it
   * is.
   */
  async abandon(): Promise<void> {
    this.finishing = Promise.reject(new Error('abandoned'));
    this.finishing.catch(() => {});
    this.diskSyncs.drop(this);
    await this.chain;
    await this.file?.close().catch(() => {});
    this.file = null;
  }
}
