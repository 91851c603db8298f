/**
 * The live load the product issue asks for: the real server in its own process, 1,000 simulated text-only
 * calls, 50 clients on `sessions` and 50 on one `session:<id>` each, in other processes; then the gateway,
 * bare ws and socket.io at saturation on the same recorded messages. Prints a table; writes bench/results/.
 *   node --import tsx bench/live-load.bench.ts [--stores pglite,postgres] [--calls 1000] [--warmup 10]
 *        [--measure 30] [--sat-seconds 5] [--profile]
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres when it answers (a fresh database per run).
 * --profile: the load servers run with --cpu-prof; their top hot spots are printed.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runLoad, type LoadRunFigures } from './live/load-run';
import { runSaturation } from './live/saturation/saturation-run';
import { saveRecorded } from './live/saturation/recorded';
import { loadChecks, saturationChecks } from './live/checks';
import { renderTable } from './live/table';
import { hotSpots } from './live/profile-summary';

const { values } = parseArgs({
  options: {
    stores: { type: 'string' },
    calls: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '10' },
    measure: { type: 'string', default: '30' },
    'sat-seconds': { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
  },
});
const CALLS = Number(values.calls);
const WARMUP = Number(values.warmup);
const MEASURE = Number(values.measure);
const SAT_SECONDS = Number(values['sat-seconds']);
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PostgreSQL to run on: DATABASE_URL (must answer), else the local default if it answers, else none. */
async function postgresUrl(): Promise<string | null> {
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

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(RESULTS, { recursive: true });
  const pgUrl = await postgresUrl();
  const wanted = values.stores?.split(',') ?? ['pglite', 'postgres'];
  const stores = wanted.filter((s) => s === 'pglite' || (s === 'postgres' && pgUrl)) as Array<'pglite' | 'postgres'>;
  if (wanted.includes('postgres') && !pgUrl) console.log('PostgreSQL does not answer (set DATABASE_URL): running on PGlite only');

  // Bounded whatever happens: each load run, the saturation phase, and margin for starting and stopping.
  const hardStopMs = stores.length * (WARMUP + MEASURE + 60) * 1000 + 3 * (SAT_SECONDS + 30) * 1000;
  setTimeout(() => { console.error('live bench: hard time limit reached'); process.exit(2); }, hardStopMs).unref();
  // Exit through process.exit so the exit hooks stop the server processes.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));

  console.log(`live bench: node ${process.version}, ${cpus().length} cores; ${CALLS} calls, LIVESPACE_TTS=none, LIVESPACE_PARTIAL_MS=200; ` +
    `50 clients on sessions + 50 on session:<id>; ${WARMUP} s warm-up, ${MEASURE} s measured; stores: ${stores.join(', ')}`);
  const log = (line: string) => console.log(line);
  const runs: LoadRunFigures[] = [];
  const recordedFile = join(RESULTS, 'recorded-session-events.json');
  const profiles: Record<string, string[]> = {};
  for (const store of stores) {
    const profDir = values.profile ? join(RESULTS, `profile-${stamp}-${store}`) : undefined;
    const { figures, recorded } = await runLoad({
      store, ...(store === 'postgres' ? { databaseUrl: pgUrl! } : {}),
      calls: CALLS, sessionsClients: 50, sessionClients: 50, sessionsProcesses: 2,
      warmupSeconds: WARMUP, measureSeconds: MEASURE, recordMax: runs.length === 0 ? 5000 : 0,
      ...(profDir ? { cpuProfDir: profDir } : {}),
    }, log);
    runs.push(figures);
    if (recorded.length > 0) saveRecorded(recordedFile, recorded);
    if (profDir) profiles[store] = printProfile(store, profDir);
  }

  const saturation = await runSaturation({ recordedFile, clients: 50, clientProcesses: 2, batchSize: 100, warmupSeconds: 2, measureSeconds: SAT_SECONDS }, log);

  const load = loadChecks(runs, CALLS);
  const sat = saturationChecks(saturation);
  console.log(`\nLive load (${CALLS} calls; latency = client receive time − event time, same clock)\n`);
  console.log(renderTable(runs.map((r) => (r.store === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL')), load));
  console.log('\nSaturation: the same recorded session events replayed as fast as each server takes them; 50 clients in 2 processes, each on every recorded session topic\n');
  console.log(renderTable(['value'], sat));
  const file = join(RESULTS, `live-${stamp}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: cpus().length, options: { calls: CALLS, warmup: WARMUP, measure: MEASURE, satSeconds: SAT_SECONDS }, load: runs, saturation, checks: { load, saturation: sat }, profiles }, null, 2));
  console.log(`\nFigures written to ${file}`);
}

/** Prints and returns the top hot spots of the server's main thread (its largest profile file). */
function printProfile(store: string, dir: string): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!main) return [];
  const lines = hotSpots(main, 15).map((h) => `${h.percent.toFixed(1).padStart(5)}%  ${h.name}  ← ${h.callers[0]?.name ?? ''}`);
  console.log(`[${store}] server CPU profile (${main}), top self time:\n${lines.join('\n')}`);
  return lines;
}

await main();
