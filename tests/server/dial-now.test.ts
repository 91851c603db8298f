/**
 * Dial Now over real HTTP and WebSocket: the number is checked and normalized, the call shows in Live
 * Calls at once as dialing, then ringing, then talking or its end (no answer, busy, failed, voicemail).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

type Summary = {
  id: string;
  state: string;
  direction: string;
  callerNumber: string;
  endReason: string | null;
  outcome?: string | null;
  answeredAt?: string | null;
  outbound?: { kind: string; by?: { id: string; name: string } } | null;
};
type Detail = Summary & { transcript: Array<{ speaker: string; text: string; kind?: string }> };

describe('Dial Now', () => {
  let s: StartedServer;
  let sales: string;
  let agentToken: string;
  const dial = (json: unknown, token?: string) =>
    s.api('/api/calls', { method: 'POST', json, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  const detail = async (id: string) => (await (await s.api(`/api/sessions/${id}`)).json()) as Detail;
  const sessionCount = async () =>
    ((await (await s.api('/api/sessions?state=all')).json()) as { items: unknown[] }).items.length;

  before(async () => {
    s = await startServer({
      env: { LIVESPACE_TTS: 'none', LIVESPACE_SIM_RING_MS: '400', LIVESPACE_SIM_NO_ANSWER_MS: '800' },
    });
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    sales = agents.find((a) => /Sales/.test(a.name))!.id;
    await s.api('/api/users', {
      method: 'POST',
      json: { email: 'ava@test.local', name: 'Ava', password: 'ava-password', role: 'agent', queues: ['sales'] },
    });
    agentToken = await s.login('ava@test.local', 'ava-password');
  });
  after(async () => {
    await s.stop();
  });

  it('shows the call at once as dialing, then ringing, then the AI talking with the callee', async () => {
    const live = await TestLiveClient.connect(s.url, await s.token());
    live.send({ type: 'subscribe', topic: 'sessions' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'sessions'));
    const r = await dial({ agentId: sales, to: '(415) 555-0100', persona: 'interested' });
    assert.equal(r.status, 201);
    const { sessionId } = (await r.json()) as { sessionId: string };
    // Recorded before the phone rings: it reads back at once.
    const first = await detail(sessionId);
    assert.equal(first.direction, 'outbound');
    assert.equal(first.callerNumber, '+14155550100', 'normalized to E.164');
    assert.equal(first.outbound?.kind, 'dial_now');
    assert.equal(first.outbound?.by?.name, 'Admin');
    const states = new Set<string>();
    await live.waitFor((m) => {
      for (const x of m)
        if (x.topic === 'sessions' && x.type === 'event' && x.event.summary?.id === sessionId)
          states.add(x.event.summary.state);
      return states.has('ai_active') || undefined;
    });
    assert.ok(states.has('dialing') || first.state === 'dialing', `seen dialing (${[...states]})`);
    assert.ok(states.has('ringing'), `seen ringing (${[...states]})`);
    const heard = await waitUntil('the callee answers the question', async () => {
      const d = await detail(sessionId);
      return d.transcript.some((l) => l.speaker === 'caller') ? d : null;
    });
    assert.ok(heard.answeredAt, 'answeredAt is set');
    assert.ok(heard.transcript.some((l) => l.kind === 'answered'));
    assert.match(heard.transcript.find((l) => l.speaker === 'ai')!.text, /Sam from Brightline Energy/);
    const done = await waitUntil(
      'the call ends',
      async () => {
        const d = await detail(sessionId);
        return d.state === 'ended' ? d : null;
      },
      30_000,
    );
    assert.equal(done.outcome, 'interested', 'the AI recorded the outcome');
    live.close();
  });

  for (const [persona, reason] of [
    ['no_answer', 'no_answer'],
    ['busy', 'busy'],
    ['failed', 'failed'],
    ['voicemail', 'voicemail'],
  ] as const) {
    it(`a ${persona} callee ends the call as ${reason}, which is its outcome`, async () => {
      const { sessionId } = (await (await dial({ agentId: sales, to: '+14155550111', persona })).json()) as {
        sessionId: string;
      };
      const d = await waitUntil('the end', async () => {
        const x = await detail(sessionId);
        return x.state === 'ended' ? x : null;
      });
      assert.equal(d.endReason, reason);
      assert.equal(d.outcome, reason);
      assert.equal(!!d.answeredAt, persona === 'voicemail', 'only a voicemail answers');
      assert.equal(
        d.transcript.some((l) => l.speaker === 'ai'),
        false,
        'no agent speech to a machine by default',
      );
    });
  }

  it('without a persona, the number picks who answers (its last digit: 4 is busy)', async () => {
    const { sessionId } = (await (await dial({ agentId: sales, to: '+1 415 555 0124' })).json()) as {
      sessionId: string;
    };
    const d = await waitUntil('the end', async () => {
      const x = await detail(sessionId);
      return x.state === 'ended' ? x : null;
    });
    assert.equal(d.endReason, 'busy');
  });

  it('a supervisor may end a call while it rings', async () => {
    const { sessionId } = (await (await dial({ agentId: sales, to: '+14155550103', persona: 'no_answer' })).json()) as {
      sessionId: string;
    };
    await waitUntil('ringing', async () => (await detail(sessionId)).state === 'ringing');
    assert.equal((await s.api(`/api/sessions/${sessionId}/end`, { method: 'POST' })).status, 200);
    const d = await detail(sessionId);
    assert.equal(d.endReason, 'ended_by_supervisor');
  });

  it('refuses bad input with a 4xx naming the field, and places no call', async () => {
    const before = await sessionCount();
    const cases: Array<[unknown, number, string | undefined]> = [
      [{ agentId: sales, to: 'call me maybe' }, 422, 'to'],
      [{ agentId: sales, to: '123' }, 422, 'to'],
      [{ agentId: sales, to: '' }, 422, 'to'],
      [{ agentId: 'agt_nope', to: '+14155550100' }, 422, 'agentId'],
      [{ agentId: sales, to: '+14155550100', persona: 'robot' }, 422, 'persona'],
      [{ to: '+14155550100' }, 422, 'agentId'],
      [{ agentId: sales, to: '+14155550100', variables: { 'bad name!': 'x' } }, 422, undefined],
    ];
    for (const [json, status, field] of cases) {
      const r = await dial(json);
      assert.equal(r.status, status, JSON.stringify(json));
      const body = (await r.json()) as { error: { code: string; field?: string } };
      if (field) assert.equal(body.error.field, field, JSON.stringify(json));
    }
    assert.equal(
      (await dial({ agentId: sales, to: '+14155550100' }, agentToken)).status,
      403,
      'human agents do not dial',
    );
    assert.equal(
      (
        await fetch(`${s.url}/api/calls`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ agentId: sales, to: '+14155550100' }),
        })
      ).status,
      401,
    );
    assert.equal(await sessionCount(), before, 'nothing was created');
  });
});
