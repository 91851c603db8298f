/**
 * Analytics in SQL over what is stored: sessions (by their start), escalations (by when they started waiting),
 * supervisor actions, callbacks (by when they were due) and human agents' presence changes. Each figure is one
 * aggregate the database computes over the period's rows (indexes on each table's time); the meaning of each is in
 * protocol/src/analytics.ts.
 */
import {
  FOLLOWED_BY,
  type HumanAgentFigures,
  type AnalyticsMetric,
  type AnalyticsSummary,
  type CountBy,
  type FollowedBy,
  type QueueFigures,
  type SeriesPoint,
  type SupervisorInterventions,
} from '@livespace/protocol';
import type { Sql, Statement } from './sql-client';

/** Callers who hang up sooner are not counted against the service level (as on the live wallboard). */
const SHORT_ABANDON_SECONDS = 5;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const orNull = (v: unknown, digits = 1): number | null =>
  v === null || v === undefined ? null : Math.round(Number(v) * 10 ** digits) / 10 ** digits;
const percent = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
const byCount = (a: CountBy, b: CountBy) => b.count - a.count || (a.key < b.key ? -1 : 1);

/**
 * The escalations of the period with their queue's threshold, as a CTE body ($1 from, $2 to, `sla`: the default
 * threshold's parameter).
 */
const escalationsIn = (sla: string) => `
  select e.queue, e.status, e.reason, e.waiting_since, e.claimed_at, e.ended_at,
         coalesce(q.sla_seconds, ${sla}::int) as sla,
         extract(epoch from (e.claimed_at - e.waiting_since)) as answer_wait,
         extract(epoch from (coalesce(e.claimed_at, e.ended_at, now()) - e.waiting_since)) as wait
  from escalations e left join queue_config q on q.name = e.queue
  where e.waiting_since >= $1 and e.waiting_since < $2`;

/** Queue figures from escalation rows (as grouped by the caller). */
const QUEUE_FIGURES = `
  count(*) as waited,
  count(*) filter (where claimed_at is not null) as answered,
  count(*) filter (where status = 'abandoned') as abandoned,
  count(*) filter (where claimed_at is not null and answer_wait <= sla) as within,
  count(*) filter (where status = 'abandoned' and wait >= ${SHORT_ABANDON_SECONDS}) as counted_abandons,
  avg(answer_wait) as avg_wait,
  max(wait) as longest`;

interface TotalsRow {
  channel: string;
  direction: string;
  conversations: unknown;
  ended: unknown;
  contained: unknown;
  escalated: unknown;
  duration_ms: unknown;
  warning: unknown;
  critical: unknown;
}

interface OutcomeRow {
  kind: 'agent' | 'campaign';
  key: string;
  outcome: string;
  conversations: unknown;
  contained: unknown;
  escalated: unknown;
}

interface QueueRow {
  queue?: string;
  waited: unknown;
  answered: unknown;
  abandoned: unknown;
  within: unknown;
  counted_abandons: unknown;
  avg_wait: unknown;
  longest: unknown;
}

const queueFigures = (r: QueueRow): Omit<QueueFigures, 'queue'> => ({
  waited: num(r.waited),
  answered: num(r.answered),
  abandoned: num(r.abandoned),
  serviceLevelPercent: percent(num(r.within), num(r.answered) + num(r.counted_abandons)),
  averageWaitSeconds: orNull(r.avg_wait),
  longestWaitSeconds: orNull(r.longest, 0),
});

/** The rollup's bucket: a quarter hour, UTC-aligned (every zone's offset is whole quarter hours). */
const BUCKET_MS = 900_000;

/** A session's rollup values (ended sessions): contained, escalated, as integers. */
const CONTAINED = `count(*) filter (where handled_by = '{}' and queues = '{}')`;
const ESCALATED = `count(*) filter (where queues <> '{}')`;
/** The rollup bucket a session's start falls in (BUCKET_MS in SQL). */
const BUCKET_OF = `to_timestamp(floor(extract(epoch from started_at) / ${BUCKET_MS / 1000}) * ${BUCKET_MS / 1000})`;
/** A session's breakdown keys: its AI agent, and its campaign when it has one. */
const KEYS = `cross join lateral (values ('agent', agent_id), ('campaign', campaign_id)) k(kind, key)`;

/**
 * The writes that add sessions that have just ended to the rollups, in the transaction that stores their end (after
 * their history columns — duration, holders, queues, health — are written), and notes the call's end on their
 * escalations (wrap-up). Each session is added once: the caller passes only those that were not ended before this
 * batch.
 */
export function rollUpWrites(ids: readonly string[]): Statement[] {
  const writes: Statement[] = [];
  if (ids.length === 0) return writes;
  writes.push({
    text: `update escalations e set call_ended_at = s.ended_at from sessions s
     where e.session_id = any($1::text[]) and s.id = e.session_id and s.state = 'ended'`,
    params: [[...ids]],
  });
  writes.push({
    text: `insert into analytics_sessions as a
     select ${BUCKET_OF}, channel, direction, count(*), ${CONTAINED}, ${ESCALATED},
            coalesce(sum(duration_ms), 0), count(*) filter (where health_worst = 1),
            count(*) filter (where health_worst >= 2)
     from sessions where id = any($1::text[]) and state = 'ended'
     group by 1, 2, 3
     on conflict (bucket, channel, direction) do update set
       conversations = a.conversations + excluded.conversations, contained = a.contained + excluded.contained,
       escalated = a.escalated + excluded.escalated, duration_ms = a.duration_ms + excluded.duration_ms,
       health_warning = a.health_warning + excluded.health_warning,
       health_critical = a.health_critical + excluded.health_critical`,
    params: [[...ids]],
  });
  writes.push({
    text: `insert into analytics_outcomes as a
     select ${BUCKET_OF}, k.kind, k.key, coalesce(summary->>'outcome', 'none'), count(*), ${CONTAINED}, ${ESCALATED}
     from sessions ${KEYS}
     where id = any($1::text[]) and state = 'ended' and k.key is not null
     group by 1, 2, 3, 4
     on conflict (bucket, kind, key, outcome) do update set
       conversations = a.conversations + excluded.conversations, contained = a.contained + excluded.contained,
       escalated = a.escalated + excluded.escalated`,
    params: [[...ids]],
  });
  return writes;
}

/** Counts every ended session into an empty rollup again (benchmarks that seed the sessions table directly). */
export async function rebuildRollup(db: Sql): Promise<void> {
  await db.query('delete from analytics_sessions');
  await db.query('delete from analytics_outcomes');
  const ids = await db.query<{ id: string }>(`select id from sessions where state = 'ended'`);
  for (let i = 0; i < ids.length; i += 50_000) {
    for (const s of rollUpWrites(ids.slice(i, i + 50_000).map((r) => r.id))) await db.query(s.text, s.params);
  }
}

/**
 * The period's whole quarter hours `[inner from, inner to)`, read from the rollup; empty when the period holds none.
 */
function innerRange(from: Date, to: Date): [string, string] {
  const a = Math.ceil(from.getTime() / BUCKET_MS) * BUCKET_MS;
  const b = Math.floor(to.getTime() / BUCKET_MS) * BUCKET_MS;
  return a < b ? [new Date(a).toISOString(), new Date(b).toISOString()] : [to.toISOString(), to.toISOString()];
}

/**
 * A period's sessions ($1 from, $2 to, $3 inner from, $4 inner to): the rollup's rows for the whole quarter hours
 * (ended sessions), the sessions table for the edges (any state) and for the live sessions in between (their partial
 * index). Each is one statement (one snapshot), so a session ending meanwhile is counted once.
 */
const periodSessions = (
  rollup: string,
  rollupColumns: string,
  sessionColumns: string,
  liveColumns: string,
  join = '',
  keep = '',
) => `
  select ${rollupColumns} from ${rollup} where bucket >= $3 and bucket < $4
  union all
  select ${sessionColumns} from sessions ${join}
    where ((started_at >= $1 and started_at < $3) or (started_at >= $4 and started_at < $2))${keep}
  union all
  select ${liveColumns} from sessions ${join} where state <> 'ended' and started_at >= $3 and started_at < $4${keep}`;

const IS_ENDED = `(state = 'ended')::int`;
const IS_CONTAINED = `(state = 'ended' and handled_by = '{}' and queues = '{}')::int`;
const IS_ESCALATED = `(queues <> '{}')::int`;

/**
 * Totals by channel and direction: `at, channel, direction, conversations, ended, contained, escalated, duration_ms,
 * warning, critical`.
 */
const PERIOD_TOTALS = periodSessions(
  'analytics_sessions',
  'bucket as at, channel, direction, conversations, conversations as ended, contained, escalated, duration_ms, health_warning as warning, health_critical as critical',
  `started_at, channel, direction, 1, ${IS_ENDED}, ${IS_CONTAINED}, ${IS_ESCALATED},
   case when state = 'ended' then coalesce(duration_ms, 0) else 0 end,
   (health_worst = 1)::int, (health_worst >= 2)::int`,
  `started_at, channel, direction, 1, 0, 0, ${IS_ESCALATED}, 0, (health_worst = 1)::int, (health_worst >= 2)::int`,
);

/** Outcomes by AI agent and by campaign: `kind, key, outcome, conversations, contained, escalated`. */
const PERIOD_OUTCOMES = periodSessions(
  'analytics_outcomes',
  'kind, key, outcome, conversations, contained, escalated',
  `k.kind, k.key, coalesce(summary->>'outcome', 'none'), 1, ${IS_CONTAINED}, ${IS_ESCALATED}`,
  `k.kind, k.key, coalesce(summary->>'outcome', 'none'), 1, 0, ${IS_ESCALATED}`,
  KEYS,
  ' and k.key is not null',
);

/** The steps into a session whose aftermath is counted (listening changes nothing; resume is the hand-back). */
const STEPS_IN = `('whisper', 'barge', 'takeover', 'say', 'transfer', 'end')`;

/**
 * What followed each session a supervisor stepped into in the period ($1–$2): one category per supervisor and session,
 * the first that applies (see `SupervisorInterventions.followed`), counted by supervisor.
 */
const WHAT_FOLLOWED = `
  with i as (
    select user_id, session_id, min(at) as first_at, bool_or(action = 'end') as ended_it,
           bool_or(action = 'transfer') as transferred,
           max(at) filter (where action = 'takeover') as took_over_at
    from session_actions where at >= $1 and at < $2 and result = 'ok' and action in ${STEPS_IN} group by 1, 2
  )
  select i.user_id, case
      when i.ended_it then 'ended'
      when i.transferred then 'transferred'
      when exists (select 1 from escalations e where e.session_id = i.session_id and e.waiting_since > i.first_at)
        then 'escalated'
      when i.took_over_at is not null and not exists (
        select 1 from session_actions r
        where r.session_id = i.session_id and r.action = 'resume' and r.result = 'ok' and r.at > i.took_over_at)
        then 'held'
      when s.state <> 'ended' then 'live'
      else 'aiFinished' end as followed,
    count(*) as n
  from i join sessions s on s.id = i.session_id group by 1, 2`;

const noneFollowed = (): Record<FollowedBy, number> =>
  Object.fromEntries(FOLLOWED_BY.map((k) => [k, 0])) as Record<FollowedBy, number>;

export async function analyticsSummary(
  db: Sql,
  from: Date,
  to: Date,
  timeZone: string,
  defaultSlaSeconds: number,
): Promise<AnalyticsSummary> {
  const period = [from.toISOString(), to.toISOString()];
  const inner = [...period, ...innerRange(from, to)];
  const [totals, outcomeRows, queues, reasons, callbacks, actions, resumed, followed] = await Promise.all([
    db.query<TotalsRow>(
      `with f as (${PERIOD_TOTALS})
       select channel, direction, sum(conversations) as conversations, sum(ended) as ended, sum(contained) as contained,
              sum(escalated) as escalated, sum(duration_ms) as duration_ms, sum(warning) as warning,
              sum(critical) as critical
       from f group by 1, 2`,
      inner,
    ),
    db.query<OutcomeRow>(
      `with f as (${PERIOD_OUTCOMES})
       select kind, key, outcome, sum(conversations) as conversations, sum(contained) as contained,
              sum(escalated) as escalated
       from f group by 1, 2, 3`,
      inner,
    ),
    db.query<QueueRow>(
      `with e as (${escalationsIn('$3')}) select queue, ${QUEUE_FIGURES} from e group by rollup (queue)`,
      [...period, defaultSlaSeconds],
    ),
    db.query<{ reason: string; n: unknown }>(
      `select reason, count(*) as n from escalations where waiting_since >= $1 and waiting_since < $2 group by 1`,
      period,
    ),
    db.query<{ status: string; n: unknown }>(
      `select status, count(*) as n from callbacks where due_at >= $1 and due_at < $2 group by 1`,
      period,
    ),
    db.query<{ user_id: string; user_name: string; action: string; n: unknown }>(
      `select user_id, max(user_name) as user_name, action, count(*) as n from session_actions
       where at >= $1 and at < $2 and result = 'ok' and action not in ('claim', 'complete') group by 1, 3`,
      period,
    ),
    db.query<{ user_id: string; n: unknown }>(
      `select t.user_id, count(distinct t.session_id) as n from session_actions t
       where t.at >= $1 and t.at < $2 and t.result = 'ok' and t.action = 'takeover'
         and exists (select 1 from session_actions r
                     where r.session_id = t.session_id and r.action = 'resume' and r.result = 'ok' and r.at > t.at)
       group by 1`,
      period,
    ),
    db.query<{ user_id: string; followed: FollowedBy; n: unknown }>(WHAT_FOLLOWED, period),
  ]);

  const t = { conversations: 0, ended: 0, contained: 0, escalated: 0, duration_ms: 0, warning: 0, critical: 0 };
  const byChannel: Record<string, number> = {};
  const byDirection: Record<string, number> = {};
  for (const r of totals) {
    for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += num(r[k]);
    byChannel[r.channel] = (byChannel[r.channel] ?? 0) + num(r.conversations);
    byDirection[r.direction] = (byDirection[r.direction] ?? 0) + num(r.conversations);
  }
  const outcomeCounts = new Map<string, number>();
  const byAgent = new Map<string, AnalyticsSummary['byAgent'][number]>();
  const byCampaign = new Map<string, AnalyticsSummary['byCampaign'][number]>();
  for (const r of outcomeRows) {
    const n = num(r.conversations);
    if (r.kind === 'agent') {
      outcomeCounts.set(r.outcome, (outcomeCounts.get(r.outcome) ?? 0) + n);
      const a = byAgent.get(r.key) ?? { agentId: r.key, conversations: 0, contained: 0, escalated: 0, byOutcome: [] };
      a.conversations += n;
      a.contained += num(r.contained);
      a.escalated += num(r.escalated);
      a.byOutcome.push({ key: r.outcome, count: n });
      byAgent.set(r.key, a);
    } else {
      const c = byCampaign.get(r.key) ?? { campaignId: r.key, conversations: 0, byOutcome: [] };
      c.conversations += n;
      c.byOutcome.push({ key: r.outcome, count: n });
      byCampaign.set(r.key, c);
    }
  }
  const outcomes = [...outcomeCounts].map(([key, count]) => ({ key, count }));
  const all = queues.find((q) => q.queue === null) ?? ({} as QueueRow);
  const byKind: Record<string, number> = {};
  const supervisors = new Map<string, SupervisorInterventions>();
  for (const r of actions) {
    byKind[r.action] = (byKind[r.action] ?? 0) + num(r.n);
    const s = supervisors.get(r.user_id) ?? {
      userId: r.user_id,
      name: r.user_name,
      byKind: {},
      resumedAfterTakeover: 0,
      followed: noneFollowed(),
    };
    s.byKind[r.action] = num(r.n);
    supervisors.set(r.user_id, s);
  }
  for (const r of resumed) {
    const s = supervisors.get(r.user_id);
    if (s) s.resumedAfterTakeover = num(r.n);
  }
  for (const r of followed) {
    const s = supervisors.get(r.user_id);
    if (s) s.followed[r.followed] = num(r.n);
  }
  const ended = num(t.ended);
  const conversations = num(t.conversations);
  const all_ = queueFigures(all);
  return {
    period: { from: period[0]!, to: period[1]!, timeZone },
    conversations,
    byChannel,
    byDirection,
    ended,
    contained: num(t.contained),
    containmentPercent: percent(num(t.contained), ended),
    escalated: num(t.escalated),
    escalationPercent: percent(num(t.escalated), conversations),
    escalationReasons: reasons.map((r) => ({ key: r.reason, count: num(r.n) })).sort(byCount),
    averageHandleSeconds: ended > 0 ? orNull(t.duration_ms / ended / 1000) : null,
    byOutcome: outcomes.sort(byCount),
    byAgent: [...byAgent.values()]
      .map((a) => ({ ...a, byOutcome: a.byOutcome.sort(byCount) }))
      .sort((a, b) => b.conversations - a.conversations || (a.agentId < b.agentId ? -1 : 1)),
    byCampaign: [...byCampaign.values()]
      .map((c) => ({ ...c, byOutcome: c.byOutcome.sort(byCount) }))
      .sort((a, b) => b.conversations - a.conversations || (a.campaignId < b.campaignId ? -1 : 1)),
    serviceLevelPercent: all_.serviceLevelPercent,
    averageWaitSeconds: all_.averageWaitSeconds,
    longestWaitSeconds: all_.longestWaitSeconds,
    abandoned: all_.abandoned,
    queues: queues
      .filter((q) => q.queue !== null)
      .map((q) => ({ queue: q.queue!, ...queueFigures(q) }))
      .sort((a, b) => (a.queue < b.queue ? -1 : 1)),
    callbacks: Object.fromEntries(callbacks.map((r) => [r.status, num(r.n)])),
    health: { warning: num(t.warning), critical: num(t.critical) },
    interventions: { byKind, bySupervisor: [...supervisors.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) },
  };
}

/** The series' escalations, each at the time it started waiting ($5: the default threshold). */
const SERIES_ESCALATIONS = `(select waiting_since as at, * from (${escalationsIn('$5')}) x) e`;

/** Where each metric comes from: its rows (with their time `at`) and the value of a bucket's rows. */
const SERIES_SOURCES: Record<AnalyticsMetric, { from: string; value: string }> = {
  conversations: { from: `(${PERIOD_TOTALS}) f`, value: 'sum(conversations)' },
  contained: { from: `(${PERIOD_TOTALS}) f`, value: 'sum(contained)' },
  escalated: { from: `(${PERIOD_TOTALS}) f`, value: 'sum(escalated)' },
  averageHandleSeconds: {
    from: `(${PERIOD_TOTALS}) f`,
    value: 'round(sum(duration_ms)::numeric / nullif(sum(ended), 0) / 1000, 1)',
  },
  healthCritical: { from: `(${PERIOD_TOTALS}) f`, value: 'sum(critical)' },
  answered: { from: SERIES_ESCALATIONS, value: 'count(*) filter (where claimed_at is not null)' },
  abandoned: { from: SERIES_ESCALATIONS, value: `count(*) filter (where status = 'abandoned')` },
  serviceLevelPercent: {
    from: SERIES_ESCALATIONS,
    value: `round(100.0 * count(*) filter (where claimed_at is not null and answer_wait <= sla)
      / nullif(count(*) filter (where claimed_at is not null
                                or (status = 'abandoned' and wait >= ${SHORT_ABANDON_SECONDS})), 0), 1)`,
  },
  averageWaitSeconds: { from: SERIES_ESCALATIONS, value: 'round(avg(answer_wait)::numeric, 1)' },
  interventions: {
    from: `(select * from session_actions
            where result = 'ok' and action not in ('claim', 'complete') and at >= $1 and at < $2) a`,
    value: 'count(*)',
  },
};

/** Counts are 0 in an empty bucket; averages and percentages are null there. */
const COUNTS: ReadonlySet<AnalyticsMetric> = new Set([
  'conversations',
  'contained',
  'escalated',
  'healthCritical',
  'answered',
  'abandoned',
  'interventions',
]);

/**
 * One metric per hour or day of `timeZone` over the period, every bucket present (in order). Buckets are made in the
 * zone's wall time, so a day is that zone's day across a DST change. ($1 from, $2 to, $3–$4 the rollup's whole
 * quarter hours, $5 the default threshold, $6 the zone, $7 hour or day.)
 */
export async function analyticsSeries(
  db: Sql,
  from: Date,
  to: Date,
  timeZone: string,
  bucket: 'hour' | 'day',
  metric: AnalyticsMetric,
  defaultSlaSeconds: number,
): Promise<SeriesPoint[]> {
  const src = SERIES_SOURCES[metric]!;
  const rows = await db.query<{ at: Date | string; value: unknown }>(
    `with buckets as (
       select distinct (b at time zone $6) as start
       from generate_series(date_trunc($7, $1::timestamptz at time zone $6),
                            ($2::timestamptz - interval '1 microsecond') at time zone $6, ('1 ' || $7)::interval) b
       -- every parameter typed, whichever the metric reads
       where $5::int > 0 and $3::timestamptz <= $4::timestamptz
     ),
     v as (
       select date_trunc($7, at at time zone $6) as local, ${src.value} as value
       from ${src.from} where at >= $1 and at < $2 group by 1
     )
     select b.start as at, v.value from buckets b left join v on (v.local at time zone $6) = b.start order by b.start`,
    [from.toISOString(), to.toISOString(), ...innerRange(from, to), defaultSlaSeconds, timeZone, bucket],
  );
  return rows.map((r) => ({
    at: r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString(),
    value: r.value === null || r.value === undefined ? (COUNTS.has(metric) ? 0 : null) : Number(r.value),
  }));
}

/**
 * Each human agent's period: escalations they claimed, handle and wrap-up times, and the time spent available, busy
 * and away — from their presence changes, the status in force at `from` counted from `from`, the last one up to
 * `min(to, now)`.
 */
export async function analyticsHumanAgents(db: Sql, from: Date, to: Date, now: Date): Promise<HumanAgentFigures[]> {
  const until = new Date(Math.min(to.getTime(), now.getTime()));
  const [handled, presence] = await Promise.all([
    db.query<{
      user_id: string;
      name: string;
      team_id: string | null;
      handled: unknown;
      avg_handle: unknown;
      avg_wrap: unknown;
    }>(
      `select u.id as user_id, u.name, u.team_id,
              count(e.id) as handled,
              avg(extract(epoch from (e.ended_at - e.claimed_at))) filter (where e.ended_at is not null) as avg_handle,
              avg(extract(epoch from (e.ended_at - e.call_ended_at)))
                filter (where e.ended_at is not null and e.call_ended_at <= e.ended_at) as avg_wrap
       from users u
       left join escalations e on e.claimed_by = u.id and e.claimed_at >= $1 and e.claimed_at < $2
       where u.role = 'agent'
       group by u.id, u.name, u.team_id`,
      [from.toISOString(), to.toISOString()],
    ),
    db.query<{ user_id: string; status: string; seconds: unknown }>(
      `with changes as (
         select user_id, status, at from presence_changes where at >= $1 and at < $2
         union all
         (select distinct on (user_id) user_id, status, $1::timestamptz from presence_changes
          where at < $1 order by user_id, at desc)
       ),
       spans as (
         select user_id, status, at, coalesce(lead(at) over (partition by user_id order by at), $2::timestamptz) as till
         from changes
       )
       select user_id, status, sum(extract(epoch from (till - at))) as seconds
       from spans where till > at group by 1, 2`,
      [from.toISOString(), until.toISOString()],
    ),
  ]);
  const time = new Map<string, Record<string, number>>();
  for (const r of presence) {
    const t = time.get(r.user_id) ?? {};
    t[r.status] = num(r.seconds);
    time.set(r.user_id, t);
  }
  return handled
    .map((r) => {
      const t = time.get(r.user_id) ?? {};
      const available = Math.round(t.available ?? 0);
      const busy = Math.round(t.busy ?? 0);
      return {
        userId: r.user_id,
        name: r.name,
        teamId: r.team_id ?? null,
        handled: num(r.handled),
        averageHandleSeconds: orNull(r.avg_handle),
        averageWrapUpSeconds: orNull(r.avg_wrap),
        availableSeconds: available,
        busySeconds: busy,
        awaySeconds: Math.round(t.away ?? 0),
        occupancyPercent: percent(busy, available + busy),
      };
    })
    .sort((a, b) => b.handled - a.handled || a.name.localeCompare(b.name));
}
