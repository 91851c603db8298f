/**
 * Analytics in SQL over what is stored: sessions (by their start), escalations (by when they started waiting),
 * supervisor actions, callbacks (by when they were due) and human agents' presence changes. Each figure is one
 * aggregate the database computes over the period's rows (indexes on each table's time); the meaning of each is in
 * protocol/src/analytics.ts.
 */
import type { AgentFigures, AnalyticsMetric, AnalyticsSummary, CountBy, QueueFigures, SeriesPoint, SupervisorInterventions } from '@livespace/protocol';
import type { Sql } from './sql-client';

/** Callers who hang up sooner are not counted against the service level (as on the live wallboard). */
const SHORT_ABANDON_SECONDS = 5;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const orNull = (v: unknown, digits = 1): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10 ** digits) / 10 ** digits);
const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
const byCount = (a: CountBy, b: CountBy) => b.count - a.count || (a.key < b.key ? -1 : 1);

/** The escalations of the period with their queue's threshold, as a CTE body ($1 from, $2 to, $3 default threshold). */
const PERIOD_ESCALATIONS = `
  select e.queue, e.status, e.reason, e.waiting_since, e.claimed_at, e.ended_at,
         coalesce(q.sla_seconds, $3::int) as sla,
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

interface QueueRow { queue?: string; waited: unknown; answered: unknown; abandoned: unknown; within: unknown; counted_abandons: unknown; avg_wait: unknown; longest: unknown }

const queueFigures = (r: QueueRow): Omit<QueueFigures, 'queue'> => ({
  waited: num(r.waited),
  answered: num(r.answered),
  abandoned: num(r.abandoned),
  serviceLevelPercent: percent(num(r.within), num(r.answered) + num(r.counted_abandons)),
  averageWaitSeconds: orNull(r.avg_wait),
  longestWaitSeconds: orNull(r.longest, 0),
});

export async function analyticsSummary(db: Sql, from: Date, to: Date, timeZone: string, defaultSlaSeconds: number): Promise<AnalyticsSummary> {
  const period = [from.toISOString(), to.toISOString()];
  const inPeriod = 'started_at >= $1 and started_at < $2';
  const [totals, channels, outcomes, agents, campaigns, queues, reasons, callbacks, actions, resumed] = await Promise.all([
    db.query<Record<string, unknown>>(
      `select count(*) as conversations,
              count(*) filter (where state = 'ended') as ended,
              count(*) filter (where state = 'ended' and handled_by = '{}' and queues = '{}') as contained,
              count(*) filter (where queues <> '{}') as escalated,
              avg(duration_ms) filter (where state = 'ended') as avg_ms,
              count(*) filter (where health_worst = 1) as warning,
              count(*) filter (where health_worst >= 2) as critical
       from sessions where ${inPeriod}`, period),
    db.query<{ channel: string; direction: string; n: unknown }>(`select channel, direction, count(*) as n from sessions where ${inPeriod} group by 1, 2`, period),
    db.query<{ outcome: string; n: unknown }>(`select coalesce(summary->>'outcome', 'none') as outcome, count(*) as n from sessions where ${inPeriod} group by 1`, period),
    db.query<{ agent_id: string; outcome: string; n: unknown; contained: unknown; escalated: unknown }>(
      `select agent_id, coalesce(summary->>'outcome', 'none') as outcome, count(*) as n,
              count(*) filter (where state = 'ended' and handled_by = '{}' and queues = '{}') as contained,
              count(*) filter (where queues <> '{}') as escalated
       from sessions where ${inPeriod} group by 1, 2`, period),
    db.query<{ campaign_id: string; outcome: string; n: unknown }>(
      `select summary->'outbound'->>'campaignId' as campaign_id, coalesce(summary->>'outcome', 'none') as outcome, count(*) as n
       from sessions where ${inPeriod} and summary->'outbound'->>'campaignId' is not null group by 1, 2`, period),
    db.query<QueueRow>(`with e as (${PERIOD_ESCALATIONS}) select queue, ${QUEUE_FIGURES} from e group by rollup (queue)`, [...period, defaultSlaSeconds]),
    db.query<{ reason: string; n: unknown }>(`select reason, count(*) as n from escalations where waiting_since >= $1 and waiting_since < $2 group by 1`, period),
    db.query<{ status: string; n: unknown }>(`select status, count(*) as n from callbacks where due_at >= $1 and due_at < $2 group by 1`, period),
    db.query<{ user_id: string; user_name: string; action: string; n: unknown }>(
      `select user_id, max(user_name) as user_name, action, count(*) as n from session_actions
       where at >= $1 and at < $2 and result = 'ok' and action not in ('claim', 'complete') group by 1, 3`, period),
    db.query<{ user_id: string; n: unknown }>(
      `select t.user_id, count(distinct t.session_id) as n from session_actions t
       where t.at >= $1 and t.at < $2 and t.result = 'ok' and t.action = 'takeover'
         and exists (select 1 from session_actions r where r.session_id = t.session_id and r.action = 'resume' and r.result = 'ok' and r.at > t.at)
       group by 1`, period),
  ]);

  const t = totals[0] ?? {};
  const byChannel: Record<string, number> = {};
  const byDirection: Record<string, number> = {};
  for (const r of channels) {
    byChannel[r.channel] = (byChannel[r.channel] ?? 0) + num(r.n);
    byDirection[r.direction] = (byDirection[r.direction] ?? 0) + num(r.n);
  }
  const byAgent = new Map<string, AnalyticsSummary['byAgent'][number]>();
  for (const r of agents) {
    const a = byAgent.get(r.agent_id) ?? { agentId: r.agent_id, conversations: 0, contained: 0, escalated: 0, byOutcome: [] };
    a.conversations += num(r.n);
    a.contained += num(r.contained);
    a.escalated += num(r.escalated);
    a.byOutcome.push({ key: r.outcome, count: num(r.n) });
    byAgent.set(r.agent_id, a);
  }
  const byCampaign = new Map<string, AnalyticsSummary['byCampaign'][number]>();
  for (const r of campaigns) {
    const c = byCampaign.get(r.campaign_id) ?? { campaignId: r.campaign_id, conversations: 0, byOutcome: [] };
    c.conversations += num(r.n);
    c.byOutcome.push({ key: r.outcome, count: num(r.n) });
    byCampaign.set(r.campaign_id, c);
  }
  const all = queues.find((q) => q.queue === null) ?? ({} as QueueRow);
  const byKind: Record<string, number> = {};
  const supervisors = new Map<string, SupervisorInterventions>();
  for (const r of actions) {
    byKind[r.action] = (byKind[r.action] ?? 0) + num(r.n);
    const s = supervisors.get(r.user_id) ?? { userId: r.user_id, name: r.user_name, byKind: {}, resumedAfterTakeover: 0 };
    s.byKind[r.action] = num(r.n);
    supervisors.set(r.user_id, s);
  }
  for (const r of resumed) {
    const s = supervisors.get(r.user_id);
    if (s) s.resumedAfterTakeover = num(r.n);
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
    averageHandleSeconds: t.avg_ms === null || t.avg_ms === undefined ? null : orNull(Number(t.avg_ms) / 1000),
    byOutcome: outcomes.map((r) => ({ key: r.outcome, count: num(r.n) })).sort(byCount),
    byAgent: [...byAgent.values()].map((a) => ({ ...a, byOutcome: a.byOutcome.sort(byCount) })).sort((a, b) => b.conversations - a.conversations || (a.agentId < b.agentId ? -1 : 1)),
    byCampaign: [...byCampaign.values()].map((c) => ({ ...c, byOutcome: c.byOutcome.sort(byCount) })).sort((a, b) => b.conversations - a.conversations || (a.campaignId < b.campaignId ? -1 : 1)),
    serviceLevelPercent: all_.serviceLevelPercent,
    averageWaitSeconds: all_.averageWaitSeconds,
    longestWaitSeconds: all_.longestWaitSeconds,
    abandoned: all_.abandoned,
    queues: queues.filter((q) => q.queue !== null).map((q) => ({ queue: q.queue!, ...queueFigures(q) })).sort((a, b) => (a.queue < b.queue ? -1 : 1)),
    callbacks: Object.fromEntries(callbacks.map((r) => [r.status, num(r.n)])),
    health: { warning: num(t.warning), critical: num(t.critical) },
    interventions: { byKind, bySupervisor: [...supervisors.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) },
  };
}

/** Where each metric comes from: its table's time column and the value of a bucket's rows. */
const SERIES_SOURCES: Record<AnalyticsMetric, { from: string; at: string; value: string }> = {
  conversations: { from: 'sessions', at: 'started_at', value: 'count(*)' },
  contained: { from: 'sessions', at: 'started_at', value: `count(*) filter (where state = 'ended' and handled_by = '{}' and queues = '{}')` },
  escalated: { from: 'sessions', at: 'started_at', value: `count(*) filter (where queues <> '{}')` },
  averageHandleSeconds: { from: 'sessions', at: 'started_at', value: `round((avg(duration_ms) filter (where state = 'ended') / 1000)::numeric, 1)` },
  healthCritical: { from: 'sessions', at: 'started_at', value: 'count(*) filter (where health_worst >= 2)' },
  answered: { from: `(${PERIOD_ESCALATIONS}) e`, at: 'waiting_since', value: 'count(*) filter (where claimed_at is not null)' },
  abandoned: { from: `(${PERIOD_ESCALATIONS}) e`, at: 'waiting_since', value: `count(*) filter (where status = 'abandoned')` },
  serviceLevelPercent: {
    from: `(${PERIOD_ESCALATIONS}) e`, at: 'waiting_since',
    value: `round(100.0 * count(*) filter (where claimed_at is not null and answer_wait <= sla)
      / nullif(count(*) filter (where claimed_at is not null or (status = 'abandoned' and wait >= ${SHORT_ABANDON_SECONDS})), 0), 1)`,
  },
  averageWaitSeconds: { from: `(${PERIOD_ESCALATIONS}) e`, at: 'waiting_since', value: 'round(avg(answer_wait)::numeric, 1)' },
  interventions: { from: `(select * from session_actions where result = 'ok' and action not in ('claim', 'complete')) a`, at: 'at', value: 'count(*)' },
};

/** Counts are 0 in an empty bucket; averages and percentages are null there. */
const COUNTS: ReadonlySet<AnalyticsMetric> = new Set(['conversations', 'contained', 'escalated', 'healthCritical', 'answered', 'abandoned', 'interventions']);

/**
 * One metric per hour or day of `timeZone` over the period, every bucket present (in order). Buckets are made in the
 * zone's wall time, so a day is that zone's day across a DST change.
 */
export async function analyticsSeries(db: Sql, from: Date, to: Date, timeZone: string, bucket: 'hour' | 'day', metric: AnalyticsMetric, defaultSlaSeconds: number): Promise<SeriesPoint[]> {
  const src = SERIES_SOURCES[metric]!;
  const rows = await db.query<{ at: Date | string; value: unknown }>(
    `with buckets as (
       select distinct (b at time zone $4) as start
       from generate_series(date_trunc($5, $1::timestamptz at time zone $4), ($2::timestamptz - interval '1 microsecond') at time zone $4, ('1 ' || $5)::interval) b
       where $3::int > 0 -- the default threshold (read by the escalation metrics), typed for every metric
     ),
     v as (
       select date_trunc($5, ${src.at} at time zone $4) as local, ${src.value} as value
       from ${src.from} where ${src.at} >= $1 and ${src.at} < $2 group by 1
     )
     select b.start as at, v.value from buckets b left join v on (v.local at time zone $4) = b.start order by b.start`,
    [from.toISOString(), to.toISOString(), defaultSlaSeconds, timeZone, bucket],
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
export async function analyticsAgents(db: Sql, from: Date, to: Date, now: Date): Promise<AgentFigures[]> {
  const until = new Date(Math.min(to.getTime(), now.getTime()));
  const [handled, presence] = await Promise.all([
    db.query<{ user_id: string; name: string; handled: unknown; avg_handle: unknown; avg_wrap: unknown }>(
      `select u.id as user_id, u.name,
              count(e.id) as handled,
              avg(extract(epoch from (e.ended_at - e.claimed_at))) filter (where e.ended_at is not null) as avg_handle,
              avg(extract(epoch from (e.ended_at - s.ended_at))) filter (where e.ended_at is not null and s.ended_at is not null and s.ended_at <= e.ended_at) as avg_wrap
       from users u
       left join escalations e on e.claimed_by = u.id and e.claimed_at >= $1 and e.claimed_at < $2
       left join sessions s on s.id = e.session_id
       where u.role = 'agent'
       group by u.id, u.name`, [from.toISOString(), to.toISOString()]),
    db.query<{ user_id: string; status: string; seconds: unknown }>(
      `with changes as (
         select user_id, status, at from presence_changes where at >= $1 and at < $2
         union all
         (select distinct on (user_id) user_id, status, $1::timestamptz from presence_changes where at < $1 order by user_id, at desc)
       ),
       spans as (
         select user_id, status, at, coalesce(lead(at) over (partition by user_id order by at), $2::timestamptz) as till from changes
       )
       select user_id, status, sum(extract(epoch from (till - at))) as seconds from spans where till > at group by 1, 2`,
      [from.toISOString(), until.toISOString()]),
  ]);
  const time = new Map<string, Record<string, number>>();
  for (const r of presence) {
    const t = time.get(r.user_id) ?? {};
    t[r.status] = num(r.seconds);
    time.set(r.user_id, t);
  }
  return handled.map((r) => {
    const t = time.get(r.user_id) ?? {};
    const available = Math.round(t.available ?? 0);
    const busy = Math.round(t.busy ?? 0);
    return {
      userId: r.user_id,
      name: r.name,
      handled: num(r.handled),
      averageHandleSeconds: orNull(r.avg_handle),
      averageWrapUpSeconds: orNull(r.avg_wrap),
      availableSeconds: available,
      busySeconds: busy,
      awaySeconds: Math.round(t.away ?? 0),
      occupancyPercent: percent(busy, available + busy),
    };
  }).sort((a, b) => b.handled - a.handled || a.name.localeCompare(b.name));
}
