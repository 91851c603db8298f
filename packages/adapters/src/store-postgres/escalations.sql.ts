/** Escalations and presence in SQL: the projection written with the events, the atomic claim, and the reads. */
import type {
  HumanAgentPresence,
  Escalation,
  EscalationInfo,
  Presence,
  SessionEvent,
  SessionSummary,
} from '@livespace/protocol';
import type { EscalationRecord } from '@livespace/app/ports/index';
import type { Sql, Statement } from './sql-client';

interface EscalationRow {
  id: string;
  session_id: string;
  queue: string;
  priority: Escalation['priority'];
  reason: string;
  status: Escalation['status'];
  waiting_since: Date | string;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: Date | string | null;
  ended_at: Date | string | null;
  resolution: Escalation['resolution'];
  notes: string | null;
  channel: Escalation['channel'];
  caller_number: string;
  caller_name: string | null;
  agent_name: string;
}

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

const toEscalation = (r: EscalationRow): EscalationRecord => ({
  id: r.id,
  sessionId: r.session_id,
  queue: r.queue,
  priority: r.priority,
  reason: r.reason,
  status: r.status,
  waitingSince: iso(r.waiting_since)!,
  claimedBy: r.claimed_by ? { id: r.claimed_by, name: r.claimed_by_name ?? '' } : null,
  claimedAt: iso(r.claimed_at),
  endedAt: iso(r.ended_at),
  resolution: r.resolution,
  notes: r.notes,
  channel: r.channel,
  callerNumber: r.caller_number,
  ...(r.caller_name ? { callerName: r.caller_name } : {}),
  agentName: r.agent_name,
});

const COLUMNS =
  'id, session_id, queue, priority, reason, status, waiting_since, claimed_by, claimed_by_name, claimed_at, ended_at, resolution, notes, channel, caller_number, agent_name, caller_name';

/** The writes of a batch's escalation events (inside its transaction): each escalation row shows its newest state. */
export function escalationWrites(batch: ReadonlyArray<{ event: SessionEvent; summary: SessionSummary }>): Statement[] {
  const writes: Statement[] = [];
  for (const { event, summary } of batch) {
    if (event.type !== 'escalation') continue;
    const x: EscalationInfo = event.escalation;
    writes.push({
      text: `insert into escalations (${COLUMNS})
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       on conflict (id) do update set status = excluded.status, claimed_by = excluded.claimed_by,
         claimed_by_name = excluded.claimed_by_name, claimed_at = excluded.claimed_at,
         caller_number = excluded.caller_number, caller_name = excluded.caller_name, ended_at = excluded.ended_at,
         resolution = excluded.resolution, notes = excluded.notes`,
      params: [
        x.id,
        summary.id,
        x.queue,
        x.priority,
        x.reason,
        x.status,
        x.waitingSince,
        x.claimedBy?.id ?? null,
        x.claimedBy?.name ?? null,
        x.claimedAt,
        x.endedAt,
        x.resolution,
        x.notes,
        summary.channel,
        summary.callerNumber,
        summary.agentName,
        summary.callerName ?? null,
      ],
    });
  }
  return writes;
}

/**
 * Takes a waiting escalation for `by`: one statement, so of any number of concurrent claims exactly one finds it
 * waiting.
 */
export async function claimEscalation(
  db: Sql,
  id: string,
  by: { id: string; name: string },
  now: Date,
): Promise<EscalationRecord | null> {
  const rows = await db.query<EscalationRow>(
    `update escalations set status = 'claimed', claimed_by = $2, claimed_by_name = $3, claimed_at = $4
     where id = $1 and status = 'waiting' returning ${COLUMNS}`,
    [id, by.id, by.name, now.toISOString()],
  );
  return rows[0] ? toEscalation(rows[0]) : null;
}

/**
 * The same for a human agent, who holds one call at a time: of two claims by one agent at once (on any processes) the
 * second sees the first's and answers 'busy'. One statement (claim_escalation_alone, migration 024): the agent's user
 * row is locked, then the check and the claim.
 */
export async function claimEscalationAlone(
  db: Sql,
  id: string,
  by: { id: string; name: string },
  now: Date,
): Promise<EscalationRecord | 'busy' | null> {
  const [row] = await db.query<{ claimed: EscalationRow | { busy: true } | null }>(
    'select claim_escalation_alone($1, $2, $3, $4) as claimed',
    [id, by.id, by.name, now.toISOString()],
  );
  const claimed = row?.claimed ?? null;
  if (claimed === null) return null;
  return 'busy' in claimed ? 'busy' : toEscalation(claimed);
}

/** Gives a claim back (the session could not be handed over): waiting again, as if never claimed. */
export async function releaseEscalation(db: Sql, id: string, byUserId: string): Promise<void> {
  await db.query(
    `update escalations set status = 'waiting', claimed_by = null, claimed_by_name = null, claimed_at = null
     where id = $1 and status = 'claimed' and claimed_by = $2`,
    [id, byUserId],
  );
}

export async function getEscalation(db: Sql, id: string): Promise<EscalationRecord | null> {
  const rows = await db.query<EscalationRow>(`select ${COLUMNS} from escalations where id = $1`, [id]);
  return rows[0] ? toEscalation(rows[0]) : null;
}

/** Escalations with these statuses, oldest first (the caller orders by priority). */
export async function listEscalations(
  db: Sql,
  statuses: readonly string[],
  limit: number,
): Promise<EscalationRecord[]> {
  const rows = await db.query<EscalationRow>(
    `select ${COLUMNS} from escalations where status = any($1) order by waiting_since limit $2`,
    [statuses, limit],
  );
  return rows.map(toEscalation);
}

/** What queue figures need: every open escalation, and those that started, were answered or ended since `since`. */
export async function escalationsSince(db: Sql, since: Date): Promise<EscalationRecord[]> {
  const rows = await db.query<EscalationRow>(
    `select ${COLUMNS} from escalations
     where status in ('waiting', 'claimed') or waiting_since >= $1 or claimed_at >= $1 or ended_at >= $1`,
    [since.toISOString()],
  );
  return rows.map(toEscalation);
}

interface PresenceRow {
  user_id: string;
  name: string;
  queues: string[];
  status: Presence | null;
  since: Date | string | null;
}

/** Every human agent (role `agent`) with its presence; one who never set any is offline since it was created. */
export async function listPresence(db: Sql): Promise<HumanAgentPresence[]> {
  const rows = await db.query<PresenceRow & { created_at: Date | string }>(
    `select u.id as user_id, u.name, u.queues, p.status, p.since, u.created_at
     from users u left join agent_presence p on p.user_id = u.id
     where u.role = 'agent' and u.disabled_at is null order by u.name`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    queues: r.queues,
    status: r.status ?? 'offline',
    since: iso(r.since ?? r.created_at)!,
  }));
}

export async function getPresence(db: Sql, userId: string): Promise<HumanAgentPresence | null> {
  const rows = await db.query<PresenceRow & { created_at: Date | string }>(
    `select u.id as user_id, u.name, u.queues, p.status, p.since, u.created_at
     from users u left join agent_presence p on p.user_id = u.id
     where u.id = $1 and u.role = 'agent' and u.disabled_at is null`,
    [userId],
  );
  const r = rows[0];
  return r
    ? {
        userId: r.user_id,
        name: r.name,
        queues: r.queues,
        status: r.status ?? 'offline',
        since: iso(r.since ?? r.created_at)!,
      }
    : null;
}

/**
 * Appends the change to `presence_changes` (analytics) when the status differs from what it was ($1 user, $2 status, $3
 * at).
 */
const LOG_CHANGE = `insert into presence_changes (user_id, status, at)
  select $1, $2, $3 where coalesce((select status from before), 'offline') <> $2`;

/**
 * Sets an agent's presence; `expect` (when given) must be its current status, else nothing changes and false is
 * returned. `chosen`: the agent set it, so it is remembered as what they come back to.
 */
export async function setPresence(
  db: Sql,
  userId: string,
  status: Presence,
  now: Date,
  opts: { expect?: Presence; chosen?: boolean } = {},
): Promise<boolean> {
  const at = now.toISOString();
  const chosen = opts.chosen && status !== 'busy' ? status : null;
  const rows =
    opts.expect === undefined
      ? await db.query<{ user_id: string }>(
          `with before as (select status from agent_presence where user_id = $1),
       changed as (
         insert into agent_presence (user_id, status, since, last_seen, chosen) values ($1, $2, $3, $3, $4)
         on conflict (user_id) do update set status = excluded.status,
           since = case when agent_presence.status = excluded.status then agent_presence.since else excluded.since end,
           last_seen = excluded.last_seen, chosen = coalesce(excluded.chosen, agent_presence.chosen)
         returning user_id
       ),
       logged as (${LOG_CHANGE})
       select user_id from changed`,
          [userId, status, at, chosen],
        )
      : await db.query<{ user_id: string }>(
          `with before as (select status from agent_presence where user_id = $1 and status = $5),
       changed as (update agent_presence set status = $2, since = $3, last_seen = $3, chosen = coalesce($4, chosen)
                   where user_id = $1 and status = $5 returning user_id),
       logged as (${LOG_CHANGE} and exists (select 1 from changed))
       select user_id from changed`,
          [userId, status, at, chosen, opts.expect],
        );
  return rows.length > 0;
}

/** Of these agents, those shown offline whose own last choice was available or away. */
export async function returningHumanAgents(
  db: Sql,
  userIds: readonly string[],
): Promise<Array<{ userId: string; chosen: 'available' | 'away' }>> {
  if (userIds.length === 0) return [];
  const rows = await db.query<{ user_id: string; chosen: 'available' | 'away' }>(
    `select p.user_id, p.chosen from agent_presence p join users u on u.id = p.user_id
     where p.user_id = any($1) and p.status = 'offline' and p.chosen in ('available', 'away')
       and u.role = 'agent' and u.disabled_at is null`,
    [[...userIds]],
  );
  return rows.map((r) => ({ userId: r.user_id, chosen: r.chosen }));
}

/** Marks these agents as seen now (their browsers are connected). */
export async function touchPresence(db: Sql, userIds: readonly string[], now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db.query('update agent_presence set last_seen = $2 where user_id = any($1)', [userIds, now.toISOString()]);
}

/** Agents not seen since `before` who are still shown as reachable (available or away). */
export async function goneHumanAgents(db: Sql, before: Date): Promise<string[]> {
  const rows = await db.query<{ user_id: string }>(
    `select user_id from agent_presence where status in ('available', 'away') and last_seen < $1`,
    [before.toISOString()],
  );
  return rows.map((r) => r.user_id);
}
