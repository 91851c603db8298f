/**
 * How many voice calls with real audio one process carries in real time.
 * Each simulated call keeps speaking synthesized lines (a few phrases, served from the TTS cache after the
 * first time), alternating caller and AI tracks, sometimes overlapping, through its own CallMedia with one
 * subscriber, all on the shared media clock. The number of calls ramps up; each step runs STEP_SECONDS.
 *   node --import tsx bench/audio-calls.bench.ts [--steps 50,100,200] [--seconds 10] [--wire] [--all] [--smoke]
 * --wire: each subscriber also builds the Twilio media message (base64 + JSON) for every frame.
 * --all: keep ramping after a step misses its deadlines (default: stop there).
 * --smoke: one step of 10 calls for 1 s, to check the bench works (exits non-zero only when nothing was delivered).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallMedia, type MediaTrack } from '@livespace/adapters/media/call-mixer';
import { mediaClock } from '@livespace/adapters/media/media-clock';
import { EspeakTts } from '@livespace/adapters/tts-espeak/espeak.tts';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    steps: { type: 'string' },
    seconds: { type: 'string' },
    wire: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const STEPS = pick(values.steps, '50,100,200,300,400,600,800,1000,1500,2000', '10', SMOKE)
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const STEP_MS = Number(pick(values.seconds, '10', '1', SMOKE)) * 1000;
// Bounded run time whatever happens: steps × (settle + two measurements) plus start-up.
hardLimit('audio-calls bench', SMOKE ? 60 : (STEPS.length * (2 * STEP_MS + 2000) + 60_000) / 1000);
/** Frames the subscribers received in every measured window: none means the bench did not run. */
let measuredFrames = 0;

const PHRASES: Record<MediaTrack, string[]> = {
  caller: ['Hi, I would like to book an appointment.', 'Tuesday afternoon works for me.', 'Yes, that is correct.'],
  ai: [
    'Hello, this is the clinic. How can I help you today?',
    'Let me check the calendar for you.',
    'You are booked for Tuesday at three. Goodbye.',
  ],
  human: [],
};
const VOICE: Record<MediaTrack, string> = { caller: 'en-gb+m3', ai: 'en-us+f3', human: 'en-us' };

const tts = new EspeakTts();

/** One simulated call: lines back and forth until stopped; counts the frames its listener receives. */
class AudioCall {
  readonly media = new CallMedia();
  received = 0;
  private running = true;
  private wireBytes = 0;

  constructor(private readonly seed: number) {
    this.media.subscribe((frame) => {
      this.received++;
      // Optional: the cost of the Twilio wire format for every frame.
      if (values.wire)
        this.wireBytes += JSON.stringify({
          event: 'media',
          streamSid: 'MZ',
          media: { payload: Buffer.from(frame).toString('base64') },
        }).length;
    });
    void this.talk().catch((err: unknown) => console.error(`call ${seed}:`, err));
  }

  private async talk(): Promise<void> {
    await sleep((this.seed * 37) % 1000); // calls do not all start their lines on the same tick
    for (let turn = this.seed; this.running; turn++) {
      const track: MediaTrack = turn % 2 === 0 ? 'caller' : 'ai';
      const lines = PHRASES[track];
      const frames = await tts.synthesize(lines[turn % lines.length]!, VOICE[track]);
      if (!this.running) return;
      const played = this.media.play(track, frames);
      if (turn % 5 === 0) {
        // Every fifth line the other side starts 400 ms before this one ends: both tracks are mixed.
        await sleep(Math.max(0, frames.length * 20 - 400));
      } else {
        await played;
        await sleep(150 + ((turn * 53) % 350));
      }
    }
  }

  stop(): void {
    this.running = false;
    this.media.close();
  }
}

function row(cols: (string | number)[]): string {
  return cols.map((c, i) => String(c).padStart(i === 0 ? 6 : 12)).join('');
}

/** Measures one step of `n` running calls; prints a row and returns whether every frame went out on time. */
async function measure(n: number, calls: AudioCall[]): Promise<boolean> {
  for (const c of calls) c.received = 0;
  mediaClock.resetStats();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const start = performance.now();
  await sleep(STEP_MS);
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const s = mediaClock.stats();
  const delivered = calls.reduce((sum, c) => sum + c.received, 0);
  measuredFrames += delivered;
  const expected = Math.round(wall / 20) * n;
  const late10 = (100 * s.lateOver10ms) / Math.max(1, s.ticks);
  const late40 = (100 * s.lateOver40ms) / Math.max(1, s.ticks);
  const ok = delivered >= expected * 0.995 && late10 < 1 && s.skipped === 0;
  console.log(
    row([
      n,
      delivered,
      expected,
      ((100 * delivered) / expected).toFixed(2),
      late10.toFixed(2),
      late40.toFixed(2),
      s.p99LateMs.toFixed(2),
      s.maxLateMs.toFixed(1),
      s.skipped,
      ((100 * (cpu.user + cpu.system)) / 1000 / wall).toFixed(1),
      (100 * elu.utilization).toFixed(1),
      (process.memoryUsage().rss / 2 ** 20).toFixed(0),
      ok ? 'on time' : 'LATE',
    ]),
  );
  return ok;
}

async function main(): Promise<boolean> {
  if (SMOKE) smokeBanner('audio-calls bench');
  console.log(
    `audio-calls bench: node ${process.version}, ${STEP_MS / 1000} s per step${values.wire ? ', Twilio wire encoding' : ''}`,
  );
  const t0 = performance.now();
  await tts.warmUp();
  const warmMs = performance.now() - t0;
  const firstMs: number[] = [];
  for (const track of ['caller', 'ai'] as const) {
    for (const line of PHRASES[track]) {
      const t = performance.now();
      await tts.synthesize(line, VOICE[track]);
      firstMs.push(performance.now() - t);
    }
  }
  const tc = performance.now();
  for (let i = 0; i < 1000; i++) await tts.synthesize(PHRASES.ai[i % 3]!, VOICE.ai);
  const cachedUs = ((performance.now() - tc) / 1000) * 1000;
  console.log(
    `TTS: workers up in ${warmMs.toFixed(0)} ms; new line ${firstMs.map((m) => m.toFixed(0)).join('/')} ms; ` +
      `cached ${cachedUs.toFixed(1)} µs\n`,
  );
  console.log(
    row([
      'calls',
      'delivered',
      'expected',
      'delivered%',
      'late>10ms%',
      'late>40ms%',
      'p99 ms',
      'max ms',
      'skipped',
      'CPU%',
      'loop%',
      'RSS MB',
      'result',
    ]),
  );

  const calls: AudioCall[] = [];
  let best = 0;
  for (const n of STEPS) {
    while (calls.length < n) calls.push(new AudioCall(calls.length));
    await sleep(1500); // let the new calls start talking before measuring
    // A late step is measured once more: on a shared machine one stall from another process is not our limit.
    const ok = (await measure(n, calls)) || (await measure(n, calls));
    if (ok) best = n;
    if (!ok && !values.all) break;
  }
  for (const c of calls) c.stop();
  console.log(`\nLargest step on time: ${best} calls. TTS cache: ${JSON.stringify(tts.stats())}`);
  await tts.close();
  return measuredSomething('audio-calls bench', { 'frames delivered': measuredFrames });
}

process.exit((await main()) ? 0 : 1);
