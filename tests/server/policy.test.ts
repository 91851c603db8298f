/**
 * The permission table (`@livespace/protocol` POLICY) as the real server applies it: for a representative route of
 * each permission the server checks, every role is answered 403 exactly when `may` says no — by role, and for the
 * holder rules on a live escalated call, as one who holds it (its session, its queue) or not. Requests that pass the
 * check are sent bodies the route refuses (422) where a valid one would change something. On the embedded database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { may, type Permission, type Role } from '@livespace/protocol';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

/** One person of each role; `cal` (a human agent of `sales`) holds nothing here. */
const BY_ROLE: ReadonlyArray<[Role, string]> = [
  ['admin', 'admin'],
  ['supervisor', 'sue'],
  ['agent', 'cal'],
];

const period = `from=${encodeURIComponent('2026-01-01T00:00:00.000Z')}&to=${encodeURIComponent('2026-01-02T00:00:00.000Z')}`;

/** Per permission decided by role at the door, its route: method, path, body. */
const ROUTES: ReadonlyArray<[Permission, string, string, unknown?]> = [
  ['analytics.read', 'GET', `/api/analytics/summary?${period}`],
  ['audit.read', 'GET', '/api/audit'],
  ['agents.manage', 'POST', '/api/agents', {}],
  ['team.read', 'GET', '/api/users'],
  ['team.read', 'GET', '/api/teams'],
  ['team.manage', 'POST', '/api/teams', {}],
  ['users.manage', 'POST', '/api/users', {}],
  ['numbers.read', 'GET', '/api/numbers'],
  ['numbers.manage', 'POST', '/api/numbers', {}],
  ['queues.read', 'GET', '/api/queues/config'],
  ['queues.manage', 'POST', '/api/queues', {}],
  ['callbacks.manage', 'POST', '/api/callbacks', {}],
  ['campaigns.manage', 'GET', '/api/do-not-call'],
  ['calls.dial', 'POST', '/api/calls', {}],
  ['simulator.operate', 'GET', '/api/simulator/calls/no-such-session'],
  ['sessions.read', 'GET', '/api/sessions/count?state=all&handledBy=usr_nobody'],
  ['sessions.delete', 'DELETE', '/api/sessions/no-such-session'],
  ['presence.set', 'PUT', '/api/presence/me', { status: 'away' }],
];

describe('the permission table on the server', () => {
  let s: StartedServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (who: string) => ({ headers: { authorization: `Bearer ${tokens[who]}` } });
  const send = (method: string, path: string, json: unknown, who: string) =>
    s.api(path, { method, ...(json === undefined ? {} : { json }), ...as(who) });
  /** Fails unless the status is 403 exactly when `allowed` is false (and never 401: everyone is signed in). */
  const check = async (r: Response, allowed: boolean, what: string) => {
    const text = await r.text();
    assert.notEqual(r.status, 401, `${what}: ${text}`);
    if (allowed) assert.notEqual(r.status, 403, `${what} is allowed: ${r.status} ${text}`);
    else assert.equal(r.status, 403, `${what} is refused: ${r.status} ${text}`);
    return r.status;
  };

  before(async () => {
    s = await startServer({ embedded: true, env: { LIVESPACE_TTS: 'none' } });
    tokens.admin = await s.token();
    for (const [key, role, queues] of [
      ['ava', 'agent', ['collections']],
      ['cal', 'agent', ['sales']],
      ['sue', 'supervisor', []],
    ] as const) {
      const r = await s.api('/api/users', {
        method: 'POST',
        json: { email: `${key}@test.local`, name: key, password: `${key}-password-long`, role, queues },
      });
      assert.equal(r.status, 201, await r.clone().text());
      ids[key] = ((await r.json()) as { user: { id: string } }).user.id;
      tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
    }
  });
  after(async () => {
    await s?.stop();
  });

  it('each permission checked at the door: 403 exactly for the roles `may` refuses', async () => {
    for (const [permission, method, path, body] of ROUTES) {
      for (const [role, who] of BY_ROLE)
        await check(
          await send(method, path, body, who),
          may(role, permission),
          `${role} ${permission} (${method} ${path})`,
        );
    }
  });

  it("sessions.read: a human agent reads its own history (holding it), not another's", async () => {
    await check(
      await send('GET', `/api/sessions/count?state=all&handledBy=${ids.ava}`, undefined, 'ava'),
      may('agent', 'sessions.read', { holds: true }),
      'ava, her own history',
    );
    await check(
      await send('GET', `/api/sessions/count?state=all&handledBy=${ids.ava}`, undefined, 'cal'),
      may('agent', 'sessions.read', { holds: false }),
      "cal, Ava's history",
    );
  });

  it('team.lead: a team is led by the roles `may` lets lead one; others are refused as its lead', async () => {
    for (const [role, who] of BY_ROLE) {
      const leadId =
        who === 'admin'
          ? ((await (await s.api('/api/auth/me')).json()) as { user: { id: string } }).user.id
          : ids[who]!;
      const r = await s.api('/api/teams', { method: 'POST', json: { name: `Led by ${who}`, leadId } });
      const text = await r.text();
      if (may(role, 'team.lead')) assert.equal(r.status, 201, `${role} leads: ${text}`);
      else
        assert.deepEqual(
          [r.status, (JSON.parse(text) as { error: { field?: string } }).error.field],
          [422, 'leadId'],
          `${role} does not lead: ${text}`,
        );
    }
  });

  it('escalation.claim and session.act on a live call: by role, or holding it (its queue, the call it claimed)', async () => {
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
      .items;
    const collections = agents.find((a) => /Collections/.test(a.name))!.id;
    /** A call to the Collections agent whose caller asks for a person: its waiting escalation (queue collections). */
    const escalatedCall = async (from: string) => {
      const sessionId = (
        (await (
          await s.api('/api/simulator/calls', {
            method: 'POST',
            json: { persona: 'manual', agentId: collections, from },
          })
        ).json()) as { sessionId: string }
      ).sessionId;
      await waitUntil(
        'the AI to greet',
        async () =>
          ((await (await s.api(`/api/sessions/${sessionId}`)).json()) as { transcript: unknown[] }).transcript.length >
          0,
      );
      await s.api(`/api/simulator/calls/${sessionId}/say`, {
        method: 'POST',
        json: { text: 'I want to speak to a real person please' },
      });
      const escalationId = await waitUntil(
        'the escalation',
        async () =>
          (
            (await (await s.api('/api/escalations?status=waiting')).json()) as {
              items: Array<{ id: string; sessionId: string; queue: string }>;
            }
          ).items.find((e) => e.sessionId === sessionId)?.id,
      );
      return { sessionId, escalationId };
    };
    const first = await escalatedCall('+14155550401');
    const second = await escalatedCall('+14155550402');

    // Claiming: Cal works sales, not collections (he does not hold the queue); a supervisor claims any queue.
    await check(
      await send('POST', `/api/escalations/${first.escalationId}/claim`, undefined, 'cal'),
      may('agent', 'escalation.claim', { holds: false }),
      'cal claims outside his queues',
    );
    assert.equal(
      await check(
        await send('POST', `/api/escalations/${first.escalationId}/claim`, undefined, 'sue'),
        may('supervisor', 'escalation.claim'),
        'sue claims',
      ),
      200,
    );
    await check(
      await send('POST', `/api/escalations/${first.escalationId}/claim`, undefined, 'admin'),
      may('admin', 'escalation.claim'),
      'admin claims (already claimed: not a 403)',
    );
    assert.equal(
      await check(
        await send('POST', `/api/escalations/${second.escalationId}/claim`, undefined, 'ava'),
        may('agent', 'escalation.claim', { holds: true }),
        'ava claims in her queue',
      ),
      200,
    );

    // Acting: whisper on the second call, which Ava holds; on the first, which Sue holds.
    const whisper = (sessionId: string, who: string) =>
      send('POST', `/api/sessions/${sessionId}/whisper`, { text: 'a word from the floor' }, who);
    for (const [role, who] of BY_ROLE)
      await check(
        await whisper(second.sessionId, who),
        may(role, 'session.act', { holds: false }),
        `${role} whispers on a call held by Ava`,
      );
    await check(
      await whisper(second.sessionId, 'ava'),
      may('agent', 'session.act', { holds: true }),
      'ava whispers on the call she holds',
    );
    await check(
      await whisper(first.sessionId, 'ava'),
      may('agent', 'session.act', { holds: false }),
      'ava whispers on a call Sue holds',
    );

    // Completing an escalation: its holder, or by role.
    await check(
      await send('POST', `/api/escalations/${first.escalationId}/complete`, { resolution: 'resolved' }, 'ava'),
      may('agent', 'session.act', { holds: false }),
      "ava completes Sue's call",
    );
    await check(
      await send('POST', `/api/escalations/${second.escalationId}/complete`, { resolution: 'resolved' }, 'ava'),
      may('agent', 'session.act', { holds: true }),
      'ava completes her call',
    );
    await check(
      await send('POST', `/api/escalations/${first.escalationId}/complete`, { resolution: 'resolved' }, 'admin'),
      may('admin', 'session.act'),
      "admin completes Sue's call",
    );

    // Their action records (whispers included), once the calls ended, are read as the sessions are (sessions.read).
    for (const { sessionId } of [first, second]) {
      await waitUntil(
        'the call to end',
        async () => ((await (await s.api(`/api/sessions/${sessionId}`)).json()) as { state: string }).state === 'ended',
      );
    }
    await check(
      await send('GET', `/api/sessions/${first.sessionId}/actions`, undefined, 'ava'),
      may('agent', 'sessions.read', { holds: false }),
      'ava reads the actions of a call she did not handle',
    );
    await check(
      await send('GET', `/api/sessions/${second.sessionId}/actions`, undefined, 'ava'),
      may('agent', 'sessions.read', { holds: true }),
      'ava reads the actions of her call',
    );
    await check(
      await send('GET', `/api/sessions/${first.sessionId}/actions`, undefined, 'sue'),
      may('supervisor', 'sessions.read'),
      'sue reads them',
    );
  });
});
