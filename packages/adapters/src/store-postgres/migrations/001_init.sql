-- Users, bearer tokens, AI agents, sessions and their ordered events.
create table users (
  id text primary key,
  email text not null unique,
  name text not null,
  role text not null check (role in ('admin', 'supervisor', 'agent')),
  queues jsonb not null default '[]',
  password_hash text not null,
  created_at timestamptz not null default now()
);

create table auth_tokens (
  token_hash text primary key,
  user_id text not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

create table agents (
  id text primary key,
  seed_key text unique,
  name text not null,
  description text not null default '',
  voice text not null,
  flow jsonb not null,
  created_at timestamptz not null
);

create table sessions (
  id text primary key,
  channel text not null,
  direction text not null,
  agent_id text not null,
  state text not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  seq integer not null,
  summary jsonb not null
);
create index sessions_live_idx on sessions (started_at) where state <> 'ended';

create table session_events (
  session_id text not null,
  seq integer not null,
  type text not null,
  at timestamptz not null,
  data jsonb not null,
  primary key (session_id, seq)
);
