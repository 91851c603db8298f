-- Scheduled callbacks: the whole callback as JSON, and the columns the scheduler claims by (FOR UPDATE SKIP LOCKED).
create table callbacks (
  id text primary key,
  status text not null check (status in ('scheduled', 'dialing', 'completed', 'failed', 'canceled', 'missed')),
  due_at timestamptz not null,
  claimed_by text,
  updated_at timestamptz not null,
  data jsonb not null
);
create index callbacks_due_idx on callbacks (due_at) where status = 'scheduled';
create index callbacks_dialing_idx on callbacks (claimed_by) where status = 'dialing';
create index callbacks_updated_idx on callbacks (updated_at);
