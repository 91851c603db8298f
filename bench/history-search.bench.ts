/**
 * History search at scale (issue 16): a seeded set of ended sessions — 1,000,000 on PostgreSQL, 30 transcript events
 * each — searched through the store's own `searchSessions` (the SQL the History API runs: limit 50, newest first,
 * first page) for a caller's number (a full number typed in national format; its last 4 digits), a rare word, a common
 * word, a word with a filter (channel, or a 7-day range) and a quoted phrase; and, when the store has `countSessions`,
 * the first page's count of each. Target: p95 ≤ 200 ms on PostgreSQL for the number and word searches.
 *
 * The data (deterministic, made in SQL): sessions spread over 90 days (60 % voice, 25 % SMS, 15 % WhatsApp; 6 agents;
 * callers drawn from sessions/4 E.164 numbers of the US, the UK and Germany), each with K `line.final` events (caller
 * and AI in turn) whose texts come from a pool of sentences drawn from a 5,000-word vocabulary with Zipf frequencies
 * (word of rank r ∝ 1/r: the first words are in every session, the last in well under 1 %), and its search document
 * built as migration 010/014 builds it (the lines in order, one a line). The tables are the migrations' own; their
 * indexes are dropped while seeding and made again, identical, afterwards (much faster than keeping them up to date).
 *
 *   node --import tsx bench/history-search.bench.ts [--sessions 1000000] [--events-per-session 30]
 *     [--store postgres|pglite|both] [--pglite-sessions 100000] [--queries 200] [--seconds-per-kind 90]
 *     [--keep] [--smoke]
 * PostgreSQL: DATABASE_URL's server (else postgres://postgres@127.0.0.1:5432/test); the bench makes and uses its own
 * database `livespace_bench_history` (smoke: `livespace_bench_history_smoke_<pid>`), dropped at the end unless --keep.
 * PGlite (single-threaded WebAssembly) runs a smaller set by default (--pglite-sessions); its data folder is temporary,
 * or with --keep os.tmpdir()/livespace-bench-history-pglite-<sessions>x<events>.
 * --keep: keep the seeded set; a later run with the same sizes finds it and skips seeding.
 * --smoke: 2,000 sessions × 10 events, a few queries of each kind, on PGlite (and PostgreSQL when DATABASE_URL is
 * set); checks the seeded documents equal session_search_body's.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { HistoryFilter } from '@livespace/protocol';
import { parseNumberSearch } from '@livespace/protocol';
import type { HistorySearch } from '@livespace/app/ports/index';
import { PostgresStore } from '@livespace/adapters/store-postgres/postgres.store';
import { searchSessions as historySearchSql } from '@livespace/adapters/store-postgres/history.sql';
import { migrate } from '@livespace/adapters/store-postgres/migrate';
import { openPostgres, type SqlClient } from '@livespace/adapters/store-postgres/sql-client';
import { openPgliteThread } from '@livespace/adapters/store-postgres/pglite-thread';
import { renderTable, type Check } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    'events-per-session': { type: 'string' },
    store: { type: 'string' },
    'pglite-sessions': { type: 'string' },
    queries: { type: 'string' },
    'seconds-per-kind': { type: 'string' },
    keep: { type: 'boolean', default: false },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const SESSIONS = Number(pick(values.sessions, '1000000', '2000', SMOKE));
const EVENTS = Number(pick(values['events-per-session'], '30', '10', SMOKE));
const PGLITE_SESSIONS = Number(values['pglite-sessions'] ?? (SMOKE ? SESSIONS : Math.min(SESSIONS, 100_000)));
const QUERIES = Number(pick(values.queries, '200', '5', SMOKE));
const SECONDS_PER_KIND = Number(pick(values['seconds-per-kind'], '90', '10', SMOKE));
const KEEP = values.keep && !SMOKE;
const TARGET_MS = 200;
const WARMUP = SMOKE ? 1 : 10;
const PAGE = 50;
// Smoke runs (one per test run, maybe several at once on one server) each get their own database.
const DB_NAME = SMOKE ? `livespace_bench_history_smoke_${process.pid}` : 'livespace_bench_history';
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
/** Bumped when the seeded data changes shape: a kept set of another version is seeded again. */
const DATA_VERSION = 1;
const COMMAND = `node --import tsx bench/history-search.bench.ts ${process.argv.slice(2).join(' ')}`.trim();

if (SMOKE) smokeBanner('history search bench');
const wantedStores = (values.store ?? 'both') === 'both' ? ['postgres', 'pglite'] : [values.store!];
if (!wantedStores.every((s) => s === 'postgres' || s === 'pglite'))
  throw new Error(`--store must be postgres, pglite or both, not ${values.store}`);
// A smoke run uses PostgreSQL only when DATABASE_URL is given (CI), never a local server it happens to find.
const stores = wantedStores.filter((s) => s === 'pglite' || !SMOKE || process.env.DATABASE_URL) as Array<
  'postgres' | 'pglite'
>;
hardLimit('history search bench', SMOKE ? 90 : 3 * 3600);

// ---------------------------------------------------------------------------------------------------------------
// The vocabulary: words of phone and chat conversations first (the most frequent), then made-up words of two to four
// syllables (the long tail), 5,000 in all, ranked. Deterministic, so a kept set and this run agree.
const HEAD = `the i you to and a my is it that of for your can this on be have in we with what me do at
not so no yes okay please thanks thank just need like would about get know want call account now there help
will if was one number are could up how payment card order here time all right let check sure today see back
any but from or did our day he she they been by an well going when also date name address email set phone
bill balance due pay paid month week tomorrow morning afternoon evening monday friday appointment booking
cancel change update confirm confirmed refund charge charged fee late plan service internet mobile line
delivery package shipped tracking store return exchange warranty repair technician visit schedule available
agent manager supervisor transfer hold minute second problem issue error working broken fixed question
answer information details policy insurance claim coverage premium deductible doctor clinic prescription
pharmacy loan mortgage rate interest credit debit bank transfer deposit withdraw limit statement password
login reset code verify security identity birth postcode street city apartment delivery driver parcel
subscription renewal contract upgrade downgrade discount offer price cost total amount dollars pounds euros
receipt invoice reference ticket case complaint feedback survey follow email text message voicemail callback
sorry great perfect wonderful unfortunately actually really exactly definitely probably maybe something
anything everything nothing someone everyone nobody again still already yet soon later ago last next first
hello hi goodbye bye morning thanks welcome speaking calling regarding about`.split(/\s+/);
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tu',
  'sa',
  'vel',
  'dor',
  'pi',
  'na',
  'bri',
  'sto',
  'gal',
  'fen',
  'mu',
  'ter',
  'qua',
  'zo',
  'lin',
  'har',
  'ob',
  'ist',
  'un',
  'cre',
];
function vocabulary(size: number): string[] {
  const words = [...new Set(HEAD)];
  const seen = new Set(words);
  let x = 12345;
  const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  while (words.length < size) {
    const n = 2 + Math.floor(rnd() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!;
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}
const VOCAB = vocabulary(5000);
/** Sentences the lines are drawn from: each has 4–14 words of Zipf-ranked vocabulary. */
const POOL = SMOKE ? 5_000 : 200_000;
const AGENTS = [
  ['ag_sales', 'Sales Assistant'],
  ['ag_support', 'Support Desk'],
  ['ag_billing', 'Billing Helper'],
  ['ag_collect', 'Collections'],
  ['ag_booking', 'Booking Line'],
  ['ag_survey', 'Survey Bot'],
];

// ---------------------------------------------------------------------------------------------------------------
// Seeding, in SQL. Session g (1…N) is a pure function of g (hashint8extended), so every statement recomputes it.
const h = (expr: string, salt: number) =>
  `((hashint8extended((${expr})::bigint, ${salt}) % 1000000 + 1000000) % 1000000)`;
/**
 * Caller number of number index n: 70 % US (+1, a few area codes), 20 % UK mobiles (+447…), 10 % German mobiles
 * (+4915…).
 */
const NUMBER_OF = (
  n: string,
) => `(case when (${n}) % 10 < 7 then '+1' || (array['415','212','646','312','617','305','206','512'])[1 + (${n}) % 8] || lpad(((${n}) * 7919 % 9000000 + 1000000)::text, 7, '0')
  when (${n}) % 10 < 9 then '+447' || lpad(((${n}) * 104729 % 900000000 + 100000000)::text, 9, '0')
  else '+4915' || lpad(((${n}) * 15485863 % 900000000 + 100000000)::text, 9, '0') end)`;

function sessionRowsSql(n: number, k: number, end: string): string {
  const numbers = Math.max(1000, Math.floor(n / 4));
  return `
    with b as (
      select g, 's' || substr(md5(g::text), 1, 20) as id,
        timestamptz '${end}' - interval '90 days' * (1 - g::float8 / ${n}) + interval '1 second' * (${h('g', 1)} % 60) as started_at,
        (20000 + ${h('g', 2)} % 880000)::bigint as duration_ms,
        case when ${h('g', 3)} % 100 < 60 then 'voice' when ${h('g', 3)} % 100 < 85 then 'sms' else 'whatsapp' end as channel,
        case when ${h('g', 4)} % 100 < 70 then 'inbound' else 'outbound' end as direction,
        ${h('g', 5)} % ${AGENTS.length} as agent,
        ${NUMBER_OF(`${h('g', 6)} % ${numbers}`)} as caller,
        (array['caller_hangup','agent_hangup','completed','transferred','timeout'])[1 + ${h('g', 7)} % 5] as end_reason,
        (array['interested','not_interested','resolved','callback','voicemail', null, null, null])[1 + ${h('g', 8)} % 8] as outcome,
        ${h('g', 9)} % 100 as r
      from generate_series($1::int, $2::int) g
    ), a as (select i::int as i, id, name from unnest($3::text[], $4::text[]) with ordinality as t(id, name, i))
    insert into sessions (id, channel, direction, agent_id, state, started_at, ended_at, seq, summary, caller_digits,
      duration_ms, handled_by, queues)
    select b.id, b.channel, b.direction, a.id, 'ended', b.started_at, b.started_at + b.duration_ms * interval '1 millisecond', ${k},
      jsonb_build_object('id', b.id, 'channel', b.channel, 'direction', b.direction, 'agentId', a.id, 'agentName', a.name,
        'callerNumber', b.caller, 'callerName', null, 'state', 'ended',
        'startedAt', to_char(b.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'endedAt', to_char((b.started_at + b.duration_ms * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'endReason', b.end_reason, 'currentNode', null, 'lastLine', null, 'listeners', '[]'::jsonb, 'escalation', null,
        'answeredAt', case when b.direction = 'outbound' and b.outcome is distinct from 'voicemail' then to_char(b.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end,
        'outcome', b.outcome, 'recorded', b.channel = 'voice', 'seq', ${k}),
      regexp_replace(b.caller, '[^0-9]', '', 'g'), b.duration_ms,
      case when b.r < 3 then array['usr_' || (b.r + 1)] else '{}' end,
      case when b.r < 5 then array[(array['billing','support','collections'])[1 + b.r % 3]] else '{}' end
    from b join a on a.i = b.agent + 1`;
}
/** The lines of sessions $1…$2: line k of session g is pool sentence line_of(g, k); caller and AI in turn. */
const linesSql = (k: number, end: string, n: number) => `
  select 's' || substr(md5(g::text), 1, 20) as id, g, k,
    timestamptz '${end}' - interval '90 days' * (1 - g::float8 / ${n}) + interval '1 second' * (${h('g', 1)} % 60) + interval '1 second' * k * 5 as at,
    l.text
  from generate_series($1::int, $2::int) g cross join generate_series(1, ${k}) k
  join bench_lines l on l.i = 1 + (hashint8extended(g::bigint * 1000 + k, 11) % ${POOL} + ${POOL}) % ${POOL}`;
const eventsSql = (k: number, end: string, n: number) => `
  insert into session_events (session_id, seq, type, at, data)
  select id, k, 'line.final', at, jsonb_build_object('lineId', 'ln_' || g || '_' || k, 'speaker', case when k % 2 = 1 then 'caller' else 'ai' end, 'text', text)
  from (${linesSql(k, end, n)}) x`;
// The document as session_search_body makes it: the lines in order (no post-call summary; the words hold no '<'),
// with the session's start as sessionRowsSql makes it (migration 022).
const documentsSql = (k: number, end: string, n: number) => `
  insert into session_search (session_id, started_at, body)
  select id, timestamptz '${end}' - interval '90 days' * (1 - g::float8 / ${n}) + interval '1 second' * (${h('g', 1)} % 60),
    left(string_agg(text, E'\\n' order by k), 100000) from (${linesSql(k, end, n)}) x group by id, g`;

interface Dropped {
  restore: string[];
}
/**
 * Drops the indexes (primary keys too) of the seeded tables; returns the statements that make them again, identical.
 */
async function dropIndexes(db: SqlClient): Promise<Dropped> {
  const rows = await db.query<{ tbl: string; idx: string; def: string; con: string | null; condef: string | null }>(`
    select i.tablename as tbl, i.indexname as idx, i.indexdef as def, c.conname as con,
      pg_get_constraintdef(c.oid) as condef
    from pg_indexes i left join pg_constraint c
      on c.conname = i.indexname and c.conrelid = (quote_ident(i.tablename))::regclass
    where i.schemaname = current_schema() and i.tablename in ('sessions', 'session_events', 'session_search')`);
  const restore: string[] = [];
  for (const r of rows) {
    if (r.con) {
      await db.query(`alter table ${r.tbl} drop constraint ${r.con}`);
      restore.push(`alter table ${r.tbl} add constraint ${r.con} ${r.condef}`);
    } else {
      await db.query(`drop index ${r.idx}`);
      restore.push(r.def);
    }
  }
  return { restore };
}

/** Whether `db` holds a complete seeded set of n sessions × EVENTS of this data version. */
async function metaMatches(db: SqlClient, n: number): Promise<boolean> {
  const rows = await db
    .query<{ sessions: number; events: number; version: number; complete: boolean }>(
      `select sessions, events, version, complete from bench_history_meta`,
    )
    .catch(() => []);
  const m = rows[0];
  return (
    !!m &&
    m.complete === true &&
    Number(m.sessions) === n &&
    Number(m.events) === EVENTS &&
    Number(m.version) === DATA_VERSION
  );
}

interface SeedInfo {
  seeded: boolean;
  seconds: number;
  indexSeconds: number;
  end: string;
}

async function seed(db: SqlClient, n: number, k: number, log: (s: string) => void): Promise<SeedInfo> {
  const existing = await db
    .query<{
      sessions: number;
      events: number;
      version: number;
      complete: boolean;
      seconds: number;
      index_seconds: number;
      end_at: string;
    }>(`select sessions, events, version, complete, seconds, index_seconds, end_at from bench_history_meta`)
    .catch(() => []);
  const m = existing[0];
  if (m && m.complete && Number(m.sessions) === n && Number(m.events) === k && Number(m.version) === DATA_VERSION) {
    log(`  found a seeded set of ${n.toLocaleString('en-US')} sessions × ${k} events (kept): seeding skipped`);
    return {
      seeded: false,
      seconds: Number(m.seconds),
      indexSeconds: Number(m.index_seconds),
      end: new Date(m.end_at).toISOString(),
    };
  }
  if (m) throw new Error('the database holds another (or an unfinished) seeded set: it should have been removed first');
  await migrate(db);
  const end = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
  await db.query(
    `create table bench_history_meta (sessions int, events int, version int, complete boolean, seconds float8, index_seconds float8, end_at timestamptz)`,
  );
  await db.query(`insert into bench_history_meta values ($1, $2, $3, false, 0, 0, $4)`, [n, k, DATA_VERSION, end]);
  const t0 = performance.now();
  // The vocabulary, ranked, and the sentence pool: word rank floor(exp(u · ln 5001)) has P(rank = r) ∝ ln((r+1)/r) ≈
  // 1/r.
  await db.query(`create table bench_words (rank int primary key, word text not null)`);
  await db.query(`insert into bench_words select i::int, w from unnest($1::text[]) with ordinality t(w, i)`, [VOCAB]);
  await db.query(`create table bench_lines (i int primary key, text text not null)`);
  await db.query(`
    insert into bench_lines (i, text)
    select i, string_agg(w.word, ' ' order by j) from (
      select i, j, least(${VOCAB.length}, floor(exp(random() * ln(${VOCAB.length + 1})))::int) as r
      from generate_series(1, ${POOL}) i, lateral generate_series(1, 4 + (hashint4(i) & 2147483647) % 11 + (i - i)) j
    ) x join bench_words w on w.rank = x.r group by i`);
  const { restore } = await dropIndexes(db);
  const BATCH = db.kind === 'postgres' ? 25_000 : 10_000;
  const batches: Array<[number, number]> = [];
  for (let lo = 1; lo <= n; lo += BATCH) batches.push([lo, Math.min(n, lo + BATCH - 1)]);
  const agentIds = AGENTS.map((a) => a[0]!);
  const agentNames = AGENTS.map((a) => a[1]!);
  let done = 0;
  let next = 0;
  // Two batches at once on PostgreSQL (2 connections of its pool: one per core here); PGlite runs one statement at a
  // time.
  const lanes = db.kind === 'postgres' ? 2 : 1;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < batches.length) {
        const [lo, hi] = batches[next++]!;
        await db.transaction(async (tx) => {
          if (db.kind === 'postgres') await tx.query(`set local synchronous_commit = off`);
          await tx.query(sessionRowsSql(n, k, end), [lo, hi, agentIds, agentNames]);
          await tx.query(eventsSql(k, end, n), [lo, hi]);
          await tx.query(documentsSql(k, end, n), [lo, hi]);
        });
        done += hi - lo + 1;
        const s = (performance.now() - t0) / 1000;
        log(
          `  seeded ${done.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} sessions (${(done * k).toLocaleString('en-US')} events) in ${s.toFixed(0)} s, ` +
            `${Math.round(done / s).toLocaleString('en-US')} sessions/s, ~${Math.round((n - done) / (done / s))} s to go`,
        );
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  for (const stmt of restore) {
    const ti = performance.now();
    await db.transaction(async (tx) => {
      if (db.kind === 'postgres') {
        await tx.query(`set local maintenance_work_mem = '512MB'`);
        await tx.query(`set local max_parallel_maintenance_workers = 1`);
      }
      await tx.query(stmt);
    });
    log(`  ${stmt.replace(/\s+/g, ' ').slice(0, 110)}: ${((performance.now() - ti) / 1000).toFixed(1)} s`);
  }
  for (const t of ['sessions', 'session_search']) await db.query(`vacuum (analyze) ${t}`);
  await db.query(`analyze session_events`);
  const indexSeconds = (performance.now() - t1) / 1000;
  await db.query(`update bench_history_meta set complete = true, seconds = $1, index_seconds = $2`, [
    seconds,
    indexSeconds,
  ]);
  log(`  seeded in ${seconds.toFixed(0)} s; indexes made again and ANALYZE in ${indexSeconds.toFixed(0)} s`);
  return { seeded: true, seconds, indexSeconds, end };
}

/**
 * Smoke: the seeded documents are what the migration's session_search_body makes of the seeded events, with their
 * session's start.
 */
async function checkDocuments(db: SqlClient): Promise<void> {
  const rows = await db.query<{ bad: number }>(`
    select count(*)::int as bad
    from (select session_id, body, started_at from session_search order by session_id limit 50) x
    where body is distinct from session_search_body(session_id) or started_at is distinct from (select started_at from sessions where id = session_id)`);
  if (rows[0]!.bad !== 0)
    throw new Error(
      `${rows[0]!.bad} of 50 seeded documents differ from session_search_body() or their session's start`,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Queries, drawn from the seeded data so they find rows.
type Kind =
  | 'number (E.164 typed national)'
  | 'number (last 4 digits)'
  | 'rare word'
  | 'common word'
  | 'word + channel/7 days'
  | 'phrase';
const KINDS: Kind[] = [
  'number (E.164 typed national)',
  'number (last 4 digits)',
  'rare word',
  'common word',
  'word + channel/7 days',
  'phrase',
];
/** Kinds the requirement's target is for. */
const TARGETED = new Set<Kind>([
  'number (E.164 typed national)',
  'number (last 4 digits)',
  'rare word',
  'common word',
  'word + channel/7 days',
]);

/** How people type a stored E.164 number: US (415) 555-0100, UK 07911 123456, DE 0151 23456789. */
function nationalFormat(e164: string): string {
  if (e164.startsWith('+1')) return `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
  if (e164.startsWith('+44')) return `0${e164.slice(3, 7)} ${e164.slice(7)}`;
  if (e164.startsWith('+49')) return `0${e164.slice(3, 6)} ${e164.slice(6)}`;
  return e164;
}

async function makeFilters(
  db: SqlClient,
  n: number,
  end: string,
  count: number,
): Promise<Record<Kind, HistoryFilter[]>> {
  const rnd = (() => {
    let x = 987654321;
    return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  })();
  const ids = (m: number) => Array.from({ length: m }, () => 1 + Math.floor(rnd() * n));
  const callers = await db.query<{ c: string }>(
    `select summary->>'callerNumber' as c from sessions where id = any($1::text[])`,
    [ids(3 * count).map((g) => `s${md5(g)}`)],
  );
  const numberFilter = (typed: string): HistoryFilter => {
    const p = parseNumberSearch(typed);
    if (!p.ok) throw new Error(`${typed}: ${p.message}`);
    return { state: 'ended', number: p.value };
  };
  // Words that occur: rare ones from the tail (ranks 2,000–5,000 found in the pool), common ones among the first 60.
  const present = await db.query<{ rank: number; word: string }>(`
    select w.rank, w.word from bench_words w
    where w.word in (select distinct unnest(string_to_array(text, ' ')) from bench_lines) and (w.rank <= 60 or w.rank >= 2000)`);
  const rare = present.filter((w) => w.rank >= 2000).map((w) => w.word);
  const common = present.filter((w) => w.rank <= 60).map((w) => w.word);
  const of = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const lines = await db.query<{ text: string }>(`select text from bench_lines where i = any($1::int[])`, [
    Array.from({ length: count }, () => 1 + Math.floor(rnd() * POOL)),
  ]);
  const day = 86_400_000;
  const endMs = Date.parse(end);
  const out = {} as Record<Kind, HistoryFilter[]>;
  out['number (E.164 typed national)'] = callers.slice(0, count).map((r) => numberFilter(nationalFormat(r.c)));
  // Last digits starting 00 read as an international prefix (parseNumberSearch), as people would mean them: not picked.
  out['number (last 4 digits)'] = callers
    .slice(count)
    .filter((r) => !r.c.slice(-4).startsWith('00'))
    .slice(0, count)
    .map((r) => numberFilter(r.c.slice(-4)));
  out['rare word'] = Array.from({ length: count }, () => ({ state: 'ended', q: of(rare) }));
  out['common word'] = Array.from({ length: count }, () => ({ state: 'ended', q: of(common) }));
  out['word + channel/7 days'] = Array.from({ length: count }, (_, i) => {
    const q = rnd() < 0.5 ? of(common) : of(rare);
    if (i % 2 === 0) return { state: 'ended', q, channel: of(['voice', 'sms', 'whatsapp'] as const) };
    const from = endMs - Math.floor(rnd() * 83) * day - 7 * day;
    return { state: 'ended', q, from: new Date(from).toISOString(), to: new Date(from + 7 * day).toISOString() };
  });
  out['phrase'] = lines.map((l) => {
    const w = l.text.split(' ');
    const len = Math.min(w.length, 2 + Math.floor(rnd() * 2));
    const at = Math.floor(rnd() * (w.length - len + 1));
    return { state: 'ended', q: `"${w.slice(at, at + len).join(' ')}"` };
  });
  return out;
}
const md5 = (g: number) => createHash('md5').update(String(g)).digest('hex').slice(0, 20);

const quantile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN;
interface KindFigures {
  kind: Kind;
  what: 'page' | 'count';
  n: number;
  found: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  slowest: HistoryFilter | null;
}

function figures(
  kind: Kind,
  what: 'page' | 'count',
  times: Array<{ ms: number; found: number; f: HistoryFilter }>,
): KindFigures {
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const slowest = times.reduce<{ ms: number; f: HistoryFilter } | null>((m, t) => (!m || t.ms > m.ms ? t : m), null);
  return {
    kind,
    what,
    n: times.length,
    found: times.filter((t) => t.found > 0).length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    slowest: slowest?.f ?? null,
  };
}

const search = (f: HistoryFilter): HistorySearch => ({ ...f, sort: '-started', limit: PAGE, after: null });

async function measure(
  store: PostgresStore,
  filters: Record<Kind, HistoryFilter[]>,
  log: (s: string) => void,
): Promise<KindFigures[]> {
  const withCount = typeof (store as { countSessions?: unknown }).countSessions === 'function';
  if (!withCount) log('  this store has no countSessions: the first-page count is not timed');
  const out: KindFigures[] = [];
  for (const kind of KINDS) {
    // The first WARMUP picks warm up (not measured); the rest are measured.
    const list = filters[kind].slice(WARMUP);
    for (const f of filters[kind].slice(0, WARMUP)) await store.searchSessions(search(f));
    const pages: Array<{ ms: number; found: number; f: HistoryFilter }> = [];
    const counts: Array<{ ms: number; found: number; f: HistoryFilter }> = [];
    const t0 = performance.now();
    for (const f of list) {
      if ((performance.now() - t0) / 1000 > SECONDS_PER_KIND && pages.length >= 5) break;
      let t = performance.now();
      const r = await store.searchSessions(search(f));
      pages.push({ ms: performance.now() - t, found: r.items.length, f });
      if (withCount) {
        t = performance.now();
        const c = await store.countSessions(f);
        counts.push({ ms: performance.now() - t, found: c.count, f });
      }
    }
    const fp = figures(kind, 'page', pages);
    out.push(fp);
    log(
      `  ${kind.padEnd(30)} page  n=${fp.n} (${fp.found} found rows) p50 ${fp.p50.toFixed(1)} p95 ${fp.p95.toFixed(1)} p99 ${fp.p99.toFixed(1)} ms`,
    );
    if (withCount) {
      const fc = figures(kind, 'count', counts);
      out.push(fc);
      log(
        `  ${kind.padEnd(30)} count n=${fc.n} p50 ${fc.p50.toFixed(1)} p95 ${fc.p95.toFixed(1)} p99 ${fc.p99.toFixed(1)} ms`,
      );
    }
  }
  return out;
}

/** The SQL `searchSessions` runs for a search (caught, not run), for EXPLAIN. */
async function sqlOf(s: HistorySearch): Promise<{ text: string; params: unknown[] }> {
  let caught = { text: '', params: [] as unknown[] };
  await historySearchSql(
    {
      query: async <T>(text: string, params?: unknown[]) => {
        caught = { text, params: params ?? [] };
        return [] as T[];
      },
    },
    s,
  );
  return caught;
}

async function explainMisses(db: SqlClient, figs: KindFigures[], log: (s: string) => void): Promise<string[]> {
  const plans: string[] = [];
  for (const f of figs) {
    if (f.what !== 'page' || !(f.p95 > TARGET_MS) || !f.slowest) continue;
    const { text, params } = await sqlOf(search(f.slowest));
    const rows = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, params);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const head = `EXPLAIN (ANALYZE, BUFFERS) of the slowest ${f.kind} search (${JSON.stringify({ ...f.slowest, state: undefined })}):`;
    log(`\n${head}\n${plan}`);
    plans.push(`${head}\n${plan}`);
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------------------------
interface StoreRun {
  store: 'postgres' | 'pglite';
  sessions: number;
  seed: SeedInfo;
  sizes: Array<{ rel: string; bytes: number }>;
  dbBytes: number;
  figs: KindFigures[];
  plans: string[];
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;

async function sizes(db: SqlClient): Promise<{ dbBytes: number; rels: Array<{ rel: string; bytes: number }> }> {
  const d = await db.query<{ b: string }>(`select pg_database_size(current_database())::text as b`);
  const rels = await db.query<{ rel: string; b: string }>(
    `select t as rel, pg_total_relation_size(t)::text as b from unnest(array['sessions','session_events','session_search']) t`,
  );
  return { dbBytes: Number(d[0]!.b), rels: rels.map((r) => ({ rel: r.rel, bytes: Number(r.b) })) };
}

async function runPostgres(log: (s: string) => void): Promise<StoreRun> {
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_PG;
  const url = new URL(adminUrl);
  url.pathname = `/${DB_NAME}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [DB_NAME])).rowCount! > 0;
  let reuse = false;
  if (exists && KEEP) {
    const probe = await openPostgres(url.toString());
    reuse = await metaMatches(probe, SESSIONS);
    await probe.close();
  }
  if (exists && !reuse) await admin.query(`drop database ${DB_NAME} with (force)`);
  if (!reuse) await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  const run = async (): Promise<StoreRun> => {
    const raw = await openPostgres(url.toString());
    try {
      const seeded = await seed(raw, SESSIONS, EVENTS, log);
      if (SMOKE) await checkDocuments(raw);
      const sz = await sizes(raw);
      log(`  database ${DB_NAME}: ${gib(sz.dbBytes)} (${sz.rels.map((r) => `${r.rel} ${gib(r.bytes)}`).join(', ')})`);
      const filters = await makeFilters(raw, SESSIONS, seeded.end, QUERIES + WARMUP);
      const store = await PostgresStore.open({ databaseUrl: url.toString(), dataDir: '' });
      let figs: KindFigures[];
      try {
        figs = await measure(store, filters, log);
      } finally {
        await store.close();
      }
      const plans = await explainMisses(raw, figs, log);
      return { store: 'postgres', sessions: SESSIONS, seed: seeded, sizes: sz.rels, dbBytes: sz.dbBytes, figs, plans };
    } finally {
      await raw.close();
    }
  };
  try {
    return await run();
  } finally {
    if (!KEEP) {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${DB_NAME} with (force)`);
      await a.end();
      log(`  dropped database ${DB_NAME}`);
    } else log(`  kept database ${DB_NAME} (${url.toString()})`);
  }
}

async function runPglite(log: (s: string) => void): Promise<StoreRun> {
  const n = PGLITE_SESSIONS;
  const dir = KEEP
    ? join(tmpdir(), `livespace-bench-history-pglite-${n}x${EVENTS}`)
    : mkdtempSync(join(tmpdir(), 'livespace-bench-history-'));
  if (KEEP && existsSync(dir)) {
    const probe = await openPgliteThread(dir);
    const same = await metaMatches(probe, n);
    await probe.close();
    log(`  data folder ${dir} exists: ${same ? 'it holds this set' : 'another or an unfinished set, seeded again'}`);
    if (!same) rmSync(dir, { recursive: true, force: true });
  }
  try {
    let raw = await openPgliteThread(dir);
    let seeded: SeedInfo;
    let sz: Awaited<ReturnType<typeof sizes>>;
    let filters: Record<Kind, HistoryFilter[]>;
    try {
      seeded = await seed(raw, n, EVENTS, log);
      if (SMOKE) await checkDocuments(raw);
      sz = await sizes(raw);
      log(
        `  PGlite data folder ${dir}: ${gib(sz.dbBytes)} (${sz.rels.map((r) => `${r.rel} ${gib(r.bytes)}`).join(', ')})`,
      );
      filters = await makeFilters(raw, n, seeded.end, QUERIES + WARMUP);
    } finally {
      await raw.close();
    }
    // One PGlite per data folder: the store opens it as the server does (its own thread), then EXPLAIN reopens it.
    const store = await PostgresStore.open({ dataDir: dir });
    let figs: KindFigures[];
    try {
      figs = await measure(store, filters, log);
    } finally {
      await store.close();
    }
    raw = await openPgliteThread(dir);
    let plans: string[];
    try {
      plans = await explainMisses(raw, figs, log);
    } finally {
      await raw.close();
    }
    return { store: 'pglite', sessions: n, seed: seeded, sizes: sz.rels, dbBytes: sz.dbBytes, figs, plans };
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

const log = (s: string) => console.log(s);
console.log(
  `history search bench: node ${process.version}, ${cpus().length} cores; stores ${stores.join(', ')}; ` +
    `PostgreSQL ${SESSIONS.toLocaleString('en-US')} sessions, PGlite ${PGLITE_SESSIONS.toLocaleString('en-US')}, × ${EVENTS} events; ` +
    `${QUERIES} queries a kind (at most ${SECONDS_PER_KIND} s a kind), page ${PAGE}, sort -started${KEEP ? ', --keep' : ''}`,
);
const runs: StoreRun[] = [];
for (const s of stores) {
  console.log(`\n${s === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'}:`);
  runs.push(s === 'postgres' ? await runPostgres(log) : await runPglite(log));
}

const columns = runs.map(
  (r) =>
    `${r.store === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${(r.sessions / 1000).toLocaleString('en-US')}k × ${EVENTS}`,
);
const checks: Check[] = [
  {
    figure: 'seed (rows, then indexes + ANALYZE)',
    target: '',
    cells: runs.map((r) => ({
      value: `${r.seed.seconds.toFixed(0)} s + ${r.seed.indexSeconds.toFixed(0)} s${r.seed.seeded ? '' : ' (kept)'}`,
    })),
  },
  { figure: 'database size', target: '', cells: runs.map((r) => ({ value: gib(r.dbBytes) })) },
];
const rowsOf = (what: 'page' | 'count') =>
  KINDS.flatMap((kind) => {
    const per = runs.map((r) => r.figs.find((f) => f.kind === kind && f.what === what));
    if (per.every((f) => !f)) return [];
    const targeted = what === 'page' && TARGETED.has(kind);
    return [
      {
        figure: `${what === 'page' ? 'page' : 'count'}: ${kind} p50/p95/p99`,
        target: targeted ? `p95 ≤ ${TARGET_MS} ms (PG)` : '',
        cells: runs.map((r, i) => {
          const f = per[i];
          if (!f) return { value: 'n/a' };
          const value = `${f.p50.toFixed(0)}/${f.p95.toFixed(0)}/${f.p99.toFixed(0)} ms (n=${f.n})`;
          // The target is PostgreSQL's; PGlite's figure is reported beside it, not judged.
          return targeted && r.store === 'postgres' ? { value, pass: f.p95 <= TARGET_MS } : { value };
        }),
      },
    ];
  });
checks.push(...rowsOf('page'), ...rowsOf('count'));
console.log(
  `\nHistory search (searchSessions, limit ${PAGE}, -started, first page; one query at a time)\n${renderTable(columns, checks)}`,
);
console.log(`\ncommand: ${COMMAND}`);
console.log(
  'target: p95 ≤ 200 ms on PostgreSQL at 1,000,000 sessions × 30 events for number and word searches (PGlite figures reported, not judged)',
);
const ok = measuredSomething(
  'history search bench',
  Object.fromEntries(
    runs.flatMap((r) => r.figs.filter((f) => f.what === 'page').map((f) => [`${r.store} ${f.kind} found`, f.found])),
  ),
);
process.exit(ok ? 0 : 1);
