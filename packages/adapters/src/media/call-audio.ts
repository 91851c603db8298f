/**
 * The media plane as carriers see it: a `MediaPlane` opens one `CallAudio` per voice call. The plane
 * may run in this thread (local-media-plane.ts, for tests and tools) or in worker threads
 * (worker-media-plane.ts, the server's default), so no call's audio waits for the main event loop.
 */
import type { MediaStream, RecordingResult } from '@livespace/app/ports/index';
import type { MediaTrack, PlayEnd, SubscribeOptions } from './call-mixer';
import type { MediaClockStats } from './media-clock';

/** The audio of one call: lines queued on tracks, paced every 20 ms, and its mix for whoever subscribes. */
export interface CallAudio extends MediaStream {
  /** Queues `frames` (160-byte μ-law) on `track` after the lines already there; resolves when played or dropped. */
  play(
    track: MediaTrack,
    frames: readonly Uint8Array[],
    onProgress?: (playedMs: number, totalMs: number) => void,
    onStart?: () => void,
  ): Promise<PlayEnd>;
  /** Drops what is queued on `track`; its plays resolve 'interrupted' after a last progress report. */
  clear(track: MediaTrack): void;
  /** Whether anything is queued on `track` (as far as this thread knows: a line counts until its end is reported). */
  isPlaying(track: MediaTrack): boolean;
  subscribe(onFrame: (frame: Uint8Array) => void, opts?: SubscribeOptions): () => void;
  /**
   * Records the call in the plane's thread from now until close(): a stereo WAV at `path` (caller left, AI and human
   * right), appended about once a second. Resolves when the file is complete, after close().
   */
  record(path: string): Promise<RecordingResult>;
  /** Stops the audio: pending plays resolve 'interrupted', subscribers get nothing more. */
  close(): void;
}

/** Where calls' audio is paced and mixed. */
export interface MediaPlane {
  open(): CallAudio;
  /** Punctuality of the plane's clock(s) since start or the last reset. */
  clockStats(): Promise<MediaClockStats>;
  resetClockStats(): void;
  close(): Promise<void>;
}
