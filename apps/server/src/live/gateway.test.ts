/** Gateway behaviour that needs a socket we control: a slow client is cut off and never slows the others. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { WebSocket } from 'ws';
import pino from 'pino';
import { MemoryBus } from '@livespace/adapters/bus-memory/memory.bus';
import { publish, SESSION_EVENTS_CHANNEL, type EventWrite, type Store, type UserRecord } from '@livespace/app';
import type { SessionSummary } from '@livespace/protocol';
import { createMetrics } from '../metrics';
import { localMediaPlane } from '@livespace/adapters/media/local-media-plane';
import { LiveGateway, SLOW_CLIENT_CLOSE } from './gateway';

/** A stand-in socket: records frames; `bufferedAmount` is what the test says the network holds. */
class FakeSocket extends EventEmitter {
  frames: Array<string | Buffer> = [];
  bufferedAmount = 0;
  closedWith: number | null = null;
  send(data: string | Buffer) {
    this.frames.push(data);
  }
  close(code: number) {
    this.closedWith = code;
  }
  terminate() {}
  receive(msg: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(msg)), false);
  }
}

const user: UserRecord = {
  id: 'u1',
  email: 'a@b.c',
  name: 'A',
  role: 'supervisor',
  queues: [],
  teamId: null,
  passwordHash: '',
  disabled: false,
  createdAt: '',
};
const summary = (id: string, seq: number): SessionSummary => ({
  id,
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a',
  agentName: 'A',
  callerNumber: '+14155550100',
  state: 'ai_active',
  startedAt: '2026-11-24T10:00:00Z',
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: null,
  seq,
});
const emptyStore = {
  listSessions: async () => [],
  sessionEvents: async () => [],
  getSession: async () => null,
  listPresence: async () => [],
  listEscalations: async () => [],
  listCallbacks: async () => [],
  listCampaigns: async () => [],
} as unknown as Store;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LiveGateway', () => {
  it('closes a client whose socket is backed up, while others keep receiving', async () => {
    const bus = new MemoryBus();
    const gw = new LiveGateway(emptyStore, bus, pino({ level: 'silent' }), createMetrics(localMediaPlane), {
      flushMs: 5,
      ringSize: 100,
      maxBufferedBytes: 1000,
      maxOutbox: 1000,
    });
    await gw.start();
    const fast = new FakeSocket();
    const slow = new FakeSocket();
    gw.connect(fast as unknown as WebSocket, user, true);
    gw.connect(slow as unknown as WebSocket, user, true);
    fast.receive({ type: 'subscribe', topic: 'sessions' });
    slow.receive({ type: 'subscribe', topic: 'sessions' });
    await wait(20);
    slow.bufferedAmount = 10_000;
    const batch: EventWrite[] = [
      {
        sessionId: 's1',
        event: { type: 'system', seq: 1, at: '', lineId: 'x', kind: 'welcome', text: 't' },
        summary: summary('s1', 1),
      },
    ];
    await publish(bus, SESSION_EVENTS_CHANNEL, { from: 'another-process', batch });
    await wait(30);
    assert.equal(slow.closedWith, SLOW_CLIENT_CLOSE);
    assert.ok(
      fast.frames.some((f) => f.includes('"upsert"')),
      'the fast client got the event',
    );
    assert.equal(fast.closedWith, null);
    assert.equal(gw.clientCount, 1);
    await gw.close();
  });

  it('closes a client whose outbox overflows', async () => {
    const bus = new MemoryBus();
    const started = { type: 'session.started' as const, seq: 1, at: '', summary: summary('s1', 1) };
    const store = { ...emptyStore, sessionEvents: async () => [started] } as unknown as Store;
    const gw = new LiveGateway(store, bus, pino({ level: 'silent' }), createMetrics(localMediaPlane), {
      flushMs: 1000,
      ringSize: 100,
      maxBufferedBytes: 1e9,
      maxOutbox: 10,
    });
    await gw.start();
    const ws = new FakeSocket();
    gw.connect(ws as unknown as WebSocket, user, true);
    ws.receive({ type: 'subscribe', topic: 'session:s1' });
    await wait(5);
    for (let seq = 2; seq <= 20; seq++) {
      await publish(bus, SESSION_EVENTS_CHANNEL, {
        from: 'another-process',
        batch: [
          {
            sessionId: 's1',
            event: { type: 'system', seq, at: '', lineId: 'x', kind: 'welcome', text: 't' },
            summary: summary('s1', seq),
          },
        ],
      });
    }
    await wait(30);
    assert.equal(ws.closedWith, SLOW_CLIENT_CLOSE);
    await gw.close();
  });

  it("keeps each topic in order when shared sessions frames and a client's own events interleave", async () => {
    const bus = new MemoryBus();
    const started = { type: 'session.started' as const, seq: 1, at: '', summary: summary('s1', 1) };
    const store = { ...emptyStore, sessionEvents: async () => [started] } as unknown as Store;
    const gw = new LiveGateway(store, bus, pino({ level: 'silent' }), createMetrics(localMediaPlane), {
      flushMs: 15,
      ringSize: 100,
      maxBufferedBytes: 1e9,
      maxOutbox: 1000,
    });
    await gw.start();
    const ws = new FakeSocket();
    gw.connect(ws as unknown as WebSocket, user, true);
    ws.receive({ type: 'subscribe', topic: 'sessions' });
    ws.receive({ type: 'subscribe', topic: 'session:s1' });
    await wait(20);
    for (let seq = 2; seq <= 40; seq++) {
      await publish(bus, SESSION_EVENTS_CHANNEL, {
        from: 'another-process',
        batch: [
          {
            sessionId: 's1',
            event: { type: 'system', seq, at: '', lineId: `x${seq}`, kind: 'welcome', text: 't' },
            summary: summary('s1', seq),
          },
        ],
      });
      if (seq % 7 === 0) await wait(6);
    }
    await wait(40);
    const msgs = ws.frames.flatMap((f) => {
      const parsed = JSON.parse(f.toString()) as unknown;
      return (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ type: string; topic: string; seq: number }>;
    });
    const seqs = (topic: string) =>
      msgs.filter((m) => m.topic === topic && (m.type === 'event' || m.type === 'snapshot')).map((m) => m.seq);
    assert.deepEqual(
      seqs('session:s1'),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const sessionsSeqs = seqs('sessions');
    assert.ok(sessionsSeqs.length > 2);
    assert.deepEqual(
      sessionsSeqs,
      [...sessionsSeqs].sort((a, b) => a - b),
      'sessions topic in order',
    );
    assert.ok(
      ws.frames.some((f) => Buffer.isBuffer(f)),
      'shared frames were sent as built once',
    );
    await gw.close();
  });

  it("takes another process's summaries for the lists; a session watched here gets the events it lacks from the store, in order, once", async () => {
    const bus = new MemoryBus();
    const ev = (seq: number) => ({
      type: 'system' as const,
      seq,
      at: '',
      lineId: `x${seq}`,
      kind: 'welcome' as const,
      text: `t${seq}`,
    });
    const stored = [
      { type: 'session.started' as const, seq: 1, at: '', summary: summary('s1', 1) },
      ...Array.from({ length: 9 }, (_, i) => ev(i + 2)),
    ];
    let upTo = 3;
    const store = {
      ...emptyStore,
      sessionEvents: async (_id: string, since: number) => stored.filter((e) => e.seq > since && e.seq <= upTo),
    } as unknown as Store;
    const gw = new LiveGateway(store, bus, pino({ level: 'silent' }), createMetrics(localMediaPlane), {
      flushMs: 5,
      ringSize: 100,
      maxBufferedBytes: 1e9,
      maxOutbox: 1000,
    });
    const watching: string[][] = [];
    gw.onWatchingChanged = (ids) => watching.push(ids);
    await gw.start('here');
    const ws = new FakeSocket();
    const received = () =>
      ws.frames.flatMap((f) => {
        const parsed = JSON.parse(f.toString()) as unknown;
        return (Array.isArray(parsed) ? parsed : [parsed]) as Array<{
          type: string;
          topic: string;
          seq: number;
          event?: { type: string; summary?: { id: string; seq: number } };
        }>;
      });
    const sessionSeqs = () =>
      received()
        .filter((m) => m.topic === 'session:s1' && (m.type === 'event' || m.type === 'snapshot'))
        .map((m) => m.seq);
    gw.connect(ws as unknown as WebSocket, user, true);
    ws.receive({ type: 'subscribe', topic: 'sessions' });
    // Nobody here watches s2: its summary alone updates the list.
    await publish(bus, SESSION_EVENTS_CHANNEL, { from: 'there', batch: [], summaries: [summary('s2', 5)] });
    ws.receive({ type: 'subscribe', topic: 'session:s1' });
    await wait(20);
    assert.deepEqual(watching, [['s1']], 'the first watcher of s1 is announced');
    // s1 moved on to 6 while its owner did not yet know this process watches it: only its summary came.
    upTo = 6;
    await publish(bus, SESSION_EVENTS_CHANNEL, { from: 'there', batch: [], summaries: [summary('s1', 6)] });
    await wait(20);
    assert.deepEqual(sessionSeqs(), [3, 4, 5, 6], 'the summary alone brought the events it stood for, from the store');
    // Then its owner sends its events in full: 5 and 6 again (already read), then 7.
    upTo = 7;
    await publish(bus, SESSION_EVENTS_CHANNEL, {
      from: 'there',
      batch: [5, 6, 7].map((q) => ({ sessionId: 's1', event: ev(q), summary: summary('s1', q) })),
    });
    await wait(20);
    assert.deepEqual(sessionSeqs(), [3, 4, 5, 6, 7], 'snapshot at 3, then every event once, in order');
    const msgs = received();
    const listed = msgs
      .filter((m) => m.topic === 'sessions' && m.event?.type === 'upsert')
      .map((m) => `${m.event!.summary!.id}:${m.event!.summary!.seq}`);
    assert.ok(listed.includes('s2:5') && listed.includes('s1:7'), listed.join());
    ws.receive({ type: 'unsubscribe', topic: 'session:s1' });
    await wait(5);
    assert.deepEqual(watching.at(-1), [], 'nobody watches s1 now');
    await gw.close();
  });
  it('sends clients on the same session topics one frame built once; a client that gets its own messages, or leaves and comes back mid-tick, keeps each topic in order', async () => {
    const bus = new MemoryBus();
    const ev = (id: string, seq: number) => ({
      sessionId: id,
      event: { type: 'system' as const, seq, at: '', lineId: `${id}${seq}`, kind: 'welcome' as const, text: 't' },
      summary: summary(id, seq),
    });
    let stored = 1;
    const store = {
      ...emptyStore,
      sessionEvents: async (id: string, since: number) =>
        Array.from({ length: stored }, (_, i) =>
          i === 0 ? { type: 'session.started' as const, seq: 1, at: '', summary: summary(id, 1) } : ev(id, i + 1).event,
        ).filter((e) => e.seq > since),
    } as unknown as Store;
    const gw = new LiveGateway(store, bus, pino({ level: 'silent' }), createMetrics(localMediaPlane), {
      flushMs: 20,
      ringSize: 100,
      maxBufferedBytes: 1e9,
      maxOutbox: 1000,
    });
    await gw.start('here');
    const [a, b, c] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    for (const ws of [a, b, c]) {
      gw.connect(ws as unknown as WebSocket, user, true);
      ws.receive({ type: 'subscribe', topic: 'session:s1' });
      ws.receive({ type: 'subscribe', topic: 'session:s2' });
    }
    await wait(30);
    for (const ws of [a, b, c]) ws.frames = [];
    const publishBatch = (...ws: EventWrite[]) => publish(bus, SESSION_EVENTS_CHANNEL, { from: 'there', batch: ws });
    // One tick: s1 2, s2 2, then c pings (its own message), then s1 3 and s2 3; c leaves s2 and comes back from seq 2
    // (the store has 3 by then), then s2 4 and 5.
    await publishBatch(ev('s1', 2), ev('s2', 2));
    c.receive({ type: 'ping' });
    await publishBatch(ev('s1', 3), ev('s2', 3));
    stored = 3;
    c.receive({ type: 'unsubscribe', topic: 'session:s2' });
    c.receive({ type: 'subscribe', topic: 'session:s2', since: 2 });
    await wait(1);
    await publishBatch(ev('s2', 4), ev('s2', 5));
    await wait(40);
    assert.equal(a.frames.length, 1, 'one frame a tick');
    assert.ok(Buffer.isBuffer(a.frames[0]) && a.frames[0] === b.frames[0], 'the same Buffer for both: built once');
    const seqsOf = (ws: FakeSocket, topic: string) =>
      ws.frames
        .flatMap((f) => {
          const parsed = JSON.parse(f.toString()) as unknown;
          return (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ type: string; topic: string; seq: number }>;
        })
        .filter((m) => m.topic === topic && m.type === 'event')
        .map((m) => m.seq);
    for (const ws of [a, b]) {
      assert.deepEqual(seqsOf(ws, 'session:s1'), [2, 3]);
      assert.deepEqual(seqsOf(ws, 'session:s2'), [2, 3, 4, 5]);
    }
    assert.deepEqual(seqsOf(c, 'session:s1'), [2, 3], 'after its pong, s1 still in order');
    const cMsgs = c.frames.flatMap((f) => {
      const p = JSON.parse(f.toString()) as unknown;
      return (Array.isArray(p) ? p : [p]) as Array<{ type: string; topic?: string; seq?: number }>;
    });
    const resub = cMsgs.findIndex((m) => m.type === 'subscribed' && m.topic === 'session:s2');
    assert.ok(resub > 0, 'resubscribed');
    assert.deepEqual(
      cMsgs
        .slice(0, resub)
        .filter((m) => m.topic === 'session:s2' && m.type === 'event')
        .map((m) => m.seq),
      [2, 3],
      'before it left: only what came before',
    );
    assert.deepEqual(
      cMsgs
        .slice(resub)
        .filter((m) => m.topic === 'session:s2' && m.type === 'event')
        .map((m) => m.seq),
      [3, 4, 5],
      'after it came back: from its since, once, in order',
    );
    await gw.close();
  });
});
