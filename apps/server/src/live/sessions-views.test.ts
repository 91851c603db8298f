import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserRecord } from '@livespace/app';
import type { SessionSummary } from '@livespace/protocol';
import type { WebSocket } from 'ws';
import { LiveClient, type SharedChunk } from './live-client';
import { nextDue, SessionsViews } from './sessions-views';

const summary = (id: string, lastLine: string | null = null): SessionSummary => ({
  id,
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a1',
  agentName: 'Sales',
  callerNumber: '+1',
  state: 'ai_active',
  startedAt: `2026-12-07T10:00:0${id.length}.000Z`,
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: lastLine ? { speaker: 'caller', text: lastLine, at: '2026-12-07T10:00:09.000Z' } : null,
  seq: 1,
});

const client = () =>
  new LiveClient({} as WebSocket, { id: 'u1' } as UserRecord, true, { maxBufferedBytes: 1e6, maxOutbox: 1e4 });

/**
 * The views over two live sessions (`live`, by id: change it between ticks), and what each client was sent, tick by
 * tick (the events of each chunk).
 */
function setUp() {
  const live = new Map([
    ['a', summary('a')],
    ['bb', summary('bb')],
  ]);
  const views = new SessionsViews(() => [...live.values()]);
  const sent = new Map<LiveClient, unknown[][]>();
  const tick = (changed: Record<string, unknown>, now: number) =>
    views.publish(
      new Map(Object.entries(changed)),
      (c: LiveClient, chunk: SharedChunk) => {
        const list = sent.get(c) ?? [];
        list.push(chunk.messages.map((m) => (JSON.parse(m) as { event: unknown }).event));
        sent.set(c, list);
      },
      now,
    );
  return { live, views, sent, tick };
}

describe('sessions views: a view with an interval', () => {
  it('is due 25 ms before each multiple of its interval', () => {
    assert.equal(nextDue(1000, 250), 1225);
    assert.equal(nextDue(1224, 250), 1225);
    assert.equal(nextDue(1225, 250), 1475);
    assert.equal(nextDue(1230, 250), 1475);
  });

  it('sends its first change at once, then holds what follows until it is due, a row changed twice sent once', () => {
    const { live, views, sent, tick } = setUp();
    const every = client();
    const held = client();
    views.join(every, { limit: 10 });
    views.join(held, { limit: 10, intervalMs: 250 });

    live.set('a', summary('a', 'hello'));
    tick({ a: { type: 'upsert' } }, 1000);
    assert.equal(sent.get(every)?.length, 1);
    assert.equal(sent.get(held)?.length, 1, 'the first change after a quiet time goes at once');

    live.set('a', summary('a', 'hello again'));
    tick({ a: { type: 'upsert' } }, 1010);
    live.set('bb', summary('bb', 'hi'));
    tick({ bb: { type: 'upsert' } }, 1100);
    live.set('a', summary('a', 'third'));
    tick({ a: { type: 'upsert' } }, 1200);
    tick({}, 1224);
    assert.equal(sent.get(every)?.length, 4, 'a view without an interval is sent every tick with changes');
    assert.equal(sent.get(held)?.length, 1, 'held until 1,225');

    tick({}, 1230);
    const last = sent.get(held)!.at(-1) as Array<{ type: string; summary: SessionSummary }>;
    assert.deepEqual(
      last.map((e) => [e.type, e.summary.id, e.summary.lastLine?.text]),
      [
        ['upsert', 'a', 'third'],
        ['upsert', 'bb', 'hi'],
      ],
    );
    tick({}, 1240);
    assert.equal(sent.get(held)?.length, 2, 'nothing more to send');
  });

  it('keeps how a session left while held, and clients of the same view share its changes', () => {
    const { live, views, sent, tick } = setUp();
    const one = client();
    const two = client();
    views.join(one, { limit: 10, intervalMs: 250 });
    tick({ a: { type: 'upsert' } }, 1000);
    live.delete('a');
    tick({ a: { type: 'remove', id: 'a', reason: 'hangup' } }, 1050);
    const snapshot = views.join(two, { intervalMs: 250, limit: 10 });
    assert.deepEqual(
      snapshot.data.items.map((s) => s.id),
      ['a', 'bb'],
      'a client joining gets the rows as last sent; the held change follows',
    );
    tick({}, 1230);
    const last = sent.get(one)?.at(-1) as Array<{ type: string; counts?: { live: number } }>;
    assert.deepEqual(last[0], { type: 'remove', id: 'a', reason: 'hangup' }, 'how it ended, not out_of_view');
    assert.equal(last[1]?.type === 'counts' && last[1].counts?.live, 1);
    assert.deepEqual(sent.get(two)?.at(-1), last, 'the same chunk for both');
  });
});
