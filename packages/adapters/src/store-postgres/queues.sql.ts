/** Queue configuration (service level, priority order) and queue membership, which lives on the users' `queues`. */
import type { QueueSettings } from '@livespace/app/ports/index';
import type { Sql } from './sql-client';

interface QueueRow {
  name: string;
  sla_seconds: number;
  priority: number;
}
const toSettings = (r: QueueRow): QueueSettings => ({ name: r.name, slaSeconds: r.sla_seconds, priority: r.priority });

/** Every configured queue, in priority order (then by name). */
export async function listQueueSettings(db: Sql): Promise<QueueSettings[]> {
  return (await db.query<QueueRow>('select name, sla_seconds, priority from queue_config order by priority, name')).map(
    toSettings,
  );
}

/** Configures a queue; 'exists' when it is configured already (nothing changes). */
export async function createQueueSettings(db: Sql, q: QueueSettings, now: Date): Promise<QueueSettings | 'exists'> {
  const rows = await db.query<QueueRow>(
    `insert into queue_config (name, sla_seconds, priority, created_at, updated_at) values ($1, $2, $3, $4, $4)
     on conflict (name) do nothing returning name, sla_seconds, priority`,
    [q.name, q.slaSeconds, q.priority, now.toISOString()],
  );
  return rows[0] ? toSettings(rows[0]) : 'exists';
}

/** Changes a configured queue; null when it is not configured. */
export async function updateQueueSettings(
  db: Sql,
  name: string,
  patch: { slaSeconds?: number; priority?: number },
  now: Date,
): Promise<QueueSettings | null> {
  const rows = await db.query<QueueRow>(
    `update queue_config set sla_seconds = coalesce($2, sla_seconds), priority = coalesce($3, priority), updated_at = $4
     where name = $1 returning name, sla_seconds, priority`,
    [name, patch.slaSeconds ?? null, patch.priority ?? null, now.toISOString()],
  );
  return rows[0] ? toSettings(rows[0]) : null;
}

/**
 * Makes `memberIds` exactly the users who work queue `name`: it is added to their `queues` (at the end) and taken out
 * of everyone else's, in one statement. Answers the ids of the users whose queues changed.
 */
export async function setQueueMembers(db: Sql, name: string, memberIds: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `update users
     set queues = case when id = any($2::text[]) then queues || to_jsonb($1::text) else queues - $1::text end
     where (id = any($2::text[])) <> jsonb_exists(queues, $1::text) returning id`,
    [name, [...memberIds]],
  );
  return rows.map((r) => r.id);
}
