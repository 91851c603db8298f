/**
 * Human agents and the escalation queue over real HTTP and WebSocket: presence, escalations from a
 * flow, from the AI giving up and from a supervisor; one winner among concurrent claims; talking as
 * the holder; complete (end or back to the AI); abandoned callers; and the queues' live figures.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';
import { TestListener } from '../support/rtc-client';
import { frameEnergy } from '@livespace/adapters/media/mulaw';
import { metricValue } from '../../bench/live/prom';

type Escalation = {
  id: string;
  sessionId: string;
  queue: string;
  priority: string;
  reason: string;
  status: string;
  callerNumber: string;
  waitingSince: string;
  claimedBy: { name: string } | null;
  transcript?: Array<{ speaker: string; text: string }>;
};
type Queue = {
  name: string;
  waiting: number;
  averageWaitSeconds: number;
  availableAgents: number;
  busyAgents: number;
  abandoned: number;
  answered: number;
  slaPercent: number | null;
};

describe('escalations and human agents', () => {
  let s: StartedServer;
  let collections: string;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ headers: { authorization: `Bearer ${tokens[who]}` } });
  const post = (path: string, json?: unknown, who?: string) =>
    s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }), ...(who ? as(who) : {}) });
  const put = (path: string, json: unknown, who: string) => s.api(path, { method: 'PUT', json, ...as(who) });
  const heard = async (id: string) =>
    ((await (await s.api(`/api/simulator/calls/${id}`)).json()) as { heard: Array<{ text: string }> }).heard.map(
      (h) => h.text,
    );
  const detail = async (id: string) =>
    (await (await s.api(`/api/sessions/${id}`)).json()) as {
      state: string;
      endReason: string | null;
      takenOverBy?: { name: string } | null;
      escalation?: Escalation | null;
      transcript: Array<{ speaker: string; text: string; kind?: string }>;
    };
  const waiting = async () =>
    ((await (await s.api('/api/escalations?status=waiting')).json()) as { items: Escalation[] }).items;
  const queues = async () => (await (await s.api('/api/queues')).json()) as Queue[];

  /** A collections call whose caller asks for a person: the flow hands it to queue `collections`. */
  async function escalatedCall(): Promise<{ sessionId: string; escalation: Escalation }> {
    const { sessionId } = (await (
      await post('/api/simulator/calls', { persona: 'manual', agentId: collections })
    ).json()) as { sessionId: string };
    await waitUntil('the AI greeting', async () => (await heard(sessionId)).length > 0);
    await post(`/api/simulator/calls/${sessionId}/say`, { text: 'I want to speak to a real person please' });
    const escalation = await waitUntil('the escalation', async () =>
      (await waiting()).find((e) => e.sessionId === sessionId),
    );
    return { sessionId, escalation };
  }

  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    collections = agents.find((a) => /Collections/.test(a.name))!.id;
    for (const [key, name, queues] of [
      ['ava', 'Ava', ['collections']],
      ['ben', 'Ben', ['collections']],
      ['cal', 'Cal', ['sales']],
    ] as const) {
      assert.equal(
        (
          await post('/api/users', {
            email: `${key}@test.local`,
            name,
            password: `${key}-password`,
            role: 'agent',
            queues,
          })
        ).status,
        201,
      );
      tokens[key] = await s.login(`${key}@test.local`, `${key}-password`);
    }
    await post('/api/users', { email: 'sue@test.local', name: 'Sue', password: 'sue-password', role: 'supervisor' });
    tokens.sue = await s.login('sue@test.local', 'sue-password');
    for (const a of ['ava', 'ben', 'cal'])
      assert.equal((await put('/api/presence/me', { status: 'available' }, a)).status, 200);
  });
  after(async () => {
    await s.stop();
  });

  it('presence: agents set it, supervisors see it live; only agents have one; bad input changes nothing', async () => {
    const live = await TestLiveClient.connect(s.url, tokens.sue!);
    live.send({ type: 'subscribe', topic: 'presence' });
    const snap = await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'presence'));
    assert.deepEqual(
      (snap.data.items as Array<{ name: string; status: string }>).map((p) => `${p.name}:${p.status}`).sort(),
      ['Ava:available', 'Ben:available', 'Cal:available'],
    );
    assert.equal((await put('/api/presence/me', { status: 'away' }, 'cal')).status, 200);
    // An event of Cal's earlier `available` (set just before the snapshot) may still come first: wait for the change.
    const ev = await live.waitFor((m) =>
      m.find(
        (x) =>
          x.type === 'event' &&
          x.topic === 'presence' &&
          x.event.presence.name === 'Cal' &&
          x.event.presence.status !== 'available',
      ),
    );
    assert.equal(ev.event.presence.status, 'away');
    assert.equal(
      (await put('/api/presence/me', { status: 'busy' }, 'cal')).status,
      422,
      'busy is set by the system only',
    );
    assert.equal((await put('/api/presence/me', { status: 'available' }, 'sue')).status, 403);
    assert.equal((await put('/api/presence/me', { status: 'available' }, 'cal')).status, 200);
    // A new agent appears at once, offline until it says otherwise.
    await post('/api/users', {
      email: 'fay@test.local',
      name: 'Fay',
      password: 'fay-password',
      role: 'agent',
      queues: ['sales'],
    });
    const fay = await live.waitFor((m) =>
      m.find((x) => x.type === 'event' && x.topic === 'presence' && x.event.presence.name === 'Fay'),
    );
    assert.equal(fay.event.presence.status, 'offline');
    live.close();
  });

  it('a caller who asks for a person waits in the queue with hold audio; the escalation carries what the AI learned', async () => {
    const { sessionId, escalation } = await escalatedCall();
    assert.equal(escalation.queue, 'collections');
    assert.equal(escalation.priority, 'high');
    assert.equal(escalation.status, 'waiting');
    assert.match(escalation.callerNumber, /^\+\d+/);
    assert.ok(
      escalation.transcript?.some((l) => l.speaker === 'caller' && /real person/.test(l.text)),
      'the transcript so far',
    );
    const d = await detail(sessionId);
    assert.equal(d.state, 'queued');
    assert.ok(
      d.transcript.some((l) => l.kind === 'escalation' && /Waiting for a person in queue collections/.test(l.text)),
    );
    assert.ok(
      (await heard(sessionId)).some((t) => /connect you with someone/.test(t)),
      'the caller is told',
    );
    // The caller then hears hold audio (speech is off in this server: anything audible is the hold chime).
    const ear = await TestListener.join(
      async (sdp) => ((await (await post(`/api/sessions/${sessionId}/listen`, { sdp })).json()) as { sdp: string }).sdp,
    );
    await waitUntil(
      'hold audio',
      async () => ear.payloads.filter((p) => frameEnergy(new Uint8Array(p)) > 500).length > 10,
    );
    await ear.close();
    await post(`/api/sessions/${sessionId}/end`);
  });

  it('claim: of 50 concurrent claims by two agents exactly one wins; the winner is busy and holds the call', async () => {
    const { sessionId, escalation } = await escalatedCall();
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(`/api/escalations/${escalation.id}/claim`, undefined, i % 2 ? 'ava' : 'ben'),
      ),
    );
    const codes = claims.map((r) => r.status);
    assert.equal(codes.filter((c) => c === 200).length, 1, `one 200 in ${codes.join(',')}`);
    assert.equal(codes.filter((c) => c === 409).length, 49);
    const winner = claims.find((r) => r.status === 200)!;
    const who = ((await winner.json()) as { escalation: Escalation }).escalation.claimedBy!.name;
    // The server timed the won claim's stages (bench:escalations prints their p99).
    const metrics = await (await s.api('/metrics')).text();
    const stageCount = (stage: string) => metricValue(metrics, 'livespace_claim_stage_seconds_count', { stage });
    assert.ok(stageCount('hand_over') >= 1, 'a won claim is timed');
    assert.deepEqual(
      ['wait', 'decide'].map(stageCount),
      [stageCount('hand_over'), stageCount('hand_over')],
      'each won claim once per stage',
    );
    assert.deepEqual(
      ['hand_over_commit', 'hand_over_record'].map(stageCount),
      [stageCount('hand_over'), stageCount('hand_over')],
      "and the hand-over's parts",
    );
    assert.ok(stageCount('hand_over_busy') >= 1, "a human agent's claim times marking them busy");
    for (const lost of claims.filter((r) => r.status === 409)) {
      assert.equal(
        ((await lost.json()) as { error: { message: string } }).error.message,
        `Cannot claim: ${who} claimed it first`,
        'every loser is told who won',
      );
    }
    const d = await detail(sessionId);
    assert.equal(d.state, 'claimed');
    assert.equal(d.takenOverBy?.name, who);
    const presence = (
      (await (await s.api('/api/presence')).json()) as { items: Array<{ name: string; status: string }> }
    ).items;
    assert.equal(presence.find((p) => p.name === who)!.status, 'busy');
    // The holder speaks to the caller; the other agent may not.
    const holder = who === 'Ava' ? 'ava' : 'ben';
    const other = who === 'Ava' ? 'ben' : 'ava';
    assert.equal(
      (await post(`/api/sessions/${sessionId}/say`, { text: 'Hello, this is a person.' }, holder)).status,
      200,
    );
    await waitUntil('the caller hears the agent', async () =>
      (await heard(sessionId)).includes('Hello, this is a person.'),
    );
    assert.equal((await post(`/api/sessions/${sessionId}/say`, { text: 'Me too' }, other)).status, 403);
    assert.equal((await put('/api/presence/me', { status: 'away' }, holder)).status, 409, 'busy until complete');

    // Complete: the outcome is recorded, the call ends, the agent is available again.
    assert.equal(
      (await post(`/api/escalations/${escalation.id}/complete`, { resolution: 'nope' }, holder)).status,
      422,
    );
    assert.equal(
      (await post(`/api/escalations/${escalation.id}/complete`, { resolution: 'resolved' }, other)).status,
      403,
    );
    const done = await post(
      `/api/escalations/${escalation.id}/complete`,
      { resolution: 'follow_up', notes: 'Wants a payment plan' },
      holder,
    );
    assert.equal(done.status, 200, await done.clone().text());
    await waitUntil('the call to end', async () => (await detail(sessionId)).state === 'ended');
    const ended = await detail(sessionId);
    assert.equal(ended.endReason, 'completed');
    assert.equal(ended.escalation?.status, 'resolved');
    assert.ok(ended.transcript.some((l) => l.kind === 'escalation' && /follow up — Wants a payment plan/.test(l.text)));
    const after = ((await (await s.api('/api/presence')).json()) as { items: Array<{ name: string; status: string }> })
      .items;
    assert.equal(after.find((p) => p.name === who)!.status, 'available');
    const resolved = ((await (await s.api('/api/escalations?status=resolved')).json()) as { items: Escalation[] })
      .items;
    assert.ok(resolved.some((e) => e.id === escalation.id));
  });

  it('only agents of the queue (or supervisors) claim; complete can hand the call back to the AI', async () => {
    const { sessionId, escalation } = await escalatedCall();
    const wrongQueue = await post(`/api/escalations/${escalation.id}/claim`, undefined, 'cal');
    assert.equal(wrongQueue.status, 403);
    assert.equal(
      (await waiting()).some((e) => e.id === escalation.id),
      true,
      'a refused claim changes nothing',
    );
    assert.equal((await post(`/api/escalations/${escalation.id}/claim`, undefined, 'sue')).status, 200);
    assert.equal(
      (await post(`/api/escalations/${escalation.id}/complete`, { resolution: 'resolved', returnToAi: true }, 'sue'))
        .status,
      200,
    );
    await waitUntil('the AI again', async () => (await detail(sessionId)).state === 'ai_active');
    assert.equal((await detail(sessionId)).escalation?.status, 'returned');
    await post(`/api/sessions/${sessionId}/end`);
  });

  it('a caller who hangs up while waiting is abandoned and leaves the queue; a supervisor can escalate any live call', async () => {
    const { sessionId, escalation } = await escalatedCall();
    await post(`/api/simulator/calls/${sessionId}/hangup`);
    await waitUntil('the queue to drop it', async () => !(await waiting()).some((e) => e.id === escalation.id));
    assert.equal((await detail(sessionId)).escalation?.status, 'abandoned');
    assert.equal((await post(`/api/escalations/${escalation.id}/claim`, undefined, 'ava')).status, 409);

    const { sessionId: other } = (await (
      await post('/api/simulator/calls', { persona: 'manual', agentId: collections })
    ).json()) as { sessionId: string };
    await waitUntil('the AI greeting', async () => (await heard(other)).length > 0);
    assert.equal(
      (
        await post(
          `/api/sessions/${other}/escalate`,
          { queue: 'collections', priority: 'urgent', reason: 'VIP' },
          'sue',
        )
      ).status,
      200,
    );
    assert.equal(
      (await post(`/api/sessions/${other}/escalate`, { queue: 'x' }, 'ava')).status,
      403,
      'an agent escalates only what it holds',
    );
    const e = await waitUntil('the urgent escalation', async () =>
      (await waiting()).find((x) => x.sessionId === other),
    );
    assert.equal(e.priority, 'urgent');
    assert.equal((await waiting())[0]!.id, e.id, 'urgent first');
    await waitUntil('the hold message', async () =>
      (await heard(other)).some((t) => /connecting you with a person/.test(t)),
    );
    await post(`/api/sessions/${other}/end`);

    // A message conversation is told in writing.
    const { sessionId: chat } = (await (
      await post('/api/simulator/calls', { persona: 'manual', agentId: collections, channel: 'whatsapp' })
    ).json()) as { sessionId: string };
    await waitUntil('the AI greeting', async () => (await heard(chat)).length > 0);
    assert.equal((await post(`/api/sessions/${chat}/escalate`, { queue: 'collections' }, 'sue')).status, 200);
    await waitUntil('the written notice', async () =>
      (await heard(chat)).includes('Thanks for your patience. A person will answer you here shortly.'),
    );
    await post(`/api/sessions/${chat}/end`);
  });

  it('queues: figures pushed live on the queues topic, and the same over HTTP', async () => {
    const live = await TestLiveClient.connect(s.url, tokens.sue!);
    live.send({ type: 'subscribe', topic: 'queues' });
    live.send({ type: 'subscribe', topic: 'escalations' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'queues'));
    const { escalation } = await escalatedCall();
    const upsert = await live.waitFor((m) =>
      m.find(
        (x) =>
          x.type === 'event' &&
          x.topic === 'escalations' &&
          x.event.type === 'upsert' &&
          x.event.escalation.id === escalation.id,
      ),
    );
    assert.equal(upsert.event.escalation.queue, 'collections');
    // Presence and escalations move the figures separately (the last test's agent becomes available a moment later):
    // wait for both.
    const q = await live.waitFor((m) =>
      m
        .filter(
          (x) =>
            x.type === 'event' &&
            x.topic === 'queues' &&
            x.event.queue.name === 'collections' &&
            x.event.queue.waiting === 1 &&
            x.event.queue.availableAgents === 2,
        )
        .at(-1),
    );
    assert.equal(q.event.queue.availableAgents, 2);
    const http = (await queues()).find((x) => x.name === 'collections')!;
    assert.equal(http.waiting, 1);
    assert.ok(http.answered >= 2 && http.abandoned >= 1, JSON.stringify(http));
    assert.equal(typeof http.slaPercent, 'number');
    assert.deepEqual(
      (await queues()).map((x) => x.name),
      ['collections', 'front_desk', 'sales'],
      'the queues of the flows and the agents',
    );
    await post(`/api/escalations/${escalation.id}/claim`, undefined, 'ava');
    await live.waitFor((m) =>
      m.find(
        (x) =>
          x.type === 'event' &&
          x.topic === 'escalations' &&
          x.event.type === 'upsert' &&
          x.event.escalation.id === escalation.id &&
          x.event.escalation.status === 'claimed',
      ),
    );
    await live.waitFor((m) =>
      m.find(
        (x) =>
          x.type === 'event' &&
          x.topic === 'queues' &&
          x.event.queue.name === 'collections' &&
          x.event.queue.busyAgents === 1 &&
          x.event.queue.waiting === 0,
      ),
    );
    await post(`/api/escalations/${escalation.id}/complete`, { resolution: 'resolved' }, 'ava');
    await live.waitFor((m) =>
      m.find(
        (x) =>
          x.type === 'event' && x.topic === 'escalations' && x.event.type === 'remove' && x.event.id === escalation.id,
      ),
    );
    live.close();
  });
});

describe('presence when the browser is gone', () => {
  it('an available agent without a live connection goes offline after LIVESPACE_AGENT_GONE_MS; a connected one stays', async () => {
    const s = await startServer({ embedded: true, env: { LIVESPACE_TTS: 'none', LIVESPACE_AGENT_GONE_MS: '2000' } });
    try {
      for (const key of ['dan', 'eve']) {
        await s.api('/api/users', {
          method: 'POST',
          json: {
            email: `${key}@test.local`,
            name: key,
            password: `${key}-password`,
            role: 'agent',
            queues: ['general'],
          },
        });
      }
      const dan = await s.login('dan@test.local', 'dan-password');
      const eve = await s.login('eve@test.local', 'eve-password');
      const connected = await TestLiveClient.connect(s.url, eve);
      for (const token of [dan, eve]) {
        assert.equal(
          (
            await s.api('/api/presence/me', {
              method: 'PUT',
              json: { status: 'available' },
              headers: { authorization: `Bearer ${token}` },
            })
          ).status,
          200,
        );
      }
      const status = async (name: string) =>
        (
          (await (await s.api('/api/presence')).json()) as { items: Array<{ name: string; status: string }> }
        ).items.find((p) => p.name === name)!.status;
      await waitUntil('dan offline', async () => (await status('dan')) === 'offline', 15_000);
      assert.equal(await status('eve'), 'available', 'a connected agent stays');
      connected.close();
      await waitUntil('eve offline once gone', async () => (await status('eve')) === 'offline', 15_000);
    } finally {
      await s.stop();
    }
  });
});
