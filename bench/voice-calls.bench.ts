/**
 * How many simulated voice calls WITH AUDIO one server process carries in real time: the real server,
 * espeak-ng speech for every line (caller and AI), talking personas, N calls kept live through the API;
 * the 20 ms media clock's punctuality is read from /metrics. Self-terminating (~40 s per step).
 *   node --import tsx bench/voice-calls.bench.ts [--steps 200,400] [--warmup 20] [--measure 20]
 */
import { parseArgs } from 'node:util';
import { startServerProcess, type ServerProcess } from './live/server-process';
import { metricValue, scrape } from './live/prom';
import { watchProcess } from './live/proc-stats';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '200,400' },
    warmup: { type: 'string', default: '20' },
    measure: { type: 'string', default: '20' },
  },
});
const STEPS = values.steps.split(',').map(Number);
const WARMUP_S = Number(values.warmup);
const MEASURE_S = Number(values.measure);
const PERSONAS = ['overdue', 'wants_human', 'callback', 'interested', 'not_interested'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StepFigures {
  target: number;
  liveVoiceAvg: number;
  pacedCallsAvg: number;
  ticks: number;
  late10Pct: number;
  late40Pct: number;
  skipped: number;
  p99LateMs: number;
  cpuPercent: number;
  rssMaxMiB: number;
  callsPlaced: number;
}

/** Keeps `target` voice calls live: calls end when their conversation does, new ones replace them. */
function keepCallsUp(server: ServerProcess, target: number): { stop(): void; placed(): number } {
  let placed = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const live = metricValue(await scrape(server.url), 'livespace_live_sessions', { channel: 'voice' }) || 0;
      const missing = Math.min(100, target - live);
      await Promise.all(Array.from({ length: Math.max(0, missing) }, (_, i) =>
        server.api('/api/simulator/calls', { persona: PERSONAS[(placed + i) % PERSONAS.length], channel: 'voice' }).catch(() => {})));
      placed += Math.max(0, missing);
      await sleep(500);
    }
  };
  void loop();
  return { stop: () => { stopped = true; }, placed: () => placed };
}

async function runStep(target: number): Promise<StepFigures> {
  const server = await startServerProcess({ env: { LIVESPACE_TTS: 'espeak' } });
  try {
    const calls = keepCallsUp(server, target);
    await sleep(WARMUP_S * 1000);
    const before = await scrape(server.url);
    const proc = watchProcess(server.pid);
    const samples: Array<{ live: number; paced: number }> = [];
    for (let s = 0; s < MEASURE_S; s++) {
      await sleep(1000);
      const m = await scrape(server.url);
      samples.push({ live: metricValue(m, 'livespace_live_sessions', { channel: 'voice' }), paced: metricValue(m, 'livespace_media_active_calls') });
    }
    const stats = proc.stop();
    const after = await scrape(server.url);
    calls.stop();
    const d = (name: string) => metricValue(after, name) - metricValue(before, name);
    const ticks = d('livespace_media_clock_ticks');
    const avg = (f: (x: { live: number; paced: number }) => number) => samples.reduce((a, x) => a + f(x), 0) / samples.length;
    return {
      target,
      liveVoiceAvg: avg((x) => x.live),
      pacedCallsAvg: avg((x) => x.paced),
      ticks,
      late10Pct: (100 * d('livespace_media_clock_late_10ms_ticks')) / ticks,
      late40Pct: (100 * d('livespace_media_clock_late_40ms_ticks')) / ticks,
      skipped: d('livespace_media_clock_skipped_ticks'),
      p99LateMs: 1000 * metricValue(after, 'livespace_media_clock_p99_late_seconds'),
      cpuPercent: stats.cpuPercent,
      rssMaxMiB: stats.rssMaxBytes / 2 ** 20,
      callsPlaced: calls.placed(),
    };
  } finally {
    await server.stop();
  }
}

console.log(`voice-calls bench: real server, espeak-ng speech, talking personas; ${WARMUP_S} s warm-up, ${MEASURE_S} s measured per step`);
const rows: StepFigures[] = [];
for (const n of STEPS) {
  console.log(`step: ${n} voice calls`);
  rows.push(await runStep(n));
}
const head = ['calls kept', 'live avg', 'speaking avg', 'ticks', 'late>10ms%', 'late>40ms%', 'skipped', 'p99 late ms*', 'CPU%', 'RSS MiB', 'result'];
console.log(`\n${head.map((h) => h.padStart(12)).join(' ')}`);
for (const r of rows) {
  const onTime = r.late40Pct < 1 && r.skipped === 0;
  const cells = [r.target, r.liveVoiceAvg.toFixed(0), r.pacedCallsAvg.toFixed(0), r.ticks, r.late10Pct.toFixed(2), r.late40Pct.toFixed(2), r.skipped, r.p99LateMs.toFixed(2), r.cpuPercent.toFixed(0), r.rssMaxMiB.toFixed(0), onTime ? 'on time' : 'LATE'];
  console.log(cells.map((c) => String(c).padStart(12)).join(' '));
}
console.log('\n  live avg: voice sessions live; speaking avg: calls with audio being paced at that moment (someone is speaking);');
console.log('  on time: under 1% of 20 ms ticks more than 40 ms late and none skipped. * p99 since the server started (warm-up included).');
console.log(`  target: ≥ 200 calls on time — ${rows.some((r) => r.target >= 200 && r.late40Pct < 1 && r.skipped === 0) ? 'PASS' : 'MISS'}`);
