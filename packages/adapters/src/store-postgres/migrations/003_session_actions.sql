-- Every supervisor action on a session, done or refused: who, when, what, result.
create table session_actions (
  id text primary key,
  session_id text not null,
  action text not null,
  user_id text not null,
  user_name text not null,
  text text,
  result text not null check (result in ('ok', 'rejected')),
  error text,
  at timestamptz not null
);
create index session_actions_session_idx on session_actions (session_id, at);
