/**
 * Mixed load: does other work make calls wait? The real server keeps `--calls` simulated voice calls live
 * (espeak-ng speech, talking callers) while, over a `--seconds` window, people sign in (three bursts of
 * `--logins` at once: the slow password hash), a `--rows`-row contacts CSV is uploaded, and supervisors send
 * `--barges` barges and as many whispers spread over the window. Judged on what the calls feel:
 *   - media ticks more than 40 ms late (< 0.5 %), read from the media plane's clock;
 *   - barge request → first frame to the caller p99 (≤ 150 ms), as the server's histogram saw it;
 *   - event → committed row p99 (≤ 100 ms);
 * and prints the main loop's own delay beside them (what HTTP and the live updates feel).
 *   node --import tsx bench/mixed-load.bench.ts [--calls 100] [--seconds 20] [--logins 20] [--rows 50000] [--barges 40]
 *     [--database-url postgres://…] [--smoke]
 * --smoke: 3 calls, 5 s, bursts of 3 logins, 300 rows, 3 barges, to check the bench works.
 */
import { parseArgs } from 'node:util';
import { keepCallsUp } from './live/keep-calls';
import { histogramQuantile, histogramShare, metricValue, scrape } from './live/prom';
import { watchProcess } from './live/proc-stats';
import { startServerProcess } from './live/server-process';
import { ms, renderTable } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    calls: { type: 'string' },
    seconds: { type: 'string' },
    logins: { type: 'string' },
    rows: { type: 'string' },
    barges: { type: 'string' },
    warmup: { type: 'string' },
    'database-url': { type: 'string' },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const CALLS = Number(pick(values.calls, '100', '3', SMOKE));
const SECONDS = Number(pick(values.seconds, '20', '5', SMOKE));
const LOGINS = Number(pick(values.logins, '20', '3', SMOKE));
const ROWS = Number(pick(values.rows, '50000', '300', SMOKE));
const BARGES = Number(pick(values.barges, '40', '3', SMOKE));
const WARMUP_S = Number(pick(values.warmup, '10', '3', SMOKE));
const DATABASE_URL = values['database-url'];
const TARGETS = { late40Pct: 0.5, bargeP99Ms: 150, commitP99Ms: 100 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
if (SMOKE) smokeBanner('mixed load bench');
hardLimit('mixed load bench', SMOKE ? 60 : 240);

const server = await startServerProcess({
  ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
  env: {
    LIVESPACE_TTS: 'espeak',
    LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: '100000',
    LIVESPACE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '100000',
  },
});
let ran = false;
let calls: { stop(): void } | null = null;
try {
  const post = (path: string, body: unknown, token = server.token, type = 'application/json') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const agents = await server.api<{ items: Array<{ id: string; name: string }> }>('/api/agents');
  const sales = agents.items.find((a) => /sales/i.test(a.name)) ?? agents.items[0]!;
  const user = { email: 'floor-agent@bench.local', password: 'bench-night-shift-42' };
  await server.api('/api/users', { ...user, name: 'Bench Agent', role: 'agent', queues: [] });
  const campaign = await server.api<{ id: string }>('/api/campaigns', {
    name: 'Mixed load',
    agentId: sales.id,
    maxConcurrentCalls: 1,
    callsPerMinute: 1,
    callingWindow: { start: '00:00', end: '24:00' },
    maxAttempts: 1,
  });
  const csv = [
    'phone,name,plan',
    ...Array.from({ length: ROWS }, (_, i) => `+1415${String(3000000 + i).padStart(7, '0')},Contact ${i},basic`),
  ].join('\n');

  calls = keepCallsUp(server, CALLS, { agentId: sales.id });
  await sleep(WARMUP_S * 1000);
  const liveAtStart = metricValue(await scrape(server.url), 'livespace_live_sessions', { channel: 'voice' });
  console.log(`warm: ${liveAtStart} voice calls live; the ${SECONDS} s window starts`);

  const before = await scrape(server.url);
  const proc = watchProcess(server.pid);
  const t0 = performance.now();
  const loginMs: number[] = [];
  const work: Promise<void>[] = [];
  const refused: Record<string, number> = {};
  const refuse = (what: string) => {
    refused[what] = (refused[what] ?? 0) + 1;
  };

  // Three bursts of sign-ins, at the start, a third and two thirds of the window.
  for (const at of [0, SECONDS / 3, (2 * SECONDS) / 3]) {
    work.push(
      (async () => {
        await sleep(at * 1000);
        await Promise.all(
          Array.from({ length: LOGINS }, async () => {
            const t = performance.now();
            const r = await fetch(`${server.url}/api/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(user),
            });
            loginMs.push(performance.now() - t);
            if (r.status !== 200) refuse(`login ${r.status}`);
          }),
        );
      })(),
    );
  }
  // The contacts upload, early in the window.
  let importMs = NaN;
  work.push(
    (async () => {
      await sleep(Math.min(2, SECONDS / 4) * 1000);
      const t = performance.now();
      const r = await post(`/api/campaigns/${campaign.id}/contacts`, csv, server.token, 'text/csv');
      importMs = performance.now() - t;
      const report = (await r.json()) as { imported?: number };
      if (r.status !== 200 || report.imported !== ROWS) refuse(`import ${r.status} (${report.imported ?? 0} rows)`);
    })(),
  );
  // Barges and whispers, one of each every SECONDS/BARGES, on calls the AI is handling.
  let barges = 0;
  work.push(
    (async () => {
      for (let i = 0; i < BARGES; i++) {
        await sleep((SECONDS * 1000) / BARGES);
        const live = await server.api<{ items: Array<{ id: string; state: string; channel: string }> }>(
          '/api/sessions?state=live',
        );
        const voice = live.items.filter((s) => s.channel === 'voice' && s.state === 'ai_active');
        if (voice.length < 2) {
          refuse('no ai_active call to barge');
          continue;
        }
        const [a, b] = [
          voice[Math.floor(Math.random() * voice.length)]!,
          voice[Math.floor(Math.random() * voice.length)]!,
        ];
        const [rb, rw] = await Promise.all([
          post(`/api/sessions/${a.id}/barge`, { text: `Please hold for a moment, your reference is ${1000 + i * 7}.` }),
          post(`/api/sessions/${b.id}/whisper`, {
            text: `Offer the ${['annual', 'family', 'basic'][i % 3]} plan next.`,
          }),
        ]);
        if (rb.status === 200) barges++;
        else refuse(`barge ${rb.status}`);
        if (rw.status !== 200) refuse(`whisper ${rw.status}`);
      }
    })(),
  );
  await Promise.all(work);
  await sleep(2000); // the last barges' synthesis and first frames, the last commits
  const window = (performance.now() - t0) / 1000;
  const stats = proc.stop();
  const after = await scrape(server.url);
  calls.stop();
  calls = null;

  const d = (name: string) => metricValue(after, name) - metricValue(before, name);
  const ticks = d('livespace_media_clock_ticks');
  const late40Pct = (100 * d('livespace_media_clock_late_40ms_ticks')) / ticks;
  const bargeP99 = 1000 * histogramQuantile(before, after, 'livespace_barge_first_frame_seconds', 0.99);
  const bargeP50 = 1000 * histogramQuantile(before, after, 'livespace_barge_first_frame_seconds', 0.5);
  const stageP99 = (stage: string) =>
    ms(1000 * histogramQuantile(before, after, 'livespace_barge_stage_seconds', 0.99, { stage }));
  const commitP99 = 1000 * histogramQuantile(before, after, 'livespace_event_commit_lag_seconds', 0.99);
  const commitWithin100 = 100 * histogramShare(before, after, 'livespace_event_commit_lag_seconds', '0.1');
  const bargesSeen = d('livespace_barge_first_frame_seconds_count');
  const logins = [...loginMs].sort((a, b) => a - b);
  const liveAtEnd = metricValue(after, 'livespace_live_sessions', { channel: 'voice' });

  console.log(
    `\nmixed load: ${SECONDS} s window (${window.toFixed(1)} s with the tail) on ${DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}, ` +
      `${liveAtStart}→${liveAtEnd} voice calls live (asked ${CALLS}), 3×${LOGINS} sign-ins, a ${ROWS.toLocaleString('en-US')}-row CSV, ${BARGES} barges + ${BARGES} whispers\n`,
  );
  console.log(
    renderTable(
      ['value'],
      [
        {
          figure: 'media ticks > 40 ms late',
          target: `< ${TARGETS.late40Pct} %`,
          cells: [{ value: `${late40Pct.toFixed(2)} % of ${ticks}`, pass: late40Pct < TARGETS.late40Pct }],
          note: `p99 lateness since start ${ms(1000 * metricValue(after, 'livespace_media_clock_p99_late_seconds'))}, max skipped ${d('livespace_media_clock_skipped_ticks')}`,
        },
        {
          figure: 'barge → first frame p50 / p99',
          target: `p99 ≤ ${TARGETS.bargeP99Ms} ms`,
          cells: [{ value: `${ms(bargeP50)} / ${ms(bargeP99)}`, pass: bargeP99 <= TARGETS.bargeP99Ms }],
          note: `${bargesSeen} first frames of ${barges} barges answered 200`,
        },
        {
          figure: 'barge stages p99: request / synthesis / send',
          target: '',
          cells: [{ value: `${stageP99('request')} / ${stageP99('synthesis')} / ${stageP99('send')}` }],
          note: "request: to its line's speaking; synthesis: queue and audio; send: to the first frame out",
        },
        {
          figure: 'event → committed p99',
          target: `≤ ${TARGETS.commitP99Ms} ms`,
          cells: [
            {
              value: `${ms(commitP99)} (${commitWithin100.toFixed(1)} % ≤ 100 ms)`,
              pass: commitP99 <= TARGETS.commitP99Ms,
            },
          ],
        },
        {
          figure: 'main loop delay p99 (since start)',
          target: '',
          cells: [{ value: ms(1000 * metricValue(after, 'nodejs_eventloop_lag_p99_seconds')) }],
        },
        {
          figure: 'sign-in p50 / max',
          target: '',
          cells: [{ value: `${ms(logins[Math.floor(logins.length / 2)] ?? NaN)} / ${ms(logins.at(-1) ?? NaN)}` }],
        },
        { figure: 'CSV import', target: '', cells: [{ value: ms(importMs) }] },
        {
          figure: 'server CPU (of one core) + espeak host / RSS max',
          target: '',
          cells: [
            {
              value: `${stats.cpuPercent.toFixed(0)} % + ${stats.childrenCpuPercent.toFixed(0)} % / ${(stats.rssMaxBytes / 2 ** 20).toFixed(0)} MiB`,
            },
          ],
        },
      ],
    ),
  );
  if (Object.keys(refused).length) console.log(`\n  refused or failed: ${JSON.stringify(refused)}`);
  ran = measuredSomething('mixed load bench', {
    'media ticks': ticks,
    'barge first frames': bargesSeen,
    'sign-ins': logins.length,
  });
} finally {
  calls?.stop();
  await server.stop();
}
process.exit(ran ? 0 : 1);
