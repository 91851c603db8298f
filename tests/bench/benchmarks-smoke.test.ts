/**
 * Benchmarks cannot rot: every bench runs in its smoke mode (`--smoke`: the same code paths, a tiny load, a few
 * seconds) as its own process, one after another, and must exit 0 and print its table. Targets are not judged
 * here (a smoke load meets none of them on purpose); a crash, a hang or a bench that measured nothing fails.
 * The live bench also runs on PostgreSQL when DATABASE_URL is set (a fresh database of its own, as
 * bench/live/server-process.ts creates); the scale-out bench runs only when DATABASE_URL and REDIS_URL are both set (a
 * database and a Redis prefix of its own); the history search bench runs on PGlite, and on PostgreSQL too when
 * DATABASE_URL is set (its own database, livespace_bench_history_smoke_<pid>, dropped at the end); the others run on
 * the embedded default.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Each bench limits its own smoke run to 60–90 s; this is the backstop. */
const LIMIT_MS = 120_000;

interface SmokeRun {
  code: number | null;
  signal: string | null;
  output: string;
  seconds: number;
}

/** Runs `node --import tsx bench/<args>` from the repository root; its whole process group is killed at the limit. */
function runBench(args: string[]): Promise<SmokeRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // Its own process group, so the servers and clients it started go with it if it has to be killed.
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      output += b.toString();
    });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      output += `\n[smoke test: no exit within ${LIMIT_MS / 1000} s, killed]`;
      killGroup();
    }, LIMIT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Whatever it left behind (it should have stopped everything itself).
      killGroup();
      resolve({ code, signal, output, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** Each bench, and what its table always holds (header and figure names, whatever the values). */
const BENCHES: Array<{ name: string; args: string[]; expect: string[] }> = [
  {
    name: 'bench:live',
    args: ['bench/live-load.bench.ts', '--smoke'],
    expect: [
      'Live load on PGlite (embedded)',
      'live calls',
      'session:<id> latency p99',
      'store lag p99',
      'Saturation:',
      'delivered events/s: gateway',
      'gateway / ws batched',
      'gateway / socket.io',
    ],
  },
  {
    name: 'bench:audio',
    args: ['bench/audio-calls.bench.ts', '--smoke'],
    expect: ['delivered%', 'late>10ms%', 'Largest step on time:'],
  },
  {
    name: 'bench:voice',
    args: ['bench/voice-calls.bench.ts', '--smoke'],
    expect: ['calls kept', 'live avg', 'late>40ms%', 'target: ≥ 400 calls live and on time'],
  },
  {
    name: 'bench:listen',
    args: ['bench/listeners.bench.ts', '--smoke'],
    expect: ['listeners  join fail', 'baseline', 'listeners held with CPU < 80% of a core'],
  },
  {
    name: 'bench:barge',
    args: ['bench/barge-latency.bench.ts', '--smoke'],
    expect: ['barges answered 200', 'first frames seen', 'request → first frame p99'],
  },
  {
    name: 'bench:escalations',
    args: ['bench/escalations.bench.ts', '--smoke'],
    expect: ['escalations on every screen', 'escalation → screen p99', 'double claims', 'claim latency p99'],
  },
  {
    name: 'bench:campaign',
    args: ['bench/campaign.bench.ts', '--smoke'],
    expect: ['CSV import (HTTP round trip)', 'most calls up at once', 'final counters = CSV personas'],
  },
  {
    name: 'bench:mixed',
    args: ['bench/mixed-load.bench.ts', '--smoke'],
    expect: [
      'mixed load:',
      'media ticks > 40 ms late',
      'barge → first frame p50 / p99',
      'event → committed p99',
      'main loop delay p99',
    ],
  },
  {
    name: 'bench:tab',
    args: ['bench/live-tab.bench.ts', '--smoke'],
    expect: [
      'Live Calls tab: Chromium CPU (all processes)',
      'page main thread busy',
      'baseline, whole topic parsed only',
    ],
  },
  ...(process.env.DATABASE_URL && process.env.REDIS_URL
    ? [
        {
          name: 'bench:scale',
          args: ['bench/scale-out.bench.ts', '--smoke'],
          expect: [
            'Scale-out on PostgreSQL + Redis',
            '3 processes × 10',
            'session:<id> p50 / p99 (watched on another process)',
            'store lag p99 (worst process)',
          ],
        },
      ]
    : []),
  {
    name: 'bench:twilio',
    args: ['bench/twilio-streams.bench.ts', '--smoke'],
    expect: ['calls streaming', 'AI text → first frame p99', 'protocol errors seen by Twilio'],
  },
  // 2,000 seeded sessions searched through the store (PGlite; PostgreSQL too when DATABASE_URL is set, in a database of
  // its own).
  {
    name: 'bench:history',
    args: ['bench/history-search.bench.ts', '--smoke'],
    expect: [
      'History search (searchSessions',
      'seed (rows, then indexes + ANALYZE)',
      'page: number (E.164 typed national) p50/p95/p99',
      'page: rare word p50/p95/p99',
      'page: common word p50/p95/p99',
      'page: phrase p50/p95/p99',
    ],
  },
  {
    name: 'bench:analytics',
    args: ['bench/analytics.bench.ts', '--smoke'],
    expect: [
      "Analytics (the store's analytics SQL",
      '30-day summary p50/p95',
      '30-day series by day: service level p50/p95',
      '30-day agents p50/p95',
    ],
  },
  // The built server (npm test builds first): one start on an empty data folder.
  {
    name: 'bench:start',
    args: ['bench/start.bench.ts', '--smoke'],
    expect: ['spawn → /healthz 200 (empty data folder)', 'idle RSS (1 s after healthy)'],
  },
  // The runner itself, on one short bench: it passes --smoke on and sums up.
  {
    name: 'bench (bench/run.ts)',
    args: ['bench/run.ts', '--smoke', '--only', 'audio'],
    expect: ['audio-calls.bench.ts --smoke', 'delivered%', '=== benches (smoke)', 'audio calls    ran in'],
  },
];

describe('benchmarks, smoke mode (--smoke)', () => {
  for (const b of BENCHES) {
    it(`${b.name}: node --import tsx ${b.args.join(' ')} exits 0 and prints its table`, {
      timeout: LIMIT_MS + 30_000,
    }, async () => {
      const r = await runBench(b.args);
      const tail = `\n--- output (last 4,000 characters) ---\n${r.output.slice(-4000)}`;
      console.log(`# ${b.name}: exit ${r.code ?? r.signal} in ${r.seconds.toFixed(1)} s`);
      assert.equal(r.code, 0, `exit ${r.code ?? r.signal} after ${r.seconds.toFixed(1)} s${tail}`);
      assert.match(r.output, /SMOKE RUN \(--smoke\)/, `no smoke banner: --smoke not taken${tail}`);
      for (const text of b.expect) assert.ok(r.output.includes(text), `the table lacks "${text}"${tail}`);
    });
  }
});
