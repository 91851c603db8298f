/**
 * Call recordings: where their files are kept (`RecordingStore`: a folder, or an S3-compatible bucket) and what the
 * database knows of them (`RecordingRows`: the `recordings` table). A call is spooled to a local file as it happens
 * (crash-safe, always playable); `finish` moves it where it is kept when the call ends; a spool file left by a crash
 * is finished at the next start (`unfinished`).
 */
import type { Readable } from 'node:stream';
import type { RecordingInfo, RecordingStatus } from '@livespace/protocol';
import type { RecordingResult } from './carrier.port';

/** A byte range, both ends included (as in HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/** A recording's bytes, whole or a range of them. */
export interface RecordingBody {
  stream: Readable;
  /** The whole file's size. */
  size: number;
  /** The bytes `stream` carries (the range asked, else the whole file). */
  range: ByteRange;
}

export interface RecordingStore {
  /** `folder` or `s3`: stored with each recording. */
  readonly kind: 'folder' | 's3';
  /** Where a call is written as it happens (a local file; its folder may not exist yet). */
  spoolPath(sessionId: string): string;
  /** The call ended: its spool file goes where recordings are kept; answers where that is. */
  finish(sessionId: string, result: RecordingResult): Promise<{ location: string }>;
  /**
   * A kept recording's bytes, whole or `range` (its end clamped to the file's); null when there is none. A range that
   * starts past the end throws `RangeNotSatisfiable`.
   */
  open(sessionId: string, range?: { start: number; end?: number }): Promise<RecordingBody | null>;
  /** Removes a session's recording (spooled or kept); nothing when there is none. */
  erase(sessionId: string): Promise<void>;
  /**
   * Spool files no call is writing (left by a crash), with what they hold: looked for at start, before any call is
   * recorded.
   */
  unfinished(): Promise<Array<{ sessionId: string; result: RecordingResult }>>;
}

/** A Range that starts past the end of the file (HTTP 416). */
export class RangeNotSatisfiable extends Error {
  constructor(readonly size: number) {
    super(`range not satisfiable (size ${size})`);
  }
}

/** One row of the `recordings` table. */
export interface RecordingRow extends RecordingInfo {
  sessionId: string;
  storage: 'folder' | 's3';
  /** Where the file is: a path, or an s3:// URL. */
  location: string;
  finishedAt: string | null;
}

/** The database's part: the `recordings` table (PostgresStore). */
export interface RecordingRows {
  /** A call started recording (status `recording`); replaces nothing if the row exists. */
  insertRecording(row: {
    sessionId: string;
    storage: 'folder' | 's3';
    location: string;
    startedAt: Date;
  }): Promise<void>;
  /** The recording is complete (`ready`, its size and length, where it is kept) or `failed`. */
  finishRecording(
    sessionId: string,
    patch: {
      status: Exclude<RecordingStatus, 'recording'>;
      location?: string;
      bytes?: number;
      durationMs?: number;
      finishedAt: Date;
    },
  ): Promise<void>;
  getRecording(sessionId: string): Promise<RecordingRow | null>;
  /** Sessions whose recording finished (or started, if never finished) before `before`: up to `limit`. */
  recordingsBefore(before: Date, limit: number): Promise<string[]>;
  deleteRecording(sessionId: string): Promise<void>;
}
