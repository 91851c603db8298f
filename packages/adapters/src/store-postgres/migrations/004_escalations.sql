-- Escalations (a projection of the sessions' escalation events; claims take a row atomically) and human agents' presence.
create table escalations (
  id text primary key,
  session_id text not null,
  queue text not null,
  priority text not null,
  reason text not null,
  status text not null check (status in ('waiting', 'claimed', 'resolved', 'abandoned', 'returned')),
  waiting_since timestamptz not null,
  claimed_by text,
  claimed_by_name text,
  claimed_at timestamptz,
  ended_at timestamptz,
  resolution text,
  notes text,
  channel text not null,
  caller_number text not null,
  agent_name text not null
);
create index escalations_open_idx on escalations (queue, waiting_since) where status in ('waiting', 'claimed');
create index escalations_day_idx on escalations (waiting_since);

create table agent_presence (
  user_id text primary key references users(id) on delete cascade,
  status text not null check (status in ('available', 'away', 'offline', 'busy')),
  since timestamptz not null,
  last_seen timestamptz not null
);
