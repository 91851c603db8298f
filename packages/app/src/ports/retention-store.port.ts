/** The store's part in exports, deletion and retention: the audit log, deleting sessions, and claiming a daily job. */
import type { AuditAction, AuditRecord } from '@livespace/protocol';

/** An audit entry before the store numbers it. */
export type AuditEntry = Omit<AuditRecord, 'id'> & { action: AuditAction };

/** How deleting one session went: `live` sessions are never deleted (end them first). */
export type SessionDeletion = 'deleted' | 'live' | 'not_found';

export interface RetentionStore {
  /** Appends an entry to the audit log. */
  recordAudit(entry: AuditEntry): Promise<void>;
  /** The audit log, newest first: `limit` entries with ids below `before` (from the newest without it). */
  listAudit(opts: { limit: number; before?: number }): Promise<AuditRecord[]>;
  /**
   * Removes everything stored about an ended session (its row, events, search document, actions, escalations) in one
   * transaction, with `audit` recorded in the same transaction (so a deletion is never unrecorded).
   */
  deleteSession(id: string, audit: AuditEntry | null): Promise<SessionDeletion>;
  /**
   * Deletes up to `limit` sessions that ended before `before`, everything about them, in one transaction; their ids.
   */
  deleteEndedBefore(before: Date, limit: number): Promise<string[]>;
  /** Deletes up to `limit` audit entries older than `before` (the oldest first); how many. */
  deleteAuditBefore(before: Date, limit: number): Promise<number>;
  /**
   * Claims a periodic job's run: true for exactly one caller when the job last ran before `dueBefore` (or never), and
   * records `now` as its last run; false when it ran since (another process claimed it).
   */
  claimJob(name: string, now: Date, dueBefore: Date): Promise<boolean>;
}

/** Erases recordings (they live outside the store). Optional: without one wired, deletion and retention erase none. */
export interface RecordingEraser {
  /** Erases the recording(s) of one session; nothing when it has none. */
  erase(sessionId: string): Promise<void>;
  /** Erases the recordings of sessions that ended before `before`; how many. */
  eraseOlderThan(before: Date): Promise<number>;
}
