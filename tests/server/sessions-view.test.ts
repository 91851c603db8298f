/**
 * The `sessions` topic with a view: a client that asks for filters and a window of N rows gets only those rows
 * (entering, changing, leaving) and the counts, over the real server and WebSocket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient, type LiveMessage } from '../support/live-client';
import { waitUntil } from '../support/wait';

const WAITER = {
  name: 'Window agent',
  flow: {
    start: 'ask',
    nodes: {
      ask: { type: 'ask', prompt: 'Anything else?', intents: [{ name: 'no', when: { yesno: 'no' }, next: 'bye' }] },
      bye: { type: 'end', say: 'Goodbye.' },
    },
  },
};

const sessionsEvents = (msgs: LiveMessage[]) =>
  msgs.filter((m) => m.topic === 'sessions' && m.type === 'event').map((m) => m.event);

describe('sessions topic with a view', () => {
  let s: StartedServer;
  let agentId: string;
  const calls: string[] = [];
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    agentId = ((await (await s.api('/api/agents', { method: 'POST', json: WAITER })).json()) as { id: string }).id;
    for (let i = 0; i < 3; i++) {
      const r = await s.api('/api/simulator/calls', {
        method: 'POST',
        json: { persona: 'manual', agentId, from: `+1415555010${i}` },
      });
      calls.push(((await r.json()) as { sessionId: string }).sessionId);
      await new Promise((r) => setTimeout(r, 20)); // distinct start times: the list order is the start order
    }
  });
  after(async () => {
    await s.stop();
  });

  it('sends only the window and the counts; a row that leaves makes room for the next, a filter sees only its own', async () => {
    const token = await s.token();
    const mine = (ids: string[]) => ids.filter((id) => calls.includes(id));
    const top2 = await TestLiveClient.connect(s.url, token, { batch: true });
    top2.send({ type: 'subscribe', topic: 'sessions', view: { agentId, limit: 2 } });
    const snap = await top2.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'sessions'));
    assert.deepEqual(
      snap.data.items.map((x: any) => x.id),
      calls.slice(0, 2),
      'the two longest-running',
    );
    assert.equal(snap.data.counts.matched, 3);
    assert.ok(snap.data.counts.live >= 3);
    assert.equal(snap.data.counts.agents.find((a: any) => a.id === agentId)?.count, 3);
    assert.deepEqual(snap.data.counts.attention, { count: 0, critical: false });

    const sms = await TestLiveClient.connect(s.url, token, { batch: true });
    sms.send({ type: 'subscribe', topic: 'sessions', view: { agentId, channel: 'sms', limit: 50 } });
    const smsSnap = await sms.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'sessions'));
    assert.deepEqual(smsSnap.data.items, []);
    assert.equal(smsSnap.data.counts.matched, 0);

    // The first call ends: it leaves the window as ended, the third enters, the counts follow.
    assert.equal((await s.api(`/api/sessions/${calls[0]}/end`, { method: 'POST' })).status, 200);
    await top2.waitFor((m) => sessionsEvents(m).find((e) => e.type === 'upsert' && e.summary.id === calls[2]), 10_000);
    const evs = sessionsEvents(top2.messages);
    const removed = evs.find((e) => e.type === 'remove' && e.id === calls[0]);
    assert.ok(removed && removed.reason !== 'out_of_view', 'ended, not merely out of view');
    await top2.waitFor((m) => sessionsEvents(m).find((e) => e.type === 'counts' && e.counts.matched === 2), 10_000);
    const upserted = new Set(evs.filter((e) => e.type === 'upsert').map((e) => e.summary.id));
    assert.ok(upserted.has(calls[2]!) && !upserted.has(calls[0]!), 'only rows in the window');
    assert.deepEqual(
      mine([...upserted]).filter((id) => !calls.slice(1).includes(id)),
      [],
    );

    // The SMS view never hears of the voice calls, only that the overall counts moved.
    await sms.waitFor((m) => sessionsEvents(m).find((e) => e.type === 'counts'), 10_000);
    assert.ok(
      sessionsEvents(sms.messages).every((e) => e.type === 'counts'),
      JSON.stringify(sessionsEvents(sms.messages)),
    );

    // Seqs without a gap, from the snapshot on.
    const seqs = [
      snap.seq,
      ...top2.messages.filter((m) => m.topic === 'sessions' && m.type === 'event').map((m) => m.seq),
    ];
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1]! + 1);

    // A wider window: a new snapshot with both live calls.
    top2.send({ type: 'subscribe', topic: 'sessions', view: { agentId, limit: 10 } });
    const wider = await top2.waitFor((m) => m.filter((x) => x.type === 'snapshot' && x.topic === 'sessions')[1]);
    assert.deepEqual(
      wider.data.items.map((x: any) => x.id),
      calls.slice(1),
    );
    top2.close();
    sms.close();
  });

  it('a row that stops matching leaves as out_of_view and comes back when it matches again', async () => {
    const token = await s.token();
    const talking = await TestLiveClient.connect(s.url, token, { batch: true });
    talking.send({ type: 'subscribe', topic: 'sessions', view: { agentId, state: 'ai_active', limit: 5 } });
    const snap = await talking.waitFor((m) => m.find((x) => x.type === 'snapshot'));
    const id = snap.data.items[0].id as string;
    assert.ok(calls.includes(id));
    assert.equal((await s.api(`/api/sessions/${id}/takeover`, { method: 'POST' })).status, 200);
    const gone = await talking.waitFor(
      (m) => sessionsEvents(m).find((e) => e.type === 'remove' && e.id === id),
      10_000,
    );
    assert.equal(gone.reason, 'out_of_view', 'still live, only out of this view');
    await talking.waitFor(
      (m) => sessionsEvents(m).find((e) => e.type === 'counts' && e.counts.byState.human_active >= 1),
      10_000,
    );
    assert.equal((await s.api(`/api/sessions/${id}/resume`, { method: 'POST' })).status, 200);
    await talking.waitFor(
      (m) =>
        sessionsEvents(m).find((e) => e.type === 'upsert' && e.summary.id === id && e.summary.state === 'ai_active'),
      10_000,
    );
    talking.close();

    // A window that shows only the critical and warning ones, when none is: empty, and counted so.
    const att = await TestLiveClient.connect(s.url, token);
    att.send({ type: 'subscribe', topic: 'sessions', view: { agentId, attention: true, limit: 5 } });
    const a = await att.waitFor((m) => m.find((x) => x.type === 'snapshot'));
    assert.deepEqual(a.data.items, []);
    assert.equal(a.data.counts.matched, 0);
    att.close();
  });

  it('a view with an interval gets the changes of a row coalesced, at most once an interval, the last of them intact', async () => {
    const token = await s.token();
    const id = calls[2]!;
    const view = { agentId, limit: 5 };
    const everyTick = await TestLiveClient.connect(s.url, token, { batch: true });
    const everySecond = await TestLiveClient.connect(s.url, token, { batch: true });
    everyTick.send({ type: 'subscribe', topic: 'sessions', view });
    everySecond.send({ type: 'subscribe', topic: 'sessions', view: { ...view, intervalMs: 1000 } });
    for (const c of [everyTick, everySecond]) await c.waitFor((m) => m.find((x) => x.type === 'snapshot'));
    const lines = ['one', 'two', 'three', 'four', 'five', 'six'].map((w) => `Line ${w} of six`);
    for (const text of lines) {
      assert.ok((await s.api(`/api/simulator/calls/${id}/say`, { method: 'POST', json: { text } })).ok);
      await new Promise((r) => setTimeout(r, 120));
    }
    // Both end up with the row as it is now (the AI answers each line: wait for it to be quiet).
    const lastRow = (c: TestLiveClient) =>
      sessionsEvents(c.messages).findLast((e) => e.type === 'upsert' && e.summary.id === id)?.summary;
    let before = '';
    await waitUntil(
      'the row to stay as it is for 0.6 s',
      () => {
        const now = JSON.stringify(lastRow(everyTick));
        const quiet = now === before;
        before = now;
        return quiet;
      },
      15_000,
      600,
    );
    await waitUntil(
      'the same row in the end',
      () => JSON.stringify(lastRow(everySecond)) === JSON.stringify(lastRow(everyTick)),
      5000,
    );
    assert.ok(lastRow(everySecond)?.lastLine, 'with its last line');
    const upsertTimes = (c: TestLiveClient) =>
      c.messages.flatMap((m, i) =>
        m.topic === 'sessions' && m.type === 'event' && m.event.type === 'upsert' && m.event.summary.id === id
          ? [c.receivedAt[i]!]
          : [],
      );
    const fast = upsertTimes(everyTick);
    const slow = upsertTimes(everySecond);
    assert.ok(fast.length >= 6, `${fast.length} upserts every tick`);
    assert.ok(slow.length < fast.length, `${slow.length} upserts once a second, ${fast.length} every tick`);
    // The first change went at once; from the next on, at most one a second (less 200 ms for the jitter of timers
    // and sockets, which does not add up).
    for (let i = 2; i < slow.length; i++)
      assert.ok(
        slow[i]! - slow[1]! >= (i - 1) * 1000 - 200,
        `upsert ${i} came ${slow[i]! - slow[1]!} ms after the 1st`,
      );
    everyTick.close();
    everySecond.close();
  });

  it('refuses a bad view, or a view on another topic, with an error frame; the subscription without a view is unchanged', async () => {
    const c = await TestLiveClient.connect(s.url, await s.token());
    c.send({ type: 'subscribe', topic: 'sessions', view: { limit: 10, intervalMs: 5 } });
    c.send({ type: 'subscribe', topic: 'sessions', view: { limit: 0 } });
    c.send({ type: 'subscribe', topic: 'sessions', view: { limit: 10, colour: 'red' } });
    c.send({ type: 'subscribe', topic: 'sessions', view: { limit: 10, state: 'ended' } });
    c.send({ type: 'subscribe', topic: 'escalations', view: { limit: 10 } });
    c.send({ type: 'subscribe', topic: 'sessions' });
    const snap = await c.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'sessions'));
    assert.equal(snap.data.counts, undefined, 'no view, no counts: every live session');
    assert.ok(snap.data.items.length >= 1);
    assert.deepEqual(
      c.messages.filter((m) => m.type === 'error').map((m) => m.code),
      ['invalid_message', 'invalid_message', 'invalid_message', 'invalid_message', 'invalid_message'],
    );
    assert.equal(c.closeCode, null);
    c.close();
  });
});
