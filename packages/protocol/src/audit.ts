/** The audit log: who exported or deleted what, and what the retention job removed (`GET /api/audit`, admins). */

/** What an audit entry records. */
export type AuditAction =
  /** One session exported (`detail.format`: json or txt). */
  | 'session.export'
  /** A filtered list exported as CSV (`detail.filters`, `detail.rows`, `detail.complete`). */
  | 'sessions.export_csv'
  /** One session deleted by a person. */
  | 'session.delete'
  /** The daily retention job's run (`detail`: its cutoffs and counts). */
  | 'retention.run';

/** One entry of the audit log. `userId` is null for the system (the retention job). */
export interface AuditRecord {
  /** Increasing: newer entries have larger ids (the `before` of the next page). */
  id: number;
  at: string;
  userId: string | null;
  userName: string;
  action: AuditAction;
  /** The session id, or null (a list export, a retention run). */
  target: string | null;
  detail: Record<string, unknown>;
}

/** `GET /api/audit`: newest first; `nextBefore` asks for the page after this one (null: this was the last). */
export interface AuditPage {
  items: AuditRecord[];
  nextBefore: number | null;
}

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;
