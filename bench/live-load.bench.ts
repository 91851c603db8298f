/**
 * The live load the product issue asks for: the real server in its own process, 1,000 simulated text-only
 * calls, 50 clients on `sessions` and 50 on one `session:<id>` each, in other processes; then the gateway, bare ws
 * (a frame per event, and batched per client every 10 ms) and socket.io at saturation on the same recorded messages.
 * Prints each part's table as it ends; writes bench/results/.
 *   node --import tsx bench/live-load.bench.ts [--stores pglite,postgres] [--calls 1000[,2000,4000]] [--warmup 10]
 *        [--measure 30] [--sat-seconds 5] [--sessions-view live-calls|all] [--profile] [--smoke]
 * --sessions-view: what the `sessions` clients subscribe to: live-calls (default) asks for the window the Live Calls tab
 *   asks for (its first 100 rows and the counts: docs/api.md), every tick (the tab asks for 250 ms between sends); all
 *   asks for every live session (no view), as an integration that lists every call would.
 * Several call counts: a run each, on each store, then a scaling table (a run that cannot get its clients ready or
 * fails says so in its column and the next goes on).
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres when it answers (a fresh database per
 * run).
 * --profile: the load servers run with --cpu-prof; their top hot spots are printed.
 * --smoke: 20 calls, 4 + 4 clients (one process each), 2 s warm-up, 3 s measured, 1 s per saturation server; PGlite
 *   (and PostgreSQL when DATABASE_URL is set); nothing kept in bench/results/.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runLoad, type LoadRunFigures } from './live/load-run';
import { runSaturation, type SaturationFigures } from './live/saturation/saturation-run';
import { SAT_KINDS } from './live/saturation/protocol';
import { SESSIONS_VIEW_OPTION, sessionsViewOf } from './live/load-protocol';
import { saveRecorded } from './live/saturation/recorded';
import { loadChecks, saturationChecks } from './live/checks';
import { renderTable } from './live/table';
import { hotSpots } from './live/profile-summary';
import { hardLimit, measuredSomething, pick, resultsDir, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    stores: { type: 'string' },
    calls: { type: 'string' },
    warmup: { type: 'string' },
    measure: { type: 'string' },
    'sat-seconds': { type: 'string' },
    ...SESSIONS_VIEW_OPTION,
    profile: { type: 'boolean', default: false },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const CALL_COUNTS = pick(values.calls, '1000', '20', SMOKE).split(',').map(Number);
const CALLS = CALL_COUNTS[0]!;
const WARMUP = Number(pick(values.warmup, '10', '2', SMOKE));
const MEASURE = Number(pick(values.measure, '30', '3', SMOKE));
const SAT_SECONDS = Number(pick(values['sat-seconds'], '5', '1', SMOKE));
const { view: SESSIONS_VIEW, label: SESSIONS_VIEW_LABEL } = sessionsViewOf(values['sessions-view']);
const SAT_WARMUP = SMOKE ? 0.5 : 2;
/**
 * Clients on `sessions` (in 2 processes; smoke: 1) and on one `session:<id>` each (in one more); saturation clients (in
 * 2; smoke: 1).
 */
const SESSIONS_CLIENTS = SMOKE ? 4 : 50;
const SESSION_CLIENTS = SMOKE ? 4 : 50;
const CLIENT_PROCESSES = SMOKE ? 1 : 2;
const SAT_CLIENTS = SMOKE ? 4 : 50;
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PostgreSQL to run on: DATABASE_URL (must answer), else the local default if it answers, else none. */
async function postgresUrl(): Promise<string | null> {
  // A smoke run uses PostgreSQL only when it is given (CI), never a local server it happens to find.
  if (SMOKE && !process.env.DATABASE_URL) return null;
  const url = process.env.DATABASE_URL ?? DEFAULT_PG;
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return url;
  } catch (err) {
    if (process.env.DATABASE_URL) throw new Error(`DATABASE_URL does not answer: ${String(err)}`);
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

const storeLabel = (store: string) => (store === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL');

async function main(): Promise<boolean> {
  if (SMOKE) smokeBanner('live bench');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const RESULTS = resultsDir(SMOKE);
  const pgUrl = await postgresUrl();
  const wanted = values.stores?.split(',') ?? (SMOKE && !pgUrl ? ['pglite'] : ['pglite', 'postgres']);
  const stores = wanted.filter((s) => s === 'pglite' || (s === 'postgres' && pgUrl)) as Array<'pglite' | 'postgres'>;
  if (wanted.includes('postgres') && !pgUrl)
    console.log('PostgreSQL does not answer (set DATABASE_URL): running on PGlite only');

  // Bounded whatever happens: each load run (placing its calls takes longer the more there are, a second per 20 calls
  // on a saturated 2-core machine), the saturation phase, and margin for starting and stopping.
  const runSeconds = CALL_COUNTS.reduce((t, calls) => t + WARMUP + MEASURE + 90 + Math.ceil(calls / 20), 0);
  hardLimit('live bench', SMOKE ? 90 : stores.length * runSeconds + SAT_KINDS.length * (SAT_SECONDS + 30));

  console.log(
    `live bench: node ${process.version}, ${cpus().length} cores; ${CALL_COUNTS.join(' / ')} calls, LIVESPACE_TTS=none, LIVESPACE_PARTIAL_MS=200; ` +
      `${SESSIONS_CLIENTS} clients on sessions + ${SESSION_CLIENTS} on session:<id>; ${WARMUP} s warm-up, ${MEASURE} s measured; stores: ${stores.join(', ')}`,
  );
  const log = (line: string) => console.log(line);
  const runs: LoadRunFigures[] = [];
  /** Runs that did not finish (a larger call count the machine could not carry): what stopped them. */
  const failed: Array<{ store: string; calls: number; error: string }> = [];
  let saturation: SaturationFigures[] = [];
  const recordedFile = join(RESULTS, 'recorded-session-events.json');
  const profiles: Record<string, string[]> = {};
  const file = join(RESULTS, `live-${stamp}.json`);
  // Whatever part fails, the figures of the parts before it are printed (as each ends) and written.
  const write = (error?: unknown) => {
    if (SMOKE) return;
    const checks = {
      load: loadChecks(runs, SESSION_CLIENTS, SESSIONS_VIEW_LABEL),
      ...(saturation.length === SAT_KINDS.length ? { saturation: saturationChecks(saturation) } : {}),
    };
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          node: process.version,
          cores: cpus().length,
          options: { calls: CALL_COUNTS, warmup: WARMUP, measure: MEASURE, satSeconds: SAT_SECONDS },
          load: runs,
          failed,
          saturation,
          checks,
          profiles,
          ...(error ? { error: String(error) } : {}),
        },
        null,
        2,
      ),
    );
    console.log(`\nFigures written to ${file}`);
  };
  try {
    for (const store of stores)
      for (const calls of CALL_COUNTS) {
        const profDir = values.profile ? join(RESULTS, `profile-${stamp}-${store}-${calls}`) : undefined;
        let run: Awaited<ReturnType<typeof runLoad>>;
        try {
          run = await runLoad(
            {
              store,
              ...(store === 'postgres' ? { databaseUrl: pgUrl! } : {}),
              calls,
              sessionsClients: SESSIONS_CLIENTS,
              ...(SESSIONS_VIEW ? { sessionsView: SESSIONS_VIEW } : {}),
              sessionClients: SESSION_CLIENTS,
              sessionsProcesses: CLIENT_PROCESSES,
              warmupSeconds: WARMUP,
              measureSeconds: MEASURE,
              recordMax: runs.length === 0 ? 5000 : 0,
              ...(profDir ? { cpuProfDir: profDir } : {}),
            },
            log,
          );
        } catch (err) {
          // The first call count is the one the targets are for: its failure ends the bench; a larger one is a finding.
          if (calls === CALLS) throw err;
          failed.push({ store, calls, error: err instanceof Error ? err.message : String(err) });
          console.log(`\n[${store}] ${calls} calls did not finish: ${failed.at(-1)!.error}\n`);
          continue;
        }
        const { figures, recorded } = run;
        runs.push(figures);
        if (recorded.length > 0) saveRecorded(recordedFile, recorded);
        console.log(
          `\nLive load on ${storeLabel(store)} (${calls} calls; latency = client receive time − event time, same clock)\n`,
        );
        console.log(renderTable([storeLabel(store)], loadChecks([figures], SESSION_CLIENTS, SESSIONS_VIEW_LABEL)));
        console.log('');
        if (profDir) profiles[`${store}-${calls}`] = printProfile(store, profDir);
      }

    saturation = await runSaturation(
      {
        recordedFile,
        clients: SAT_CLIENTS,
        clientProcesses: CLIENT_PROCESSES,
        batchSize: 100,
        warmupSeconds: SAT_WARMUP,
        measureSeconds: SAT_SECONDS,
      },
      log,
    );
    console.log(
      `\nSaturation: the same recorded session events replayed as fast as each server takes them; ${SAT_CLIENTS} clients in ${CLIENT_PROCESSES} process${CLIENT_PROCESSES > 1 ? 'es' : ''}, each on every recorded session topic\n`,
    );
    console.log(renderTable(['value'], saturationChecks(saturation)));
  } catch (err) {
    write(err);
    throw err;
  }

  if (runs.length + failed.length > 1) {
    console.log(`\nLive load, every run (${CALL_COUNTS.join(' / ')} calls)\n`);
    console.log(
      renderTable(
        runs.map((r) => `${storeLabel(r.store)}, ${r.calls}`),
        loadChecks(runs, SESSION_CLIENTS, SESSIONS_VIEW_LABEL),
      ),
    );
    for (const f of failed) console.log(`${storeLabel(f.store)}, ${f.calls} calls: did not finish (${f.error})`);
  }
  write();
  // What ran, not what was asked: live calls, events received on both topics, events delivered by every saturation
  // server.
  return measuredSomething('live bench', {
    'load runs': runs.length,
    ...Object.fromEntries(
      runs.flatMap((r) => [
        [`${r.store} live calls`, r.liveCalls],
        [`${r.store} session:<id> events received/s`, r.sessionEventsPerSecond],
        [`${r.store} sessions events received/s`, r.sessionsEventsPerSecond],
      ]),
    ),
    ...Object.fromEntries(saturation.map((s) => [`${s.kind} delivered events/s`, s.deliveredPerSecond])),
  });
}

/** Prints and returns the top hot spots of the server's main thread (its largest profile file). */
function printProfile(store: string, dir: string): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f));
  const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!main) return [];
  const lines = hotSpots(main, 15).map(
    (h) => `${h.percent.toFixed(1).padStart(5)}%  ${h.name}  ← ${h.callers[0]?.name ?? ''}`,
  );
  console.log(`[${store}] server CPU profile (${main}), top self time:\n${lines.join('\n')}`);
  return lines;
}

process.exit((await main()) ? 0 : 1);
