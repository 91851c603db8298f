/**
 * The live socket against a WebSocket server of the test's own: a transcript whose events jump a seq (a server
 * process lost some on the way) is asked for again from the last one applied, and nothing is applied twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { LiveSocket } from './live-socket';

describe('LiveSocket', () => {
  let server: WebSocketServer;
  let port = 0;
  const received: Array<{ type: string; topic?: string; since?: number }> = [];
  before(async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    port = (server.address() as { port: number }).port;
    server.on('connection', (ws) => {
      const send = (m: object) => ws.send(JSON.stringify(m));
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; topic: string; since?: number };
        received.push(m);
        if (m.type !== 'subscribe') return;
        if (m.since === undefined) {
          send({ type: 'snapshot', topic: m.topic, seq: 3, data: { seq: 3 } });
          send({ type: 'event', topic: m.topic, seq: 4, event: { n: 4 } });
          // 5 and 6 were lost on the way.
          send({ type: 'event', topic: m.topic, seq: 7, event: { n: 7 } });
        } else {
          send({ type: 'subscribed', topic: m.topic, since: m.since });
          for (let seq = m.since + 1; seq <= 8; seq++) send({ type: 'event', topic: m.topic, seq, event: { n: seq } });
        }
      });
    });
  });
  after(() => server.close());

  it("asks again from the last seq applied when a transcript's seq jumps, and applies every event once, in order", async () => {
    const socket = new LiveSocket({ token: 't', baseUrl: `ws://127.0.0.1:${port}` });
    const applied: number[] = [];
    socket.subscribe(
      'session:s1',
      { snapshot: (_d, seq) => applied.push(seq), event: (_e, seq) => applied.push(seq) },
      { resume: true, dedupeBySeq: true },
    );
    const end = Date.now() + 5000;
    while (applied.at(-1) !== 8 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    socket.close();
    assert.deepEqual(applied, [3, 4, 5, 6, 7, 8]);
    assert.deepEqual(
      received.filter((m) => m.type === 'subscribe').map((m) => m.since),
      [undefined, 4],
    );
    assert.equal(socket.stats.gapsRepaired, 1);
  });
});
