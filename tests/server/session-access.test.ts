/**
 * Who reads one session — `GET /api/sessions/:id` and the live `session:<id>` topic — per role, on the real server:
 * admins and supervisors every session; a human agent every live one (the floor's lists show them all) and, once it
 * ended, only one they held; nobody else's past conversation, and an unknown id tells an agent nothing more than a
 * forbidden one. On the embedded database, and on PostgreSQL too when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

const engines = process.env.DATABASE_URL
  ? ([
      ['PGlite', true],
      ['PostgreSQL', false],
    ] as const)
  : ([['PGlite', true]] as const);

for (const [engine, embedded] of engines) {
  describe(`reading one session, per role (${engine})`, () => {
    let s: StartedServer;
    const tokens: Record<string, string> = {};
    const as = (who?: string) => (who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {});
    const post = (path: string, json?: unknown, who?: string) =>
      s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }), ...as(who) });
    const read = async (id: string, who?: string) => (await s.api(`/api/sessions/${id}`, as(who))).status;
    /** What the live topic answers `who`: the snapshot's state, or the error's code. */
    const watch = async (id: string, who: string) => {
      const c = await TestLiveClient.connect(s.url, tokens[who]!);
      try {
        c.send({ type: 'subscribe', topic: `session:${id}` });
        const m = await c.waitFor((ms) =>
          ms.find((x) => x.topic === `session:${id}` && (x.type === 'snapshot' || x.type === 'error')),
        );
        return m.type === 'snapshot' ? 'snapshot' : m.code;
      } finally {
        c.close();
      }
    };
    let collections: string;
    let escalated: string;
    let plain: string;
    let escalationId: string;

    before(async () => {
      s = await startServer({ embedded, env: { LIVESPACE_TTS: 'none' } });
      tokens.admin = await s.token();
      const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
        .items;
      collections = agents.find((a) => /Collections/.test(a.name))!.id;
      for (const [key, role, queues] of [
        ['ava', 'agent', ['collections']],
        ['ben', 'agent', ['collections']],
        ['cal', 'agent', ['sales']],
        ['sue', 'supervisor', []],
      ] as const) {
        const r = await post('/api/users', {
          email: `${key}@test.local`,
          name: key,
          password: `${key}-password-long`,
          role,
          queues,
        });
        assert.equal(r.status, 201, await r.clone().text());
        tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
      }
      assert.equal(
        (await s.api('/api/presence/me', { method: 'PUT', json: { status: 'available' }, ...as('ava') })).status,
        200,
      );
      const call = async (from: string) =>
        (
          (await (await post('/api/simulator/calls', { persona: 'manual', agentId: collections, from })).json()) as {
            sessionId: string;
          }
        ).sessionId;
      escalated = await call('+14155550301');
      plain = await call('+14155550302');
      await waitUntil(
        'the AI to greet',
        async () =>
          ((await (await s.api(`/api/sessions/${escalated}`)).json()) as { transcript: unknown[] }).transcript.length >
          0,
      );
      await post(`/api/simulator/calls/${escalated}/say`, { text: 'I want to speak to a real person please' });
      escalationId = await waitUntil(
        'the escalation',
        async () =>
          (
            (await (await s.api('/api/escalations?status=waiting')).json()) as {
              items: Array<{ id: string; sessionId: string }>;
            }
          ).items.find((e) => e.sessionId === escalated)?.id,
      );
    });
    after(async () => {
      await s?.stop();
    });

    it("live calls: every role reads them, HTTP and live (the floor's lists show them all)", async () => {
      for (const id of [escalated, plain]) {
        for (const who of ['admin', 'sue', 'ava', 'ben', 'cal']) assert.equal(await read(id, who), 200, `${who} ${id}`);
      }
      assert.equal(await watch(escalated, 'cal'), 'snapshot');
      assert.equal(await watch(plain, 'ben'), 'snapshot');
    });

    it('once ended: supervisors and admins read it; a human agent only one they held (claimed), during the call and after', async () => {
      assert.equal((await post(`/api/escalations/${escalationId}/claim`, undefined, 'ava')).status, 200);
      assert.equal(await read(escalated, 'ava'), 200);
      assert.equal(
        (await post(`/api/escalations/${escalationId}/complete`, { resolution: 'resolved' }, 'ava')).status,
        200,
      );
      assert.equal((await post(`/api/sessions/${plain}/end`)).status, 200);
      for (const id of [escalated, plain]) {
        await waitUntil(
          'the call to end',
          async () => ((await (await s.api(`/api/sessions/${id}`)).json()) as { state: string }).state === 'ended',
        );
      }
      for (const who of ['admin', 'sue']) {
        assert.equal(await read(escalated, who), 200, who);
        assert.equal(await read(plain, who), 200, who);
      }
      assert.equal(await watch(plain, 'sue'), 'snapshot');
      assert.equal(await read(escalated, 'ava'), 200, 'Ava claimed it');
      assert.equal(await watch(escalated, 'ava'), 'snapshot');
      for (const who of ['ben', 'cal']) assert.equal(await read(escalated, who), 403, who);
      for (const who of ['ava', 'ben', 'cal']) assert.equal(await read(plain, who), 403, who);
      assert.equal(await watch(plain, 'ava'), 'forbidden');
      assert.equal(await watch(escalated, 'ben'), 'forbidden');
    });

    it('an unknown id: 404 for those who may read everything, 403 for an agent (no hint that it exists or not); 401 signed out', async () => {
      assert.equal(await read('no-such-session', 'sue'), 404);
      assert.equal(await read('no-such-session', 'ava'), 403);
      assert.equal(await watch('no-such-session', 'ava'), 'forbidden');
      assert.equal((await fetch(`${s.url}/api/sessions/${plain}`)).status, 401);
    });
  });
}
