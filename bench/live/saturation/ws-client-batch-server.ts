/**
 * (b3) Bare `ws` batched per client every 10 ms, each client on its own: each event encoded once and queued for
 * each of its topic's subscribers, and every 10 ms each client's pending messages joined into one array frame of its
 * own. What the gateway did for `session:<id>` topics before it shared frames between clients with the same topics
 * (and what the issue first named "a bare ws that batches per client the same way"); ws-batch-server.ts shares them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventWrite } from '@livespace/app';
import { eventMessage } from './recorded';
import { MAX_BUFFERED_BYTES, MAX_QUEUED_EVENTS, type SatServer } from './server-kind';

/** The gateway's tick (DEFAULT_GATEWAY_OPTIONS.flushMs). */
const FLUSH_MS = 10;

export async function startWsClientBatchServer(): Promise<SatServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
  const subscribers = new Map<string, Set<WebSocket>>();
  const outbox = new Map<WebSocket, string[]>();
  wss.on('connection', (ws) => {
    outbox.set(ws, []);
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; topic: string };
      if (m.type !== 'subscribe') return;
      let set = subscribers.get(m.topic);
      if (!set) subscribers.set(m.topic, (set = new Set()));
      set.add(ws);
      outbox.get(ws)!.push(JSON.stringify({ type: 'subscribed', topic: m.topic, since: 0 }));
    });
    ws.on('close', () => {
      for (const s of subscribers.values()) s.delete(ws);
      outbox.delete(ws);
    });
  });
  const flush = () => {
    for (const [ws, pending] of outbox) {
      if (pending.length === 0) continue;
      outbox.set(ws, []);
      ws.send(`[${pending.join(',')}]`);
    }
  };
  const timer = setInterval(flush, FLUSH_MS);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    publish(batch: EventWrite[]) {
      for (const w of batch) {
        const msg = eventMessage(w);
        const subs = subscribers.get(msg.topic);
        if (!subs) continue;
        const data = JSON.stringify(msg);
        for (const ws of subs) outbox.get(ws)?.push(data);
      }
    },
    backedUp() {
      for (const pending of outbox.values()) if (pending.length > MAX_QUEUED_EVENTS) return true;
      for (const ws of wss.clients) if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return true;
      return false;
    },
    async close() {
      clearInterval(timer);
      wss.close();
      http.close();
    },
  };
}
