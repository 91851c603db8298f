/** The live list's projection of the `sessions` topic: order, stale upserts, removals, snapshots after reconnects. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionSummary } from '@livespace/protocol/session';
import { LEAVE_MS, SessionsStore } from './sessions-store';
import { TICK_OFFSET_MS } from './use-now';

const summary = (id: string, seq: number, over: Partial<SessionSummary> = {}): SessionSummary => ({
  id,
  seq,
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a1',
  agentName: 'Agent',
  callerNumber: '+15550100',
  state: 'ai_active',
  startedAt: `2026-01-01T00:00:0${id.length % 10}.000Z`,
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: null,
  ...over,
});

/** The summaries' start times are in the first seconds after this. */
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const settle = () => new Promise<void>((r) => queueMicrotask(r));
const ids = (s: SessionsStore) =>
  s
    .getView()
    .rows.filter((r) => !r.leaving)
    .map((r) => r.summary.id);

describe('SessionsStore', () => {
  it('is not ready before the snapshot, and lists the snapshot without highlighting it', async () => {
    const s = new SessionsStore(() => 1000);
    assert.equal(s.getView().ready, false);
    s.applySnapshot({ items: [summary('a', 3), summary('bb', 2, { state: 'ended' })] });
    await settle();
    assert.equal(s.getView().ready, true);
    assert.deepEqual(ids(s), ['a'], 'ended sessions are not listed');
    assert.equal(s.getView().rows[0]!.arrivedAt, null);
    s.dispose();
  });

  it('adds new sessions as arrivals, oldest first, and ignores stale upserts', async () => {
    const s = new SessionsStore(() => T0 + 5000);
    s.applySnapshot({ items: [summary('a', 1)] });
    s.applyEvent({ type: 'upsert', summary: summary('bb', 1) });
    s.applyEvent({ type: 'upsert', summary: summary('a', 5, { state: 'queued' }) });
    s.applyEvent({ type: 'upsert', summary: summary('a', 4, { state: 'ai_active' }) });
    await settle();
    assert.deepEqual(ids(s), ['a', 'bb']);
    const [a, b] = s.getView().rows;
    assert.equal(a!.summary.state, 'queued', 'the older upsert did not win');
    assert.equal(b!.arrivedAt, T0 + 5000);
    s.dispose();
  });

  it('fades removed sessions out, then drops them, and a late upsert cannot bring one back', async () => {
    const s = new SessionsStore();
    s.applySnapshot({ items: [summary('a', 7)] });
    s.applyEvent({ type: 'remove', id: 'a', reason: 'caller_hangup' });
    await settle();
    assert.equal(s.getView().rows[0]!.leaving, true);
    s.applyEvent({ type: 'upsert', summary: summary('a', 6) });
    await new Promise((r) => setTimeout(r, LEAVE_MS + 50));
    assert.equal(s.getView().rows.length, 0);
    s.dispose();
  });

  it('treats an upsert of an ended session as a removal', async () => {
    const s = new SessionsStore();
    s.applySnapshot({ items: [summary('a', 1)] });
    s.applyEvent({ type: 'upsert', summary: summary('a', 2, { state: 'ended', endReason: 'completed' }) });
    await settle();
    assert.deepEqual(ids(s), []);
    s.dispose();
  });

  it('after a reconnect, takes the fresh snapshot: gone sessions leave, new ones are arrivals', async () => {
    const s = new SessionsStore(() => T0 + 9000);
    s.applySnapshot({ items: [summary('a', 1), summary('bb', 1)] });
    s.applySnapshot({ items: [summary('bb', 4), summary('ccc', 1)] });
    await settle();
    assert.deepEqual(ids(s), ['bb', 'ccc']);
    const rows = s.getView().rows;
    assert.equal(rows.find((r) => r.summary.id === 'a')?.leaving, true);
    assert.equal(rows.find((r) => r.summary.id === 'bb')?.arrivedAt, null);
    assert.equal(rows.find((r) => r.summary.id === 'ccc')?.arrivedAt, T0 + 9000);
    s.dispose();
  });

  it('notifies once per burst of changes', async () => {
    const s = new SessionsStore();
    let calls = 0;
    s.subscribe(() => calls++);
    s.applySnapshot({ items: [] });
    for (let i = 0; i < 50; i++) s.applyEvent({ type: 'upsert', summary: summary(`s${i}`, 1) });
    await settle();
    assert.equal(calls, 1);
    assert.equal(s.getView().rows.length, 50);
    s.dispose();
  });

  it('with a view: counts kept, a row out of the window goes at once, an old session entering is not highlighted, a new window replaces the rows', async () => {
    const counts = {
      live: 3,
      byState: { ai_active: 3 },
      byChannel: { voice: 3 },
      agents: [{ id: 'a1', name: 'Agent', count: 3 }],
      matched: 3,
      attention: { count: 0, critical: false },
    };
    const s = new SessionsStore(() => T0 + 60_000);
    s.applySnapshot({ items: [summary('a', 1), summary('bb', 1)], counts });
    await settle();
    assert.deepEqual(s.getView().counts, counts);
    s.applyEvent({ type: 'remove', id: 'a', reason: 'out_of_view' });
    s.applyEvent({ type: 'upsert', summary: summary('ccc', 2) });
    s.applyEvent({ type: 'counts', counts: { ...counts, matched: 2 } });
    await settle();
    assert.deepEqual(
      s.getView().rows.map((r) => r.summary.id),
      ['bb', 'ccc'],
      'no fading row: it did not end',
    );
    assert.equal(s.getView().rows[1]!.arrivedAt, null, 'started a minute ago: not new');
    assert.equal(s.getView().counts?.matched, 2);
    s.applySnapshot({ items: [summary('a', 3)], counts: { ...counts, matched: 1 } });
    await settle();
    assert.deepEqual(
      s.getView().rows.map((r) => r.summary.id),
      ['a'],
    );
    s.dispose();
  });
});

describe('SessionsStore redraws', () => {
  it('gathers changes within minEmitMs into one update; a snapshot is drawn at once', async () => {
    const s = new SessionsStore(Date.now, 200);
    let updates = 0;
    s.subscribe(() => updates++);
    s.applySnapshot({ items: [summary('a', 1)] });
    await settle();
    assert.equal(updates, 1);
    for (let i = 2; i < 12; i++) s.applyEvent({ type: 'upsert', summary: summary('a', i) });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(updates, 1, 'not yet: within 200 ms of the last');
    s.applySnapshot({ items: [summary('a', 20)] });
    await settle();
    assert.equal(updates, 2, 'the snapshot at once, with the changes before it');
    assert.equal(s.getView().rows[0]!.summary.seq, 20);
    s.applyEvent({ type: 'upsert', summary: summary('a', 21) });
    // At least 200 ms after the last, on the next 200 ms of the wall clock: at most 400 ms.
    await new Promise((r) => setTimeout(r, 460));
    assert.equal(updates, 3);
    assert.equal(s.getView().rows[0]!.summary.seq, 21);
    s.dispose();
  });

  it('under steady changes it redraws on the quarter seconds of the wall clock, with the durations tick', async () => {
    const s = new SessionsStore(Date.now, 250);
    const at: number[] = [];
    s.subscribe(() => at.push(Date.now()));
    s.applySnapshot({ items: [summary('a', 1)] });
    await settle();
    let seq = 2;
    const busy = setInterval(() => s.applyEvent({ type: 'upsert', summary: summary('a', seq++) }), 20);
    await new Promise((r) => setTimeout(r, 1400));
    clearInterval(busy);
    s.dispose();
    const redraws = at.slice(1);
    assert.ok(redraws.length >= 4 && redraws.length <= 6, `${redraws.length} redraws in 1.4 s`);
    // How far each redraw fell from a quarter second (+ the offset); a timer may fire a millisecond early, or late on a
    // busy machine: most must be on time.
    const off = redraws.map((t) => {
      const phase = (t - TICK_OFFSET_MS) % 250;
      return Math.min(phase, 250 - phase);
    });
    assert.ok(off.filter((o) => o < 30).length * 2 > off.length, `redraws off the quarter seconds by ${off} ms`);
  });
});
