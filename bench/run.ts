/**
 * `npm run bench`: every bench in sequence, each in its own process, their figures on stdout, and a record of
 * the run in bench/results/. The audio bench runs short here (steps 200,400 of 5 s); `npm run bench:audio` runs it in
 * full.
 *   node --import tsx bench/run.ts [--smoke] [--only live,audio]
 * --smoke (`npm run bench:smoke`): every bench with --smoke instead (a tiny load each, ~20 s), no record kept.
 * --only: the benches whose name or file contains one of these words.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resultsDir, SMOKE_OPTION } from './smoke';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { ...SMOKE_OPTION, only: { type: 'string' } } });
const SMOKE = values.smoke;
const ONLY = values.only
  ?.split(',')
  .map((w) => w.trim())
  .filter(Boolean);
/** A smoke bench gets this long before it is stopped (each limits itself to 60–90 s first). */
const SMOKE_LIMIT_SECONDS = 120;

// Limits keep the whole run under ~18 minutes; the live bench takes ~2 min, the short audio bench under 1, the voice
// calls ~1.5, the listeners ~1.6, the barges ~0.7, the escalations ~1.2, the campaign ~2.5, the Twilio streams ~1, the
// live tab ~1, the scale-out ~4, the start ~1.5.
const BENCHES: Array<{ name: string; args: string[]; limitSeconds: number }> = [
  { name: 'live load', args: ['bench/live-load.bench.ts'], limitSeconds: 240 },
  {
    name: 'audio calls',
    args: ['bench/audio-calls.bench.ts', '--steps', '200,400', '--seconds', '5'],
    limitSeconds: 100,
  },
  { name: 'voice calls', args: ['bench/voice-calls.bench.ts', '--steps', '200,400'], limitSeconds: 200 },
  { name: 'listeners', args: ['bench/listeners.bench.ts'], limitSeconds: 200 },
  { name: 'barge latency', args: ['bench/barge-latency.bench.ts'], limitSeconds: 150 },
  { name: 'escalations', args: ['bench/escalations.bench.ts'], limitSeconds: 200 },
  { name: 'campaign', args: ['bench/campaign.bench.ts'], limitSeconds: 400 },
  { name: 'mixed load', args: ['bench/mixed-load.bench.ts'], limitSeconds: 200 },
  { name: 'twilio streams', args: ['bench/twilio-streams.bench.ts'], limitSeconds: 200 },
  { name: 'live tab', args: ['bench/live-tab.bench.ts'], limitSeconds: 200 },
  // Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL, else the local defaults).
  { name: 'scale-out', args: ['bench/scale-out.bench.ts'], limitSeconds: 400 },
  // History search on a seeded set, shorter than `npm run bench:history` (1,000,000 sessions on PostgreSQL, ~25 min):
  // 250,000 sessions × 30 events on PostgreSQL (DATABASE_URL, else the local default; its own database, dropped after)
  // and 25,000 on PGlite, 100 queries a kind.
  {
    name: 'history search',
    args: [
      'bench/history-search.bench.ts',
      '--sessions',
      '250000',
      '--pglite-sessions',
      '25000',
      '--queries',
      '100',
      '--seconds-per-kind',
      '30',
    ],
    limitSeconds: 900,
  },
  // Analytics on a seeded set, smaller than `npm run bench:analytics` (1,000,000 sessions on PostgreSQL).
  {
    name: 'analytics',
    args: ['bench/analytics.bench.ts', '--sessions', '250000', '--pglite-sessions', '25000', '--queries', '10'],
    limitSeconds: 900,
  },
  // Starts the built server (`npm run build` first) five times on an empty data folder.
  { name: 'start', args: ['bench/start.bench.ts'], limitSeconds: 200 },
];

/** Runs one bench, echoing and keeping its output; stops it at its time limit. */
function runBench(args: string[], limitSeconds: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      process.stdout.write(b);
      output += b.toString();
    });
    const timer = setTimeout(() => {
      console.error(`bench: ${args[0]} over ${limitSeconds} s, stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, limitSeconds * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

const results: Array<{ name: string; code: number; seconds: number; output: string }> = [];
const chosen = BENCHES.filter((b) => !ONLY || ONLY.some((w) => b.name.includes(w) || b.args[0]!.includes(w)));
if (chosen.length === 0) {
  console.error(`bench: no bench matches --only ${values.only}`);
  process.exit(1);
}
for (const b of chosen) {
  // Smoke: the bench's own smoke load, never the short full-mode arguments above.
  const args = SMOKE ? [b.args[0]!, '--smoke'] : b.args;
  console.log(`\n=== ${b.name}: node --import tsx ${args.join(' ')}\n`);
  const t0 = performance.now();
  const r = await runBench(args, SMOKE ? SMOKE_LIMIT_SECONDS : b.limitSeconds);
  results.push({ name: b.name, code: r.code, seconds: (performance.now() - t0) / 1000, output: r.output });
}
console.log(`\n=== benches${SMOKE ? ' (smoke)' : ''}`);
for (const r of results)
  console.log(`${r.name.padEnd(14)} ${r.code === 0 ? 'ran' : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(0)} s`);
if (!SMOKE)
  writeFileSync(
    join(resultsDir(false), `run-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    JSON.stringify(results, null, 2),
  );
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
