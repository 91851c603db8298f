/**
 * Analytics at scale (issue 17): a seeded set of ended sessions — 1,000,000 over 90 days on PostgreSQL — with their
 * escalations (12 %), supervisor actions (4 %), callbacks and 40 human agents' presence changes, read through the
 * store's own analytics (the SQL `GET /api/analytics/*` runs): the 30-day summary, the 30-day series by day
 * (conversations; service level), today by hour, and the 30-day per-agent figures, in the viewer's zone
 * (Europe/Paris). Target: p95 ≤ 500 ms on PostgreSQL for the 30-day summary (and each 30-day figure).
 *
 *   node --import tsx bench/analytics.bench.ts [--sessions 1000000] [--store postgres|pglite|both]
 *     [--pglite-sessions 100000] [--queries 30] [--keep] [--smoke]
 * PostgreSQL: DATABASE_URL's server (else postgres://postgres@127.0.0.1:5432/test), in its own database
 * `livespace_bench_analytics` (smoke: `…_smoke_<pid>`), dropped at the end unless --keep (a later run with the same
 * size reuses it). PGlite runs a smaller set (--pglite-sessions) in a temporary folder.
 * --smoke: 3,000 sessions, a few queries, on PGlite (and PostgreSQL when DATABASE_URL is set); checks the figures add
 * up.
 */
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { AnalyticsMetric } from '@livespace/protocol';
import { PostgresStore } from '@livespace/adapters/store-postgres/postgres.store';
import { migrate } from '@livespace/adapters/store-postgres/migrate';
import { rebuildRollup } from '@livespace/adapters/store-postgres/analytics.sql';
import { openPostgres, type SqlClient } from '@livespace/adapters/store-postgres/sql-client';
import { openPgliteThread } from '@livespace/adapters/store-postgres/pglite-thread';
import { renderTable, type Check } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    store: { type: 'string' },
    'pglite-sessions': { type: 'string' },
    queries: { type: 'string' },
    keep: { type: 'boolean', default: false },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const SESSIONS = Number(pick(values.sessions, '1000000', '3000', SMOKE));
const PGLITE_SESSIONS = Number(values['pglite-sessions'] ?? (SMOKE ? SESSIONS : Math.min(SESSIONS, 100_000)));
const QUERIES = Number(pick(values.queries, '30', '3', SMOKE));
const KEEP = values.keep && !SMOKE;
const TARGET_MS = 500;
const TZ = 'Europe/Paris';
const DB_NAME = SMOKE ? `livespace_bench_analytics_smoke_${process.pid}` : 'livespace_bench_analytics';
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
const DATA_VERSION = 2;
const HUMANS = 40;
const COMMAND = `node --import tsx bench/analytics.bench.ts ${process.argv.slice(2).join(' ')}`.trim();

if (SMOKE) smokeBanner('analytics bench');
const wanted = (values.store ?? 'both') === 'both' ? ['postgres', 'pglite'] : [values.store!];
if (!wanted.every((s) => s === 'postgres' || s === 'pglite'))
  throw new Error(`--store must be postgres, pglite or both, not ${values.store}`);
const stores = wanted.filter((s) => s === 'pglite' || !SMOKE || process.env.DATABASE_URL) as Array<
  'postgres' | 'pglite'
>;
hardLimit('analytics bench', SMOKE ? 90 : 2 * 3600);

const h = (expr: string, salt: number) =>
  `((hashint8extended((${expr})::bigint, ${salt}) % 1000000 + 1000000) % 1000000)`;

/** Sessions $1…$2 of n over the 90 days before `end`; 12 % escalated (3 queues), of which 80 % answered. */
const sessionsSql = (n: number, end: string) => `
  with b as (
    select g, 's' || substr(md5(g::text), 1, 20) as id,
      timestamptz '${end}' - interval '90 days' * (1 - g::float8 / ${n}) + interval '1 second' * (${h('g', 1)} % 60) as started_at,
      (20000 + ${h('g', 2)} % 600000)::bigint as duration_ms,
      case when ${h('g', 3)} % 100 < 60 then 'voice' when ${h('g', 3)} % 100 < 85 then 'sms' else 'whatsapp' end as channel,
      case when ${h('g', 4)} % 100 < 70 then 'inbound' else 'outbound' end as direction,
      'ag_' || (${h('g', 5)} % 6) as agent_id,
      (array['interested','not_interested','resolved','callback','voicemail', null, null, null])[1 + ${h('g', 8)} % 8] as outcome,
      case when ${h('g', 10)} % 100 < 20 then 'cmp_' || (${h('g', 10)} % 4) end as campaign,
      ${h('g', 9)} % 100 as r,
      ${h('g', 11)} % 100 as hr
    from generate_series($1::int, $2::int) g
  )
  insert into sessions (id, channel, direction, agent_id, state, started_at, ended_at, seq, summary, caller_digits,
    duration_ms, handled_by, queues, health_worst)
  select id, channel, direction, agent_id, 'ended', started_at, started_at + duration_ms * interval '1 millisecond', 3,
    jsonb_build_object('id', id, 'channel', channel, 'direction', direction, 'agentId', agent_id, 'state', 'ended', 'outcome', outcome,
      'outbound', case when campaign is not null then jsonb_build_object('campaignId', campaign) end),
    '1415555' || lpad((g % 10000)::text, 4, '0'), duration_ms,
    case when r < 10 then array['usr_' || (r % ${HUMANS})] else '{}' end,
    case when r < 12 then array[(array['billing','support','collections'])[1 + r % 3]] else '{}' end,
    case when hr < 2 then 2 when hr < 7 then 1 else 0 end
  from b`;

const escalationsSql = `
  insert into escalations (id, session_id, queue, priority, reason, status, waiting_since, claimed_by, claimed_by_name,
    claimed_at, ended_at, resolution, notes, channel, caller_number, caller_name, agent_name)
  select 'e' || s.id, s.id, s.queues[1], 'normal', (array['wants_human','billing_dispute','complaint'])[1 + (hashtext(s.id) & 3) % 3],
    case when s.handled_by <> '{}' then 'resolved' else 'abandoned' end,
    s.started_at + interval '30 seconds',
    s.handled_by[1], s.handled_by[1], case when s.handled_by <> '{}' then s.started_at + interval '30 seconds' + interval '1 second' * ((hashtext(s.id) & 1023) % 120) end,
    s.ended_at + interval '20 seconds', case when s.handled_by <> '{}' then 'resolved' end, null, s.channel, '+' || s.caller_digits, null, s.agent_id
  from sessions s where s.queues <> '{}' and s.id = any(select 's' || substr(md5(g::text), 1, 20) from generate_series($1::int, $2::int) g)`;

const actionsSql = `
  insert into session_actions (id, session_id, action, user_id, user_name, text, result, error, at)
  select 'a' || s.id, s.id, (array['whisper','barge','takeover','listen','end'])[1 + (hashtext(s.id) & 7) % 5], 'sup_' || (hashtext(s.id) & 3), 'Supervisor', null, 'ok', null,
    s.started_at + interval '10 seconds'
  from sessions s where (hashtext(s.id) & 255) < 10 and s.id = any(select 's' || substr(md5(g::text), 1, 20) from generate_series($1::int, $2::int) g)`;

async function seed(
  db: SqlClient,
  n: number,
  log: (s: string) => void,
): Promise<{ seeded: boolean; seconds: number; end: string }> {
  const meta = await db
    .query<{ sessions: number; version: number; complete: boolean; seconds: number; end_at: string }>(
      `select * from bench_analytics_meta`,
    )
    .catch(() => []);
  const m = meta[0];
  if (m?.complete && Number(m.sessions) === n && Number(m.version) === DATA_VERSION) {
    log(`  found a seeded set of ${n.toLocaleString('en-US')} sessions (kept): seeding skipped`);
    return { seeded: false, seconds: Number(m.seconds), end: new Date(m.end_at).toISOString() };
  }
  if (m) throw new Error('the database holds another (or an unfinished) seeded set');
  await migrate(db);
  // The data ends at the next hour, so "today" and the last 30 days are full of it.
  const end = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000).toISOString();
  await db.query(
    `create table bench_analytics_meta (sessions int, version int, complete boolean, seconds float8, end_at timestamptz)`,
  );
  await db.query(`insert into bench_analytics_meta values ($1, $2, false, 0, $3)`, [n, DATA_VERSION, end]);
  const t0 = performance.now();
  for (let i = 0; i < HUMANS; i++) {
    await db.query(
      `insert into users (id, email, name, role, queues, password_hash) values ($1, $2, $3, 'agent', '["billing"]', 'x')`,
      [`usr_${i}`, `u${i}@bench.local`, `Agent ${i}`],
    );
  }
  // Presence: each agent works 8 hours a day over the 90 days, busy for a quarter of it.
  await db.query(`
    insert into presence_changes (user_id, status, at)
    select 'usr_' || u, st, timestamptz '${end}' - interval '90 days' + interval '1 day' * d + interval '1 hour' * (7 + u % 4) + off
    from generate_series(0, ${HUMANS - 1}) u, generate_series(0, 89) d,
      (values ('available', interval '0'), ('busy', interval '2 hours'), ('available', interval '4 hours'), ('away', interval '6 hours'), ('offline', interval '8 hours')) v(st, off)`);
  await db.query(`
    insert into callbacks (id, status, due_at, claimed_by, updated_at, data)
    select 'cb' || g, (array['completed','missed','failed','canceled'])[1 + g % 4], timestamptz '${end}' - interval '90 days' * (g::float8 / ${Math.max(1, Math.floor(n / 100))}), null, now(), '{}'::jsonb
    from generate_series(1, ${Math.max(1, Math.floor(n / 100))}) g`);
  const BATCH = db.kind === 'postgres' ? 25_000 : 10_000;
  for (let lo = 1; lo <= n; lo += BATCH) {
    const hi = Math.min(n, lo + BATCH - 1);
    await db.transaction(async (tx) => {
      if (db.kind === 'postgres') await tx.query(`set local synchronous_commit = off`);
      await tx.query(sessionsSql(n, end), [lo, hi]);
      await tx.query(escalationsSql, [lo, hi]);
      await tx.query(actionsSql, [lo, hi]);
    });
    if ((hi / BATCH) % 8 === 0 || hi === n) {
      const s = (performance.now() - t0) / 1000;
      log(`  seeded ${hi.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} sessions in ${s.toFixed(0)} s`);
    }
  }
  // The rollup as appendEvents keeps it (the seeding wrote the sessions table directly).
  const tr = performance.now();
  await rebuildRollup(db);
  log(`  analytics rollup made in ${((performance.now() - tr) / 1000).toFixed(0)} s`);
  for (const t of ['sessions', 'escalations', 'session_actions', 'presence_changes', 'callbacks', 'analytics_sessions'])
    await db.query(`vacuum (analyze) ${t}`);
  const seconds = (performance.now() - t0) / 1000;
  await db.query(`update bench_analytics_meta set complete = true, seconds = $1`, [seconds]);
  log(`  seeded in ${seconds.toFixed(0)} s`);
  return { seeded: true, seconds, end };
}

interface Figure {
  name: string;
  p50: number;
  p95: number;
  n: number;
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function measure(store: PostgresStore, end: string, n: number, log: (s: string) => void): Promise<Figure[]> {
  const endMs = Date.parse(end);
  const day = 86_400_000;
  // Windows ending at the data's end (the view's usual "last 30 days"), then shifted back a day each, so a cache of one
  // answer does not flatter.
  const window = (i: number, days: number) => ({
    from: new Date(endMs - (i + days) * day),
    to: new Date(endMs - i * day),
  });
  const kinds: Array<{ name: string; run: (i: number) => Promise<unknown> }> = [
    {
      name: '30-day summary',
      run: (i) => {
        const w = window(i, 30);
        return store.analyticsSummary(w.from, w.to, TZ, 60);
      },
    },
    {
      name: '30-day series by day: conversations',
      run: (i) => {
        const w = window(i, 30);
        return store.analyticsSeries(w.from, w.to, TZ, 'day', 'conversations', 60);
      },
    },
    {
      name: '30-day series by day: service level',
      run: (i) => {
        const w = window(i, 30);
        return store.analyticsSeries(w.from, w.to, TZ, 'day', 'serviceLevelPercent', 60);
      },
    },
    {
      name: 'today by hour: conversations',
      run: (i) => {
        const w = window(i, 1);
        return store.analyticsSeries(w.from, w.to, TZ, 'hour', 'conversations' as AnalyticsMetric, 60);
      },
    },
    {
      name: '30-day agents',
      run: (i) => {
        const w = window(i, 30);
        return store.analyticsHumanAgents(w.from, w.to, new Date(endMs));
      },
    },
    {
      name: '7-day summary',
      run: (i) => {
        const w = window(i, 7);
        return store.analyticsSummary(w.from, w.to, TZ, 60);
      },
    },
  ];
  const out: Figure[] = [];
  for (const k of kinds) {
    await k.run(0); // warm-up
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const t = performance.now();
      await k.run(i % 20);
      times.push(performance.now() - t);
    }
    const f = { name: k.name, p50: pct(times, 50), p95: pct(times, 95), n: times.length };
    log(`  ${k.name}: p50 ${f.p50.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms (n=${f.n})`);
    out.push(f);
  }
  if (SMOKE) {
    // The figures add up: the 90 days hold every seeded session.
    const all = await store.analyticsSummary(new Date(endMs - 91 * day), new Date(endMs + day), TZ, 60);
    if (all.conversations !== n)
      throw new Error(`the 90-day summary counts ${all.conversations} conversations of ${n}`);
    const series = await store.analyticsSeries(
      new Date(endMs - 91 * day),
      new Date(endMs + day),
      TZ,
      'day',
      'conversations',
      60,
    );
    const sum = series.reduce((s, p) => s + (p.value ?? 0), 0);
    if (sum !== n) throw new Error(`the daily series adds up to ${sum} of ${n}`);
  }
  return out;
}

interface Run {
  store: 'postgres' | 'pglite';
  sessions: number;
  seed: { seeded: boolean; seconds: number };
  figs: Figure[];
}

async function runPostgres(log: (s: string) => void): Promise<Run> {
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_PG;
  const url = new URL(adminUrl);
  url.pathname = `/${DB_NAME}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [DB_NAME])).rowCount! > 0;
  if (exists && !KEEP) await admin.query(`drop database ${DB_NAME} with (force)`);
  if (!exists || !KEEP) await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  try {
    const raw = await openPostgres(url.toString());
    let seeded;
    try {
      seeded = await seed(raw, SESSIONS, log);
    } finally {
      await raw.close();
    }
    const store = await PostgresStore.open({ databaseUrl: url.toString(), dataDir: '' });
    try {
      return {
        store: 'postgres',
        sessions: SESSIONS,
        seed: seeded,
        figs: await measure(store, seeded.end, SESSIONS, log),
      };
    } finally {
      await store.close();
    }
  } finally {
    if (!KEEP) {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${DB_NAME} with (force)`);
      await a.end();
    } else log(`  kept database ${DB_NAME}`);
  }
}

async function runPglite(log: (s: string) => void): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'livespace-bench-analytics-'));
  try {
    const raw = await openPgliteThread(dir);
    let seeded;
    try {
      seeded = await seed(raw, PGLITE_SESSIONS, log);
    } finally {
      await raw.close();
    }
    const store = await PostgresStore.open({ dataDir: dir });
    try {
      return {
        store: 'pglite',
        sessions: PGLITE_SESSIONS,
        seed: seeded,
        figs: await measure(store, seeded.end, PGLITE_SESSIONS, log),
      };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const log = (s: string) => console.log(s);
console.log(
  `analytics bench: node ${process.version}, ${cpus().length} cores; stores ${stores.join(', ')}; PostgreSQL ${SESSIONS.toLocaleString('en-US')} sessions, ` +
    `PGlite ${PGLITE_SESSIONS.toLocaleString('en-US')}, over 90 days; ${QUERIES} queries a figure; zone ${TZ}`,
);
const runs: Run[] = [];
for (const s of stores) {
  console.log(`\n${s === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'}:`);
  runs.push(s === 'postgres' ? await runPostgres(log) : await runPglite(log));
}
const columns = runs.map(
  (r) => `${r.store === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${(r.sessions / 1000).toLocaleString('en-US')}k`,
);
const names = runs[0]?.figs.map((f) => f.name) ?? [];
const checks: Check[] = [
  {
    figure: 'seed',
    target: '',
    cells: runs.map((r) => ({ value: `${r.seed.seconds.toFixed(0)} s${r.seed.seeded ? '' : ' (kept)'}` })),
  },
  ...names.map((name) => ({
    figure: `${name} p50/p95`,
    target: name.startsWith('30-day') ? `p95 ≤ ${TARGET_MS} ms (PG)` : '',
    cells: runs.map((r) => {
      const f = r.figs.find((x) => x.name === name)!;
      const value = `${f.p50.toFixed(0)}/${f.p95.toFixed(0)} ms (n=${f.n})`;
      return name.startsWith('30-day') && r.store === 'postgres' ? { value, pass: f.p95 <= TARGET_MS } : { value };
    }),
  })),
];
console.log(`\nAnalytics (the store's analytics SQL, one query at a time)\n${renderTable(columns, checks)}`);
console.log(`\ncommand: ${COMMAND}`);
console.log(
  `target: p95 ≤ ${TARGET_MS} ms on PostgreSQL for 30-day figures at 1,000,000 sessions (PGlite reported, not judged)`,
);
process.exit(
  measuredSomething(
    'analytics bench',
    Object.fromEntries(runs.flatMap((r) => r.figs.map((f) => [`${r.store} ${f.name}`, f.n]))),
  )
    ? 0
    : 1,
);
