-- Our phone numbers and the AI agent that answers each (carrier and channels).
create table phone_numbers (
  number text primary key,
  agent_id text not null,
  carrier text not null check (carrier in ('twilio', 'simulator')),
  channels jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
