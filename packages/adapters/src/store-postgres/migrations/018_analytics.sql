-- Analytics (issue 17). Each human agent's presence as it changed, so time available / busy / away over any period
-- is summed from here (written by the same statement that changes the presence). Agents' statuses before this
-- migration start as of now.
create table if not exists presence_changes (
  user_id text not null references users(id) on delete cascade,
  status text not null check (status in ('available', 'away', 'offline', 'busy')),
  at timestamptz not null
);
create index if not exists presence_changes_user_at_idx on presence_changes (user_id, at);
create index if not exists presence_changes_at_idx on presence_changes (at);
insert into presence_changes (user_id, status, at) select user_id, status, now() from agent_presence where status <> 'offline';

-- The period's rows of each table, found by time.
create index if not exists session_actions_at_idx on session_actions (at);
create index if not exists callbacks_due_all_idx on callbacks (due_at);
create index if not exists escalations_claimed_at_idx on escalations (claimed_by, claimed_at) where claimed_by is not null;
