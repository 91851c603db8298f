/**
 * A 10,000-contact campaign on the simulator, embedded default (PGlite), one server process.
 * The CSV gives each contact a persona (see MIX): most calls end quickly the way real outbound lists do
 * (no answer after ringing, voicemail, busy, failed) and some are conversations with the AI agent, so the
 * calls up at once approach maxConcurrentCalls. Measured: CSV import (target < 3 s); the most calls up at
 * once, from every call's start and end (must never exceed maxConcurrentCalls); achieved versus configured
 * pace over the run (target within 5%); server CPU; final counters against the CSV (exact).
 *   node --import tsx bench/campaign.bench.ts [--contacts 10000] [--max 200] [--cpm 6000] [--smoke]
 * --smoke: 97 contacts, at most 20 calls at once, 1,200 calls/min, to check the bench works. 97: the first 97 slots of
 *   every 100 in MIX, so no conversation with the AI (each takes ~25 s; they are every 100's last three).
 */
import { parseArgs } from 'node:util';
import { startServerProcess } from './live/server-process';
import { watchProcess } from './live/proc-stats';
import { renderTable } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string' },
    max: { type: 'string' },
    cpm: { type: 'string' },
    ...SMOKE_OPTION,
  },
});
const SMOKE = values.smoke;
const CONTACTS = Number(pick(values.contacts, '10000', '97', SMOKE));
const MAX = Number(pick(values.max, '200', '20', SMOKE));
const CPM = Number(pick(values.cpm, '6000', '1200', SMOKE));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
if (SMOKE) smokeBanner('campaign bench');
hardLimit('campaign bench', SMOKE ? 75 : 600);

/** Personas per 100 contacts, and the progress counter each ends in (one attempt each). */
const MIX: Array<[persona: string, per100: number, counter: string]> = [
  ['no_answer', 35, 'noAnswer'],
  ['voicemail', 25, 'voicemail'],
  ['busy', 25, 'busy'],
  ['failed', 12, 'failed'],
  ['not_interested', 2, 'notInterested'],
  ['interested', 1, 'interested'],
];

interface Session {
  startedAt: string;
  endedAt: string | null;
}
interface Progress {
  [k: string]: number;
}

const server = await startServerProcess({
  env: { LIVESPACE_TTS: 'none', LIVESPACE_SIM_RING_MS: '1500', LIVESPACE_SIM_NO_ANSWER_MS: '2500', LOG_LEVEL: 'warn' },
});
let ran = false;
try {
  const auth = { authorization: `Bearer ${server.token}` };
  const agents = await server.api<{ items: Array<{ id: string; name: string }> }>('/api/agents');
  const sales = agents.items.find((a) => /Sales/.test(a.name))!.id;

  const rows: string[] = ['phone,name,persona,timezone,plan'];
  const expected: Record<string, number> = {};
  for (let i = 0; i < CONTACTS; i++) {
    const slot = i % 100;
    let acc = 0;
    const [persona, , counter] = MIX.find(([, n]) => (acc += n) > slot)!;
    expected[counter] = (expected[counter] ?? 0) + 1;
    rows.push(`+1415${String(2000000 + i).padStart(7, '0')},Contact ${i},${persona},America/New_York,basic`);
  }
  const csv = `${rows.join('\n')}\n`;

  const campaign = await server.api<{ id: string }>('/api/campaigns', {
    name: 'Bench 10k',
    agentId: sales,
    maxConcurrentCalls: MAX,
    callsPerMinute: CPM,
    callingWindow: { start: '00:00', end: '24:00' },
    maxAttempts: 1,
  });
  const t0 = performance.now();
  const up = await fetch(`${server.url}/api/campaigns/${campaign.id}/contacts`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: csv,
  });
  const importMs = performance.now() - t0;
  const report = (await up.json()) as { imported: number; invalid: unknown[]; duplicates: unknown[] };
  if (up.status !== 200 || report.imported !== CONTACTS)
    throw new Error(`import: ${up.status} ${JSON.stringify(report).slice(0, 300)}`);

  const proc = watchProcess(server.pid);
  const started = performance.now();
  await server.api(`/api/campaigns/${campaign.id}/start`, {});
  let final: { status: string; progress: Progress } | null = null;
  for (;;) {
    await sleep(1000);
    const c = (await (await fetch(`${server.url}/api/campaigns/${campaign.id}`, { headers: auth })).json()) as {
      status: string;
      progress: Progress;
    };
    if (c.status === 'completed') {
      final = c;
      break;
    }
    if (server.died()) throw new Error(`server died: ${server.died()}`);
  }
  const runSeconds = (performance.now() - started) / 1000;
  const run = proc.stop();

  // Every call's start and end, from the sessions list (paged).
  const sessions: Session[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = (await (
      await fetch(`${server.url}/api/sessions?state=all&campaignId=${campaign.id}&limit=5000&offset=${offset}`, {
        headers: auth,
      })
    ).json()) as { items: Session[] };
    sessions.push(...page.items);
    if (page.items.length < 5000) break;
  }
  const points = sessions
    .flatMap(
      (s) =>
        [
          [Date.parse(s.startedAt), 1],
          [Date.parse(s.endedAt!), -1],
        ] as Array<[number, number]>,
    )
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let up2 = 0;
  let peak = 0;
  let atCapMs = 0;
  for (let i = 0; i < points.length; i++) {
    up2 += points[i]![1];
    peak = Math.max(peak, up2);
    if (up2 >= MAX && i + 1 < points.length) atCapMs += points[i + 1]![0] - points[i]![0];
  }
  const starts = sessions.map((s) => Date.parse(s.startedAt)).sort((a, b) => a - b);
  const spanMin = (starts.at(-1)! - starts[0]!) / 60_000;
  const achieved = (starts.length - 1) / spanMin;
  // While every line is busy the dialer must wait: the pace is judged over the time a line was free.
  const freeMin = spanMin - atCapMs / 60_000;
  const achievedFree = (starts.length - 1) / freeMin;
  const gaps = starts
    .slice(1)
    .map((t, i) => t - starts[i]!)
    .sort((a, b) => a - b);
  const interval = 60_000 / CPM;

  const counters = ['noAnswer', 'voicemail', 'busy', 'failed', 'notInterested', 'interested'];
  // A persona absent from a short list (fewer than 100 contacts) is expected 0 times.
  const exact =
    counters.every((k) => final!.progress[k] === (expected[k] ?? 0)) &&
    final.progress.dialed === CONTACTS &&
    final.progress.remaining === 0 &&
    sessions.length === CONTACTS;
  const answeredExpected = (expected.notInterested ?? 0) + (expected.interested ?? 0);
  console.log(
    `\ncampaign: ${CONTACTS} contacts, maxConcurrentCalls ${MAX}, ${CPM} calls/min (embedded PGlite, one server process, simulator)\n`,
  );
  console.log(
    renderTable(
      ['value'],
      [
        {
          figure: 'CSV import (HTTP round trip)',
          target: '< 3 s',
          cells: [
            {
              value: `${(importMs / 1000).toFixed(2)} s (${(CONTACTS / (importMs / 1000)).toFixed(0)} rows/s)`,
              pass: importMs < 3000,
            },
          ],
        },
        {
          figure: 'most calls up at once',
          target: `≤ ${MAX}`,
          cells: [
            {
              value: `${peak} (at the cap ${(atCapMs / 1000).toFixed(1)} s of ${runSeconds.toFixed(0)} s)`,
              pass: peak <= MAX,
            },
          ],
        },
        {
          figure: 'achieved pace while a line was free',
          target: `${CPM}/min ± 5%`,
          cells: [
            {
              value: `${achievedFree.toFixed(0)}/min (${((achievedFree / CPM - 1) * 100).toFixed(1)}%)`,
              pass: Math.abs(achievedFree / CPM - 1) <= 0.05,
            },
          ],
        },
        {
          figure: 'achieved pace over the whole run',
          target: '',
          cells: [{ value: `${achieved.toFixed(0)}/min (${((achieved / CPM - 1) * 100).toFixed(1)}%)` }],
        },
        {
          figure: 'gap between starts: p1 / p50 / p99',
          target: `${interval.toFixed(1)} ms on average`,
          cells: [
            {
              value: `${gaps[Math.floor(gaps.length * 0.01)]!.toFixed(0)} / ${gaps[Math.floor(gaps.length / 2)]!.toFixed(0)} / ${gaps[Math.floor(gaps.length * 0.99)]!.toFixed(0)} ms`,
            },
          ],
        },
        {
          figure: 'calls placed / sessions',
          target: `${CONTACTS}`,
          cells: [{ value: `${final.progress.dialed} / ${sessions.length}`, pass: sessions.length === CONTACTS }],
        },
        {
          figure: 'final counters = CSV personas',
          target: 'exact',
          cells: [
            {
              value:
                counters.map((k) => `${k} ${final!.progress[k]}/${expected[k] ?? 0}`).join(', ') +
                `; answered ${final.progress.answered}/${answeredExpected}`,
              pass: exact && final.progress.answered === answeredExpected,
            },
          ],
        },
        {
          figure: 'run: time / server CPU / RSS max',
          target: '',
          cells: [
            {
              value: `${runSeconds.toFixed(0)} s / ${run.cpuPercent.toFixed(0)}% / ${(run.rssMaxBytes / 2 ** 20).toFixed(0)} MiB`,
            },
          ],
        },
      ],
    ),
  );
  ran = measuredSomething('campaign bench', {
    'contacts imported': report.imported,
    'calls placed (sessions)': sessions.length,
  });
} finally {
  await server.stop();
}
process.exit(ran ? 0 : 1);
