/**
 * Exports, deletion and retention in SQL: the audit log, deleting sessions with everything stored about them, and
 * claiming a periodic job's run (one process of several wins it: the update re-checks its condition on the row it
 * waited for, on PostgreSQL as on PGlite).
 */
import type { AuditRecord } from '@livespace/protocol';
import type { AuditEntry, SessionDeletion } from '@livespace/app/ports/index';
import type { Sql, SqlClient } from './sql-client';

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

interface AuditRow {
  id: string | number;
  at: Date | string;
  user_id: string | null;
  user_name: string;
  action: AuditRecord['action'];
  target: string | null;
  detail: Record<string, unknown>;
}

async function insertAudit(db: Sql, e: AuditEntry): Promise<void> {
  await db.query(
    'insert into audit_log (at, user_id, user_name, action, target, detail) values ($1, $2, $3, $4, $5, $6)',
    [e.at, e.userId, e.userName, e.action, e.target, JSON.stringify(e.detail)],
  );
}

export const recordAudit = (db: Sql, e: AuditEntry): Promise<void> => insertAudit(db, e);

export async function listAudit(db: Sql, opts: { limit: number; before?: number }): Promise<AuditRecord[]> {
  const rows = await db.query<AuditRow>(
    `select * from audit_log ${opts.before !== undefined ? 'where id < $2' : ''} order by id desc limit $1`,
    opts.before !== undefined ? [opts.limit, opts.before] : [opts.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: iso(r.at),
    userId: r.user_id,
    userName: r.user_name,
    action: r.action,
    target: r.target,
    detail: r.detail,
  }));
}

/** Up to `limit` audit entries older than `before`, the oldest first; how many went. */
export async function deleteAuditBefore(db: Sql, before: Date, limit: number): Promise<number> {
  const rows = await db.query<{ id: string | number }>(
    'delete from audit_log where id in (select id from audit_log where at < $1 order by id limit $2) returning id',
    [before.toISOString(), limit],
  );
  return rows.length;
}

/** Everything stored about these sessions, but their rows (deleted last, by the caller). */
async function deleteSessionData(tx: Sql, ids: readonly string[]): Promise<void> {
  const p = [ids];
  await tx.query('delete from session_events where session_id = any($1::text[])', p);
  await tx.query('delete from session_search where session_id = any($1::text[])', p);
  await tx.query('delete from session_actions where session_id = any($1::text[])', p);
  await tx.query('delete from escalations where session_id = any($1::text[])', p);
  // A campaign keeps its contact (its outcome counts in the campaign's progress), not the pointer to the call.
  await tx.query('update campaign_contacts set session_id = null where session_id = any($1::text[])', p);
}

export async function deleteSession(db: SqlClient, id: string, audit: AuditEntry | null): Promise<SessionDeletion> {
  return db.transaction(async (tx) => {
    // The row lock holds back a late event of this session until the deletion is done.
    const rows = await tx.query<{ state: string }>('select state from sessions where id = $1 for update', [id]);
    if (!rows[0]) return 'not_found';
    if (rows[0].state !== 'ended') return 'live';
    await deleteSessionData(tx, [id]);
    await tx.query('delete from sessions where id = $1', [id]);
    if (audit) await insertAudit(tx, audit);
    return 'deleted';
  });
}

export async function deleteEndedBefore(db: SqlClient, before: Date, limit: number): Promise<string[]> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: a session another process is deleting (or writing a late event to) waits for the next batch.
    const rows = await tx.query<{ id: string }>(
      `select id from sessions where state = 'ended' and ended_at < $1
       order by ended_at, id limit $2 for update skip locked`,
      [before.toISOString(), limit],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return ids;
    await deleteSessionData(tx, ids);
    await tx.query('delete from sessions where id = any($1::text[])', [ids]);
    return ids;
  });
}

export async function claimJob(db: Sql, name: string, now: Date, dueBefore: Date): Promise<boolean> {
  // One statement: a concurrent claim waits for the row and then finds last_run_at moved, so it updates nothing.
  const rows = await db.query<{ name: string }>(
    `insert into jobs (name, last_run_at) values ($1, $2)
     on conflict (name) do update set last_run_at = excluded.last_run_at
     where jobs.last_run_at < $3 returning name`,
    [name, now.toISOString(), dueBefore.toISOString()],
  );
  return rows.length > 0;
}
