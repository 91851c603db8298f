-- Teams (issue 17): a named group of people, led by a supervisor, for reading the team's figures and screens
-- together. A person is in at most one team (users.team_id); deleting a team leaves its people in none.
create table if not exists teams (
  id text primary key,
  name text not null,
  lead_id text references users(id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index if not exists teams_name_key on teams (lower(name));

alter table users add column if not exists team_id text references teams(id) on delete set null;
create index if not exists users_team_idx on users (team_id) where team_id is not null;
