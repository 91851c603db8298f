-- Server processes and the sessions each owns: a process that stops beating leaves orphans for the others to end.
create table nodes (
  id text primary key,
  started_at timestamptz not null,
  heartbeat_at timestamptz not null
);

alter table sessions add column node_id text;
