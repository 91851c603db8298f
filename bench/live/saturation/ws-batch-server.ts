/**
 * (b2) The fair baseline: bare `ws`, batched per client every 10 ms as the gateway batches a `?batch=1` client.
 * Each event is encoded once (the same message as ws-server.ts), waits in its clients' outbox, and every 10 ms
 * each client's pending messages go out as one JSON array frame (`[msg,msg,…]`).
 *
 * Clients that subscribed to the same topics in the same order get the same messages, so they share one outbox
 * (an "audience"), and its frame is joined and made a Buffer once a tick for all of them: what the gateway's
 * SharedChunk does (for the `sessions` topic, and for each `session:<id>` topic's events of a tick, where clients
 * whose outboxes hold the same chunks share a frame). ws-client-batch-server.ts joins each client's own outbox.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventWrite } from '@livespace/app';
import { eventMessage } from './recorded';
import { MAX_BUFFERED_BYTES, MAX_QUEUED_EVENTS, type SatServer } from './server-kind';

/** The gateway's tick (DEFAULT_GATEWAY_OPTIONS.flushMs). */
const FLUSH_MS = 10;

/** The clients on one set of topics, and the encoded messages they all have pending. */
interface Audience {
  topics: Set<string>;
  clients: Set<WebSocket>;
  outbox: string[];
  /** The audience a client moves to when it subscribes to one more topic (kept, so the next client finds it). */
  next: Map<string, Audience>;
}

const audience = (topics: Set<string>): Audience => ({ topics, clients: new Set(), outbox: [], next: new Map() });
const frameOf = (outbox: string[]) => Buffer.from(`[${outbox.join(',')}]`);

export async function startWsBatchServer(): Promise<SatServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
  /** A client before its first subscription; every audience is reached from here, one topic at a time. */
  const root = audience(new Set());
  const audienceOf = new Map<WebSocket, Audience>();
  /** Audiences with at least one client: the only ones an event is offered to. */
  const live = new Set<Audience>();

  const leave = (ws: WebSocket, a: Audience) => {
    a.clients.delete(ws);
    if (a.clients.size > 0) return;
    live.delete(a);
    a.outbox = [];
  };
  const join = (ws: WebSocket, a: Audience) => {
    a.clients.add(ws);
    audienceOf.set(ws, a);
    if (a !== root) live.add(a);
  };

  const subscribe = (ws: WebSocket, topic: string) => {
    const from = audienceOf.get(ws)!;
    if (!from.topics.has(topic)) {
      // What the old audience queued for this client goes out now, so nothing is lost or reordered by the move.
      if (from.outbox.length > 0) ws.send(frameOf(from.outbox), { binary: false });
      let to = from.next.get(topic);
      if (!to) from.next.set(topic, (to = audience(new Set(from.topics).add(topic))));
      leave(ws, from);
      join(ws, to);
    }
    ws.send(JSON.stringify({ type: 'subscribed', topic, since: 0 }));
  };

  wss.on('connection', (ws) => {
    join(ws, root);
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; topic: string };
      if (m.type === 'subscribe') subscribe(ws, m.topic);
    });
    ws.on('close', () => {
      leave(ws, audienceOf.get(ws)!);
      audienceOf.delete(ws);
    });
  });

  /** One tick: each audience's pending messages, joined once, as the same Buffer to each of its clients. */
  const flush = () => {
    for (const a of live) {
      if (a.outbox.length === 0) continue;
      const frame = frameOf(a.outbox);
      a.outbox = [];
      for (const ws of a.clients) ws.send(frame, { binary: false });
    }
  };
  const timer = setInterval(flush, FLUSH_MS);

  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    publish(batch: EventWrite[]) {
      for (const w of batch) {
        const msg = eventMessage(w);
        let data: string | null = null;
        for (const a of live) if (a.topics.has(msg.topic)) a.outbox.push((data ??= JSON.stringify(msg)));
      }
    },
    backedUp() {
      // The gateway's two bounds: bytes unsent in a socket, and messages waiting in a client's outbox.
      for (const a of live) if (a.outbox.length > MAX_QUEUED_EVENTS) return true;
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
