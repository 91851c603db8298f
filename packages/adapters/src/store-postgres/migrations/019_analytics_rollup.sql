-- Analytics rollups (issue 17): ended sessions counted per quarter hour of their start (UTC-aligned, so every zone's
-- hours and days — all offsets are whole quarter hours — are sums of whole buckets), in two narrow tables so a
-- 30-day figure reads few rows: by channel and direction (the totals), and by AI agent or campaign and outcome. A
-- session is added once, in the transaction that stores its end (appendEvents); the analytics read these rows for
-- a period's whole quarter hours and the sessions table for its edges and its live sessions. Aggregates outlive
-- the sessions the retention job or an admin deletes (they hold no personal data).
create table if not exists analytics_sessions (
  bucket timestamptz not null,
  channel text not null,
  direction text not null,
  conversations integer not null,
  contained integer not null,
  escalated integer not null,
  duration_ms bigint not null,
  health_warning integer not null,
  health_critical integer not null,
  primary key (bucket, channel, direction)
);

create table if not exists analytics_outcomes (
  bucket timestamptz not null,
  -- 'agent': `key` is the AI agent's id; 'campaign': the campaign's id (sessions of no campaign have no campaign row).
  kind text not null check (kind in ('agent', 'campaign')),
  key text not null,
  outcome text not null,
  conversations integer not null,
  contained integer not null,
  escalated integer not null,
  primary key (bucket, kind, key, outcome)
);

insert into analytics_sessions
select to_timestamp(floor(extract(epoch from started_at) / 900) * 900), channel, direction,
       count(*), count(*) filter (where handled_by = '{}' and queues = '{}'), count(*) filter (where queues <> '{}'),
       coalesce(sum(duration_ms), 0), count(*) filter (where health_worst = 1), count(*) filter (where health_worst >= 2)
from sessions where state = 'ended'
group by 1, 2, 3;

insert into analytics_outcomes
select to_timestamp(floor(extract(epoch from started_at) / 900) * 900), k.kind, k.key, coalesce(summary->>'outcome', 'none'),
       count(*), count(*) filter (where handled_by = '{}' and queues = '{}'), count(*) filter (where queues <> '{}')
from sessions
cross join lateral (values ('agent', agent_id), ('campaign', summary->'outbound'->>'campaignId')) k(kind, key)
where state = 'ended' and k.key is not null
group by 1, 2, 3, 4;

-- When the call of an escalation ended (a human agent's wrap-up is from then to completing), kept on the escalation
-- so the agents' figures read no session rows.
alter table escalations add column if not exists call_ended_at timestamptz;
update escalations e set call_ended_at = s.ended_at from sessions s where s.id = e.session_id and s.state = 'ended';
