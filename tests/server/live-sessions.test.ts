/** Simulated calls end to end: simulator → session engine → store → gateway → WebSocket clients. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient, type LiveMessage } from '../support/live-client';

/** A small deterministic agent: greets, asks one yes/no question, records the outcome and says goodbye. */
const QUIZ_AGENT = {
  name: 'Quiz agent',
  flow: {
    start: 'greet',
    nodes: {
      greet: { type: 'say', text: 'Hello from the test line.', next: 'ask' },
      ask: {
        type: 'ask',
        prompt: 'Would you like a callback?',
        intents: [
          { name: 'yes', when: { yesno: 'yes' }, next: 'won' },
          { name: 'no', when: { yesno: 'no' }, next: 'bye' },
        ],
      },
      won: { type: 'set_outcome', outcome: 'interested', next: 'bye' },
      bye: { type: 'end', say: 'Thank you, goodbye.' },
    },
  },
};

const events = (msgs: LiveMessage[], topic: string) => msgs.filter((m) => m.topic === topic && m.type === 'event');

describe('live sessions', () => {
  let s: StartedServer;
  let agentId: string;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    const r = await s.api('/api/agents', { method: 'POST', json: QUIZ_AGENT });
    agentId = ((await r.json()) as { id: string }).id;
  });
  after(async () => {
    await s.stop();
  });

  it('streams a call: snapshot, then ordered events, caller and AI turns, outcome, end', async () => {
    const token = await s.token();
    const watcher = await TestLiveClient.connect(s.url, token);
    watcher.send({ type: 'subscribe', topic: 'sessions' });
    await watcher.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'sessions'));

    const created = await s.api('/api/simulator/calls', {
      method: 'POST',
      json: { persona: 'manual', agentId, from: '+14155550123' },
    });
    assert.equal(created.status, 201);
    const { sessionId } = (await created.json()) as { sessionId: string };
    const topic = `session:${sessionId}`;

    const upsert = await watcher.waitFor((m) =>
      events(m, 'sessions').find((e) => e.event.type === 'upsert' && e.event.summary.id === sessionId),
    );
    assert.equal(upsert.event.summary.callerNumber, '+14155550123');
    assert.equal(upsert.event.summary.agentName, 'Quiz agent');
    assert.equal(upsert.event.summary.channel, 'voice');

    watcher.send({ type: 'subscribe', topic });
    const snap = await watcher.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === topic));
    assert.equal(snap.data.id, sessionId);

    // The agent asks its question; then the caller answers.
    await watcher.waitFor(
      (m) =>
        events(m, topic).find(
          (e) => e.event.type === 'line.final' && e.event.speaker === 'ai' && /callback/.test(e.event.text),
        ),
      20_000,
    );
    const said = await s.api(`/api/simulator/calls/${sessionId}/say`, {
      method: 'POST',
      json: { text: 'Yes please, that would be great.' },
    });
    assert.equal(said.status, 202);
    await watcher.waitFor(
      (m) => events(m, 'sessions').find((e) => e.event.type === 'remove' && e.event.id === sessionId),
      20_000,
    );

    const seqs = [snap.seq!, ...events(watcher.messages, topic).map((e) => e.seq!)];
    for (let i = 1; i < seqs.length; i++)
      assert.equal(seqs[i], seqs[i - 1]! + 1, `no gap, no duplicate at ${i}: ${seqs.join(',')}`);

    const all = events(watcher.messages, topic).map((e) => e.event);
    assert.ok(
      all.some((e) => e.type === 'line.partial' && e.speaker === 'caller'),
      'caller line shown while spoken',
    );
    assert.ok(
      all.some(
        (e) => e.type === 'line.final' && e.speaker === 'caller' && e.text === 'Yes please, that would be great.',
      ),
    );
    assert.ok(all.some((e) => e.type === 'system' && e.kind === 'outcome' && e.data.outcome === 'interested'));
    assert.ok(all.some((e) => e.type === 'line.final' && e.speaker === 'ai' && e.text === 'Thank you, goodbye.'));
    // The end is the last event of the call; only its post-call summary may follow it.
    const ended = all.findIndex((e) => e.type === 'session.ended');
    assert.ok(ended >= 0, 'the end is pushed');
    assert.deepEqual(
      all.slice(ended + 1).map((e) => e.type),
      all.length > ended + 1 ? ['session.summarized'] : [],
    );

    const detail = (await (await s.api(`/api/sessions/${sessionId}`)).json()) as any;
    assert.equal(detail.state, 'ended');
    assert.equal(detail.outcome, 'interested');
    assert.deepEqual(
      detail.transcript.filter((l: any) => l.speaker !== 'system').map((l: any) => `${l.speaker}: ${l.text}`),
      [
        'ai: Hello from the test line.',
        'ai: Would you like a callback?',
        'caller: Yes please, that would be great.',
        'ai: Thank you, goodbye.',
      ],
    );
    assert.ok(
      detail.transcript.every((l: any) => !l.partial),
      'no partial line is left once lines are final',
    );

    const sim = (await (await s.api(`/api/simulator/calls/${sessionId}`)).json()) as any;
    assert.deepEqual(
      sim.heard.map((h: any) => h.text),
      ['Hello from the test line.', 'Would you like a callback?', 'Thank you, goodbye.'],
    );
    assert.deepEqual(
      sim.said.map((h: any) => h.text),
      ['Yes please, that would be great.'],
    );
    watcher.close();
  });

  it('resumes with since: no gap and no duplicate across a reconnect', async () => {
    const token = await s.token();
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual', agentId } })
    ).json()) as { sessionId: string };
    const topic = `session:${sessionId}`;
    const steady = await TestLiveClient.connect(s.url, token, { batch: true });
    steady.send({ type: 'subscribe', topic });
    const flaky = await TestLiveClient.connect(s.url, token);
    flaky.send({ type: 'subscribe', topic });
    const snap = await flaky.waitFor((m) => m.find((x) => x.type === 'snapshot'));
    await flaky.waitFor((m) => events(m, topic).length >= 2, 20_000);
    const lastSeen = Math.max(snap.seq!, ...events(flaky.messages, topic).map((e) => e.seq!));
    flaky.close();

    await s.api(`/api/simulator/calls/${sessionId}/say`, { method: 'POST', json: { text: 'No thanks.' } });
    await steady.waitFor((m) => events(m, topic).find((e) => e.event.type === 'session.ended'), 20_000);

    const back = await TestLiveClient.connect(s.url, token);
    back.send({ type: 'subscribe', topic, since: lastSeen });
    await back.waitFor((m) => events(m, topic).find((e) => e.event.type === 'session.ended'));
    assert.ok(back.messages.find((m) => m.type === 'subscribed' && m.since === lastSeen));
    assert.ok(!back.messages.some((m) => m.type === 'snapshot'), 'a resume sends only what was missed');

    // Events may follow session.ended (session.summarized, the after-call summary): wait until the resumed client has
    // caught up with everything the steady one saw, then compare up to there.
    const maxSeq = events(steady.messages, topic).at(-1)!.seq!;
    await back.waitFor((m) => events(m, topic).some((e) => e.seq! >= maxSeq));
    const steadySnap = steady.messages.find((m) => m.type === 'snapshot')!;
    const full = [
      ...steadySnap.data.transcript.map((l: any) => l.seq),
      ...events(steady.messages, topic).map((e) => e.seq!),
    ];
    const stitched = [
      ...events(flaky.messages, topic)
        .map((e) => e.seq!)
        .filter((q) => q <= lastSeen),
      ...events(back.messages, topic).map((e) => e.seq!),
    ];
    assert.deepEqual(
      stitched.filter((q) => q <= maxSeq),
      Array.from({ length: maxSeq - snap.seq! }, (_, i) => snap.seq! + 1 + i),
    );
    assert.ok(full.length > 0);
    steady.close();
    back.close();
  });

  it('answers bad messages with an error frame and keeps the connection', async () => {
    const c = await TestLiveClient.connect(s.url, await s.token());
    c.send('not json');
    c.send({ type: 'subscribe' });
    c.send({ type: 'subscribe', topic: 'weather' });
    c.send({ type: 'subscribe', topic: 'session:ses_nope' });
    c.send({ type: 'ping' });
    await c.waitFor((m) => m.find((x) => x.type === 'pong'));
    const codes = c.messages.filter((m) => m.type === 'error').map((m) => m.code);
    assert.deepEqual(codes.slice(0, 3), ['malformed_message', 'invalid_message', 'unknown_topic']);
    await c.waitFor((m) => m.find((x) => x.type === 'error' && x.code === 'not_found'));
    assert.equal(c.closeCode, null);
    c.close();
  });

  it('never writes phone numbers or transcript text into the logs', async () => {
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', {
        method: 'POST',
        json: { persona: 'manual', agentId, from: '+16175550199' },
      })
    ).json()) as { sessionId: string };
    await s.api(`/api/simulator/calls/${sessionId}/say`, {
      method: 'POST',
      json: { text: 'My secret account is zebra-42' },
    });
    await new Promise((r) => setTimeout(r, 3000));
    await s.api(`/api/simulator/calls/${sessionId}/hangup`, { method: 'POST' });
    const out = s.output();
    assert.ok(out.includes('"msg"'), 'the server writes JSON logs');
    assert.ok(!out.includes('6175550199'), 'no phone number in logs');
    assert.ok(!out.includes('zebra-42'), 'no transcript text in logs');
    assert.ok(!out.includes(await s.token()), 'no token in logs');
  });
});
