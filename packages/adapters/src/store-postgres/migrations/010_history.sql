-- History and search. What the filters need beside the summary: the caller's number as digits (set when the row is
-- written), the users who held the session and the queues it waited in (added by the rare events that say so), the
-- duration (set when it ends). Transcripts are searched in session_search: one document per ended session, made when
-- the session ends (never on every line), from what was said or written — never whispers.
alter table sessions add column if not exists caller_digits text;
alter table sessions add column if not exists duration_ms bigint;
alter table sessions add column if not exists handled_by text[] not null default '{}';
alter table sessions add column if not exists queues text[] not null default '{}';

-- Keyset paging by start time (both directions), and by duration among ended sessions.
create index if not exists sessions_started_idx on sessions (started_at, id);
create index if not exists sessions_duration_idx on sessions (duration_ms, id) where state = 'ended';
-- A human agent's own history: few rows have a holder, so only those are indexed.
create index if not exists sessions_handled_by_idx on sessions using gin (handled_by) where handled_by <> '{}';

create table if not exists session_search (
  session_id text primary key,
  -- The lines, in order, one a line: what ts_headline cuts the snippet from.
  body text not null,
  document tsvector generated always as (to_tsvector('simple', body)) stored
);
create index if not exists session_search_document_idx on session_search using gin (document);

-- The searchable text of a session: final lines of the caller, the AI (barges included), the human who took over and
-- supervisors, not hidden (whispers are guidance, not what was said). Private-use U+E000/U+E001 are the snippet's
-- highlight marks, so they are taken out; '<' is kept as U+FE64 (small less-than, which it becomes again in the
-- snippet), else ts_headline would take `<word>` for markup and drop it. At most 100,000 characters: a tsvector has a
-- size limit, and a document that could not be built would hold back the commit of the session's end.
create or replace function session_search_body(sid text) returns text language sql stable as $$
  select left(coalesce(string_agg(t.words, E'\n' order by t.seq), ''), 100000)
  from (
    select distinct on (data->>'lineId') seq, translate(data->>'text', '<' || chr(65124) || chr(57344) || chr(57345), chr(65124)) as words
    from session_events
    where session_id = sid and type = 'line.final'
      and data->>'speaker' in ('caller', 'ai', 'human', 'supervisor')
      and coalesce(data->>'hidden', 'false') <> 'true'
    order by data->>'lineId', seq desc
  ) t
$$;

-- Sessions stored before this migration: the same columns and documents, from their events.
update sessions set caller_digits = regexp_replace(coalesce(summary->>'callerNumber', ''), '[^0-9]', '', 'g');

update sessions set duration_ms = greatest(0, round(extract(epoch from (ended_at - started_at)) * 1000))::bigint
where state = 'ended' and ended_at is not null;

update sessions s set handled_by = h.ids
from (
  select session_id, array_agg(distinct uid order by uid) as ids
  from (
    select session_id, data->'by'->>'id' as uid from session_events
    where type = 'session.state' and data->>'state' in ('human_active', 'claimed') and data->'by'->>'id' is not null
    union all
    select session_id, data->'escalation'->'claimedBy'->>'id' from session_events
    where type = 'escalation' and data->'escalation'->'claimedBy'->>'id' is not null
  ) x
  group by session_id
) h
where h.session_id = s.id;

update sessions s set queues = q.names
from (
  select session_id, array_agg(distinct data->'escalation'->>'queue' order by data->'escalation'->>'queue') as names
  from session_events
  where type = 'escalation' and data->'escalation'->>'queue' is not null
  group by session_id
) q
where q.session_id = s.id;

insert into session_search (session_id, body)
select id, session_search_body(id) from sessions where state = 'ended'
on conflict (session_id) do nothing;
