/**
 * Forked: one server under test, and the producer that replays the recorded events into it as fast as it takes them.
 */
import type { EventWrite } from '@livespace/app';
import { onParent, toParent } from '../child';
import { loadRecorded, replay } from './recorded';
import type { SatKind, SatServerIn, SatServerOut } from './protocol';
import type { SatServer } from './server-kind';
import { startGatewayServer } from './gateway-server';
import { startWsServer } from './ws-server';
import { startWsBatchServer } from './ws-batch-server';
import { startWsClientBatchServer } from './ws-client-batch-server';
import { startSocketIoServer } from './socketio-server';

/** How each kind of server under test starts (the gateway needs the recording: its stub store answers from it). */
const START: Record<SatKind, (writes: EventWrite[]) => Promise<SatServer>> = {
  gateway: startGatewayServer,
  ws: startWsServer,
  wsclientbatch: startWsClientBatchServer,
  wsbatch: startWsBatchServer,
  socketio: startSocketIoServer,
};

let server: SatServer | null = null;
let next: ReturnType<typeof replay> | null = null;
let batchSize = 100;
let running = false;
let produced = 0;
let waits = 0;
let startedAt = 0;

/**
 * Offers a batch whenever no client is over the bound, yielding to I/O between batches; waits 1 ms while
 * backed up. So the server always has more to send than it can, and memory stays bounded.
 */
function produce(): void {
  if (!running || !server || !next) return;
  if (server.backedUp()) {
    waits++;
    setTimeout(produce, 1);
    return;
  }
  server.publish(next(batchSize));
  produced += batchSize;
  setImmediate(produce);
}

onParent<SatServerIn>(async (msg) => {
  if (msg.type === 'init') {
    const writes = loadRecorded(msg.recordedFile);
    next = replay(writes);
    batchSize = msg.batchSize;
    server = await START[msg.kind](writes);
    toParent<SatServerOut>({ type: 'listening', port: server.port });
  } else if (msg.type === 'produce') {
    running = true;
    startedAt = performance.now();
    produce();
  } else if (msg.type === 'stop') {
    running = false;
    toParent<SatServerOut>({
      type: 'produced',
      events: produced,
      seconds: (performance.now() - startedAt) / 1000,
      waits,
    });
    await server?.close();
  }
});
