/** The targets, applied to the measured figures. Targets are the issue's own; never lowered here. */
import { DEFAULT_GATEWAY_OPTIONS } from '../../apps/server/src/live/gateway';
import type { LoadRunFigures } from './load-run';
import type { SaturationFigures } from './saturation/saturation-run';
import { ms, num, type Check } from './table';

const EVENTS_PER_CALL_TARGET = 5;

/**
 * `sessionClients`: the clients on one `session:<id>` each (for the note; 50 in the full run); `sessionsView`: what
 * the `sessions` clients asked for (its label, for the note).
 */
export function loadChecks(runs: LoadRunFigures[], sessionClients: number, sessionsView: string): Check[] {
  const row = (
    figure: string,
    target: string,
    f: (r: LoadRunFigures) => { value: string; pass?: boolean },
    note?: string,
  ): Check => ({ figure, target, cells: runs.map(f), ...(note ? { note } : {}) });
  const asked = [...new Set(runs.map((r) => r.calls))];
  return [
    row('live calls', asked.length === 1 ? `${asked[0]}` : 'as asked', (r) => ({
      value: num(r.liveCalls),
      pass: r.liveCalls >= r.calls,
    })),
    row(
      'load: events per call per second',
      `~${EVENTS_PER_CALL_TARGET}/s (±10%)`,
      (r) => ({
        value: num(r.eventsPerCallPerSecond, 2),
        pass: Math.abs(r.eventsPerCallPerSecond - EVENTS_PER_CALL_TARGET) <= 0.5,
      }),
      'from livespace_events_committed_total over the window ÷ live calls; see bench/live/load-agent.ts for what bounds it',
    ),
    row('session:<id> latency p50', '≤ 20 ms', (r) => ({ value: ms(r.sessionP50Ms), pass: r.sessionP50Ms <= 20 })),
    row(
      'session:<id> latency p99',
      '≤ 50 ms',
      (r) => ({ value: ms(r.sessionP99Ms), pass: r.sessionP99Ms <= 50 }),
      `receive time − event.at, every event of ${sessionClients} clients (one session each)`,
    ),
    row('sessions latency p50', '≤ 20 ms', (r) => ({ value: ms(r.sessionsP50Ms), pass: r.sessionsP50Ms <= 20 })),
    row(
      'sessions latency p99',
      '≤ 50 ms',
      (r) => ({ value: ms(r.sessionsP99Ms), pass: r.sessionsP99Ms <= 50 }),
      `${sessionsView}: receive time − summary.lastLine.at for each upsert that shows a new line (partial or final; one that changed only a node or the health is not timed); the topic coalesces each session over the gateway's ${DEFAULT_GATEWAY_OPTIONS.flushMs} ms tick`,
    ),
    row('session:<id> / sessions events received per s', '—', (r) => ({
      value: `${num(r.sessionEventsPerSecond)} / ${num(r.sessionsEventsPerSecond)}`,
    })),
    row('server CPU (100% = one core)', '—', (r) => ({ value: `${num(r.serverCpuPercent)}%` })),
    row('server RSS peak', '< 1 GiB', (r) => ({
      value: `${num(r.serverRssMaxMiB)} MiB`,
      pass: r.serverRssMaxMiB < 1024,
    })),
    row('events stored per second', '—', (r) => ({ value: num(r.eventsPerSecond) })),
    row('store lag p50', '—', (r) => ({ value: ms(r.commitLagP50Ms) })),
    row(
      'store lag p99',
      '≤ 100 ms',
      (r) => ({ value: ms(r.commitLagP99Ms), pass: r.commitLagP99Ms <= 100 }),
      'event appended → row committed, per event over the window (livespace_event_commit_lag_seconds, interpolated in its buckets)',
    ),
    row('events committed within 100 ms', '—', (r) => ({ value: `${num(100 * r.commitLagShareUnder100Ms, 1)}%` })),
    row(
      'server event-loop delay p50/p99/max',
      '—',
      (r) => ({ value: `${ms(r.loopDelayP50Ms)} / ${ms(r.loopDelayP99Ms)} / ${ms(r.loopDelayMaxMs)}` }),
      'nodejs_eventloop_lag_*: sampled every 10 ms, so ~10 ms means no delay',
    ),
    row('clients closed by the server', '0', (r) => ({
      value: num(r.clientsClosed + r.slowClientsDropped),
      pass: r.clientsClosed + r.slowClientsDropped === 0,
    })),
    row('client processes CPU', '—', (r) => ({ value: `${num(r.clientCpuPercent)}%` })),
    row(
      'client loop delay p99: session:<id> / sessions',
      '—',
      (r) => ({ value: `${ms(r.sessionClientLoopP99Ms)} / ${ms(r.sessionsClientLoopP99Ms)}` }),
      'how long a frame may wait in a client process before it is timed; the session:<id> clients have a process of their own',
    ),
  ];
}

export function saturationChecks(sat: SaturationFigures[]): Check[] {
  const get = (k: SaturationFigures['kind']) => sat.find((s) => s.kind === k)!;
  const gw = get('gateway');
  const ws = get('ws');
  const wsc = get('wsclientbatch');
  const wsb = get('wsbatch');
  const io = get('socketio');
  const rate = (s: SaturationFigures): Check => ({
    figure: `delivered events/s: ${s.kind}`,
    target: '—',
    cells: [
      {
        value: `${num(s.deliveredPerSecond)} (server CPU ${num(s.serverCpuPercent)}%, clients ${num(s.clientCpuPercent)}%)`,
      },
    ],
  });
  const closed = sat.reduce((n, s) => n + s.clientsClosed, 0);
  return [
    rate(gw),
    rate(ws),
    rate(wsc),
    rate(wsb),
    rate(io),
    {
      figure: 'gateway / bare ws',
      target: '≥ 1.0×',
      cells: [
        {
          value: `${num(gw.deliveredPerSecond / ws.deliveredPerSecond, 2)}×`,
          pass: gw.deliveredPerSecond >= ws.deliveredPerSecond,
        },
      ],
    },
    {
      figure: 'gateway / ws batched per client',
      target: '≥ 1.2×',
      cells: [
        {
          value: `${num(gw.deliveredPerSecond / wsc.deliveredPerSecond, 2)}×`,
          pass: gw.deliveredPerSecond >= 1.2 * wsc.deliveredPerSecond,
        },
      ],
      note: "bare ws batched per client every 10 ms (bench/live/saturation/ws-client-batch-server.ts): each event encoded once, each client's messages of a tick joined into a frame of its own",
    },
    {
      figure: 'gateway / ws batched, frames shared',
      target: '≥ 1.2×',
      cells: [
        {
          value: `${num(gw.deliveredPerSecond / wsb.deliveredPerSecond, 2)}×`,
          pass: gw.deliveredPerSecond >= 1.2 * wsb.deliveredPerSecond,
        },
      ],
      note: 'bare ws batched every 10 ms like the gateway (bench/live/saturation/ws-batch-server.ts): each event encoded once, one array frame a tick, built once for clients on the same topics',
    },
    {
      figure: 'gateway / socket.io',
      target: '≥ 1.5×',
      cells: [
        {
          value: `${num(gw.deliveredPerSecond / io.deliveredPerSecond, 2)}×`,
          pass: gw.deliveredPerSecond >= 1.5 * io.deliveredPerSecond,
        },
      ],
    },
    { figure: 'clients closed during saturation', target: '0', cells: [{ value: num(closed), pass: closed === 0 }] },
  ];
}
