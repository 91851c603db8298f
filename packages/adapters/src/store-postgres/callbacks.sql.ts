/**
 * Scheduled callbacks in SQL: each change is a locked read-modify-write; due ones are claimed with FOR UPDATE SKIP
 * LOCKED.
 */
import type { Callback, CallbackStatus } from '@livespace/protocol';
import type { CallbackChange } from '@livespace/app/ports/index';
import type { Sql, SqlClient } from './sql-client';

const write = (tx: Sql, c: Callback, claimedBy: string | null) =>
  tx.query(
    `insert into callbacks (id, status, due_at, claimed_by, updated_at, data) values ($1, $2, $3, $4, $5, $6)
     on conflict (id) do update set status = excluded.status, due_at = excluded.due_at,
       claimed_by = excluded.claimed_by, updated_at = excluded.updated_at, data = excluded.data`,
    [c.id, c.status, c.at, claimedBy, c.updatedAt, JSON.stringify(c)],
  );

/**
 * Inserts a callback; an id already stored keeps its row (an AI's retried booking books once). Returns the stored one.
 */
export async function insertCallback(db: SqlClient, c: Callback): Promise<Callback> {
  const rows = await db.query<{ data: Callback }>(
    `insert into callbacks (id, status, due_at, claimed_by, updated_at, data) values ($1, $2, $3, null, $4, $5)
     on conflict (id) do nothing returning data`,
    [c.id, c.status, c.at, c.updatedAt, JSON.stringify(c)],
  );
  return rows[0]?.data ?? (await getCallback(db, c.id))!;
}

export async function getCallback(db: Sql, id: string): Promise<Callback | null> {
  const rows = await db.query<{ data: Callback }>('select data from callbacks where id = $1', [id]);
  return rows[0]?.data ?? null;
}

/** Open callbacks (scheduled, dialing, missed) and the `recent` last changed others, soonest due first. */
export async function listCallbacks(
  db: Sql,
  opts: { statuses?: readonly CallbackStatus[]; recent?: number },
): Promise<Callback[]> {
  if (opts.statuses) {
    const rows = await db.query<{ data: Callback }>(
      'select data from callbacks where status = any($1) order by due_at limit 5000',
      [opts.statuses],
    );
    return rows.map((r) => r.data);
  }
  const rows = await db.query<{ data: Callback }>(
    `(select data, due_at from callbacks where status in ('scheduled', 'dialing', 'missed') order by due_at limit 5000)
     union all
     (select data, due_at from callbacks where status not in ('scheduled', 'dialing', 'missed')
      order by updated_at desc limit $1)
     order by due_at`,
    [opts.recent ?? 500],
  );
  return rows.map((r) => r.data);
}

/** Locks one callback, applies `change`, writes what it returns (null: refused, nothing written). */
export async function updateCallback(
  db: SqlClient,
  id: string,
  change: CallbackChange,
  claimedBy: string | null = null,
): Promise<{ before: Callback; after: Callback | null } | null> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ data: Callback; claimed_by: string | null }>(
      'select data, claimed_by from callbacks where id = $1 for update',
      [id],
    );
    const before = rows[0]?.data;
    if (!before) return null;
    const after = change(before);
    if (after) await write(tx, after, after.status === 'dialing' ? (claimedBy ?? rows[0]!.claimed_by) : null);
    return { before, after };
  });
}

/**
 * Takes up to `limit` due callbacks for `processId`: rows another process holds are skipped, so each due
 * callback is decided (dialed or missed) by exactly one process. `decide` is the domain's transition.
 */
export async function claimDueCallbacks(
  db: SqlClient,
  now: Date,
  limit: number,
  processId: string,
  decide: CallbackChange,
): Promise<Callback[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ data: Callback }>(
      `select data from callbacks where status = 'scheduled' and due_at <= $1
       order by due_at limit $2 for update skip locked`,
      [now.toISOString(), limit],
    );
    const out: Callback[] = [];
    for (const { data } of rows) {
      const next = decide(data);
      if (!next) continue;
      await write(tx, next, next.status === 'dialing' ? processId : null);
      out.push(next);
    }
    return out;
  });
}

/**
 * Callbacks being dialed by a process that stopped beating before `staleBefore`, or by any process when null (alone on
 * this database).
 */
export async function orphanedCallbacks(db: Sql, staleBefore: Date | null): Promise<Callback[]> {
  const rows = staleBefore
    ? await db.query<{ data: Callback }>(
        `select c.data from callbacks c left join nodes n on n.id = c.claimed_by
       where c.status = 'dialing' and (n.id is null or n.heartbeat_at < $1)`,
        [staleBefore.toISOString()],
      )
    : await db.query<{ data: Callback }>(`select data from callbacks where status = 'dialing'`);
  return rows.map((r) => r.data);
}
