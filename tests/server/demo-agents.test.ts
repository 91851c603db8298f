/**
 * The demo's simulated human agents over real HTTP, with short timings: they exist as marked agents, claim a
 * waiting escalation and complete it, never take a call a person claimed, and the queues show calls answered;
 * and the demo keeps its pending callbacks under the bound.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

type Escalation = {
  id: string;
  sessionId: string;
  queue: string;
  status: string;
  claimedBy: { id: string; name: string } | null;
  resolution: string | null;
};
type Queue = { name: string; answered: number };

const CALLBACK_BOUND = 2;

describe('demo: simulated human agents', () => {
  let s: StartedServer;
  let agents: Array<{ id: string; name: string }>;
  let rita = '';
  let ritaId = '';
  /** The most pending callbacks seen by the watcher below. */
  let mostPending = 0;
  let watching: NodeJS.Timeout | undefined;
  const post = (path: string, json?: unknown, token?: string) =>
    s.api(path, {
      method: 'POST',
      ...(json === undefined ? {} : { json }),
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
  const list = async (status: string) =>
    ((await (await s.api(`/api/escalations?status=${status}`)).json()) as { items: Escalation[] }).items;
  const heard = async (id: string) =>
    ((await (await s.api(`/api/simulator/calls/${id}`)).json()) as { heard: Array<{ text: string }> }).heard.map(
      (h) => h.text,
    );

  /** A call to `agent` whose caller asks for a person: the agent's flow puts it in its queue. */
  async function escalatedCall(agent: RegExp): Promise<Escalation> {
    const agentId = agents.find((a) => agent.test(a.name))!.id;
    const { sessionId } = (await (await post('/api/simulator/calls', { persona: 'manual', agentId })).json()) as {
      sessionId: string;
    };
    await waitUntil('the AI greeting', async () => (await heard(sessionId)).length > 0);
    await post(`/api/simulator/calls/${sessionId}/say`, { text: 'I want to speak to a real person please' });
    return waitUntil(
      'the escalation',
      async () => (await list('waiting')).find((e) => e.sessionId === sessionId),
      15_000,
      25,
    );
  }

  before(async () => {
    s = await startServer({
      env: {
        LIVESPACE_DEMO: '1',
        LIVESPACE_DEMO_CALLS: '3',
        LIVESPACE_DEMO_CONVERSATIONS: '1',
        LIVESPACE_DEMO_AGENTS: '4',
        LIVESPACE_DEMO_HANDLE_SECONDS: '2-4',
        LIVESPACE_DEMO_PICKUP_SECONDS: '2',
        LIVESPACE_DEMO_CALLBACKS: String(CALLBACK_BOUND),
        LIVESPACE_TTS: 'none',
      },
    });
    agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }).items;
    assert.equal(
      (
        await post('/api/users', {
          email: 'rita@test.local',
          name: 'Rita',
          password: 'Tq7#mV2!pLx9-rr',
          role: 'agent',
          queues: ['collections'],
        })
      ).status,
      201,
    );
    rita = await s.login('rita@test.local', 'Tq7#mV2!pLx9-rr');
    ritaId = (
      (await (await s.api('/api/auth/me', { headers: { authorization: `Bearer ${rita}` } })).json()) as {
        user: { id: string };
      }
    ).user.id;
    assert.equal(
      (
        await s.api('/api/presence/me', {
          method: 'PUT',
          json: { status: 'available' },
          headers: { authorization: `Bearer ${rita}` },
        })
      ).status,
      200,
    );
    // Pending callbacks, watched for the whole run.
    watching = setInterval(() => {
      void s
        .api('/api/callbacks')
        .then((r) => r.json())
        .then((b: { items: Array<{ status: string }> }) => {
          mostPending = Math.max(
            mostPending,
            b.items.filter((c) => c.status === 'scheduled' || c.status === 'dialing').length,
          );
        })
        .catch(() => undefined);
    }, 200);
  });
  after(async () => {
    clearInterval(watching);
    await s.stop();
  });

  it("are human agents marked as simulated, in the demo's queues, available", async () => {
    const users = (
      (await (await s.api('/api/users')).json()) as {
        items: Array<{ email: string; name: string; role: string; queues: string[] }>;
      }
    ).items;
    const sims = users.filter((u) => u.email.startsWith('sim-'));
    assert.equal(sims.length, 4);
    for (const u of sims) {
      assert.match(u.email, /^sim-[a-z0-9]+@demo\.livespace\.local$/);
      assert.match(u.name, / \(simulated\)$/);
      assert.equal(u.role, 'agent');
    }
    assert.deepEqual([...new Set(sims.flatMap((u) => u.queues))].sort(), ['collections', 'front_desk', 'sales']);
    await waitUntil('the simulated agents at work', async () => {
      const presence = (
        (await (await s.api('/api/presence')).json()) as { items: Array<{ name: string; status: string }> }
      ).items;
      return (
        presence.filter((p) => p.name.endsWith('(simulated)') && (p.status === 'available' || p.status === 'busy'))
          .length === 4
      );
    });
  });

  it('claim a waiting escalation after the pickup delay, talk to the caller, and complete it with an outcome', async () => {
    const e = await escalatedCall(/Clinic/);
    assert.equal(e.queue, 'front_desk');
    const claimed = await waitUntil(
      "a simulated agent's claim",
      async () => (await list('claimed')).find((x) => x.id === e.id),
      15_000,
    );
    assert.match(claimed.claimedBy!.name, /\(simulated\)$/);
    await waitUntil("the simulated agent's greeting, heard by the caller", async () =>
      (await heard(e.sessionId)).some((t) => /How can I help/.test(t)),
    );
    await waitUntil('the greeting in the transcript, said by a person', async () => {
      const detail = (await (await s.api(`/api/sessions/${e.sessionId}`)).json()) as {
        transcript: Array<{ speaker: string; text: string }>;
      };
      return detail.transcript.some((l) => l.speaker === 'human' && /How can I help/.test(l.text));
    });
    const done = await waitUntil(
      "the simulated agent's completion",
      async () => (await list('resolved')).find((x) => x.id === e.id),
      20_000,
    );
    assert.match(done.claimedBy!.name, /\(simulated\)$/);
    assert.ok(
      ['resolved', 'follow_up', 'unresolved'].includes(done.resolution ?? ''),
      `an outcome: ${done.resolution}`,
    );
  });

  it('never take a call a person claimed', async () => {
    const e = await escalatedCall(/Collections/);
    // Before the simulated agents' pickup delay (2 s): the person's claim wins.
    const r = await post(`/api/escalations/${e.id}/claim`, undefined, rita);
    assert.equal(r.status, 200);
    // Longer than a simulated agent's whole handle time: the call stays Rita's.
    await new Promise((res) => setTimeout(res, 6000));
    const still = (await list('claimed')).find((x) => x.id === e.id);
    assert.equal(still?.claimedBy?.name, 'Rita');
    assert.equal(still?.claimedBy?.id, ritaId);
    assert.equal((await post(`/api/escalations/${e.id}/complete`, { resolution: 'resolved' }, rita)).status, 200);
  });

  it('the queues show calls answered', async () => {
    await waitUntil('answered calls in the queues', async () =>
      ((await (await s.api('/api/queues')).json()) as Queue[]).some((q) => q.answered > 0),
    );
  });

  it('the demo keeps its pending callbacks at the bound', async () => {
    // The demo's callers book callbacks until the bound is reached, and never past it.
    await waitUntil(`${CALLBACK_BOUND} pending callbacks`, () => mostPending >= CALLBACK_BOUND, 60_000);
    await new Promise((res) => setTimeout(res, 5000));
    assert.equal(mostPending, CALLBACK_BOUND);
  });
});
