/** (b) The baseline: bare `ws`, each event encoded once and sent as its own frame to every subscriber of its topic. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventWrite } from '@livespace/app';
import { eventMessage } from './recorded';
import { MAX_BUFFERED_BYTES, type SatServer } from './server-kind';

export async function startWsServer(): Promise<SatServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
  const subscribers = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; topic: string };
      if (m.type !== 'subscribe') return;
      let set = subscribers.get(m.topic);
      if (!set) subscribers.set(m.topic, (set = new Set()));
      set.add(ws);
      ws.send(JSON.stringify({ type: 'subscribed', topic: m.topic, since: 0 }));
    });
    ws.on('close', () => {
      for (const s of subscribers.values()) s.delete(ws);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    publish(batch: EventWrite[]) {
      for (const w of batch) {
        const msg = eventMessage(w);
        const subs = subscribers.get(msg.topic);
        if (!subs) continue;
        const data = JSON.stringify(msg);
        for (const ws of subs) ws.send(data);
      }
    },
    backedUp() {
      for (const ws of wss.clients) if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return true;
      return false;
    },
    async close() {
      wss.close();
      http.close();
    },
  };
}
