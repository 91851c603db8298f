-- History filters on health marks: the worst level a session reached (0 ok, 1 warning, 2 critical) and every reason
-- it was marked for, at any moment (a live session's health comes and goes; its history keeps that it happened).
-- Kept up to date by the health events as they commit; sessions stored before are read from their events here.
alter table sessions add column if not exists health_worst smallint not null default 0;
alter table sessions add column if not exists health_reasons text[] not null default '{}';
create index if not exists sessions_health_idx on sessions (health_worst) where health_worst > 0;

update sessions s set health_worst = h.worst, health_reasons = h.reasons
from (
  select session_id,
         max(case r->>'level' when 'critical' then 2 when 'warning' then 1 else 0 end)::smallint as worst,
         array_agg(distinct r->>'code' order by r->>'code') as reasons
  from session_events, jsonb_array_elements(data->'health'->'reasons') r
  where type = 'health'
  group by session_id
) h
where h.session_id = s.id;

-- The contact filter reads a campaign's contact of a session.
create index if not exists campaign_contacts_session_idx on campaign_contacts (session_id) where session_id is not null;
