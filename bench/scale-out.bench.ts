/**
 * Scale-out, measured: server processes on one PostgreSQL database and one Redis bus, the live bench's load
 * (text-only `chatter` calls, ~4.6 events a second each) spread over them, and watchers connected to a process
 * that does not own the calls they watch. First one process alone (the reference), then N processes; each part is
 * printed as it ends.
 *   node --import tsx bench/scale-out.bench.ts [--processes 3] [--calls-per-process 1000] [--warmup 10] [--measure 20]
 *     [--sessions-view live-calls|all] [--smoke]
 * --sessions-view: what the `sessions` watchers subscribe to, as in bench:live (default: the Live Calls tab's view).
 * Needs PostgreSQL (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) and Redis (REDIS_URL, else
 * redis://127.0.0.1:6379); a fresh database and a Redis prefix of its own per run.
 * --smoke: 3 processes × 10 calls, 3 + 3 watchers, 2 s warm-up, 3 s measured.
 * BENCH_CPU_PROF=DIR: every server runs with --cpu-prof into DIR/<n>-processes (read one with
 * `node --import tsx bench/live/profile-summary.ts FILE`).
 *
 * Latency is the watcher's receive time minus the event's time (one machine, one clock). `session:<id>` watchers
 * watch only calls owned by another process: that figure is cross-process. `sessions` watchers see the Live Calls
 * view's rows (or every call), a third of them owned by the process they are connected to.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase } from '../tests/support/test-database';
import { forkChild } from './live/child';
import { count, merge, newHistogram, percentile } from './live/histogram';
import { createLoadAgent, placeCalls } from './live/load-agent';
import {
  SESSIONS_VIEW_OPTION,
  sessionsViewOf,
  type LoadClientIn,
  type LoadClientOut,
  type LoadClientResult,
} from './live/load-protocol';
import { histogramQuantile, metricValue, scrape } from './live/prom';
import { watchProcess } from './live/proc-stats';
import { startServerProcess, type ServerProcess } from './live/server-process';
import { ms, num, renderTable, type Check } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    processes: { type: 'string' },
    'calls-per-process': { type: 'string' },
    warmup: { type: 'string' },
    measure: { type: 'string' },
    ...SESSIONS_VIEW_OPTION,
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const PROCESSES = Number(values.processes ?? '3');
const PER_PROCESS = Number(pick(values['calls-per-process'], '1000', '10', SMOKE));
const WARMUP = Number(pick(values.warmup, '10', '2', SMOKE));
const MEASURE = Number(pick(values.measure, '20', '3', SMOKE));
/** Watchers per process: on `sessions`, and on one `session:<id>` each (of calls another process owns). */
const SESSIONS_WATCHERS = SMOKE ? 1 : 10;
const SESSION_WATCHERS = SMOKE ? 1 : 10;
const { view: SESSIONS_VIEW, label: SESSIONS_VIEW_LABEL } = sessionsViewOf(values['sessions-view']);
const EVENT_LAG = 'livespace_event_commit_lag_seconds';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PartFigures {
  processes: number;
  liveCalls: number;
  eventsPerSecond: number;
  sessionP50: number;
  sessionP99: number;
  sessionsP50: number;
  sessionsP99: number;
  /** The worst process's commit lag p99. */
  storeLagP99: number;
  /** Each process's CPU (100 = one core). */
  cpu: number[];
  watcherCpu: number;
  watchersClosed: number;
  watchedEvents: number;
}

async function reachable(): Promise<{ pgUrl: string; redisUrl: string }> {
  const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
  } catch (err) {
    throw new Error(
      `the scale-out bench needs PostgreSQL: ${pgUrl} does not answer (${String(err)}); set DATABASE_URL`,
    );
  } finally {
    await c.end().catch(() => {});
  }
  const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new Error(`the scale-out bench needs Redis: ${redisUrl} does not answer (${String(err)}); set REDIS_URL`);
  } finally {
    r.disconnect();
  }
  return { pgUrl, redisUrl };
}

/** One part: `n` processes on a fresh database and bus, PER_PROCESS calls placed on each, watchers across processes. */
async function runPart(n: number, pgUrl: string, redisUrl: string, log: (s: string) => void): Promise<PartFigures> {
  const db = await createTestDatabase(pgUrl);
  const redis = { url: redisUrl, prefix: `livespace-bench-${process.pid}-${n}-${Date.now()}:` };
  const servers: ServerProcess[] = [];
  const watchers: Array<ReturnType<typeof forkChild<LoadClientIn, LoadClientOut>>> = [];
  try {
    // The first one migrates the database and seeds the admin; the others start beside it.
    const env = { LIVESPACE_TTS: 'none', LIVESPACE_PARTIAL_MS: '200' };
    const prof = process.env.BENCH_CPU_PROF ? { cpuProfDir: `${process.env.BENCH_CPU_PROF}/${n}-processes` } : {};
    const start = () => startServerProcess({ sharedDatabaseUrl: db.url, redis, env, ...prof });
    servers.push(await start());
    servers.push(...(await Promise.all(Array.from({ length: n - 1 }, start))));
    log(
      `[${n} process${n > 1 ? 'es' : ''}] pids ${servers.map((s) => s.pid).join(', ')}; placing ${PER_PROCESS} calls on each`,
    );
    const agentId = await createLoadAgent(servers[0]!);
    await sleep(1500); // the new agent reaches every process over the bus
    const warmupEnds = performance.now() + WARMUP * 1000;
    const owned = await Promise.all(servers.map((s) => placeCalls(s, agentId, PER_PROCESS, 200 / n)));

    // Watchers of process i: `sessions`, and session:<id> of calls process i+1 owns (with one process: its own).
    for (let i = 0; i < n; i++) {
      const c = forkChild<LoadClientIn, LoadClientOut>(new URL('./live/load-client.ts', import.meta.url));
      watchers.push(c);
      const topics = owned[(i + 1) % n]!.slice(0, SESSION_WATCHERS).map((id) => `session:${id}`);
      c.send({
        type: 'init',
        url: servers[i]!.url,
        token: servers[i]!.token,
        sessionsClients: SESSIONS_WATCHERS,
        ...(SESSIONS_VIEW ? { sessionsView: SESSIONS_VIEW } : {}),
        sessionTopics: topics,
        recordMax: 0,
      });
    }
    await Promise.all(watchers.map((c) => c.next('ready', 120_000)));
    await sleep(Math.max(0, warmupEnds - performance.now()));

    log(`[${n} process${n > 1 ? 'es' : ''}] measuring ${MEASURE} s`);
    const before = await Promise.all(servers.map((s) => scrape(s.url)));
    const procs = servers.map((s) => watchProcess(s.pid));
    const t0 = performance.now();
    for (const c of watchers) c.send({ type: 'start' });
    await sleep(MEASURE * 1000);
    for (const c of watchers) c.send({ type: 'stop' });
    const results: LoadClientResult[] = await Promise.all(watchers.map((c) => c.next('result', 60_000)));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = procs.map((p) => p.stop().cpuPercent);
    const after = await Promise.all(servers.map((s) => scrape(s.url)));

    const session = results.reduce((h, r) => merge(h, r.sessionLatency), newHistogram());
    const sessions = results.reduce((h, r) => merge(h, r.sessionsLatency), newHistogram());
    const committed = after.reduce(
      (sum, a, i) =>
        sum +
        metricValue(a, 'livespace_events_committed_total') -
        metricValue(before[i]!, 'livespace_events_committed_total'),
      0,
    );
    return {
      processes: n,
      liveCalls: after.reduce((sum, a) => sum + metricValue(a, 'livespace_live_sessions'), 0),
      eventsPerSecond: committed / seconds,
      sessionP50: percentile(session, 0.5),
      sessionP99: percentile(session, 0.99),
      sessionsP50: percentile(sessions, 0.5),
      sessionsP99: percentile(sessions, 0.99),
      storeLagP99: Math.max(...after.map((a, i) => 1000 * histogramQuantile(before[i]!, a, EVENT_LAG, 0.99))),
      cpu,
      watcherCpu: results.reduce((sum, r) => sum + (100 * r.cpuSeconds) / (r.seconds || seconds), 0),
      watchersClosed: results.reduce((sum, r) => sum + r.closed, 0),
      watchedEvents: count(session),
    };
  } catch (err) {
    const died = servers.map((s) => s.died()).find(Boolean);
    throw died ? new Error(`${String(err)}\n${died}`) : err;
  } finally {
    for (const c of watchers) c.kill();
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop().catch(() => {});
  }
}

function table(parts: PartFigures[]): string {
  const col = (f: (p: PartFigures) => string) => parts.map((p) => ({ value: f(p) }));
  const checks: Check[] = [
    {
      figure: 'live calls (all processes) · events/s',
      target: '',
      cells: col((p) => `${num(p.liveCalls)} · ${num(p.eventsPerSecond)}`),
    },
    {
      figure: 'session:<id> p50 / p99 (watched on another process)',
      target: 'p99 ≤ 50 ms, same as 1 process',
      cells: parts.map((p) => ({ value: `${ms(p.sessionP50)} / ${ms(p.sessionP99)}`, pass: p.sessionP99 <= 50 })),
    },
    {
      figure: `sessions p50 / p99 (${SESSIONS_VIEW_LABEL})`,
      target: 'p99 ≤ 50 ms',
      cells: parts.map((p) => ({ value: `${ms(p.sessionsP50)} / ${ms(p.sessionsP99)}`, pass: p.sessionsP99 <= 50 })),
    },
    {
      figure: 'store lag p99 (worst process)',
      target: '≤ 100 ms',
      cells: parts.map((p) => ({ value: ms(p.storeLagP99), pass: p.storeLagP99 <= 100 })),
    },
    { figure: 'server CPU per process', target: '', cells: col((p) => p.cpu.map((c) => `${c.toFixed(0)}%`).join(' ')) },
    {
      figure: 'watchers CPU · closed',
      target: '',
      cells: col((p) => `${p.watcherCpu.toFixed(0)}% · ${p.watchersClosed}`),
    },
  ];
  return renderTable(
    parts.map((p) => `${p.processes} process${p.processes > 1 ? 'es' : ''} × ${PER_PROCESS}`),
    checks,
  );
}

async function main(): Promise<boolean> {
  if (SMOKE) smokeBanner('scale-out bench');
  hardLimit('scale-out bench', SMOKE ? 90 : 2 * (WARMUP + MEASURE + 120) + (PER_PROCESS * PROCESSES) / 100);
  const { pgUrl, redisUrl } = await reachable();
  const log = (s: string) => console.log(s);
  const parts: PartFigures[] = [];
  for (const n of [1, PROCESSES]) {
    parts.push(await runPart(n, pgUrl, redisUrl, log));
    console.log(
      `\nScale-out on PostgreSQL + Redis, ${MEASURE} s measured (${new Date().toISOString()}):\n${table(parts)}\n`,
    );
  }
  return measuredSomething(
    'scale-out bench',
    Object.fromEntries(parts.map((p) => [`events watched, ${p.processes} processes`, p.watchedEvents])),
  );
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
