/**
 * Supervisor actions over real HTTP on live simulated calls and conversations: what the caller hears, the transcript,
 * the audit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

type Line = {
  speaker: string;
  text: string;
  hidden?: boolean;
  barge?: boolean;
  by?: { name: string };
  kind?: string;
  partial?: boolean;
};

describe('supervisor actions', () => {
  let s: StartedServer;
  let collections: string;
  let otherToken: string;
  let agentToken: string;
  const post = (path: string, json?: unknown, token?: string) =>
    s.api(path, {
      method: 'POST',
      ...(json === undefined ? {} : { json }),
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
  const detail = async (id: string) =>
    (await (await s.api(`/api/sessions/${id}`)).json()) as {
      state: string;
      endReason: string | null;
      outcome: string | null;
      takenOverBy?: { name: string } | null;
      transcript: Line[];
    };
  const heard = async (id: string) =>
    ((await (await s.api(`/api/simulator/calls/${id}`)).json()) as { heard: Array<{ text: string }> }).heard.map(
      (h) => h.text,
    );
  const until = <T>(what: string, f: () => Promise<T>) => waitUntil(what, f, 20_000);
  const call = async (channel = 'voice') =>
    (
      (await (await post('/api/simulator/calls', { persona: 'manual', agentId: collections, channel })).json()) as {
        sessionId: string;
      }
    ).sessionId;
  const aiAsked = (id: string, re: RegExp) =>
    until(`the AI to say ${re}`, async () =>
      (await detail(id)).transcript.some((l) => l.speaker === 'ai' && !l.partial && re.test(l.text)),
    );

  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    collections = agents.find((a) => /Collections/.test(a.name))!.id;
    await post('/api/users', { email: 'sup2@test.local', name: 'Bea', password: 'bea-password', role: 'supervisor' });
    await post('/api/users', { email: 'agent@test.local', name: 'Cal', password: 'cal-password', role: 'agent' });
    otherToken = await s.login('sup2@test.local', 'bea-password');
    agentToken = await s.login('agent@test.local', 'cal-password');
  });
  after(async () => {
    await s.stop();
  });

  it("whisper: guidance, never an answer — the AI asks for the branch and only the caller's yes takes it", async () => {
    const id = await call();
    await aiAsked(id, /pay the full amount/);
    const r = await post(`/api/sessions/${id}/whisper`, {
      text: "The caller's account is overdue — prioritize payment",
    });
    assert.equal(r.status, 200);
    // At once, without waiting for the caller: the AI asks about paying today.
    await aiAsked(id, /take care of the \$420\.00 today/);
    await post(`/api/simulator/calls/${id}/say`, { text: 'Hi, what is this call about?' });
    await aiAsked(id, /missed that/);
    let d = await detail(id);
    assert.notEqual(d.state, 'ended', 'the whisper never ends the call');
    assert.equal(d.outcome, null, 'nor records an outcome');
    const w = d.transcript.find((l) => l.speaker === 'supervisor')!;
    assert.equal(w.hidden, true);
    assert.equal(w.by?.name, 'Admin');
    assert.ok(d.transcript.some((l) => l.kind === 'whisper_applied' && /asks the caller about "payment"/.test(l.text)));
    // The caller agrees: now it is paid.
    await post(`/api/simulator/calls/${id}/say`, { text: 'Yes, I can pay today.' });
    await until('the call to end', async () => (await detail(id)).state === 'ended');
    d = await detail(id);
    assert.equal(d.outcome, 'paid');
    const h = await heard(id);
    assert.ok(h.some((t) => /payment link now/.test(t)));
    assert.ok(!h.some((t) => /prioritize/.test(t)), 'the caller never hears a whisper');
  });

  it('whisper: a variable changed while the AI greets is used in its very next sentence', async () => {
    const id = await call();
    await until('the greeting to start', async () =>
      (await detail(id)).transcript.some((l) => l.speaker === 'ai' && /Ava/.test(l.text)),
    );
    assert.equal((await post(`/api/sessions/${id}/whisper`, { text: 'balance: $120' })).status, 200);
    await aiAsked(id, /overdue balance of/);
    const said = (await detail(id)).transcript.find(
      (l) => l.speaker === 'ai' && !l.partial && /overdue balance of/.test(l.text),
    )!;
    assert.match(said.text, /\$120\b/);
    await post(`/api/sessions/${id}/end`);
  });

  it('barge: interrupts the AI at once, the caller hears it, and it can end the call', async () => {
    const id = await call();
    await until('the AI to start speaking', async () =>
      (await detail(id)).transcript.some((l) => l.speaker === 'ai' && l.partial),
    );
    assert.equal(
      (await post(`/api/sessions/${id}/barge`, { text: 'Please hold, a supervisor is joining.' })).status,
      200,
    );
    await until('the barge to be heard', async () =>
      (await heard(id)).includes('Please hold, a supervisor is joining.'),
    );
    const d = await detail(id);
    assert.ok(
      d.transcript.some((l) => l.speaker === 'ai' && l.text.endsWith('—')),
      'the interrupted line is cut where the caller stopped hearing it',
    );
    const b = d.transcript.find((l) => l.barge)!;
    assert.equal(b.by?.name, 'Admin');
    assert.equal(b.speaker, 'ai');
    assert.equal(
      (
        await post(`/api/sessions/${id}/barge`, {
          text: 'Goodbye from the team.',
          mode: 'after_sentence',
          endCall: true,
        })
      ).status,
      200,
    );
    await until('the call to end', async () => (await detail(id)).state === 'ended');
    assert.equal((await detail(id)).endReason, 'ended_by_supervisor');
    assert.ok((await heard(id)).includes('Goodbye from the team.'));
  });

  it('take over, say, resume: the AI stays silent, one holder at a time, then asks again', async () => {
    const id = await call();
    await aiAsked(id, /pay the full amount/);
    assert.equal((await post(`/api/sessions/${id}/takeover`)).status, 200);
    assert.equal((await detail(id)).takenOverBy?.name, 'Admin');
    const held = await post(`/api/sessions/${id}/takeover`, undefined, otherToken);
    assert.equal(held.status, 409);
    assert.equal(((await held.json()) as any).error.code, 'takeover_held');
    assert.equal((await post(`/api/sessions/${id}/say`, { text: 'Not me' }, otherToken)).status, 409);

    await post(`/api/simulator/calls/${id}/say`, { text: 'Hello? Is anyone there?' });
    await until('the caller line', async () =>
      (await detail(id)).transcript.some((l) => l.speaker === 'caller' && !l.partial),
    );
    assert.equal((await post(`/api/sessions/${id}/say`, { text: 'Hi, this is Ann from the team.' })).status, 200);
    await until('the human line to be heard', async () => (await heard(id)).includes('Hi, this is Ann from the team.'));
    const aiLinesBefore = (await detail(id)).transcript.filter((l) => l.speaker === 'ai' && !l.partial).length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(
      (await detail(id)).transcript.filter((l) => l.speaker === 'ai' && !l.partial).length,
      aiLinesBefore,
      'the AI says nothing while taken over',
    );
    const human = (await detail(id)).transcript.find((l) => l.speaker === 'human')!;
    assert.equal(human.by?.name, 'Admin');

    assert.equal((await post(`/api/sessions/${id}/resume`)).status, 200);
    await until(
      'the AI to ask again',
      async () =>
        (await detail(id)).transcript.filter(
          (l) => l.speaker === 'ai' && !l.partial && /pay the full amount/.test(l.text),
        ).length === 2,
    );
    assert.equal((await detail(id)).state, 'ai_active');
    await post(`/api/sessions/${id}/end`);
  });

  it('end: hangs up at once with who did it; acting on an ended session is 409 naming the state', async () => {
    const id = await call();
    await aiAsked(id, /overdue balance/);
    assert.equal((await post(`/api/sessions/${id}/end`)).status, 200);
    await until('the end', async () => (await detail(id)).state === 'ended');
    const d = await detail(id);
    assert.equal(d.endReason, 'ended_by_supervisor');
    assert.ok(
      d.transcript.some((l) => l.kind === 'state' && /ended by supervisor/.test(l.text) && l.by?.name === 'Admin'),
    );
    const again = await post(`/api/sessions/${id}/whisper`, { text: 'too late' });
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as any).error.message, /ended/);
  });

  it('works on a WhatsApp conversation: the whisper is never sent, barge and the human are', async () => {
    const id = await call('whatsapp');
    await aiAsked(id, /pay the full amount/);
    await post(`/api/sessions/${id}/whisper`, { text: 'secret hint for the AI' });
    await post(`/api/sessions/${id}/barge`, { text: 'A supervisor is reading along.' });
    await post(`/api/sessions/${id}/takeover`);
    await post(`/api/sessions/${id}/say`, { text: 'Hello from a real person.' });
    await until('the messages to be sent', async () => (await heard(id)).includes('Hello from a real person.'));
    const h = await heard(id);
    assert.ok(h.includes('A supervisor is reading along.'));
    assert.ok(!h.some((t) => /secret hint/.test(t)));
    assert.equal((await post(`/api/sessions/${id}/resume`)).status, 200);
    assert.equal((await post(`/api/sessions/${id}/end`)).status, 200);
  });

  it('checks permissions and shape, and audits every attempt', async () => {
    const id = await call();
    await aiAsked(id, /overdue balance/);
    assert.equal((await post(`/api/sessions/${id}/whisper`, { text: 'hi' }, agentToken)).status, 403);
    assert.equal((await post(`/api/sessions/${id}/barge`, { text: 'hi', mode: 'shout' })).status, 422);
    assert.equal((await post(`/api/sessions/${id}/whisper`, {})).status, 422);
    assert.equal((await post('/api/sessions/ses_nope/end')).status, 404);
    assert.equal((await post(`/api/sessions/${id}/resume`)).status, 409);
    assert.equal((await post(`/api/sessions/${id}/end`)).status, 200);
    const actions = (
      (await (await s.api(`/api/sessions/${id}/actions`)).json()) as {
        items: Array<{ action: string; result: string; error?: string; userName: string }>;
      }
    ).items;
    assert.deepEqual(
      actions.map((a) => `${a.userName} ${a.action} ${a.result}${a.error ? ` ${a.error}` : ''}`),
      ['Cal whisper rejected forbidden', 'Admin resume rejected wrong_state', 'Admin end ok'],
    );
    assert.equal((await s.api('/api/sessions/ses_nope/actions')).status, 404);
  });
});
