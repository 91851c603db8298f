/** One load run: the real server on one store, 1,000 simulated calls, 100 live clients in other processes. */
import type { EventWrite } from '@livespace/app';
import type { SessionsView } from '@livespace/protocol/sessions-view';
import { startServerProcess } from './server-process';
import { createLoadAgent, placeCalls } from './load-agent';
import { histogramQuantile, histogramShare, metricValue, scrape } from './prom';
import { watchProcess } from './proc-stats';
import { count, merge, newHistogram, percentile } from './histogram';
import { forkChild } from './child';
import type { LoadClientIn, LoadClientOut, LoadClientResult } from './load-protocol';

export interface LoadRunOptions {
  store: 'pglite' | 'postgres';
  databaseUrl?: string;
  calls: number;
  sessionsClients: number;
  /**
   * What the `sessions` clients subscribe to: Live Calls' view (its first 100 rows and the counts), or every session.
   */
  sessionsView?: SessionsView;
  sessionClients: number;
  /** Processes sharing the `sessions` clients; the session:<id> clients have one more of their own. */
  sessionsProcesses: number;
  warmupSeconds: number;
  measureSeconds: number;
  /** Session events to keep for the saturation replay (0: none). */
  recordMax: number;
  cpuProfDir?: string;
}

export interface LoadRunFigures {
  store: string;
  /** Calls asked for (`liveCalls`: those that were live). */
  calls: number;
  liveCalls: number;
  eventsPerSecond: number;
  eventsPerCallPerSecond: number;
  /**
   * Event → committed row, per event, over the window: each event counted at its batch's oldest wait (an upper
   * bound), interpolated inside the histogram's buckets.
   */
  commitLagP50Ms: number;
  commitLagP99Ms: number;
  /** Share of events committed within 100 ms (exact at the histogram's 0.1 s bound). */
  commitLagShareUnder100Ms: number;
  serverCpuPercent: number;
  serverRssMaxMiB: number;
  /** The server's event-loop delay over the window (prom-client resets it on every scrape). */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  sessionP50Ms: number;
  sessionP99Ms: number;
  sessionEventsPerSecond: number;
  sessionsP50Ms: number;
  sessionsP99Ms: number;
  sessionsEventsPerSecond: number;
  clientsClosed: number;
  slowClientsDropped: number;
  clientCpuPercent: number;
  /** Event-loop delay p99 of the session:<id> client process, and the worst of the `sessions` client processes. */
  sessionClientLoopP99Ms: number;
  sessionsClientLoopP99Ms: number;
  windowSeconds: number;
}

const EVENT_LAG = 'livespace_event_commit_lag_seconds';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLoad(
  opts: LoadRunOptions,
  log: (line: string) => void,
): Promise<{ figures: LoadRunFigures; recorded: EventWrite[] }> {
  const server = await startServerProcess({
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    env: { LIVESPACE_TTS: 'none', LIVESPACE_PARTIAL_MS: '200' },
    ...(opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {}),
  });
  const clients: Array<ReturnType<typeof forkChild<LoadClientIn, LoadClientOut>>> = [];
  try {
    log(`[${opts.store}] server pid ${server.pid} at ${server.url}; placing ${opts.calls} calls`);
    const agentId = await createLoadAgent(server);
    const warmupEnds = performance.now() + opts.warmupSeconds * 1000;
    const sessionIds = await placeCalls(server, agentId, opts.calls, 200);

    // Each `sessions` client parses the summaries of ~1,000 calls several times a second; session:<id> clients get a
    // process of their own so their arrival times never wait behind that parsing (client cost is not server latency).
    const topics = sessionIds.slice(0, opts.sessionClients).map((id) => `session:${id}`);
    const spawnClients = (sessionsClients: number, sessionTopics: string[], recordMax: number) => {
      const c = forkChild<LoadClientIn, LoadClientOut>(new URL('./load-client.ts', import.meta.url));
      clients.push(c);
      c.send({
        type: 'init',
        url: server.url,
        token: server.token,
        sessionsClients,
        ...(opts.sessionsView ? { sessionsView: opts.sessionsView } : {}),
        sessionTopics,
        recordMax,
      });
    };
    for (let p = 0; p < opts.sessionsProcesses; p++) {
      spawnClients(
        Math.floor(opts.sessionsClients / opts.sessionsProcesses) +
          (p < opts.sessionsClients % opts.sessionsProcesses ? 1 : 0),
        [],
        0,
      );
    }
    spawnClients(0, topics, opts.recordMax);
    await Promise.all(clients.map((c) => c.next('ready', 120_000)));
    await sleep(Math.max(0, warmupEnds - performance.now()));

    log(`[${opts.store}] measuring ${opts.measureSeconds} s`);
    const before = await scrape(server.url);
    const proc = watchProcess(server.pid);
    const t0 = performance.now();
    for (const c of clients) c.send({ type: 'start' });
    await sleep(opts.measureSeconds * 1000);
    for (const c of clients) c.send({ type: 'stop' });
    const results: LoadClientResult[] = await Promise.all(clients.map((c) => c.next('result', 60_000)));
    const seconds = (performance.now() - t0) / 1000;
    const stats = proc.stop();
    const after = await scrape(server.url);

    const delta = (name: string, labels: Record<string, string> = {}) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    const committed = delta('livespace_events_committed_total');
    const liveCalls = metricValue(after, 'livespace_live_sessions');
    const sessions = results.reduce((h, r) => merge(h, r.sessionsLatency), newHistogram());
    const session = results.reduce((h, r) => merge(h, r.sessionLatency), newHistogram());
    const windowOf = (r: LoadClientResult) => r.seconds || seconds;
    const figures: LoadRunFigures = {
      store: opts.store,
      calls: opts.calls,
      liveCalls,
      eventsPerSecond: committed / seconds,
      eventsPerCallPerSecond: committed / seconds / liveCalls,
      commitLagP50Ms: 1000 * histogramQuantile(before, after, EVENT_LAG, 0.5),
      commitLagP99Ms: 1000 * histogramQuantile(before, after, EVENT_LAG, 0.99),
      commitLagShareUnder100Ms: histogramShare(before, after, EVENT_LAG, '0.1'),
      serverCpuPercent: stats.cpuPercent,
      serverRssMaxMiB: stats.rssMaxBytes / 2 ** 20,
      loopDelayP50Ms: 1000 * metricValue(after, 'nodejs_eventloop_lag_p50_seconds'),
      loopDelayP99Ms: 1000 * metricValue(after, 'nodejs_eventloop_lag_p99_seconds'),
      loopDelayMaxMs: 1000 * metricValue(after, 'nodejs_eventloop_lag_max_seconds'),
      sessionP50Ms: percentile(session, 0.5),
      sessionP99Ms: percentile(session, 0.99),
      sessionEventsPerSecond: count(session) / seconds,
      sessionsP50Ms: percentile(sessions, 0.5),
      sessionsP99Ms: percentile(sessions, 0.99),
      sessionsEventsPerSecond: count(sessions) / seconds,
      clientsClosed: results.reduce((n, r) => n + r.closed, 0),
      slowClientsDropped: delta('livespace_ws_slow_clients_dropped_total'),
      clientCpuPercent: results.reduce((n, r) => n + (100 * r.cpuSeconds) / windowOf(r), 0),
      // The session:<id> clients are the last process forked (see spawnClients above).
      sessionClientLoopP99Ms: results.at(-1)!.loopDelayP99Ms,
      sessionsClientLoopP99Ms: Math.max(...results.slice(0, -1).map((r) => r.loopDelayP99Ms)),
      windowSeconds: seconds,
    };
    return { figures, recorded: results.flatMap((r) => r.recorded) };
  } catch (err) {
    // A client failing is often the server gone: say why.
    const died = server.died();
    throw died ? new Error(`${String(err)}\n${died}`) : err;
  } finally {
    for (const c of clients) c.kill();
    await server.stop();
  }
}
