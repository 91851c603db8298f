-- Queues an admin configured: their own service level and their place in the priority order (issue 17). A queue named
-- only by a flow, a user or an escalation has no row: the default service level, after the configured ones.
create table if not exists queue_config (
  name text primary key,
  sla_seconds integer not null check (sla_seconds between 1 and 3600),
  priority integer not null check (priority between 1 and 1000),
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- The status a human agent last chose (available, away, offline): what they come back to after their browser was gone
-- or they signed out, so an agent keeps their status across sign-ins. Null: never chose (offline).
alter table agent_presence add column if not exists chosen text check (chosen in ('available', 'away', 'offline'));
