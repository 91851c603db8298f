/**
 * Two server processes on one PostgreSQL and one Redis: sessions of one are live on the other, and a crashed one's
 * calls are ended.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { TestListener } from '../support/rtc-client';
import { waitUntil } from '../support/wait';

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;

describe('scale-out (DATABASE_URL and REDIS_URL)', {
  skip: shared ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let a: StartedServer;
  let b: StartedServer;
  before(async () => {
    a = await startServer({ env: { LIVESPACE_TTS: 'none', LIVESPACE_NODE_TIMEOUT_MS: '2000' } });
    b = await startPeer(a, { LIVESPACE_TTS: 'none', LIVESPACE_NODE_TIMEOUT_MS: '2000' });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('runs supervisor actions sent to the other process on the owner: whisper, take over, say, resume, barge, listen, end', async () => {
    const { sessionId: id } = (await (
      await a.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const onB = (action: string, json?: unknown) =>
      b.api(`/api/sessions/${id}/${action}`, { method: 'POST', ...(json === undefined ? {} : { json }) });
    const heard = async () =>
      ((await (await a.api(`/api/simulator/calls/${id}`)).json()) as { heard: Array<{ text: string }> }).heard.map(
        (h) => h.text,
      );
    await waitUntil('the greeting', async () => (await heard()).length > 0);

    assert.equal((await onB('whisper', { text: 'Routed whisper' })).status, 200);
    assert.equal((await onB('takeover')).status, 200);
    const held = await onB('takeover');
    assert.equal(held.status, 409, 'the owner answers, refusals included');
    assert.equal(((await held.json()) as { error: { code: string } }).error.code, 'takeover_held');
    assert.equal((await onB('say', { text: 'A person, through process B.' })).status, 200);
    await waitUntil('the routed say', async () => (await heard()).includes('A person, through process B.'));
    assert.equal((await onB('resume')).status, 200);
    assert.equal((await onB('barge', { text: 'A barge through process B.' })).status, 200);
    await waitUntil('the routed barge', async () => (await heard()).includes('A barge through process B.'));

    // Listening through B: the owner's WebRTC endpoint answers, and the call's audio flows.
    let listenerId = '';
    const ear = await TestListener.join(async (sdp) => {
      const r = await onB('listen', { sdp });
      assert.equal(r.status, 200, await r.clone().text());
      const body = (await r.json()) as { sdp: string; listenerId: string };
      listenerId = body.listenerId;
      return body.sdp;
    });
    try {
      await waitUntil('audio through the routed listen', async () => ear.payloads.length > 50);
      assert.equal((await b.api(`/api/sessions/${id}/listen/${listenerId}`, { method: 'DELETE' })).status, 200);
    } finally {
      // A failure must not leave the peer connection keeping this test process alive.
      await ear.close();
    }

    assert.equal((await onB('end')).status, 200);
    const d = (await (await b.api(`/api/sessions/${id}`)).json()) as {
      state: string;
      endReason: string;
      transcript: Array<{ speaker: string; text: string; hidden?: boolean }>;
    };
    assert.equal(d.state, 'ended');
    assert.equal(d.endReason, 'ended_by_supervisor');
    assert.ok(d.transcript.some((l) => l.hidden && l.text === 'Routed whisper'));
    const actions = (
      (await (await a.api(`/api/sessions/${id}/actions`)).json()) as {
        items: Array<{ action: string; result: string }>;
      }
    ).items;
    assert.deepEqual(
      actions.map((x) => `${x.action}:${x.result}`),
      ['whisper:ok', 'takeover:ok', 'takeover:rejected', 'say:ok', 'resume:ok', 'barge:ok', 'listen:ok', 'end:ok'],
      'each action audited once, by the owner',
    );
  });

  it('shows a call owned by one process live on the other, and ends it when its owner crashes', async () => {
    const watcher = await TestLiveClient.connect(b.url, await b.login(a.adminEmail, a.adminPassword));
    watcher.send({ type: 'subscribe', topic: 'sessions' });
    await watcher.waitFor((m) => m.find((x) => x.type === 'snapshot'));

    const { sessionId } = (await (
      await a.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    await watcher.waitFor((m) =>
      m.find((x) => x.type === 'event' && x.event.type === 'upsert' && x.event.summary.id === sessionId),
    );
    watcher.send({ type: 'subscribe', topic: `session:${sessionId}` });
    await watcher.waitFor(
      (m) => m.find((x) => x.type === 'event' && x.topic === `session:${sessionId}` && x.event.type === 'line.final'),
      20_000,
    );

    await a.kill();
    // Until the others notice, an action on its call says the owner does not answer.
    const orphan = await b.api(`/api/sessions/${sessionId}/whisper`, { method: 'POST', json: { text: 'anyone?' } });
    assert.ok(orphan.status === 503 || orphan.status === 409, `${orphan.status}`);
    const removed = await watcher.waitFor(
      (m) => m.find((x) => x.type === 'event' && x.event.type === 'remove' && x.event.id === sessionId),
      20_000,
    );
    assert.equal(removed.event.reason, 'server_lost');
    const detail = (await (await b.api(`/api/sessions/${sessionId}`)).json()) as any;
    assert.equal(detail.state, 'ended');
    assert.equal(detail.endReason, 'server_lost');
    watcher.close();
  });
});
