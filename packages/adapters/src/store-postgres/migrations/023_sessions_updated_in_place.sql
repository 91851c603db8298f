-- A live session's row is rewritten on every commit of its events (summary, seq). PostgreSQL rewrites a row in place
-- (a HOT update: no new entry in any index) only when no indexed column changed and the row's page has room. The
-- campaign index read the summary (006), so every commit of every call added an entry to each of the table's indexes
-- (two of them GIN) and left the old ones to clean up. Its key is now a column written when the session starts, and
-- the table's pages keep room for the updates of their rows.
alter table sessions add column if not exists campaign_id text;
update sessions set campaign_id = summary->'outbound'->>'campaignId'
  where summary->'outbound'->>'campaignId' is not null and campaign_id is null;
drop index if exists sessions_campaign_idx;
create index if not exists sessions_campaign_id_idx on sessions (campaign_id, started_at) where campaign_id is not null;
alter table sessions set (fillfactor = 70);
