-- Call recordings (issue 16). The file lives in a folder or an S3-compatible bucket; this row says where, and how it went.
-- No foreign key to sessions: a call starts recording before its session's first events are committed.
create table recordings (
  session_id text primary key,
  storage text not null check (storage in ('folder', 's3')),
  location text not null,
  bytes bigint,
  duration_ms integer,
  started_at timestamptz not null,
  finished_at timestamptz,
  status text not null default 'recording' check (status in ('recording', 'ready', 'failed'))
);
create index recordings_finished_idx on recordings (coalesce(finished_at, started_at));

-- An AI agent's own choice, over LIVESPACE_RECORDING (null: as configured).
alter table agents add column recording boolean;
