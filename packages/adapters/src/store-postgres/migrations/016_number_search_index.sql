-- A caller's number searched by any run of its digits (`number=`): a trigram index on the digits, so a full number
-- finds its few sessions among millions without walking them all (bench:history: p95 659 ms at 1,000,000 sessions
-- before). pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it; PGlite loads it too.
create extension if not exists pg_trgm;
create index if not exists sessions_caller_digits_trgm_idx on sessions using gin (caller_digits gin_trgm_ops);
