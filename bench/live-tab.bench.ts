/**
 * A Live Calls tab in Chromium at 1,000 live calls: how much of a core the browser spends keeping it current. The
 * real server in its own process with the live bench's load (text-only `chatter` calls, ~4.6 events a second each),
 * a supervisor signed in through the login page, Live Calls open with no filter; the CPU of every Chromium process
 * (Chrome DevTools Protocol `SystemInfo.getProcessInfo`) and the page's main-thread busy time
 * (`Performance.getMetrics` TaskDuration) over the measured window. Beside it, as a baseline, a page that only
 * receives and parses the whole `sessions` topic without a view (what every tab had to do before views).
 *   node --import tsx bench/live-tab.bench.ts [--calls 1000] [--warmup 10] [--measure 20] [--smoke]
 * --smoke: 20 calls, 2 s warm-up, 3 s measured.
 * BENCH_CPU_PROF=FILE: the Live Calls page's main thread is profiled over the measured window (a .cpuprofile).
 * Target (issue 13): the tab under 20 % of a core.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, LiveCallsPage } from '../tests/browser/live-calls.page';
import { createLoadAgent, placeCalls } from './live/load-agent';
import { metricValue, scrape } from './live/prom';
import { watchProcess } from './live/proc-stats';
import { BENCH_ADMIN, startServerProcess, type ServerProcess } from './live/server-process';
import { num, renderTable, type Check } from './live/table';
import { hardLimit, measuredSomething, pick, SMOKE_OPTION, smokeBanner } from './smoke';

const { values } = parseArgs({
  options: { calls: { type: 'string' }, warmup: { type: 'string' }, measure: { type: 'string' }, ...SMOKE_OPTION },
});
const SMOKE = values.smoke;
const CALLS = Number(pick(values.calls, '1000', '20', SMOKE));
const WARMUP = Number(pick(values.warmup, '10', '2', SMOKE));
const MEASURE = Number(pick(values.measure, '20', '3', SMOKE));
const TARGET_PERCENT = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TabFigures {
  /** Every Chromium process (browser, renderer, GPU, network), 100 = one core. */
  chromiumPercent: number;
  /** The page's main thread busy (tasks run), 100 = one core. */
  mainThreadPercent: number;
  /** Of it: running script, recalculating style, layout. */
  scriptPercent: number;
  stylePercent: number;
  layoutPercent: number;
  eventsPerSecond: number;
  framesPerSecond: number;
  /** Rows the table lists, and those of them drawn (a long list draws the ones on screen). */
  rowsListed: number;
  rowsDrawn: number;
}

/** Total CPU seconds of every Chromium process now. */
async function chromiumCpu(browserCdp: CDPSession): Promise<number> {
  const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ cpuTime: number }> };
  return info.processInfo.reduce((s, p) => s + p.cpuTime, 0);
}

/** The page's main-thread time (DevTools' Performance metrics): all of it, and its script, style and layout shares. */
const TASK_PARTS = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'] as const;
type TaskPart = (typeof TASK_PARTS)[number];

/** Each part of the page's main-thread time so far, in seconds. */
async function taskSeconds(cdp: CDPSession): Promise<Record<TaskPart, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const of = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return Object.fromEntries(TASK_PARTS.map((p) => [p, of(p)])) as Record<TaskPart, number>;
}

/** Measures `page` over MEASURE seconds; `counters` reads the page's received events and frames so far. */
async function measure(
  page: Page,
  browserCdp: CDPSession,
  counters: () => Promise<{ events: number; frames: number }>,
  rows: () => Promise<{ listed: number; drawn: number }>,
  profileTo?: string,
): Promise<TabFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (profileTo) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const c0 = await counters();
  const [cpu0, task0] = [await chromiumCpu(browserCdp), await taskSeconds(cdp)];
  const t0 = performance.now();
  await sleep(MEASURE * 1000);
  const [cpu1, task1] = [await chromiumCpu(browserCdp), await taskSeconds(cdp)];
  const seconds = (performance.now() - t0) / 1000;
  const c1 = await counters();
  if (profileTo) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profileTo, JSON.stringify(profile));
    console.log(`the page's CPU profile: ${profileTo} (node --import tsx bench/live/profile-summary.ts ${profileTo})`);
  }
  await cdp.detach();
  const share = (p: TaskPart) => (100 * (task1[p] - task0[p])) / seconds;
  return {
    chromiumPercent: (100 * (cpu1 - cpu0)) / seconds,
    mainThreadPercent: share('TaskDuration'),
    scriptPercent: share('ScriptDuration'),
    stylePercent: share('RecalcStyleDuration'),
    layoutPercent: share('LayoutDuration'),
    eventsPerSecond: (c1.events - c0.events) / seconds,
    framesPerSecond: (c1.frames - c0.frames) / seconds,
    ...(await rows().then((r) => ({ rowsListed: r.listed, rowsDrawn: r.drawn }))),
  };
}

async function main(): Promise<boolean> {
  if (SMOKE) smokeBanner('live tab bench');
  hardLimit('live tab bench', SMOKE ? 90 : WARMUP + 2 * MEASURE + 240);
  const server: ServerProcess = await startServerProcess({
    env: { LIVESPACE_TTS: 'none', LIVESPACE_PARTIAL_MS: '200' },
  });
  const chromium = await launchBrowser();
  try {
    console.log(`server pid ${server.pid} at ${server.url}; placing ${CALLS} calls`);
    const agentId = await createLoadAgent(server);
    await placeCalls(server, agentId, CALLS, 200);

    const tab = await LiveCallsPage.open(chromium.browser, server.url);
    await tab.login(BENCH_ADMIN.email, BENCH_ADMIN.password);
    await tab.page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=live-count]')?.textContent) >= n,
      CALLS * 0.95,
      { timeout: 60_000 },
    );
    await sleep(WARMUP * 1000);
    const browserCdp = await chromium.browser.newBrowserCDPSession();
    const serverProc = watchProcess(server.pid);
    const events0 = metricValue(await scrape(server.url), 'livespace_events_committed_total');
    const t0 = performance.now();
    const live = await measure(
      tab.page,
      browserCdp,
      () =>
        tab.page.evaluate(() => {
          const s = window.__livespace!.stats();
          return { events: s.events, frames: s.frames };
        }),
      async () => ({ listed: await tab.listedCount(), drawn: await tab.rows.count() }),
      process.env.BENCH_CPU_PROF,
    );
    const eventsPerSecond =
      (metricValue(await scrape(server.url), 'livespace_events_committed_total') - events0) /
      ((performance.now() - t0) / 1000);
    const serverCpu = serverProc.stop().cpuPercent;
    const liveCalls = metricValue(await scrape(server.url), 'livespace_live_sessions');
    await tab.close();

    // The baseline: a page of the app's origin that only receives and parses every `sessions` message (no view, no
    // rendering).
    const bare = await chromium.browser.newPage();
    await bare.goto(`${server.url}/healthz`);
    await bare.evaluate((token) => {
      const w = window as unknown as { counts: { events: number; frames: number } };
      w.counts = { events: 0, frames: 0 };
      const ws = new WebSocket(
        `${location.origin.replace(/^http/, 'ws')}/api/live?token=${encodeURIComponent(token)}&batch=1`,
      );
      ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', topic: 'sessions' }));
      ws.onmessage = (m) => {
        w.counts.frames++;
        const parsed = JSON.parse(m.data as string) as unknown;
        w.counts.events += Array.isArray(parsed) ? parsed.length : 1;
      };
    }, server.token);
    await sleep(2000);
    const whole = await measure(
      bare,
      browserCdp,
      () => bare.evaluate(() => (window as unknown as { counts: { events: number; frames: number } }).counts),
      async () => ({ listed: 0, drawn: 0 }),
    );
    await bare.close();

    const pct = (v: number) => `${v.toFixed(1)} %`;
    const checks: Check[] = [
      {
        figure: 'live calls / events committed per s',
        target: `${CALLS}`,
        cells: [{ value: `${num(liveCalls)} / ${num(eventsPerSecond)}` }],
      },
      {
        figure: 'Live Calls tab: Chromium CPU (all processes)',
        target: `< ${TARGET_PERCENT} % of a core`,
        cells: [{ value: pct(live.chromiumPercent), pass: live.chromiumPercent < TARGET_PERCENT }],
      },
      { figure: 'Live Calls tab: page main thread busy', target: '', cells: [{ value: pct(live.mainThreadPercent) }] },
      {
        figure: 'of which script · style · layout',
        target: '',
        cells: [{ value: `${pct(live.scriptPercent)} · ${pct(live.stylePercent)} · ${pct(live.layoutPercent)}` }],
      },
      {
        figure: 'Live Calls tab: rows listed · drawn · messages/s · frames/s',
        target: '',
        cells: [
          {
            value: `${live.rowsListed} · ${live.rowsDrawn} · ${num(live.eventsPerSecond)} · ${num(live.framesPerSecond)}`,
          },
        ],
      },
      {
        figure: 'baseline, whole topic parsed only: Chromium CPU',
        target: '',
        cells: [{ value: pct(whole.chromiumPercent) }],
      },
      {
        figure: 'baseline: page main thread busy · messages/s',
        target: '',
        cells: [{ value: `${pct(whole.mainThreadPercent)} · ${num(whole.eventsPerSecond)}` }],
      },
      { figure: 'server CPU while the tab was measured', target: '', cells: [{ value: pct(serverCpu) }] },
    ];
    console.log(
      `\nLive Calls tab at ${CALLS} calls (${MEASURE} s measured, ${new Date().toISOString()}):\n${renderTable(['value'], checks)}`,
    );
    return measuredSomething('live tab bench', {
      'live calls': liveCalls,
      'tab messages': live.eventsPerSecond,
      'baseline messages': whole.eventsPerSecond,
      'rows listed': live.rowsListed,
      'rows drawn': live.rowsDrawn,
    });
  } finally {
    await chromium.close();
    await server.stop();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
