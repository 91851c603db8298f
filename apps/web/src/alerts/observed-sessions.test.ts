/**
 * The sessions the page already follows, as the alerts see them: the Live Calls rows, the conversations, each open
 * session's events; forgotten when their subscriber leaves. And the LiveSocket observer that feeds them, against a
 * WebSocket server of the test's own: it sees what the subscriber got, and the subscriber still gets everything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import type { SessionSummary } from '@livespace/protocol/session';
import { LiveSocket } from '../live/live-socket';
import { ObservedSessions, sessionIdOfTopic } from './observed-sessions';

const summary = (id: string, over: Partial<SessionSummary> = {}): SessionSummary => ({
  id,
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a1',
  agentName: 'Clinic',
  callerNumber: '+15550111',
  state: 'ai_active',
  startedAt: '2026-01-01T10:00:00.000Z',
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: null,
  seq: 1,
  ...over,
});

const tick = () => new Promise((r) => setTimeout(r, 5));
const ids = (o: ObservedSessions) =>
  o
    .all()
    .map((s) => `${s.id}:${s.health?.level ?? 'ok'}:${s.seq}`)
    .sort();

describe('observed sessions', () => {
  it('keeps the rows, the conversations and each open session, the newest of each; forgets what its subscriber left', async () => {
    const o = new ObservedSessions(0);
    let told = 0;
    o.subscribe(() => told++);
    o.snapshot('sessions', { items: [summary('s1'), summary('s2')], counts: {} });
    o.snapshot('conversations', { items: [{ summary: summary('m1', { channel: 'sms' }), attention: [] }] });
    o.snapshot('session:s1', { ...summary('s1', { seq: 4 }), transcript: [], variables: {} });
    await tick();
    assert.equal(told, 1, 'changes in one go are told once');
    assert.deepEqual(ids(o), ['m1:ok:1', 's1:ok:4', 's2:ok:1']);

    const critical = {
      level: 'critical' as const,
      reasons: [{ code: 'long_silence' as const, level: 'critical' as const, text: 'Silent' }],
    };
    o.event('session:s1', { type: 'health', seq: 5, at: '2026-01-01T10:00:09.000Z', health: critical });
    o.event('session:s1', {
      type: 'health',
      seq: 5,
      at: '2026-01-01T10:00:09.000Z',
      health: { level: 'ok', reasons: [] },
    });
    o.event('sessions', { type: 'upsert', summary: summary('s2', { seq: 3, takenOverBy: { id: 'u1', name: 'Sue' } }) });
    o.event('sessions', { type: 'upsert', summary: summary('s2', { seq: 2 }) });
    o.event('sessions', { type: 'counts', counts: {} });
    await tick();
    assert.deepEqual(ids(o), ['m1:ok:1', 's1:critical:5', 's2:ok:3'], 'older events change nothing');
    assert.equal(o.all().find((s) => s.id === 's2')!.takenOverBy?.name, 'Sue');

    o.event('conversations', { type: 'remove', id: 'm1', reason: 'ended' });
    o.event('sessions', { type: 'remove', id: 's2', reason: 'out_of_view' });
    o.cleared('session:s1');
    await tick();
    assert.deepEqual(ids(o), ['s1:ok:1'], 'the drawer closed: what the list row says remains');
    o.cleared('sessions');
    o.event('session:s9', { type: 'health', seq: 9, at: '', health: critical });
    await tick();
    assert.deepEqual(ids(o), [], 'an event of a session never snapshotted is no use');
  });

  it('tells at most every minEmitMs', async () => {
    const o = new ObservedSessions(60);
    let told = 0;
    o.subscribe(() => told++);
    for (let i = 0; i < 20; i++) {
      o.event('sessions', { type: 'upsert', summary: summary(`s${i}`) });
      await tick();
    }
    await new Promise((r) => setTimeout(r, 80));
    assert.ok(told >= 1 && told <= 4, `told ${told} times for 20 changes over ~100 ms`);
    assert.equal(o.all().length, 20);
  });

  it('session topics by name', () => {
    assert.equal(sessionIdOfTopic('session:ses_1'), 'ses_1');
    assert.equal(sessionIdOfTopic('session:'), null);
    assert.equal(sessionIdOfTopic('sessions'), null);
  });
});

describe('LiveSocket observers', () => {
  let server: WebSocketServer;
  let port = 0;
  before(async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    port = (server.address() as { port: number }).port;
    server.on('connection', (ws) => {
      const send = (m: object) => ws.send(JSON.stringify(m));
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; topic: string };
        if (m.type !== 'subscribe') return;
        send({ type: 'snapshot', topic: m.topic, seq: 1, data: { items: [1] } });
        send({ type: 'event', topic: m.topic, seq: 2, event: { n: 2 } });
        send({ type: 'event', topic: m.topic, seq: 2, event: { n: 2 } }); // a duplicate: neither sees it
        send({ type: 'resync', topic: m.topic, reason: 'test' });
      });
    });
  });
  after(() => server.close());

  it('sees what the subscriber gets, after the same checks; a failing observer breaks nothing', async () => {
    const socket = new LiveSocket({ token: 't', baseUrl: `ws://127.0.0.1:${port}` });
    const got: string[] = [];
    const seen: string[] = [];
    socket.observe({
      snapshot: () => {
        throw new Error('observer bug');
      },
    });
    const stop = socket.observe({
      snapshot: (topic) => seen.push(`snapshot ${topic}`),
      event: (topic, e) => seen.push(`event ${topic} ${(e as { n: number }).n}`),
      cleared: (topic) => seen.push(`cleared ${topic}`),
    });
    const unsubscribe = socket.subscribe(
      'queues',
      { snapshot: () => got.push('snapshot'), event: () => got.push('event'), reset: () => got.push('reset') },
      { resume: false, dedupeBySeq: true },
    );
    const end = Date.now() + 5000;
    while (seen.filter((s) => s.startsWith('snapshot')).length < 2 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 10));
    unsubscribe();
    stop();
    socket.close();
    assert.deepEqual(got.slice(0, 4), ['snapshot', 'event', 'reset', 'snapshot']);
    assert.deepEqual(seen.slice(0, 4), ['snapshot queues', 'event queues 2', 'cleared queues', 'snapshot queues']);
    assert.equal(seen.at(-1), 'cleared queues', 'the subscriber left');
  });
});
