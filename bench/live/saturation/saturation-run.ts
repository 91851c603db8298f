/**
 * Delivered events per second at saturation, on the same recorded messages, for the gateway, bare ws (a frame per
 * event, and batched per client every 10 ms) and socket.io, one after another: each server in its own process with its
 * producer, clients in others.
 */
import { forkChild } from '../child';
import { cpuSeconds } from '../proc-stats';
import { loadRecorded, topicsOf } from './recorded';
import {
  SAT_KINDS,
  type SatClientIn,
  type SatClientOut,
  type SatKind,
  type SatServerIn,
  type SatServerOut,
} from './protocol';

export interface SaturationOptions {
  recordedFile: string;
  clients: number;
  clientProcesses: number;
  batchSize: number;
  warmupSeconds: number;
  measureSeconds: number;
}

export interface SaturationFigures {
  kind: SatKind;
  /** Event messages counted at the clients per second (a batched array counts each element). */
  deliveredPerSecond: number;
  /** Events the producer got in per second (each goes to every client). */
  offeredPerSecond: number;
  serverCpuPercent: number;
  clientCpuPercent: number;
  clientsClosed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measureOne(kind: SatKind, opts: SaturationOptions, topics: string[]): Promise<SaturationFigures> {
  const server = forkChild<SatServerIn, SatServerOut>(new URL('./sat-server.ts', import.meta.url));
  // The client processes start (load their modules) while the server does: nothing is measured before all are ready.
  const clients = Array.from({ length: opts.clientProcesses }, () =>
    forkChild<SatClientIn, SatClientOut>(new URL('./sat-client.ts', import.meta.url)),
  );
  try {
    server.send({ type: 'init', kind, recordedFile: opts.recordedFile, batchSize: opts.batchSize });
    const { port } = await server.next('listening');
    clients.forEach((c, p) => {
      const n = Math.floor(opts.clients / opts.clientProcesses) + (p < opts.clients % opts.clientProcesses ? 1 : 0);
      c.send({ type: 'init', kind, port, clients: n, topics });
    });
    await Promise.all(clients.map((c) => c.next('ready')));
    server.send({ type: 'produce' });
    await sleep(opts.warmupSeconds * 1000);

    const mark = () =>
      Promise.all(
        clients.map((c) => {
          c.send({ type: 'mark' });
          return c.next('count');
        }),
      );
    const cpu = () => ({
      server: cpuSeconds(server.pid),
      clients: clients.reduce((s, c) => s + cpuSeconds(c.pid), 0),
      at: performance.now(),
    });
    const cpu0 = cpu();
    const m0 = await mark();
    await sleep(opts.measureSeconds * 1000);
    const m1 = await mark();
    const cpu1 = cpu();
    server.send({ type: 'stop' });
    const produced = await server.next('produced');

    const seconds = (cpu1.at - cpu0.at) / 1000;
    return {
      kind,
      deliveredPerSecond: m1.reduce((s, m, i) => s + (m.events - m0[i]!.events) / ((m.at - m0[i]!.at) / 1000), 0),
      offeredPerSecond: produced.events / produced.seconds,
      serverCpuPercent: (100 * (cpu1.server - cpu0.server)) / seconds,
      clientCpuPercent: (100 * (cpu1.clients - cpu0.clients)) / seconds,
      clientsClosed: m1.reduce((s, m) => s + m.closed, 0),
    };
  } finally {
    for (const c of clients) c.kill();
    server.kill();
  }
}

export async function runSaturation(
  opts: SaturationOptions,
  log: (line: string) => void,
): Promise<SaturationFigures[]> {
  const writes = loadRecorded(opts.recordedFile);
  const topics = topicsOf(writes);
  log(
    `[saturation] ${writes.length} recorded events of ${topics.length} sessions; ${opts.clients} clients each subscribed to all ${topics.length} topics`,
  );
  const out: SaturationFigures[] = [];
  for (const kind of SAT_KINDS) {
    const f = await measureOne(kind, opts, topics);
    log(
      `[saturation] ${kind}: ${Math.round(f.deliveredPerSecond)} events/s delivered (server CPU ${f.serverCpuPercent.toFixed(0)}%, clients ${f.clientCpuPercent.toFixed(0)}%)`,
    );
    out.push(f);
  }
  return out;
}
