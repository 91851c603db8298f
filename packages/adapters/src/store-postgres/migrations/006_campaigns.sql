-- Outbound campaigns, their contacts (each dialed under the campaign row's lock), and the do-not-call list.
create table campaigns (
  id text primary key,
  status text not null check (status in ('draft', 'running', 'paused', 'completed', 'stopped')),
  -- The pacing cursor: when the next call may start (shared by every process through the row lock).
  next_dial_at timestamptz,
  created_at timestamptz not null,
  data jsonb not null
);

create table campaign_contacts (
  id text primary key,
  -- Upload order (lines restart at 2 in every file).
  seq bigserial,
  campaign_id text not null references campaigns(id) on delete cascade,
  line integer not null,
  phone text not null,
  name text,
  time_zone text,
  persona text,
  variables jsonb not null default '{}',
  status text not null check (status in ('pending', 'dialing', 'done', 'do_not_call')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  last_result text,
  outcome text,
  session_id text,
  claimed_by text,
  updated_at timestamptz not null,
  unique (campaign_id, phone)
);
create index campaign_contacts_due_idx on campaign_contacts (campaign_id, next_attempt_at, seq) where status = 'pending';
create index campaign_contacts_dialing_idx on campaign_contacts (campaign_id) where status = 'dialing';

create table do_not_call (
  phone text primary key,
  added_at timestamptz not null
);

-- Live Calls filtered to one campaign (its ended calls included).
create index sessions_campaign_idx on sessions ((summary->'outbound'->>'campaignId'), started_at) where (summary->'outbound'->>'campaignId') is not null;
