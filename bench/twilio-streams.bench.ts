/**
 * Twilio Media Streams at scale: `--calls` concurrent Twilio calls (default 200) against one server
 * process, each a real Media Stream from the Twilio stand-in (signed webhook, TwiML, 50 μ-law frames a
 * second in, the AI's paced frames and marks out). Speech recognition is a Deepgram-compatible sink in
 * this process: it answers each call with a caller line every few seconds, so the agent (a loop that
 * repeats what it heard, always new words: synthesis runs every turn) keeps talking; and it times probe
 * frames the phones slip into their audio, from the phone's send to the recogniser's receipt.
 * Measured while all calls are up: server CPU and RSS, AI text → first outbound frame (the server's
 * histogram, synthesis and pacing included; target p99 < 100 ms with the offline synthesis), inbound
 * frame → recogniser, media clock lateness, and what the phones received.
 *   node --import tsx bench/twilio-streams.bench.ts [--calls 200] [--seconds 30] [--turn-ms 4000] [--cpu-prof dir]
 *     [--smoke]
 * --smoke: 3 calls, a caller line every ~1 s, 3 s measured, to check the bench works.
 */
import { parseArgs } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { TwilioStandIn, type StandInPhone } from '../packages/adapters/src/carrier-twilio/testing/twilio.stand-in';
import { SILENCE_FRAME } from '../packages/adapters/src/media/mulaw';
import { freePort } from '../tests/support/free-port';
import { startServerProcess } from './live/server-process';
import { histogramQuantile, metricValue, scrape } from './live/prom';
import { watchProcess } from './live/proc-stats';
import { ms, num, renderTable } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    calls: { type: 'string' },
    seconds: { type: 'string' },
    'turn-ms': { type: 'string' },
    /** Write a CPU profile of the server here (read it with bench/live/profile-summary.ts). */
    'cpu-prof': { type: 'string' },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const CALLS = Number(pick(values.calls, '200', '3', SMOKE));
const SECONDS = Number(pick(values.seconds, '30', '3', SMOKE));
const TURN_MS = Number(pick(values['turn-ms'], '4000', '1000', SMOKE));
const TARGET_P99_MS = 100;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
if (SMOKE) smokeBanner('twilio streams bench');
hardLimit('twilio streams bench', SMOKE ? 60 : 240);

function quantile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

// ── Probe frames: a marker and an id in the first bytes, silence after. ──
const probeSentAt = new Map<number, number>();
const probeDelays: number[] = [];
let probeNo = 0;
function probeFrame(id: number): Uint8Array {
  const f = new Uint8Array(SILENCE_FRAME);
  f.set([0x7e, 0x7e, 0x01, (id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff]);
  return f;
}
function probeId(f: Uint8Array, at: number): number | null {
  return f[at] === 0x7e && f[at + 1] === 0x7e && f[at + 2] === 0x01
    ? (f[at + 3]! << 16) | (f[at + 4]! << 8) | f[at + 5]!
    : null;
}

// ── The recogniser: Deepgram's listen protocol, scripted answers, probe timing. ──
let recogniserStreams = 0;
let recognisedBytes = 0;
const sink = createServer();
const wss = new WebSocketServer({ server: sink, path: '/v1/listen' });
wss.on('connection', (ws) => {
  recogniserStreams++;
  let n = 0;
  const turn = setInterval(
    () => {
      const text = `item number ${++n}`;
      ws.send(
        JSON.stringify({
          type: 'Results',
          is_final: true,
          speech_final: true,
          channel: { alternatives: [{ transcript: text, confidence: 0.99 }] },
        }),
      );
    },
    TURN_MS * (0.8 + Math.random() * 0.4),
  );
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const buf = data as Buffer;
    recognisedBytes += buf.length;
    const now = performance.now();
    for (let at = 0; at + 160 <= buf.length; at += 160) {
      const id = probeId(buf, at);
      const sent = id === null ? undefined : probeSentAt.get(id);
      if (sent !== undefined) {
        probeDelays.push(now - sent);
        probeSentAt.delete(id!);
      }
    }
  });
  ws.on('close', () => clearInterval(turn));
  ws.on('error', () => {});
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const listenUrl = `ws://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/listen`;

// ── Twilio and the server. ──
const account = `AC${randomBytes(16).toString('hex')}`;
const token = randomBytes(16).toString('hex');
const twilio = new TwilioStandIn({ accountSid: account, authToken: token });
const twilioApi = await twilio.start();
const port = await freePort();
const publicUrl = `http://127.0.0.1:${port}`;
let engine = '?';
const server = await startServerProcess({
  env: {
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    TWILIO_ACCOUNT_SID: account,
    TWILIO_AUTH_TOKEN: token,
    TWILIO_API_BASE_URL: twilioApi,
    STT_PROVIDER: 'deepgram',
    DEEPGRAM_API_KEY: 'bench',
    DEEPGRAM_API_URL: listenUrl,
    LIVESPACE_TTS: 'espeak',
    LOG_LEVEL: 'info',
  },
  onOutput: (chunk) => {
    const m = /"engine":"(\w+)"/.exec(chunk);
    if (m) engine = m[1]!;
  },
  ...(values['cpu-prof'] ? { cpuProfDir: values['cpu-prof'] } : {}),
});

let ran = false;
try {
  const agent = await server.api<{ id: string }>('/api/agents', {
    name: 'Echo desk',
    description: 'Repeats what it heard',
    voice: 'en-us+f3',
    flow: {
      start: 'listen',
      nodes: {
        listen: {
          type: 'ask',
          prompt: 'Go ahead, I am listening.',
          intents: [{ name: 'heard', when: { any: true }, capture: 'said', next: 'reply' }],
        },
        reply: { type: 'say', text: 'Thank you. I noted {{said}}. What else?', next: 'listen' },
      },
    },
  });
  const ourNumber = '+14155550160';
  await server.api('/api/numbers', { number: ourNumber, agentId: agent.id, carrier: 'twilio', channels: ['voice'] });

  // Calls come in at 25 a second; each phone slips a probe frame into its audio every second.
  const phones: StandInPhone[] = [];
  const failedCalls: string[] = [];
  const rampStart = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const from = `+1415555${String(1000 + i).padStart(4, '0')}`;
    void twilio.call({ voiceUrl: `${publicUrl}/webhooks/twilio/voice`, from, to: ourNumber }).then(
      (phone) => {
        phones.push(phone);
        let frames = 0;
        phone.onFrameSent = (f) => {
          const id = f[0] === 0x7e ? probeId(f, 0) : null;
          if (id !== null) probeSentAt.set(id, performance.now());
          if (++frames % 50 === 25) phone.say([probeFrame(++probeNo)]);
        };
      },
      (err: unknown) => failedCalls.push(String(err)),
    );
    if (i % 25 === 24) await sleep(1000);
  }
  while (phones.length + failedCalls.length < CALLS && performance.now() - rampStart < 60_000) await sleep(100);
  const rampSeconds = (performance.now() - rampStart) / 1000;
  await sleep(SMOKE ? 1500 : 3000); // greetings, recognisers connected

  // Measured window: every call up, the agent answering every few seconds.
  const before = await scrape(server.url);
  probeDelays.length = 0;
  const heardBefore = phones.reduce((a, p) => a + p.heard.speechFrames, 0);
  const proc = watchProcess(server.pid);
  const driver = watchProcess(process.pid);
  await sleep(SECONDS * 1000);
  const stats = proc.stop();
  const driverStats = driver.stop();
  const after = await scrape(server.url);
  const heard = phones.reduce((a, p) => a + p.heard.speechFrames, 0) - heardBefore;
  const marks = phones.reduce((a, p) => a + p.heard.marks.length, 0);
  const connected = phones.filter((p) => p.connected).length;
  const liveVoice = metricValue(after, 'livespace_live_sessions', { channel: 'voice' });

  const firstFrame = (q: number) => histogramQuantile(before, after, 'livespace_speech_first_frame_seconds', q) * 1000;
  const lines =
    metricValue(after, 'livespace_speech_first_frame_seconds_count') -
    metricValue(before, 'livespace_speech_first_frame_seconds_count');
  const late10 =
    metricValue(after, 'livespace_media_clock_late_10ms_ticks') -
    metricValue(before, 'livespace_media_clock_late_10ms_ticks');
  const ticks = metricValue(after, 'livespace_media_clock_ticks') - metricValue(before, 'livespace_media_clock_ticks');
  const probes = [...probeDelays].sort((a, b) => a - b);
  const p99 = firstFrame(0.99);

  console.log(
    `\ntwilio media streams: ${CALLS} calls (${connected} streaming at the end, ${liveVoice} live sessions), ramp ${rampSeconds.toFixed(1)} s, measured ${SECONDS} s; espeak-ng ${engine}, a caller line every ~${TURN_MS / 1000} s per call\n`,
  );
  console.log(
    renderTable(
      ['value'],
      [
        {
          figure: 'calls streaming',
          target: `${CALLS}`,
          cells: [{ value: `${connected}`, pass: connected === CALLS }],
          ...(failedCalls.length ? { note: `failed: ${failedCalls.slice(0, 3).join('; ')}` } : {}),
        },
        { figure: 'AI lines spoken in the window', target: '', cells: [{ value: num(lines) }] },
        { figure: 'AI text → first frame p50', target: '', cells: [{ value: ms(firstFrame(0.5)) }] },
        {
          figure: 'AI text → first frame p99',
          target: `< ${TARGET_P99_MS} ms`,
          cells: [{ value: ms(p99), pass: p99 < TARGET_P99_MS }],
          note: 'server histogram, interpolated in its bucket',
        },
        { figure: 'inbound frame → recogniser p50', target: '', cells: [{ value: ms(quantile(probes, 0.5)) }] },
        {
          figure: 'inbound frame → recogniser p99',
          target: '',
          cells: [{ value: ms(quantile(probes, 0.99)) }],
          note: `${probes.length} probes`,
        },
        { figure: 'media ticks > 10 ms late', target: '', cells: [{ value: `${num(late10)} of ${num(ticks)}` }] },
        {
          figure: 'AI speech frames the phones played',
          target: '',
          cells: [{ value: num(heard) }],
          note: `${num(marks)} marks echoed in all`,
        },
        {
          figure: 'recogniser streams / bytes',
          target: `${CALLS}`,
          cells: [{ value: `${recogniserStreams} / ${num(recognisedBytes / 1e6, 1)} MB` }],
        },
        {
          figure: 'server CPU (of one core) + espeak host',
          target: '',
          cells: [{ value: `${stats.cpuPercent.toFixed(0)}% + ${stats.childrenCpuPercent.toFixed(0)}%` }],
        },
        { figure: 'server RSS max', target: '', cells: [{ value: `${(stats.rssMaxBytes / 2 ** 20).toFixed(0)} MiB` }] },
        {
          figure: 'bench driver CPU (phones, Twilio, recogniser)',
          target: '',
          cells: [{ value: `${driverStats.cpuPercent.toFixed(0)}%` }],
          note: "the probes' delay includes this process's own waits",
        },
        {
          figure: 'protocol errors seen by Twilio',
          target: '0',
          cells: [{ value: String(twilio.protocolErrors.length), pass: twilio.protocolErrors.length === 0 }],
          ...(twilio.protocolErrors.length ? { note: twilio.protocolErrors.slice(0, 2).join('; ') } : {}),
        },
      ],
    ),
  );
  ran = measuredSomething('twilio streams bench', {
    'calls streaming': connected,
    'bytes to the recogniser': recognisedBytes,
    'AI lines spoken in the window': lines,
  });
} finally {
  await server.stop();
  await twilio.stop();
  wss.close();
  sink.close();
}
process.exit(ran ? 0 : 1);
