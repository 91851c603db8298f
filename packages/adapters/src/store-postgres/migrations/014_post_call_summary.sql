-- Post-call summaries are searchable: a session's search document is its summary followed by what was said (written
-- as the session's last event, `session.summarized`, which rebuilds the document like every event of an ended session).
create or replace function session_search_body(sid text) returns text language sql stable as $$
  select left(
    coalesce((select translate(s.summary->'summary'->>'text', '<' || chr(65124) || chr(57344) || chr(57345), chr(65124)) || E'\n' from sessions s where s.id = sid), '')
      || coalesce(string_agg(t.words, E'\n' order by t.seq), ''),
    100000)
  from (
    select distinct on (data->>'lineId') seq, translate(data->>'text', '<' || chr(65124) || chr(57344) || chr(57345), chr(65124)) as words
    from session_events
    where session_id = sid and type = 'line.final'
      and data->>'speaker' in ('caller', 'ai', 'human', 'supervisor')
      and coalesce(data->>'hidden', 'false') <> 'true'
    order by data->>'lineId', seq desc
  ) t
$$;

-- What an agent's post-call summary should find in the conversation (with a chat model).
alter table agents add column if not exists summary_fields text[];
