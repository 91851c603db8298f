/**
 * How many simultaneous WebRTC listeners one server process holds with audio flowing and its CPU below
 * 80% of one core (target ≥ 100). The real server (espeak-ng speech) keeps --calls voice calls live, the
 * virtual callers speaking a line every few seconds; listeners join them through POST /api/sessions/:id/listen,
 * spread over the calls, in steps. The listening peers (werift, as a supervisor's browser) run in --clients
 * child processes, so the server's CPU, read from /proc, is its own. Self-terminating (~1.7 min with defaults).
 *   node --import tsx bench/listeners.bench.ts [--steps 25,50,100,150,200] [--calls 20] [--measure 10] [--settle 3]
 *     [--clients 2] [--cpu-prof-dir DIR] [--smoke]
 * --smoke: 2 calls, one step of 2 listeners in 1 client process, 1 s settle, 2 s measured, to check the bench works.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServerProcess, type ServerProcess } from './live/server-process';
import { metricValue, scrape } from './live/prom';
import { watchProcess } from './live/proc-stats';
import type { PeerCounts } from './listen/listener-peer';
import type { FromChild, ToChild } from './listen/protocol';
import { measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    steps: { type: 'string' },
    calls: { type: 'string' },
    measure: { type: 'string' },
    settle: { type: 'string' },
    clients: { type: 'string' },
    /** Write a CPU profile of the server here (read it with bench/live/profile-summary.ts). */
    'cpu-prof-dir': { type: 'string' },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const STEPS = pick(values.steps, '25,50,100,150,200', '2', SMOKE)
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const CALLS = Number(pick(values.calls, '20', '2', SMOKE));
const MEASURE_S = Number(pick(values.measure, '10', '2', SMOKE));
const SETTLE_S = Number(pick(values.settle, '3', '1', SMOKE));
const CLIENTS = Number(pick(values.clients, '2', '1', SMOKE));
const TARGET = 100;
const MIN_PPS = 45;
const MAX_CPU = 80;
/**
 * Lines the virtual callers take turns saying. Each asks for a person, so every seed agent hands the call to a
 * queue at its first question, where it stays (a manual caller never hangs up) and the caller goes on talking.
 */
const LINES = [
  'Can I talk to someone about my letter, please?',
  'I would like to speak to someone, if that is possible.',
  'Could I talk with someone on your team about this?',
  'Hello? I am still waiting to speak to someone here.',
];
const SAY_EVERY_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** CPU milliseconds the whole machine has been busy, all cores. */
const machineBusyMs = () => cpus().reduce((a, c) => a + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);

// Whatever happens, the bench ends (server start, baseline, every step, stopping), printing what it measured.
// A smoke run fails well inside the smoke test's own timeout.
const LIMIT_S = SMOKE ? 75 : 90 + (STEPS.length + 1) * (MEASURE_S + SETTLE_S + 20);
setTimeout(() => {
  console.error(`listeners bench: over its ${LIMIT_S} s limit, stopping`);
  report();
  process.exit(2);
}, LIMIT_S * 1000).unref();
// Stopped from outside (bench/run.ts's limit, Ctrl-C): the same, so the server and the clients go too.
for (const sig of ['SIGTERM', 'SIGINT'] as const)
  process.once(sig, () => {
    report();
    process.exit(2);
  });

/** One forked process of listening peers. */
class Client {
  private readonly proc: ChildProcess;
  private waiting: ((m: FromChild) => void) | null = null;
  constructor() {
    const path = fileURLToPath(new URL('./listen/listener-child.ts', import.meta.url));
    this.proc = fork(path, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (m: FromChild) => {
      const w = this.waiting;
      this.waiting = null;
      w?.(m);
    });
  }
  get pid(): number {
    return this.proc.pid!;
  }
  /** Sends one message and waits for the child's answer (one request at a time), at most `timeoutS`. */
  ask<T extends FromChild['type']>(m: ToChild, expect: T, timeoutS = 15): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`listener client: no answer to ${m.type} in ${timeoutS} s`)),
        timeoutS * 1000,
      );
      this.waiting = (r) => {
        clearTimeout(timer);
        if (r.type === expect) resolve(r as Extract<FromChild, { type: T }>);
        else reject(new Error(`expected ${expect}, got ${r.type}`));
      };
      this.proc.send(m);
    });
  }
  async close(): Promise<void> {
    if (!this.proc.connected) return;
    await this.ask({ type: 'close' }, 'closed', 6).catch(() => {});
    this.proc.kill('SIGKILL');
  }
}

/** Every `SAY_EVERY_MS`, each call's virtual caller says a line (staggered over the period); counts refusals. */
function keepTalking(server: ServerProcess, sessionIds: string[]): { stop(): void; refused(): number } {
  let refused = 0;
  const timers = sessionIds.map((id, i) => {
    let n = i;
    const say = () =>
      void server.api(`/api/simulator/calls/${id}/say`, { text: LINES[n++ % LINES.length] }).catch(() => {
        refused++;
      });
    const start = setTimeout(
      () => {
        say();
        timers[i] = setInterval(say, SAY_EVERY_MS);
      },
      (i * SAY_EVERY_MS) / sessionIds.length,
    );
    return start as NodeJS.Timeout;
  });
  return { stop: () => timers.forEach((t) => clearInterval(t)), refused: () => refused };
}

interface StepFigures {
  listeners: number;
  joinFailed: number;
  joinRetried: number;
  joinSeconds: number;
  receivingPct: number;
  holdingPct: number;
  ppsAvg: number;
  ppsMin: number;
  audiblePct: number;
  lossPct: number;
  late40Pct: number;
  liveCalls: number;
  serverCpu: number;
  serverRssMiB: number;
  clientsCpu: number;
  /** Everything else on the machine: this process, the system, other jobs. */
  othersCpu: number;
  firstError?: string;
}

const held = (r: StepFigures) => r.ppsMin >= MIN_PPS && r.serverCpu < MAX_CPU;

/** Stats of every client's peers, in one flat list, with each child's own time of reading. */
async function snapshot(clients: Client[]): Promise<Array<{ at: number; peers: PeerCounts[] }>> {
  return Promise.all(clients.map((c) => c.ask({ type: 'stats' }, 'stats')));
}

async function runStep(
  server: ServerProcess,
  clients: Client[],
  callIds: string[],
  have: number,
  target: number,
): Promise<StepFigures> {
  // New listener i listens to call i mod calls, from client i mod clients.
  const t0 = performance.now();
  const joins = await Promise.all(
    clients.map((c, k) => {
      const ids: string[] = [];
      for (let i = have; i < target; i++) if (i % clients.length === k) ids.push(callIds[i % callIds.length]!);
      // Worst case: every join of a child's 8 at a time tries three times, each up to its 10 s connect timeout.
      return c.ask(
        { type: 'join', url: server.url, token: server.token, sessionIds: ids },
        'joined',
        30 + Math.ceil(ids.length / 8) * 35,
      );
    }),
  );
  const joinSeconds = (performance.now() - t0) / 1000;
  await sleep(SETTLE_S * 1000);

  const m0 = await scrape(server.url);
  const s0 = await snapshot(clients);
  const proc = watchProcess(server.pid);
  const procs = clients.map((c) => watchProcess(c.pid));
  const busy0 = machineBusyMs();
  const w0 = performance.now();
  await sleep(MEASURE_S * 1000);
  const machineCpu = (100 * (machineBusyMs() - busy0)) / (performance.now() - w0);
  const s1 = await snapshot(clients);
  const stats = proc.stop();
  const clientCpu = procs.reduce((a, p) => a + p.stop().cpuPercent, 0);
  const m1 = await scrape(server.url);

  // Per listener over the window; a listener that failed to join counts as receiving nothing.
  const pps: number[] = [];
  let packets = 0;
  let audible = 0;
  let lost = 0;
  s1.forEach((after, k) => {
    const before = s0[k]!;
    const seconds = (after.at - before.at) / 1000;
    after.peers.forEach((p, i) => {
      const b = before.peers[i] ?? { packets: 0, audible: 0, lost: 0 };
      pps.push((p.packets - b.packets) / seconds);
      packets += p.packets - b.packets;
      audible += p.audible - b.audible;
      lost += p.lost - b.lost;
    });
  });
  while (pps.length < target) pps.push(0);
  const d = (name: string) => metricValue(m1, name) - metricValue(m0, name);
  const firstError = joins.find((j) => j.firstError)?.firstError;
  return {
    listeners: target,
    joinFailed: joins.reduce((a, j) => a + j.failed, 0),
    joinRetried: joins.reduce((a, j) => a + j.retried, 0),
    joinSeconds,
    receivingPct: (100 * pps.filter((x) => x > 0).length) / target,
    holdingPct: (100 * pps.filter((x) => x >= MIN_PPS).length) / target,
    ppsAvg: pps.reduce((a, b) => a + b, 0) / target,
    ppsMin: Math.min(...pps),
    audiblePct: packets ? (100 * audible) / packets : 0,
    lossPct: packets + lost ? (100 * lost) / (packets + lost) : 0,
    late40Pct: (100 * d('livespace_media_clock_late_40ms_ticks')) / d('livespace_media_clock_ticks'),
    liveCalls: metricValue(m1, 'livespace_live_sessions', { channel: 'voice' }),
    serverCpu: stats.cpuPercent,
    serverRssMiB: stats.rssMaxBytes / 2 ** 20,
    clientsCpu: clientCpu,
    othersCpu: Math.max(0, machineCpu - stats.cpuPercent - clientCpu),
    ...(firstError ? { firstError } : {}),
  };
}

const HEAD = [
  'listeners',
  'join fail',
  'join s',
  'receiving%',
  '≥45 pkt/s%',
  'pkt/s avg',
  'pkt/s min',
  'audible%',
  'loss%',
  'late>40ms%',
  'live calls',
  'server CPU%',
  'RSS MiB',
  'clients CPU%',
  'others CPU%',
  'result',
];
/** One table row; the baseline (no listeners) has no listener figures. */
const row = (r: StepFigures) => {
  const l = (v: string) => (r.listeners === 0 ? '-' : v);
  return [
    r.listeners,
    l(String(r.joinFailed)),
    l(r.joinSeconds.toFixed(1)),
    l(r.receivingPct.toFixed(0)),
    l(r.holdingPct.toFixed(0)),
    l(r.ppsAvg.toFixed(1)),
    l(r.ppsMin.toFixed(1)),
    l(r.audiblePct.toFixed(0)),
    l(r.lossPct.toFixed(2)),
    r.late40Pct.toFixed(2),
    r.liveCalls,
    r.serverCpu.toFixed(0),
    r.serverRssMiB.toFixed(0),
    r.clientsCpu.toFixed(0),
    r.othersCpu.toFixed(0),
    r.listeners === 0 ? 'baseline' : held(r) ? 'held' : 'NOT HELD',
  ]
    .map((c, i) => String(c).padStart(HEAD[i]!.length))
    .join('  ');
};

const rows: StepFigures[] = [];
let stoppedEarly = '';
let failed = false;

/** The figures table and the answer, from the rows measured so far. */
function report(): void {
  console.log(`\n${HEAD.join('  ')}`);
  for (const r of rows) console.log(row(r));
  console.log(
    "\n  join fail: new listeners not connected after three tries; join s: until the step's new listeners were connected (ICE + DTLS);",
  );
  console.log(
    `  receiving: listeners that got packets in the window; ≥45 pkt/s: listeners that got at least ${MIN_PPS} a second (50 is every 20 ms frame);`,
  );
  console.log(
    '  audible: packets with a byte far from μ-law silence; loss: missing RTP sequence numbers; late>40ms: media clock ticks that ran late;',
  );
  console.log(
    `  held: every listener ≥ ${MIN_PPS} pkt/s and server CPU < ${MAX_CPU}% of one core. CPU: 100 = one core (the machine has ${cpus().length});`,
  );
  console.log(
    "  clients CPU: the listening peers' processes; others: the rest of the machine (this process, other jobs), as context.",
  );
  if (stoppedEarly) console.log(`  ${stoppedEarly}`);
  const steps = rows.filter((r) => r.listeners > 0);
  const best = steps.filter(held).reduce((a, r) => Math.max(a, r.listeners), 0);
  // Cost per listener from the largest step that held (a saturated server says little about its cost).
  const ref = steps.filter(held).at(-1) ?? steps.at(-1);
  if (rows[0]?.listeners === 0 && ref) {
    const base = rows[0].serverCpu;
    const perListener = (ref.serverCpu - base) / ref.listeners;
    console.log(
      `  server CPU per listener: ${perListener.toFixed(3)}% of a core (step ${ref.listeners} less the ${base.toFixed(0)}% of the calls alone);`,
    );
    if (perListener > 0)
      console.log(
        `  straight-line estimate of listeners at ${MAX_CPU}%: ~${Math.floor((MAX_CPU - base) / perListener)} (an extrapolation, not a measurement)`,
      );
  }
  // Stricter, as context: the 20 ms media clock also on time, as bench/voice-calls.bench.ts judges it.
  const onTime = steps.filter((r) => held(r) && r.late40Pct < 1).reduce((a, r) => Math.max(a, r.listeners), 0);
  console.log(
    `  largest step held with the media clock on time too (under 1% of ticks more than 40 ms late): ${onTime}`,
  );
  const all = steps.length === STEPS.length && steps.every(held);
  console.log(
    `listeners held with CPU < ${MAX_CPU}% of a core: ${all ? '≥ ' : ''}${best}${all ? ' (every step held; larger --steps find the limit)' : ''} (target ≥ ${TARGET}) — ${best >= TARGET ? 'PASS' : 'MISS'}`,
  );
}

if (SMOKE) smokeBanner('listeners bench');
console.log(
  `listeners bench: real server, ${CALLS} voice calls with espeak-ng speech, listeners in ${CLIENTS} client processes; ${SETTLE_S} s settle, ${MEASURE_S} s measured per step`,
);
// The server's werift asks stun.l.google.com for every listener it answers; where DNS drops queries (this
// sandbox), glibc's 5 s resolver timeout would stall joins. One second is enough for a lookup that answers.
const PROF_DIR = values['cpu-prof-dir'];
const server = await startServerProcess({
  env: { LIVESPACE_TTS: 'espeak', RES_OPTIONS: 'timeout:1 attempts:1' },
  ...(PROF_DIR ? { cpuProfDir: PROF_DIR } : {}),
});
const clients = Array.from({ length: CLIENTS }, () => new Client());
let talking: ReturnType<typeof keepTalking> | null = null;
try {
  // Manual callers stay on the line and speak only when told to; the seed agents greet them and speak prompts.
  const agents = (await server.api<{ items: Array<{ id: string }> }>('/api/agents')).items;
  const callIds: string[] = [];
  for (let i = 0; i < CALLS; i++) {
    callIds.push(
      (
        await server.api<{ sessionId: string }>('/api/simulator/calls', {
          persona: 'manual',
          agentId: agents[i % agents.length]!.id,
        })
      ).sessionId,
    );
  }
  talking = keepTalking(server, callIds);
  await sleep(SAY_EVERY_MS); // every caller has said a line (and espeak has synthesized each once)
  // The calls alone first: what the listeners add is measured against this.
  rows.push(await runStep(server, clients, callIds, 0, 0));
  console.log(`baseline, no listeners: server CPU ${rows[0]!.serverCpu.toFixed(0)}%`);
  let have = 0;
  for (const n of STEPS) {
    const r = await runStep(server, clients, callIds, have, n);
    have = n;
    rows.push(r);
    console.log(
      `step ${n}: ${held(r) ? 'held' : 'NOT HELD'} (server CPU ${r.serverCpu.toFixed(0)}%, min ${r.ppsMin.toFixed(1)} pkt/s)${r.firstError ? ` — joins retried: ${r.joinRetried}, first join error: ${r.firstError}` : ''}`,
    );
    const died = server.died();
    if (died) throw new Error(died);
    // Past the limit, larger steps only overload the machine further (and take long to join).
    if (!held(r) && n !== STEPS.at(-1)) {
      stoppedEarly = `steps above ${n} skipped: step ${n} did not hold.`;
      break;
    }
  }
  console.log(`says refused (call gone): ${talking.refused()}`);
} catch (err) {
  failed = true;
  stoppedEarly = `stopped: ${(err as Error).message.split('\n')[0]}`;
  console.error(`listeners bench: ${(err as Error).message}`);
} finally {
  talking?.stop();
  await Promise.all(clients.map((c) => c.close()));
  await server.stop();
}
report();
if (PROF_DIR) console.log(`server CPU profile in ${PROF_DIR}: node --import tsx bench/live/profile-summary.ts <file>`);
// What ran: steps with listeners measured, and packets that reached them (a step that did not hold still counts).
const measured = rows.filter((r) => r.listeners > 0);
const ran = measuredSomething('listeners bench', {
  'listener steps measured': measured.length,
  'listener packets per second (best step average)': Math.max(0, ...measured.map((r) => r.ppsAvg)),
});
process.exit(failed || !ran ? 1 : 0);
