/**
 * (a) The product's LiveGateway, in this process: a MemoryBus feeds it, a stub store (typed as the Store port) answers
 * subscriptions.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import pino from 'pino';
import { MemoryBus } from '@livespace/adapters/bus-memory/memory.bus';
import { publish, SESSION_EVENTS_CHANNEL, type EventWrite, type UserRecord } from '@livespace/app';
import { createMetrics } from '../../../apps/server/src/metrics';
import { localMediaPlane } from '@livespace/adapters/media/local-media-plane';
import { DEFAULT_GATEWAY_OPTIONS, LiveGateway } from '../../../apps/server/src/live/gateway';
import { MAX_BUFFERED_BYTES, MAX_QUEUED_EVENTS, type SatServer } from './server-kind';
import { StubStore } from './stub-store';

const user: UserRecord = {
  id: 'bench',
  email: 'bench@test.local',
  name: 'Bench',
  role: 'supervisor',
  queues: [],
  teamId: null,
  passwordHash: '',
  disabled: false,
  createdAt: '',
};

export async function startGatewayServer(writes: EventWrite[]): Promise<SatServer> {
  const summaries = new Map(writes.map((w) => [w.sessionId, w.summary]));
  const bus = new MemoryBus();
  const gateway = new LiveGateway(
    new StubStore(summaries),
    bus,
    pino({ level: 'silent' }),
    createMetrics(localMediaPlane),
    DEFAULT_GATEWAY_OPTIONS,
  );
  await gateway.start();
  const http = createServer();
  const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
  // The bus is synchronous: when the gateway writes to a socket, every event published so far is in that
  // frame or an earlier one. So "published − published at its last write" is what the client has queued.
  let published = 0;
  const sockets = new Map<WebSocket, { sentUpTo: number }>();
  wss.on('connection', (ws) => {
    const state = { sentUpTo: 0 };
    sockets.set(ws, state);
    const send = ws.send.bind(ws) as (data: string) => void;
    (ws as unknown as { send: (data: string) => void }).send = (data: string) => {
      state.sentUpTo = published;
      send(data);
    };
    ws.on('close', () => sockets.delete(ws));
    gateway.connect(ws, user, true);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    publish(batch) {
      published += batch.length;
      void publish(bus, SESSION_EVENTS_CHANNEL, { from: 'bench', batch });
    },
    backedUp() {
      for (const [ws, s] of sockets)
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES || published - s.sentUpTo > MAX_QUEUED_EVENTS) return true;
      return false;
    },
    async close() {
      await gateway.close();
      wss.close();
      http.close();
    },
  };
}
