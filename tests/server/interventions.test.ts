/**
 * Interventions over real HTTP on simulated calls and conversations: transfer (to a queue, to a named
 * agent, who may and who may not), one queue for voice and messages (an escalated WhatsApp conversation
 * claimed, written to and handed back), and 409 for every action in a wrong state, body or not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

type Escalation = {
  id: string;
  sessionId: string;
  queue: string;
  priority: string;
  reason: string;
  status: string;
  channel: string;
  claimedBy: { name: string } | null;
};
type Detail = {
  state: string;
  takenOverBy?: { id: string; name: string } | null;
  escalation?: Escalation | null;
  transcript: Array<{ speaker: string; text: string; kind?: string; partial?: boolean }>;
};

describe('interventions', () => {
  let s: StartedServer;
  let collections: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (who?: string) => (who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {});
  const post = (path: string, json?: unknown, who?: string) =>
    s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }), ...as(who) });
  const detail = async (id: string) => (await (await s.api(`/api/sessions/${id}`)).json()) as Detail;
  const presence = async (name: string) =>
    ((await (await s.api('/api/presence')).json()) as { items: Array<{ name: string; status: string }> }).items.find(
      (p) => p.name === name,
    )?.status;
  const escalations = async (status: string) =>
    ((await (await s.api(`/api/escalations?status=${status}`)).json()) as { items: Escalation[] }).items;
  const heard = async (id: string) =>
    ((await (await s.api(`/api/simulator/calls/${id}`)).json()) as { heard: Array<{ text: string }> }).heard.map(
      (h) => h.text,
    );
  const call = async (channel = 'voice') => {
    const id = (
      (await (await post('/api/simulator/calls', { persona: 'manual', agentId: collections, channel })).json()) as {
        sessionId: string;
      }
    ).sessionId;
    await waitUntil(
      'the question',
      async () =>
        (await detail(id)).transcript.some(
          (l) => l.speaker === 'ai' && !l.partial && /pay the full amount/.test(l.text),
        ),
      20_000,
    );
    return id;
  };
  const errorOf = async (r: Response) =>
    ((await r.json()) as { error: { code: string; message: string; field?: string } }).error;

  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    collections = agents.find((a) => /Collections/.test(a.name))!.id;
    for (const [key, name, queues] of [
      ['cal', 'Cal', ['billing', 'collections']],
      ['dee', 'Dee', ['billing']],
      ['eve', 'Eve', ['collections']],
    ] as const) {
      const r = await post('/api/users', {
        email: `${key}@test.local`,
        name,
        password: `${key}-password`,
        role: 'agent',
        queues,
      });
      ids[key] = ((await r.json()) as { user: { id: string } }).user.id;
      tokens[key] = await s.login(`${key}@test.local`, `${key}-password`);
      assert.equal(
        (await s.api('/api/presence/me', { method: 'PUT', json: { status: 'available' }, ...as(key) })).status,
        200,
      );
    }
  });
  after(async () => {
    if (process.env.SHOW_LOG)
      console.log(
        s
          .output()
          .split('\n')
          .filter((l) => /"level":(40|50|60)/.test(l))
          .join('\n'),
      );
    await s.stop();
  });

  it('transfer a taken-over call to a queue, then from the agent who claimed it to a named agent', async () => {
    const id = await call();
    assert.equal(
      (await post(`/api/sessions/${id}/transfer`, { queue: 'billing' })).status,
      409,
      'a call the AI holds is escalated, not transferred',
    );
    assert.equal((await post(`/api/sessions/${id}/takeover`)).status, 200);
    const r = await post(`/api/sessions/${id}/transfer`, {
      queue: 'billing',
      note: 'wants a refund',
      priority: 'high',
    });
    assert.equal(r.status, 200, JSON.stringify(await r.clone().json()));
    const waiting = await waitUntil('the escalation in billing', async () =>
      (await escalations('waiting')).find((e) => e.sessionId === id),
    );
    assert.equal(waiting.queue, 'billing');
    assert.equal(waiting.priority, 'high');
    assert.equal(waiting.reason, 'wants a refund');
    let d = await detail(id);
    assert.equal(d.state, 'queued');
    assert.equal(d.takenOverBy ?? null, null);
    assert.ok(d.transcript.some((l) => l.kind === 'escalation' && /billing/.test(l.text)));
    await waitUntil('the caller told a person is coming', async () =>
      (await heard(id)).some((t) => /connecting you with a person/.test(t)),
    );

    // Eve (collections only) cannot claim a billing call; Cal can.
    assert.equal((await post(`/api/escalations/${waiting.id}/claim`, undefined, 'eve')).status, 403);
    assert.equal((await post(`/api/escalations/${waiting.id}/claim`, undefined, 'cal')).status, 200);
    assert.equal(await presence('Cal'), 'busy');

    // Eve does not hold it: she may not send it anywhere.
    assert.equal((await post(`/api/sessions/${id}/transfer`, { queue: 'collections' }, 'eve')).status, 403);
    // Bad input changes nothing and names the field.
    for (const [body, field] of [
      [{ queue: 'billing', userId: ids.dee }, 'userId'],
      [{}, 'queue'],
      [{ queue: '' }, 'queue'],
      [{ userId: 'nobody' }, 'userId'],
    ] as const) {
      const bad = await post(`/api/sessions/${id}/transfer`, body, 'cal');
      assert.equal(bad.status, 422, JSON.stringify(body));
      assert.equal((await errorOf(bad)).field, field);
    }
    await s.api('/api/presence/me', { method: 'PUT', json: { status: 'away' }, ...as('eve') });
    const away = await post(`/api/sessions/${id}/transfer`, { userId: ids.eve }, 'cal');
    assert.equal(away.status, 409);
    assert.match((await errorOf(away)).message, /Eve is away/);
    assert.equal((await detail(id)).takenOverBy?.name, 'Cal', 'refusals changed nothing');

    // Cal hands it to Dee by name: Dee holds it at once, Cal is free.
    assert.equal(
      (await post(`/api/sessions/${id}/transfer`, { userId: ids.dee, note: 'billing question' }, 'cal')).status,
      200,
    );
    d = await waitUntil('Dee to hold the call', async () => {
      const x = await detail(id);
      return x.takenOverBy?.name === 'Dee' ? x : undefined;
    });
    assert.equal(d.state, 'claimed');
    assert.equal(d.escalation?.claimedBy?.name, 'Dee');
    await waitUntil(
      'Cal available, Dee busy',
      async () => (await presence('Cal')) === 'available' && (await presence('Dee')) === 'busy',
    );
    assert.ok(d.transcript.some((l) => l.kind === 'escalation' && /Transferred/.test(l.text)));
    // Dee talks to the caller and completes; Cal cannot.
    assert.equal((await post(`/api/sessions/${id}/say`, { text: 'Hi, Dee from billing here.' }, 'cal')).status, 403);
    assert.equal((await post(`/api/sessions/${id}/say`, { text: 'Hi, Dee from billing here.' }, 'dee')).status, 200);
    await waitUntil('Dee heard', async () => (await heard(id)).includes('Hi, Dee from billing here.'));
    assert.equal(
      (await post(`/api/escalations/${d.escalation!.id}/complete`, { resolution: 'resolved' }, 'dee')).status,
      200,
    );
    await waitUntil(
      'the end and Dee free',
      async () => (await detail(id)).state === 'ended' && (await presence('Dee')) === 'available',
    );
    const actions = (
      (await (await s.api(`/api/sessions/${id}/actions`)).json()) as {
        items: Array<{ action: string; result: string; text?: string }>;
      }
    ).items;
    assert.deepEqual(
      actions.filter((a) => a.action === 'transfer').map((a) => `${a.result}:${a.text ?? ''}`),
      ['rejected:', 'ok:wants a refund', 'rejected:', 'ok:billing question'],
    );
  });

  it('an escalated WhatsApp conversation: claimed from the queue, written to, handed back to the AI', async () => {
    const id = await call('whatsapp');
    await post(`/api/simulator/calls/${id}/say`, { text: 'I want to talk to a real person' });
    const x = await waitUntil('the escalation', async () =>
      (await escalations('waiting')).find((e) => e.sessionId === id),
    );
    assert.equal(x.channel, 'whatsapp');
    // A supervisor's take over of a queued conversation is refused with 409: they claim it instead.
    const takeover = await post(`/api/sessions/${id}/takeover`);
    assert.equal(takeover.status, 409);
    assert.equal((await post(`/api/escalations/${x.id}/claim`)).status, 200);
    assert.equal((await post(`/api/sessions/${id}/say`, { text: 'Hello, a person here.' })).status, 200);
    await waitUntil('the message sent', async () => (await heard(id)).includes('Hello, a person here.'));
    assert.equal(
      (await post(`/api/escalations/${x.id}/complete`, { resolution: 'resolved', returnToAi: true })).status,
      200,
    );
    await waitUntil('the AI back, asking its question again', async () => {
      const d = await detail(id);
      return (
        d.state === 'ai_active' &&
        d.transcript.filter((l) => l.speaker === 'ai' && !l.partial && /pay the full amount/.test(l.text)).length === 2
      );
    });
    await post(`/api/sessions/${id}/end`);
  });

  it('a NUL or a lone surrogate in what people send is taken as valid text, and the call and its live updates go on', async () => {
    const id = await call();
    const whisper = await post(`/api/sessions/${id}/whisper`, { text: 'note\u0000 for the AI \ud83d' });
    assert.equal(whisper.status, 200);
    assert.equal((await post(`/api/sessions/${id}/barge`, { text: 'One moment\u0000 please.' })).status, 200);
    await waitUntil(
      'the AI to go on after the barge',
      async () =>
        (await detail(id)).transcript.filter(
          (l) => l.speaker === 'ai' && !l.partial && /pay the full amount/.test(l.text),
        ).length === 2,
      20_000,
    );
    const d = await detail(id);
    assert.ok(d.transcript.some((l) => l.speaker === 'supervisor' && l.text === 'note for the AI \uFFFD'));
    assert.ok(d.transcript.some((l) => l.speaker === 'ai' && l.text === 'One moment please.'));
    assert.ok((await post(`/api/simulator/calls/${id}/say`, { text: 'yes\u0000' })).ok);
    await waitUntil("the caller's answer to be taken", async () => (await detail(id)).state === 'ended');
    assert.ok(!s.output().includes('retrying'), 'no batch was ever retried');
  });

  it('a human agent holds one call at a time: two claims at once on two escalations, one wins, the other is busy', async () => {
    for (let round = 0; round < 3; round++) {
      const ids2 = await Promise.all([call(), call()]);
      for (const id of ids2) await post(`/api/simulator/calls/${id}/say`, { text: 'I want to talk to a real person' });
      const xs = await waitUntil('both escalations', async () => {
        const w = (await escalations('waiting')).filter((e) => ids2.includes(e.sessionId));
        return w.length === 2 ? w : undefined;
      });
      const codes = (await Promise.all(xs.map((x) => post(`/api/escalations/${x.id}/claim`, undefined, 'eve')))).map(
        (r) => r.status,
      );
      assert.deepEqual(codes.sort(), [200, 409], `round ${round}`);
      // Eve completes hers; the other caller is ended by a supervisor.
      const mine = (await escalations('claimed')).find((e) => ids2.includes(e.sessionId))!;
      assert.equal((await post(`/api/escalations/${mine.id}/complete`, { resolution: 'resolved' }, 'eve')).status, 200);
      for (const id of ids2) await post(`/api/sessions/${id}/end`);
      await waitUntil('Eve available again', async () => (await presence('Eve')) === 'available');
    }
  });

  it('every action on an ended call answers 409, with or without a JSON content type', async () => {
    const id = await call();
    assert.equal((await post(`/api/sessions/${id}/end`)).status, 200);
    await waitUntil('the end', async () => (await detail(id)).state === 'ended');
    for (const action of ['takeover', 'resume', 'end', 'whisper', 'barge', 'say', 'transfer']) {
      const json =
        action === 'transfer'
          ? { queue: 'billing' }
          : ['whisper', 'barge', 'say'].includes(action)
            ? { text: 'hello' }
            : undefined;
      const r = await post(`/api/sessions/${id}/${action}`, json);
      assert.equal(r.status, 409, action);
      assert.match((await errorOf(r)).message, /ended/, action);
    }
    // The web app and curl users send a JSON content type with no body.
    for (const action of ['takeover', 'resume', 'end']) {
      const r = await fetch(`${s.url}/api/sessions/${id}/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await s.token()}`, 'content-type': 'application/json' },
      });
      assert.equal(r.status, 409, `${action} with an empty JSON body`);
    }
  });
});
