/** The Store port on PostgreSQL: embedded PGlite by default, node-postgres when DATABASE_URL is set. */
import type {
  ActionRecord,
  Agent,
  AgentBody,
  HumanAgentPresence,
  PhoneNumber,
  Callback,
  CallbackStatus,
  Campaign,
  CampaignStatus,
  CampaignContact,
  CampaignProgress,
  ContactStatus,
  EscalationStatus,
  HistoryFilter,
  HistoryTotal,
  Presence,
  Role,
  SessionEvent,
  SessionSummary,
} from '@livespace/protocol';
import type {
  CallbackChange,
  CampaignLock,
  ContactAttemptEnd,
  EscalationRecord,
  EventWrite,
  HistoryResult,
  HistorySearch,
  OrphanedContact,
  QueueSettings,
  Store,
  UserPatch,
  UserRecord,
} from '@livespace/app/ports/index';
import type { ContactDraft } from '@livespace/domain';
import type { AuditRecord, Team, UserPreferences } from '@livespace/protocol';
import type { AuditEntry, SessionDeletion } from '@livespace/app/ports/index';
import * as esc from './escalations.sql';
import * as cb from './callbacks.sql';
import * as cmp from './campaigns.sql';
import * as hist from './history.sql';
import * as ret from './retention.sql';
import * as rec from './recordings.sql';
import * as qs from './queues.sql';
import * as ts from './teams.sql';
import * as an from './analytics.sql';
import type { HumanAgentFigures, AnalyticsMetric, AnalyticsSummary, SeriesPoint } from '@livespace/protocol';
import type { RecordingRow, RecordingRows } from '@livespace/app/ports/index';
import { migrate } from './migrate';
import { openPostgres, type SqlClient, type Statement } from './sql-client';
import { openPgliteThread } from './pglite-thread';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  queues: string[];
  team_id: string | null;
  password_hash: string;
  disabled_at: Date | string | null;
  created_at: Date | string;
}
interface AgentRow {
  id: string;
  name: string;
  description: string;
  voice: string;
  flow: AgentBody['flow'];
  recording?: boolean | null;
  summary_fields?: string[] | null;
  created_at: Date | string;
}

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  queues: r.queues,
  teamId: r.team_id ?? null,
  passwordHash: r.password_hash,
  disabled: r.disabled_at !== null,
  createdAt: iso(r.created_at),
});
const toAgent = (r: AgentRow): Agent => ({
  id: r.id,
  name: r.name,
  description: r.description,
  voice: r.voice,
  flow: r.flow,
  ...(typeof r.recording === 'boolean' ? { recording: r.recording } : {}),
  ...(r.summary_fields ? { summaryFields: r.summary_fields } : {}),
  createdAt: iso(r.created_at),
});
interface NumberRow {
  number: string;
  agent_id: string;
  carrier: PhoneNumber['carrier'];
  channels: PhoneNumber['channels'];
  created_at: Date | string;
  updated_at: Date | string;
}
const toNumber = (r: NumberRow): PhoneNumber => ({
  number: r.number,
  agentId: r.agent_id,
  carrier: r.carrier,
  channels: r.channels,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** Rows per INSERT statement: 5 parameters each, well under PostgreSQL's 65535. */
const EVENTS_PER_STATEMENT = 2000;
/**
 * A session's summary as read (from `sessions s`). A live session's row may lag behind its partial lines (appendEvents
 * leaves it as it was for those), so its seq is its newest event's: what an event appended after it must follow.
 */
const SUMMARY = `case when s.state = 'ended' then s.summary
  else jsonb_set(s.summary, '{seq}',
    to_jsonb(greatest(s.seq, (select max(e.seq) from session_events e where e.session_id = s.id)))) end`;

export class PostgresStore implements Store, RecordingRows {
  private constructor(private readonly db: SqlClient) {}

  get kind(): 'pglite' | 'postgres' {
    return this.db.kind;
  }

  /**
   * Opens PostgreSQL at `databaseUrl`, else PGlite in `dataDir` (`pgliteSharedBuffers`: its buffer cache, e.g. `32MB`).
   */
  static async open(opts: {
    databaseUrl?: string;
    dataDir: string;
    pgliteSharedBuffers?: string;
  }): Promise<PostgresStore> {
    // PGlite runs on its own thread: its queries never hold up the event loop that serves calls.
    const db = opts.databaseUrl
      ? await openPostgres(opts.databaseUrl)
      : await openPgliteThread(
          opts.dataDir,
          opts.pgliteSharedBuffers ? { sharedBuffers: opts.pgliteSharedBuffers } : {},
        );
    return new PostgresStore(db);
  }

  async migrate(): Promise<void> {
    await migrate(this.db);
  }
  async ping(): Promise<void> {
    await this.db.query('select 1');
  }
  async close(): Promise<void> {
    await this.db.close();
  }

  async createUser(u: Omit<UserRecord, 'createdAt' | 'disabled' | 'teamId'>): Promise<UserRecord> {
    const rows = await this.db.query<UserRow>(
      `insert into users (id, email, name, role, queues, password_hash) values ($1, $2, $3, $4, $5, $6) returning *`,
      [u.id, u.email.toLowerCase(), u.name, u.role, JSON.stringify(u.queues), u.passwordHash],
    );
    return toUser(rows[0]!);
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const rows = await this.db.query<UserRow>('select * from users where email = $1', [email.toLowerCase()]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const rows = await this.db.query<UserRow>('select * from users where id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async countUsers(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('select count(*)::int as n from users');
    return rows[0]!.n;
  }

  async createToken(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.query('insert into auth_tokens (token_hash, user_id, expires_at) values ($1, $2, $3)', [
      tokenHash,
      userId,
      expiresAt.toISOString(),
    ]);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.db.query<UserRow>('select * from users order by name, email')).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch, now: Date): Promise<UserRecord | null> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<UserRow>(
        `update users set name = coalesce($2, name), role = coalesce($3, role), queues = coalesce($4::jsonb, queues),
           disabled_at = case when $5::boolean is null then disabled_at
                              when $5 then coalesce(disabled_at, $6) else null end
         where id = $1 returning *`,
        [
          id,
          patch.name ?? null,
          patch.role ?? null,
          patch.queues ? JSON.stringify(patch.queues) : null,
          patch.disabled ?? null,
          now.toISOString(),
        ],
      );
      if (rows[0] && patch.disabled) await tx.query('delete from auth_tokens where user_id = $1', [id]);
      return rows[0] ? toUser(rows[0]) : null;
    });
  }

  async setPasswordHash(id: string, passwordHash: string, now: Date): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      'update users set password_hash = $2, password_changed_at = $3 where id = $1 returning id',
      [id, passwordHash, now.toISOString()],
    );
    return rows.length > 0;
  }

  async countActiveAdmins(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from users where role = 'admin' and disabled_at is null`,
    );
    return rows[0]!.n;
  }

  async findLogin(tokenHash: string, now: Date): Promise<{ user: UserRecord; expiresAt: Date } | null> {
    const rows = await this.db.query<UserRow & { token_expires_at: Date | string }>(
      `select u.*, t.expires_at as token_expires_at from auth_tokens t join users u on u.id = t.user_id
       where t.token_hash = $1 and t.expires_at > $2 and u.disabled_at is null`,
      [tokenHash, now.toISOString()],
    );
    const r = rows[0];
    return r ? { user: toUser(r), expiresAt: new Date(iso(r.token_expires_at)) } : null;
  }

  async deleteToken(tokenHash: string): Promise<void> {
    await this.db.query('delete from auth_tokens where token_hash = $1', [tokenHash]);
  }

  async deleteTokensOfUser(userId: string, keepTokenHash?: string): Promise<string[]> {
    const rows = await this.db.query<{ token_hash: string }>(
      'delete from auth_tokens where user_id = $1 and token_hash is distinct from $2 returning token_hash',
      [userId, keepTokenHash ?? null],
    );
    return rows.map((r) => r.token_hash);
  }

  async listAgents(): Promise<Agent[]> {
    return (await this.db.query<AgentRow>('select * from agents order by created_at, id')).map(toAgent);
  }

  async listNumbers(): Promise<PhoneNumber[]> {
    return (await this.db.query<NumberRow>('select * from phone_numbers order by number')).map(toNumber);
  }

  async upsertNumber(n: Omit<PhoneNumber, 'createdAt' | 'updatedAt'>, now: Date): Promise<PhoneNumber> {
    const rows = await this.db.query<NumberRow>(
      `insert into phone_numbers (number, agent_id, carrier, channels, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $5)
       on conflict (number) do update set agent_id = excluded.agent_id, carrier = excluded.carrier,
         channels = excluded.channels, updated_at = excluded.updated_at
       returning *`,
      [n.number, n.agentId, n.carrier, JSON.stringify(n.channels), now.toISOString()],
    );
    return toNumber(rows[0]!);
  }

  async deleteNumber(number: string): Promise<boolean> {
    return (await this.db.query('delete from phone_numbers where number = $1 returning number', [number])).length > 0;
  }

  async getAgent(id: string): Promise<Agent | null> {
    const rows = await this.db.query<AgentRow>('select * from agents where id = $1', [id]);
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async createAgent(id: string, body: AgentBody, now: Date, seedKey?: string): Promise<Agent | null> {
    const rows = await this.db.query<AgentRow>(
      `insert into agents (id, seed_key, name, description, voice, flow, created_at, recording, summary_fields)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (seed_key) do nothing returning *`,
      [
        id,
        seedKey ?? null,
        body.name,
        body.description,
        body.voice,
        JSON.stringify(body.flow),
        now.toISOString(),
        body.recording ?? null,
        body.summaryFields ?? null,
      ],
    );
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async appendEvents(batch: readonly EventWrite[], processId?: string): Promise<void> {
    if (batch.length === 0) return;
    // The newest summary of each session in the batch is what its row must show.
    const latest = new Map<string, SessionSummary>();
    for (const w of batch) latest.set(w.sessionId, w.summary);
    const ending = [...latest.values()].filter((s) => s.state === 'ended').map((s) => s.id);
    // Sessions this batch ends (not ended before it): the analytics rollup adds each once, after its history columns.
    // Read before the batch's transaction: a session's events are written by one lane of its owner, one batch at a
    // time.
    const endedBefore = new Set(
      ending.length === 0
        ? []
        : (
            await this.db.commits.query<{ id: string }>(
              `select id from sessions where id = any($1::text[]) and state = 'ended'`,
              [ending],
            )
          ).map((r) => r.id),
    );
    const endsNow = ending.filter((id) => !endedBefore.has(id));
    const writes: Statement[] = [];
    for (let i = 0; i < batch.length; i += EVENTS_PER_STATEMENT) {
      const chunk = batch.slice(i, i + EVENTS_PER_STATEMENT);
      const params: unknown[] = [];
      const values = chunk.map((w, n) => {
        const { seq, type, at } = w.event;
        params.push(w.sessionId, seq, type, at, JSON.stringify(w.event));
        const b = n * 5;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
      });
      writes.push({
        text: `insert into session_events (session_id, seq, type, at, data) values ${values.join(', ')}`,
        params,
      });
    }
    // A session whose events in this batch are all partial lines keeps its row as it was: a partial changes only the
    // list's last line, which its final line (or any other event) writes soon after. Its events are stored all the
    // same, and a live session's summary is read with the seq of its newest event (SUMMARY). At 1,000 live calls this
    // halves the database's work (docs/benchmarks.md).
    const rowChanged = new Set(batch.filter((w) => w.event.type !== 'line.partial').map((w) => w.sessionId));
    const params: unknown[] = [];
    const values = [...latest.values()]
      .filter((s) => rowChanged.has(s.id))
      .map((s, n) => {
        params.push(
          s.id,
          s.channel,
          s.direction,
          s.agentId,
          s.state,
          s.startedAt,
          s.endedAt,
          s.seq,
          JSON.stringify(s),
          processId ?? null,
          hist.callerDigits(s),
          s.outbound?.campaignId ?? null,
        );
        const b = n * 12;
        return `(${Array.from({ length: 12 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
      });
    if (values.length > 0)
      writes.push({
        // A commit leaves every indexed column as it was (the campaign is a column, not read from the summary), so the
        // row is updated in place (migration 023).
        text: `insert into sessions
         (id, channel, direction, agent_id, state, started_at, ended_at, seq, summary, node_id, caller_digits,
          campaign_id)
       values ${values.join(', ')}
       on conflict (id) do update set state = excluded.state, ended_at = excluded.ended_at, seq = excluded.seq,
         summary = excluded.summary, caller_digits = excluded.caller_digits, campaign_id = excluded.campaign_id
       where sessions.seq < excluded.seq`,
        params,
      });
    // One transaction sent at once (on the embedded database, one message to its thread: no round trip between
    // statements).
    await this.db.batch([
      ...writes,
      ...esc.escalationWrites(batch),
      ...hist.historyWrites(batch, latest),
      ...an.rollUpWrites(endsNow),
    ]);
  }

  claimEscalation(id: string, by: { id: string; name: string }, now: Date): Promise<EscalationRecord | null> {
    return esc.claimEscalation(this.db, id, by, now);
  }
  claimEscalationAlone(
    id: string,
    by: { id: string; name: string },
    now: Date,
  ): Promise<EscalationRecord | 'busy' | null> {
    return esc.claimEscalationAlone(this.db, id, by, now);
  }
  releaseEscalation(id: string, byUserId: string): Promise<void> {
    return esc.releaseEscalation(this.db, id, byUserId);
  }
  getEscalation(id: string): Promise<EscalationRecord | null> {
    return esc.getEscalation(this.db, id);
  }
  listEscalations(statuses: readonly EscalationStatus[], limit = 500): Promise<EscalationRecord[]> {
    return esc.listEscalations(this.db, statuses, limit);
  }
  escalationsSince(since: Date): Promise<EscalationRecord[]> {
    return esc.escalationsSince(this.db, since);
  }
  listPresence(): Promise<HumanAgentPresence[]> {
    return esc.listPresence(this.db);
  }
  getPresence(userId: string): Promise<HumanAgentPresence | null> {
    return esc.getPresence(this.db, userId);
  }
  setPresence(
    userId: string,
    status: Presence,
    now: Date,
    opts?: { expect?: Presence; chosen?: boolean },
  ): Promise<boolean> {
    return esc.setPresence(this.db, userId, status, now, opts);
  }
  returningHumanAgents(userIds: readonly string[]): Promise<Array<{ userId: string; chosen: 'available' | 'away' }>> {
    return esc.returningHumanAgents(this.db, userIds);
  }
  touchPresence(userIds: readonly string[], now: Date): Promise<void> {
    return esc.touchPresence(this.db, userIds, now);
  }
  goneHumanAgents(before: Date): Promise<string[]> {
    return esc.goneHumanAgents(this.db, before);
  }

  // Analytics (analytics.sql.ts).
  analyticsSummary(from: Date, to: Date, timeZone: string, defaultSlaSeconds: number): Promise<AnalyticsSummary> {
    return an.analyticsSummary(this.db, from, to, timeZone, defaultSlaSeconds);
  }
  analyticsSeries(
    from: Date,
    to: Date,
    timeZone: string,
    bucket: 'hour' | 'day',
    metric: AnalyticsMetric,
    defaultSlaSeconds: number,
  ): Promise<SeriesPoint[]> {
    return an.analyticsSeries(this.db, from, to, timeZone, bucket, metric, defaultSlaSeconds);
  }
  analyticsHumanAgents(from: Date, to: Date, now: Date): Promise<HumanAgentFigures[]> {
    return an.analyticsHumanAgents(this.db, from, to, now);
  }

  // Queue configuration (queues.sql.ts).
  listQueueSettings(): Promise<QueueSettings[]> {
    return qs.listQueueSettings(this.db);
  }
  createQueueSettings(q: QueueSettings, now: Date): Promise<QueueSettings | 'exists'> {
    return qs.createQueueSettings(this.db, q, now);
  }
  updateQueueSettings(
    name: string,
    patch: { slaSeconds?: number; priority?: number },
    now: Date,
  ): Promise<QueueSettings | null> {
    return qs.updateQueueSettings(this.db, name, patch, now);
  }
  setQueueMembers(name: string, memberIds: readonly string[]): Promise<string[]> {
    return qs.setQueueMembers(this.db, name, memberIds);
  }

  async getPreferences(userId: string): Promise<UserPreferences | null> {
    const rows = await this.db.query<{ preferences: UserPreferences }>('select preferences from users where id = $1', [
      userId,
    ]);
    return rows[0] ? rows[0].preferences : null;
  }

  async mergePreferences(userId: string, sections: UserPreferences): Promise<UserPreferences | null> {
    const rows = await this.db.query<{ preferences: UserPreferences }>(
      'update users set preferences = preferences || $2::jsonb where id = $1 returning preferences',
      [userId, JSON.stringify(sections)],
    );
    return rows[0] ? rows[0].preferences : null;
  }

  // Teams (teams.sql.ts).
  listTeams(): Promise<Team[]> {
    return ts.listTeams(this.db);
  }
  getTeam(id: string): Promise<Team | null> {
    return ts.getTeam(this.db, id);
  }
  createTeam(t: { id: string; name: string; leadId: string | null }, now: Date): Promise<'created' | 'exists'> {
    return ts.createTeam(this.db, t, now);
  }
  updateTeam(
    id: string,
    patch: { name?: string; leadId?: string | null },
    now: Date,
  ): Promise<'updated' | 'exists' | null> {
    return ts.updateTeam(this.db, id, patch, now);
  }
  deleteTeam(id: string): Promise<boolean> {
    return ts.deleteTeam(this.db, id);
  }
  setTeamMembers(id: string, memberIds: readonly string[]): Promise<string[]> {
    return ts.setTeamMembers(this.db, id, memberIds);
  }

  async heartbeat(processId: string, now: Date): Promise<void> {
    await this.db.query(
      `insert into nodes (id, started_at, heartbeat_at) values ($1, $2, $2)
       on conflict (id) do update set heartbeat_at = excluded.heartbeat_at`,
      [processId, now.toISOString()],
    );
  }

  async unsummarizedSessions(since: Date, endedBefore: Date, limit: number): Promise<string[]> {
    // By start time: its index keeps this a short range scan however many sessions are stored.
    const rows = await this.db.query<{ id: string }>(
      `select id from sessions where started_at >= $1 and state = 'ended' and ended_at < $2
         and coalesce(summary->'summary', 'null'::jsonb) = 'null'::jsonb
       order by started_at limit $3`,
      [since.toISOString(), endedBefore.toISOString(), limit],
    );
    return rows.map((r) => r.id);
  }

  async orphanedSessions(staleBefore: Date): Promise<SessionSummary[]> {
    const rows = await this.db.query<{ summary: SessionSummary }>(
      `select ${SUMMARY} as summary from sessions s left join nodes n on n.id = s.node_id
       where s.state <> 'ended' and (n.id is null or n.heartbeat_at < $1) order by s.started_at`,
      [staleBefore.toISOString()],
    );
    return rows.map((r) => r.summary);
  }

  async listSessions(filter: {
    live?: boolean;
    limit?: number;
    offset?: number;
    campaignId?: string;
    outcome?: string;
    handledBy?: string;
  }): Promise<SessionSummary[]> {
    const limit = Math.min(Math.max(filter.limit ?? 5000, 1), 5000);
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.live) where.push(`state <> 'ended'`);
    if (filter.campaignId) where.push(`campaign_id = $${params.push(filter.campaignId)}`);
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.outcome) where.push(hist.outcomeCondition('summary', filter.outcome, param));
    if (filter.handledBy) where.push(hist.handledByCondition('handled_by', filter.handledBy, param));
    const order = filter.live ? 'started_at' : 'started_at desc';
    const rows = await this.db.query<{ summary: SessionSummary }>(
      `select ${SUMMARY} as summary from sessions s ${where.length ? `where ${where.join(' and ')}` : ''}
       order by ${order}, id limit $${params.push(limit)} offset $${params.push(filter.offset ?? 0)}`,
      params,
    );
    return rows.map((r) => r.summary);
  }

  searchSessions(search: HistorySearch): Promise<HistoryResult> {
    return hist.searchSessions(this.db, search);
  }
  // Recordings (recordings.sql.ts).
  insertRecording(row: Parameters<RecordingRows['insertRecording']>[0]): Promise<void> {
    return rec.insertRecording(this.db, row);
  }
  finishRecording(sessionId: string, patch: Parameters<RecordingRows['finishRecording']>[1]): Promise<void> {
    return rec.finishRecording(this.db, sessionId, patch);
  }
  getRecording(sessionId: string): Promise<RecordingRow | null> {
    return rec.getRecording(this.db, sessionId);
  }
  recordingsBefore(before: Date, limit: number): Promise<string[]> {
    return rec.recordingsBefore(this.db, before, limit);
  }
  deleteRecording(sessionId: string): Promise<void> {
    return rec.deleteRecording(this.db, sessionId);
  }

  countSessions(filter: HistoryFilter): Promise<HistoryTotal> {
    return hist.countSessions(this.db, filter);
  }

  async getSession(id: string): Promise<SessionSummary | null> {
    const rows = await this.db.query<{ summary: SessionSummary }>(
      `select ${SUMMARY} as summary from sessions s where id = $1`,
      [id],
    );
    return rows[0]?.summary ?? null;
  }

  async liveConversationWith(
    channel: 'sms' | 'whatsapp',
    customer: string,
  ): Promise<{ id: string; owner: string | null } | null> {
    const rows = await this.db.query<{ id: string; node_id: string | null }>(
      `select id, node_id from sessions where state <> 'ended' and channel = $1 and summary->>'callerNumber' = $2
       order by started_at desc limit 1`,
      [channel, customer],
    );
    return rows[0] ? { id: rows[0].id, owner: rows[0].node_id } : null;
  }

  async agentMayRead(sessionId: string, agent: { id: string }): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from sessions where id = $1 and (state <> 'ended' or handled_by @> array[$2]::text[])
       union all
       select 1 from escalations where session_id = $1 and claimed_by = $2
       limit 1`,
      [sessionId, agent.id],
    );
    return rows.length > 0;
  }

  async sessionOwner(id: string): Promise<string | null> {
    const rows = await this.db.query<{ node_id: string | null }>('select node_id from sessions where id = $1', [id]);
    return rows[0]?.node_id ?? null;
  }

  async recordAction(a: ActionRecord): Promise<void> {
    await this.db.query(
      'insert into session_actions (id, session_id, action, user_id, user_name, text, result, error, at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [a.id, a.sessionId, a.action, a.userId, a.userName, a.text ?? null, a.result, a.error ?? null, a.at],
    );
  }

  async listActions(sessionId: string): Promise<ActionRecord[]> {
    const rows = await this.db.query<{
      id: string;
      session_id: string;
      action: ActionRecord['action'];
      user_id: string;
      user_name: string;
      text: string | null;
      result: ActionRecord['result'];
      error: string | null;
      at: Date | string;
    }>('select * from session_actions where session_id = $1 order by at, id', [sessionId]);
    return rows.map((r) => ({
      id: r.id,
      sessionId: r.session_id,
      action: r.action,
      userId: r.user_id,
      userName: r.user_name,
      ...(r.text !== null ? { text: r.text } : {}),
      result: r.result,
      ...(r.error !== null ? { error: r.error } : {}),
      at: iso(r.at),
    }));
  }

  async sessionEvents(id: string, afterSeq: number): Promise<SessionEvent[]> {
    const rows = await this.db.query<{ data: SessionEvent }>(
      'select data from session_events where session_id = $1 and seq > $2 order by seq',
      [id, afterSeq],
    );
    return rows.map((r) => r.data);
  }

  insertCallback(c: Callback): Promise<Callback> {
    return cb.insertCallback(this.db, c);
  }
  getCallback(id: string): Promise<Callback | null> {
    return cb.getCallback(this.db, id);
  }
  listCallbacks(opts: { statuses?: readonly CallbackStatus[]; recent?: number } = {}): Promise<Callback[]> {
    return cb.listCallbacks(this.db, opts);
  }
  updateCallback(id: string, change: CallbackChange, claimedBy?: string) {
    return cb.updateCallback(this.db, id, change, claimedBy ?? null);
  }
  claimDueCallbacks(now: Date, limit: number, processId: string, decide: CallbackChange): Promise<Callback[]> {
    return cb.claimDueCallbacks(this.db, now, limit, processId, decide);
  }
  orphanedCallbacks(staleBefore: Date | null): Promise<Callback[]> {
    return cb.orphanedCallbacks(this.db, staleBefore);
  }

  insertCampaign(c: Campaign): Promise<void> {
    return cmp.insertCampaign(this.db, c);
  }
  getCampaign(id: string): Promise<Campaign | null> {
    return cmp.getCampaign(this.db, id);
  }
  listCampaigns(): Promise<Campaign[]> {
    return cmp.listCampaigns(this.db);
  }
  campaignIds(status: CampaignStatus): Promise<string[]> {
    return cmp.campaignIds(this.db, status);
  }
  campaignProgress(id: string): Promise<CampaignProgress> {
    return cmp.campaignProgress(this.db, id);
  }
  withCampaign<T>(id: string, fn: (lock: CampaignLock) => Promise<T>): Promise<T | null> {
    return cmp.withCampaign(this.db, id, fn);
  }
  importContacts(campaignId: string, contacts: readonly ContactDraft[], now: Date) {
    return cmp.importContacts(this.db, campaignId, contacts, now);
  }
  listContacts(
    campaignId: string,
    opts: { status?: ContactStatus; limit: number; offset: number },
  ): Promise<CampaignContact[]> {
    return cmp.listContacts(this.db, campaignId, opts);
  }
  endContactAttempt(contactId: string, sessionId: string, end: ContactAttemptEnd, now: Date): Promise<boolean> {
    return cmp.endContactAttempt(this.db, contactId, sessionId, end, now);
  }
  loseContactAttempt(contactId: string, sessionId: string, now: Date): Promise<boolean> {
    return cmp.loseContactAttempt(this.db, contactId, sessionId, now);
  }
  orphanedContacts(staleBefore: Date | null): Promise<OrphanedContact[]> {
    return cmp.orphanedContacts(this.db, staleBefore);
  }
  addDoNotCall(phones: readonly string[], now: Date): Promise<number> {
    return cmp.addDoNotCall(this.db, phones, now);
  }
  listDoNotCall(): Promise<string[]> {
    return cmp.listDoNotCall(this.db);
  }

  recordAudit(entry: AuditEntry): Promise<void> {
    return ret.recordAudit(this.db, entry);
  }
  listAudit(opts: { limit: number; before?: number }): Promise<AuditRecord[]> {
    return ret.listAudit(this.db, opts);
  }
  deleteSession(id: string, audit: AuditEntry | null): Promise<SessionDeletion> {
    return ret.deleteSession(this.db, id, audit);
  }
  deleteEndedBefore(before: Date, limit: number): Promise<string[]> {
    return ret.deleteEndedBefore(this.db, before, limit);
  }
  deleteAuditBefore(before: Date, limit: number): Promise<number> {
    return ret.deleteAuditBefore(this.db, before, limit);
  }
  claimJob(name: string, now: Date, dueBefore: Date): Promise<boolean> {
    return ret.claimJob(this.db, name, now, dueBefore);
  }
}
