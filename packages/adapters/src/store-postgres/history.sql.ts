/**
 * History in SQL: what appendEvents adds for the history filters (holders and queues, from the rare events that name
 * them; the duration and the transcript's search document once a session has ended) and the history search itself,
 * with keyset paging and full-text search (`websearch_to_tsquery` and `ts_headline`, 'simple' configuration: the same
 * on PGlite and PostgreSQL, every language alike, no stemming).
 */
import {
  HISTORY_COUNT_CAP,
  type HistoryFilter,
  type HistoryItem,
  type HistoryTotal,
  type SessionSummary,
} from '@livespace/protocol';
import type { EventWrite, HistoryPosition, HistoryResult, HistorySearch } from '@livespace/app/ports/index';
import type { Sql, Statement } from './sql-client';

/** The caller's number as digits, for the number filter (written with the row; an alphanumeric sender has none). */
export const callerDigits = (s: SessionSummary): string => s.callerNumber.replace(/\D/g, '');

/**
 * The writes that keep the history columns of the sessions in `batch` up to date, in the batch's transaction. Most
 * batches are lines and cost nothing here: holders and queues change on takeovers, claims and escalations; the duration
 * and the search document are made when a session's newest summary says it ended (again if an event arrives after its
 * end).
 */
export function historyWrites(batch: readonly EventWrite[], latest: ReadonlyMap<string, SessionSummary>): Statement[] {
  const writes: Statement[] = [];
  const held = new Map<string, { users: Set<string>; queues: Set<string> }>();
  const entry = (id: string) => {
    let e = held.get(id);
    if (!e) held.set(id, (e = { users: new Set(), queues: new Set() }));
    return e;
  };
  for (const { sessionId, event: e } of batch) {
    if (e.type === 'escalation') {
      const x = entry(sessionId);
      x.queues.add(e.escalation.queue);
      if (e.escalation.claimedBy) x.users.add(e.escalation.claimedBy.id);
    } else if (e.type === 'session.state' && (e.state === 'human_active' || e.state === 'claimed') && e.by) {
      entry(sessionId).users.add(e.by.id);
    }
  }
  // Health marks: the worst level each session reached and every reason it was marked for.
  const marked = new Map<string, { worst: number; reasons: Set<string> }>();
  for (const { sessionId, event: e } of batch) {
    if (e.type !== 'health' || e.health.reasons.length === 0) continue;
    let m = marked.get(sessionId);
    if (!m) marked.set(sessionId, (m = { worst: 0, reasons: new Set() }));
    for (const r of e.health.reasons) {
      m.worst = Math.max(m.worst, r.level === 'critical' ? 2 : 1);
      m.reasons.add(r.code);
    }
  }
  for (const [id, { worst, reasons }] of marked) {
    writes.push({
      text: `update sessions set health_worst = greatest(health_worst, $2::smallint),
         health_reasons = array(select distinct r from unnest(health_reasons || $3::text[]) r order by r)
       where id = $1`,
      params: [id, worst, [...reasons]],
    });
  }
  for (const [id, { users, queues }] of held) {
    writes.push({
      text: `update sessions set
         handled_by = array(select distinct u from unnest(handled_by || $2::text[]) u order by u),
         queues = array(select distinct q from unnest(queues || $3::text[]) q order by q)
       where id = $1`,
      params: [id, [...users], [...queues]],
    });
  }
  const ended = [...latest.values()].filter((s) => s.state === 'ended').map((s) => s.id);
  if (ended.length === 0) return writes;
  writes.push({
    text: `update sessions
     set duration_ms = greatest(0, round(extract(epoch from (ended_at - started_at)) * 1000))::bigint
     where id = any($1::text[]) and ended_at is not null`,
    params: [ended],
  });
  writes.push({
    text: `insert into session_search (session_id, body, started_at)
     select s.id, session_search_body(s.id), s.started_at from sessions s where s.id = any($1::text[])
     on conflict (session_id) do update set body = excluded.body
     where session_search.body is distinct from excluded.body`,
    params: [ended],
  });
  return writes;
}

// Highlight marks: private-use characters (taken out of the searched text), turned into <mark> after HTML escaping.
const START = '\uE000';
const STOP = '\uE001';
/** How the search text keeps '<' (session_search_body in 010_history.sql): the parser would drop `<word>` as markup. */
const LT = '\uFE64';
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;
/** Sorts durations of live sessions (none yet) after the ended ones, in either direction. */
const NO_DURATION = { asc: '9007199254740991', desc: '-1' };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A ts_headline snippet as the wire carries it: HTML-escaped, matches in <mark>…</mark>, on one line. */
function markMatches(snippet: string): string {
  return escapeHtml(snippet.replace(/\s+/g, ' ').trim())
    .replaceAll(START, '<mark>')
    .replaceAll(STOP, '</mark>')
    .replaceAll(LT, '&#60;');
}

/**
 * The `outcome` filter of Live Calls' lists and of History: "answered" is any call a person picked up (a voicemail
 * answers too, but is not one); other outcomes are the AI's or the carrier's word.
 */
export function outcomeCondition(summary: string, outcome: string, param: (v: unknown) => string): string {
  return outcome === 'answered'
    ? `${summary}->>'answeredAt' is not null and coalesce(${summary}->>'outcome', '') <> 'voicemail'`
    : `${summary}->>'outcome' = ${param(outcome)}`;
}

/**
 * Sessions `userId` handled (took over, or claimed the escalation of); `<> '{}'` lets the planner use the partial index
 * of sessions with a holder.
 */
export function handledByCondition(column: string, userId: string, param: (v: unknown) => string): string {
  return `${column} <> '{}' and ${column} @> array[${param(userId)}]::text[]`;
}

interface Row {
  summary: SessionSummary;
  duration_ms: number | null;
  k: string | number;
  id: string;
  match: string | null;
}

/**
 * The WHERE conditions of a history filter (parameters pushed through `p`), and the tsquery of `q` ('' without).
 * `joined`: the query reads `session_search x join sessions s` (the text search by start time), so the word and the
 * time range are conditions on `x` (its own start column and indexes); else the word is an EXISTS on session_search.
 */
function historyWhere(
  s: HistoryFilter,
  p: (v: unknown) => string,
  joined = false,
): { where: string[]; tsquery: string } {
  const where: string[] = [];
  const start = joined ? 'x.started_at' : 's.started_at';
  if (s.state === 'ended') where.push(`s.state = 'ended'`);
  if (s.from) where.push(`${start} >= ${p(s.from)}::timestamptz`);
  if (s.to) where.push(`${start} < ${p(s.to)}::timestamptz`);
  if (s.channel) where.push(`s.channel = ${p(s.channel)}`);
  if (s.direction) where.push(`s.direction = ${p(s.direction)}`);
  if (s.agentId) where.push(`s.agent_id = ${p(s.agentId)}`);
  if (s.outcome) where.push(outcomeCondition('s.summary', s.outcome, p));
  if (s.endReason) where.push(`s.summary->>'endReason' = ${p(s.endReason)}`);
  if (s.campaignId) where.push(`s.campaign_id = ${p(s.campaignId)}`);
  if (s.queue) where.push(`${p(s.queue)} = any(s.queues)`);
  if (s.escalated !== undefined) where.push(s.escalated ? `s.queues <> '{}'` : `s.queues = '{}'`);
  if (s.handledBy) where.push(handledByCondition('s.handled_by', s.handledBy, p));
  if (s.number) {
    // LIKE, not strpos: the trigram index (migration 016) serves LIKE. Digits need no escaping.
    const run = `s.caller_digits like ${p(`%${s.number.digits}%`)}`;
    where.push(s.number.national ? `(${run} or s.caller_digits like ${p(`%${s.number.national}`)})` : run);
  }
  if (s.health === 'warning' || s.health === 'critical')
    where.push(`s.health_worst >= ${s.health === 'critical' ? 2 : 1}`);
  else if (s.health) where.push(`s.health_worst > 0 and ${p(s.health)} = any(s.health_reasons)`);
  if (s.contact) {
    const like = p(`%${s.contact.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(s.summary->>'callerName' ilike ${like}
      or exists (select 1 from campaign_contacts cc where cc.session_id = s.id and cc.name ilike ${like}))`);
  }
  let tsquery = '';
  if (s.q) {
    tsquery = `websearch_to_tsquery('simple', ${p(s.q)})`;
    where.push(
      joined
        ? `x.document @@ ${tsquery}`
        : `exists (select 1 from session_search x where x.session_id = s.id and x.document @@ ${tsquery})`,
    );
  }
  return { where, tsquery };
}

/**
 * How many sessions match `filter`: exact up to HISTORY_COUNT_CAP, else the cap and `atLeast` (the count runs over a
 * LIMIT cap+1 subquery, so a broad filter over millions of sessions stops early).
 */
export async function countSessions(db: Sql, filter: HistoryFilter): Promise<HistoryTotal> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const { where } = historyWhere(filter, p);
  const rows = await db.query<{ n: number | string }>(
    `select count(*)::int as n from (select 1 from sessions s
     ${where.length ? `where ${where.join(' and ')}` : ''} limit ${p(HISTORY_COUNT_CAP + 1)}) c`,
    params,
  );
  const n = Number(rows[0]?.n ?? 0);
  return n > HISTORY_COUNT_CAP ? { count: HISTORY_COUNT_CAP, atLeast: true } : { count: n, atLeast: false };
}

export async function searchSessions(db: Sql, s: HistorySearch): Promise<HistoryResult> {
  if (s.q && s.sort === '-started') return searchWordsNewestFirst(db, s);
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const { where, tsquery } = historyWhere(s, p);

  const desc = s.sort.startsWith('-');
  const dir = desc ? 'desc' : 'asc';
  const byDuration = s.sort.endsWith('duration');
  // Ended sessions all have a duration; with live ones (state=all) those without come last.
  const key = !byDuration
    ? 's.started_at'
    : s.state === 'ended'
      ? 's.duration_ms'
      : `coalesce(s.duration_ms, ${desc ? NO_DURATION.desc : NO_DURATION.asc})`;
  // The key as the cursor keeps it: start times to the microsecond (exact), durations as numbers.
  const keyOut = byDuration
    ? `(${key})::float8`
    : `to_char(s.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  if (s.after) {
    const at = byDuration ? `${p(s.after.key)}::bigint` : `${p(s.after.key)}::timestamptz`;
    where.push(`(${key}, s.id) ${desc ? '<' : '>'} (${at}, ${p(s.after.id)})`);
  }
  const limit = p(s.limit + 1);
  const options = s.q ? p(HEADLINE_OPTIONS) : '';
  // The snippet is cut for the page's rows only (ts_headline reads the whole text).
  const sql = `
    select page.summary, page.duration_ms, page.k, page.id,
      ${s.q ? `(select ts_headline('simple', x.body, ${tsquery}, ${options}) from session_search x where x.session_id = page.id)` : 'null'} as match
    from (
      select s.id, s.summary, s.duration_ms::float8 as duration_ms, ${keyOut} as k, ${key} as ord
      from sessions s
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by ${key} ${dir}, s.id ${dir}
      limit ${limit}
    ) page
    order by page.ord ${dir}, page.id ${dir}`;
  return toPage(await db.query<Row>(sql, params), s, byDuration);
}

/** The first window a word is searched in, newest first; each next one is WINDOW_GROWTH times longer. */
const FIRST_WINDOW_MS = 86_400_000;
const WINDOW_GROWTH = 4;
/** After this many windows (1 day … ~3 years), the rest in one. */
const MAX_WINDOWS = 7;

/**
 * Full text, newest first (the History view's default): the word is searched one time window at a time going back
 * from the newest (or from the page's cursor, or `to`) — a day, then 4, 16, 64… days, the rest at the end — until a
 * page is full. In a window, the planner ANDs the word's GIN bitmap with the window's slice of
 * session_search_started_idx (a rare word) or walks that index back checking the word (a common one); either way only
 * the window's matches are read, not every match of the word. The windows are disjoint and in order, so their rows
 * joined are the page a single query would give.
 */
async function searchWordsNewestFirst(db: Sql, s: HistorySearch): Promise<HistoryResult> {
  const rows: Row[] = [];
  const lowest = s.from ? Date.parse(s.from) : null;
  let upper: number | null = null; // the window's end (exclusive); null: none (the newest window)
  const top = Math.min(
    s.to ? Date.parse(s.to) : Number.POSITIVE_INFINITY,
    s.after ? Date.parse(String(s.after.key)) + 1 : Number.POSITIVE_INFINITY,
  );
  let end = Number.isFinite(top) ? top : Date.now();
  let size = FIRST_WINDOW_MS;
  for (let i = 0; rows.length <= s.limit; i++) {
    // The last window reaches back to `from` (or the beginning); so does any window that gets there first.
    const lower = i >= MAX_WINDOWS - 1 ? lowest : Math.max(end - size, lowest ?? Number.NEGATIVE_INFINITY);
    rows.push(...(await searchWindow(db, s, lower, upper, s.limit + 1 - rows.length)));
    if (lower === null || lower === lowest) break;
    upper = end = lower;
    size *= WINDOW_GROWTH;
  }
  return toPage(rows, s, false);
}

/** One window of searchWordsNewestFirst: `[lower, upper)` (null: unbounded), at most `limit` rows, newest first. */
async function searchWindow(
  db: Sql,
  s: HistorySearch,
  lower: number | null,
  upper: number | null,
  limit: number,
): Promise<Row[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const { where, tsquery } = historyWhere(s, p, true);
  if (lower !== null) where.push(`x.started_at >= ${p(new Date(lower).toISOString())}::timestamptz`);
  if (upper !== null) where.push(`x.started_at < ${p(new Date(upper).toISOString())}::timestamptz`);
  if (s.after) where.push(`(x.started_at, x.session_id) < (${p(s.after.key)}::timestamptz, ${p(s.after.id)})`);
  const options = p(HEADLINE_OPTIONS);
  const sql = `
    select page.summary, page.duration_ms, page.k, page.id,
      (select ts_headline('simple', x.body, ${tsquery}, ${options})
       from session_search x where x.session_id = page.id) as match
    from (
      select s.id, s.summary, s.duration_ms::float8 as duration_ms, x.started_at as ord,
        to_char(x.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as k
      from session_search x join sessions s on s.id = x.session_id
      where ${where.join(' and ')}
      order by x.started_at desc, x.session_id desc
      limit ${p(limit)}
    ) page
    order by page.ord desc, page.id desc`;
  return db.query<Row>(sql, params);
}

/** Rows (one more than a page when more follow) as the page and its cursor. */
function toPage(rows: Row[], s: HistorySearch, byDuration: boolean): HistoryResult {
  const more = rows.length > s.limit;
  const page = more ? rows.slice(0, s.limit) : rows;
  const items = page.map(
    (r): HistoryItem => ({
      ...r.summary,
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
      match: r.match === null ? null : markMatches(r.match),
    }),
  );
  const last = page[page.length - 1];
  const next: HistoryPosition | null =
    more && last ? { key: byDuration ? Number(last.k) : String(last.k), id: last.id } : null;
  return { items, next };
}
