/**
 * Barge latency: from the HTTP request to the first audio frame of the barged words leaving for the
 * carrier, speech synthesis included. The real server with espeak-ng speech keeps `--calls` simulated
 * voice calls live (talking callers, the AI answering); `--barges` barges, each with words never said
 * before (so no synthesis cache helps), are spread over the live calls at `--rate` per second. The
 * server logs each barge's latency as its first frame is taken by the 20 ms media clock; this bench
 * reads those lines, and times the HTTP answers itself. Self-terminating (~40 s).
 *   node --import tsx bench/barge-latency.bench.ts [--calls 100] [--barges 200] [--rate 10] [--warmup 10]
 *     [--espeak auto|native|wasm] [--smoke]
 * --smoke: 3 calls, 3 barges at 3 a second after 3 s, to check the bench works (fails when no barge's first frame is
 * seen).
 */
import { parseArgs } from 'node:util';
import { startServerProcess } from './live/server-process';
import { keepCallsUp } from './live/keep-calls';
import { metricValue, scrape } from './live/prom';
import { watchProcess } from './live/proc-stats';
import { renderTable } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    calls: { type: 'string' },
    barges: { type: 'string' },
    rate: { type: 'string' },
    warmup: { type: 'string' },
    espeak: { type: 'string', default: 'auto' },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const CALLS = Number(pick(values.calls, '100', '3', SMOKE));
const BARGES = Number(pick(values.barges, '200', '3', SMOKE));
const RATE = Number(pick(values.rate, '10', '3', SMOKE));
const WARMUP_S = Number(pick(values.warmup, '10', '3', SMOKE));
const TARGET_P99_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
if (SMOKE) smokeBanner('barge bench');
hardLimit('barge bench', SMOKE ? 60 : 180);

const WORDS = ['account', 'payment', 'plan', 'manager', 'balance', 'refund', 'invoice', 'transfer', 'update', 'record'];
/** Ten-odd words no line has said before: synthesis runs for real every time. */
function bargeText(n: number): string {
  return `Please hold on for a moment, your ${WORDS[n % WORDS.length]} reference is ${1000 + n * 7}.`;
}

function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const latencies: number[] = [];
/** First frames seen per session, to explain barges whose words never played. */
const spokenOn = new Map<string, number>();
let engine = '?';
let logBuffer = '';
const server = await startServerProcess({
  env: { LIVESPACE_TTS: 'espeak', LIVESPACE_ESPEAK: values.espeak, LOG_LEVEL: 'info' },
  onOutput: (chunk) => {
    logBuffer += chunk;
    const lines = logBuffer.split('\n');
    logBuffer = lines.pop()!;
    for (const l of lines) {
      if (l.includes('"engine"')) engine = (JSON.parse(l) as { engine: string }).engine;
      if (!l.includes('barge first frame sent')) continue;
      const entry = JSON.parse(l) as { sessionId: string; latencyMs: number };
      latencies.push(entry.latencyMs);
      spokenOn.set(entry.sessionId, (spokenOn.get(entry.sessionId) ?? 0) + 1);
    }
  },
});
let ran = false;
let calls: { stop(): void } | null = null;
try {
  const agents = await server.api<{ items: Array<{ id: string; name: string }> }>('/api/agents');
  // The sales flow keeps a talking caller going longest (its questions take any answer).
  const agent = agents.items.find((a) => /sales/i.test(a.name)) ?? agents.items[0]!;
  calls = keepCallsUp(server, CALLS, { agentId: agent.id });
  await sleep(WARMUP_S * 1000);

  const proc = watchProcess(server.pid);
  const http: number[] = [];
  const refused: Record<string, number> = {};
  const bargedOn = new Map<string, number>();
  let sent = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  while (sent < BARGES) {
    const live = await server.api<{ items: Array<{ id: string; state: string; channel: string }> }>(
      '/api/sessions?state=live',
    );
    const voice = live.items.filter((s) => s.channel === 'voice' && s.state === 'ai_active');
    const batch = Math.min(RATE, BARGES - sent);
    for (let i = 0; i < batch && voice.length > 0; i++) {
      const session = voice[Math.floor(Math.random() * voice.length)]!;
      const n = sent++;
      inFlight.push(
        (async () => {
          await sleep((i * 1000) / RATE);
          const t0 = performance.now();
          const r = await fetch(`${server.url}/api/sessions/${session.id}/barge`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text: bargeText(n) }),
          });
          http.push(performance.now() - t0);
          if (r.status === 200) bargedOn.set(session.id, (bargedOn.get(session.id) ?? 0) + 1);
          else {
            const code = ((await r.json()) as { error?: { code?: string } }).error?.code ?? String(r.status);
            refused[code] = (refused[code] ?? 0) + 1;
          }
        })(),
      );
    }
    await sleep(1000);
  }
  await Promise.all(inFlight);
  await sleep(2000); // the last barges' synthesis and first frames
  const stats = proc.stop();
  calls.stop();
  calls = null;
  const seconds = (performance.now() - started) / 1000;
  const m = await scrape(server.url);
  const liveVoice = metricValue(m, 'livespace_live_sessions', { channel: 'voice' });

  // Barges whose words never played: on calls that ended first (the caller or the flow hung up), or not.
  let unplayedOnEnded = 0;
  let unplayedLive = 0;
  for (const [id, n] of bargedOn) {
    const missing = n - (spokenOn.get(id) ?? 0);
    if (missing <= 0) continue;
    const d = await server.api<{ state: string }>(`/api/sessions/${id}`);
    if (d.state === 'ended') unplayedOnEnded += missing;
    else unplayedLive += missing;
  }
  const lat = [...latencies].sort((a, b) => a - b);
  const h = [...http].sort((a, b) => a - b);
  const p99 = quantile(lat, 0.99);
  const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(1)} ms`);
  console.log(
    `\nbarge latency: ${sent} barges over ${seconds.toFixed(1)} s, ${CALLS} voice calls kept live (espeak-ng ${engine}, sales agent, chatter callers; ${liveVoice} live at the end)\n`,
  );
  console.log(
    renderTable(
      ['value'],
      [
        {
          figure: 'barges answered 200',
          target: `of ${sent} sent`,
          cells: [{ value: String(sent - Object.values(refused).reduce((a, b) => a + b, 0)) }],
          ...(Object.keys(refused).length
            ? {
                note: `refused: ${JSON.stringify(refused)} (a call ended or was not ai_active between the pick and the barge)`,
              }
            : {}),
        },
        {
          figure: 'first frames seen',
          target: 'every answered barge',
          cells: [{ value: String(lat.length), pass: unplayedLive === 0 }],
          note: `not played: ${unplayedOnEnded} on calls that ended before the words played, ${unplayedLive} on live calls`,
        },
        { figure: 'request → first frame p50', target: '', cells: [{ value: ms(quantile(lat, 0.5)) }] },
        { figure: 'request → first frame p90', target: '', cells: [{ value: ms(quantile(lat, 0.9)) }] },
        {
          figure: 'request → first frame p99',
          target: `< ${TARGET_P99_MS} ms`,
          cells: [{ value: ms(p99), pass: p99 < TARGET_P99_MS }],
        },
        { figure: 'request → first frame max', target: '', cells: [{ value: ms(lat.at(-1) ?? NaN) }] },
        {
          figure: 'HTTP answer p50 / p99',
          target: '',
          cells: [{ value: `${ms(quantile(h, 0.5))} / ${ms(quantile(h, 0.99))}` }],
        },
        {
          figure: 'server CPU (of one core) + espeak host',
          target: '',
          cells: [{ value: `${stats.cpuPercent.toFixed(0)}% + ${stats.childrenCpuPercent.toFixed(0)}%` }],
        },
        { figure: 'server RSS max', target: '', cells: [{ value: `${(stats.rssMaxBytes / 2 ** 20).toFixed(0)} MiB` }] },
      ],
    ),
  );
  ran = measuredSomething('barge bench', { 'barges sent': sent, 'first frames seen': lat.length });
} finally {
  calls?.stop();
  await server.stop();
}
process.exit(ran ? 0 : 1);
