/**
 * The audit log (`GET /api/audit`, admins): who exported or deleted what, what the retention job removed, and who
 * changed the team (users, their passwords, queues).
 */

/** What an audit entry records. */
export type AuditAction =
  /** One session exported (`detail.format`: json or txt). */
  | 'session.export'
  /** A filtered list exported as CSV (`detail.filters`, `detail.rows`, `detail.complete`). */
  | 'sessions.export_csv'
  /** One session deleted by a person. */
  | 'session.delete'
  /** The daily retention job's run (`detail`: its cutoffs and counts). */
  | 'retention.run'
  /** A user added by an admin (`target`: the user's id; `detail`: email, role, queues). */
  | 'user.create'
  /** A user changed by an admin (`detail`: the fields given, with their new values). */
  | 'user.update'
  /** A user's password set by an admin (the password itself is never recorded). */
  | 'user.password_reset'
  /** A queue configured (`target`: its name; `detail`: slaSeconds, priority, members). */
  | 'queue.create'
  /** A queue's configuration changed (`detail`: the fields given). */
  | 'queue.update'
  /** A team made (`target`: its id; `detail`: name, leadId, members). */
  | 'team.create'
  /** A team changed (`detail`: the fields given). */
  | 'team.update'
  /** A team deleted (`detail`: its name and the people who were in it). */
  | 'team.delete';

/** One entry of the audit log. `userId` is null for the system (the retention job). */
export interface AuditRecord {
  /** Increasing: newer entries have larger ids (the `before` of the next page). */
  id: number;
  at: string;
  userId: string | null;
  userName: string;
  action: AuditAction;
  /** The session id, user id or queue name; null for a list export or a retention run. */
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
