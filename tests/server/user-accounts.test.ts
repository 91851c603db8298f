/**
 * Team accounts over HTTP: the password policy, one's own password, an admin's reset, role changes and disabling —
 * and what each does *next*: the user's logins end or stay, their WebSockets close within a second (4401 signed
 * out, 4409 changed), their listener hangs up, a disabled agent leaves the presence topic; on one process and,
 * with PostgreSQL + Redis, on another process too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { TestListener } from '../support/rtc-client';
import { waitUntil } from '../support/wait';

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const status = async (r: Promise<Response>) => (await r).status;
const errorOf = async (r: Response) => ((await r.json()) as { error: { code: string; field?: string } }).error;

/** A live client on `presence`, to see what reaches a user's screen and when it closes. */
async function liveOn(url: string, token: string, topic = 'presence'): Promise<TestLiveClient> {
  const c = await TestLiveClient.connect(url, token);
  c.send({ type: 'subscribe', topic });
  await c.waitFor((m) => m.find((x) => x.type === 'snapshot'));
  return c;
}

/** Waits for a close and says how long it took from `since`. */
async function closedWithin(c: TestLiveClient, code: number, since: number, ms = 1000): Promise<number> {
  await waitUntil(`the WebSocket to close with ${code}`, () => c.closeCode === code, ms + 2000, 10);
  const took = Date.now() - since;
  assert.ok(took <= ms, `closed ${took} ms after the change (at most ${ms})`);
  return took;
}

describe('user accounts', () => {
  let s: StartedServer;
  const create = (email: string, password: string, role = 'agent', queues = ['sales']) =>
    s.api('/api/users', { method: 'POST', json: { email, name: email.split('@')[0], password, role, queues } });
  const idOf = async (email: string) =>
    ((await (await s.api('/api/users')).json()) as { items: Array<{ id: string; email: string }> }).items.find(
      (u) => u.email === email,
    )!.id;

  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s.stop();
  });

  it('refuses weak passwords (422 naming the field) when creating, resetting and changing; nothing is created', async () => {
    for (const weak of ['12345678', '            ', 'password1234', 'Password2024!', '123456789012']) {
      const r = await create('weak@test.local', weak);
      assert.equal(r.status, 422, weak);
      const e = await errorOf(r);
      assert.deepEqual([e.code, e.field], ['weak_password', 'password'], weak);
    }
    assert.equal(
      ((await (await s.api('/api/users')).json()) as { items: Array<{ email: string }> }).items.some(
        (u) => u.email === 'weak@test.local',
      ),
      false,
    );
    assert.equal(await status(create('fine@test.local', 'hollow-tree-47')), 201);
    const id = await idOf('fine@test.local');
    assert.equal(
      await status(s.api(`/api/users/${id}/password`, { method: 'POST', json: { password: 'qwerty123456' } })),
      422,
    );
    const token = await s.login('fine@test.local', 'hollow-tree-47');
    assert.equal(
      await status(
        fetch(`${s.url}/api/auth/password`, {
          method: 'POST',
          ...bearer(token),
          headers: { ...bearer(token).headers, 'content-type': 'application/json' },
          body: JSON.stringify({ current: 'hollow-tree-47', password: 'football1234' }),
        }),
      ),
      422,
    );
    assert.equal(await s.login('fine@test.local', 'hollow-tree-47').then(() => 'still works'), 'still works');
  });

  it('lists users to admins and supervisors (not to human agents); only admins create users or set passwords', async () => {
    assert.equal(await status(create('sid@test.local', 'sid-password-1', 'supervisor', [])), 201);
    assert.equal(await status(create('hal@test.local', 'hal-password-1', 'agent', ['billing'])), 201);
    const sid = await s.login('sid@test.local', 'sid-password-1');
    const hal = await s.login('hal@test.local', 'hal-password-1');
    const read = await fetch(`${s.url}/api/users`, bearer(sid));
    assert.equal(read.status, 200, 'a supervisor reads the team');
    const items = (
      (await read.json()) as {
        items: Array<{ email: string; role: string; queues: string[]; disabled: boolean; passwordHash?: string }>;
      }
    ).items;
    const halListed = items.find((u) => u.email === 'hal@test.local');
    assert.deepEqual([halListed?.role, halListed?.queues, halListed?.disabled], ['agent', ['billing'], false]);
    assert.ok(
      items.some((u) => u.role === 'admin'),
      'everyone is listed, admins too',
    );
    assert.ok(items.every((u) => u.passwordHash === undefined));
    const agentRead = await fetch(`${s.url}/api/users`, bearer(hal));
    assert.equal(agentRead.status, 403, 'a human agent does not');
    assert.equal((await errorOf(agentRead)).code, 'forbidden');
    assert.equal(await status(fetch(`${s.url}/api/users`)), 401);
    // Reading is all a supervisor does here.
    const json = (body: unknown) => ({
      headers: { ...bearer(sid).headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(
      await status(
        fetch(`${s.url}/api/users`, {
          method: 'POST',
          ...json({ email: 'new@test.local', name: 'New', password: 'new-password-12', role: 'agent', queues: [] }),
        }),
      ),
      403,
    );
    const halId = await idOf('hal@test.local');
    assert.equal(
      await status(fetch(`${s.url}/api/users/${halId}`, { method: 'PATCH', ...json({ disabled: true }) })),
      403,
    );
    assert.equal(
      await status(
        fetch(`${s.url}/api/users/${halId}/password`, { method: 'POST', ...json({ password: 'hal-password-22' }) }),
      ),
      403,
    );
    assert.equal(await status(fetch(`${s.url}/api/auth/me`, bearer(hal))), 200, 'hal is untouched');
  });

  it('PATCH checks its body, the user and the admin', async () => {
    assert.equal(await status(create('ann@test.local', 'ann-password-1', 'supervisor', [])), 201);
    const ann = await s.login('ann@test.local', 'ann-password-1');
    const list = (await (await s.api('/api/users')).json()) as {
      items: Array<{ email: string; disabled: boolean; passwordHash?: string }>;
    };
    assert.ok(list.items.every((u) => u.disabled === false && u.passwordHash === undefined));
    const id = await idOf('ann@test.local');
    const patch = (uid: string, json: unknown, token?: string) =>
      s.api(`/api/users/${uid}`, { method: 'PATCH', json, ...(token ? bearer(token) : {}) });
    assert.equal(await status(patch(id, { name: 'X' }, ann)), 403, 'only admins change users');
    assert.equal(await status(patch(id, {})), 422, 'an empty change');
    assert.equal(
      await status(patch(id, { password: 'ann-password-2' })),
      422,
      'no field it does not know (passwords have their own path)',
    );
    assert.equal(await status(patch(id, { role: 'owner' })), 422);
    assert.equal(await status(patch('usr_nobody', { name: 'X' })), 404);
    const me = ((await (await s.api('/api/auth/me')).json()) as { user: { id: string } }).user.id;
    const own = await patch(me, { disabled: true });
    assert.equal(own.status, 409);
    assert.equal((await errorOf(own)).code, 'own_account');
    assert.equal(await status(patch(me, { role: 'agent' })), 409);
    assert.equal(await status(s.api('/api/auth/me')), 200, 'the admin is untouched');
  });

  it("changing one's own password keeps this login and ends the others (their WebSockets close within a second)", async () => {
    assert.equal(await status(create('bob@test.local', 'bob-password-1', 'supervisor', [])), 201);
    const here = await s.login('bob@test.local', 'bob-password-1');
    const there = await s.login('bob@test.local', 'bob-password-1');
    const liveHere = await liveOn(s.url, here);
    const liveThere = await liveOn(s.url, there);
    const change = (current: string, password: string) =>
      fetch(`${s.url}/api/auth/password`, {
        method: 'POST',
        headers: { ...bearer(here).headers, 'content-type': 'application/json' },
        body: JSON.stringify({ current, password }),
      });
    const wrong = await change('not-my-password', 'bob-password-2');
    assert.equal(wrong.status, 403);
    assert.equal((await errorOf(wrong)).code, 'wrong_password');
    assert.equal(await status(fetch(`${s.url}/api/auth/me`, bearer(there))), 200, 'a refused change ends nothing');
    const at = Date.now();
    assert.equal((await change('bob-password-1', 'bob-password-2')).status, 200);
    await closedWithin(liveThere, 4401, at);
    assert.equal(await status(fetch(`${s.url}/api/auth/me`, bearer(there))), 401);
    assert.equal(await status(fetch(`${s.url}/api/auth/me`, bearer(here))), 200);
    assert.equal(liveHere.closeCode, null, 'the login that changed it stays live');
    await assert.rejects(s.login('bob@test.local', 'bob-password-1'));
    await s.login('bob@test.local', 'bob-password-2');
    liveHere.close();
  });

  it("an admin's reset ends every login of the user; the new password works", async () => {
    assert.equal(await status(create('cy@test.local', 'cy-password-123')), 201);
    const token = await s.login('cy@test.local', 'cy-password-123');
    const live = await liveOn(s.url, token);
    const at = Date.now();
    assert.equal(
      await status(
        s.api(`/api/users/${await idOf('cy@test.local')}/password`, {
          method: 'POST',
          json: { password: 'cy-new-password-1' },
        }),
      ),
      200,
    );
    await closedWithin(live, 4401, at); // the id lookup counts in the measured time: still within a second
    assert.equal(await status(fetch(`${s.url}/api/auth/me`, bearer(token))), 401);
    await s.login('cy@test.local', 'cy-new-password-1');
    assert.equal(
      await status(
        s.api(`/api/users/usr_nobody/password`, { method: 'POST', json: { password: 'cy-new-password-1' } }),
      ),
      404,
    );
  });

  it("a role change closes the user's WebSockets (4409) within a second; reconnecting, they act as their new role", async () => {
    assert.equal(await status(create('dee@test.local', 'dee-password-1', 'supervisor', [])), 201);
    const id = await idOf('dee@test.local');
    const token = await s.login('dee@test.local', 'dee-password-1');
    const live = await liveOn(s.url, token);
    assert.equal(await status(fetch(`${s.url}/api/numbers`, bearer(token))), 200, 'a supervisor reads the numbers');
    const at = Date.now();
    const r = await s.api(`/api/users/${id}`, { method: 'PATCH', json: { role: 'agent', queues: ['sales'] } });
    assert.equal(r.status, 200);
    assert.deepEqual(((await r.json()) as { user: { role: string; queues: string[] } }).user, {
      id,
      email: 'dee@test.local',
      name: 'dee',
      role: 'agent',
      queues: ['sales'],
      disabled: false,
      teamId: null,
    });
    await closedWithin(live, 4409, at);
    const me = (await (await fetch(`${s.url}/api/auth/me`, bearer(token))).json()) as { user: { role: string } };
    assert.equal(me.user.role, 'agent', 'the login stays, with the new role at once');
    assert.equal(await status(fetch(`${s.url}/api/numbers`, bearer(token))), 403, 'and its permissions');
    const again = await liveOn(s.url, token, 'presence');
    again.close();
  });

  it('disabling an agent ends their logins and WebSockets within a second, takes them off the presence topic, and refuses their sign-in; enabling lets them back', async () => {
    assert.equal(await status(create('eve@test.local', 'eve-password-1')), 201);
    const id = await idOf('eve@test.local');
    const token = await s.login('eve@test.local', 'eve-password-1');
    const live = await liveOn(s.url, token);
    const watcher = await liveOn(s.url, await s.token());
    await watcher.waitFor(
      (m) =>
        m.find((x) => x.type === 'event' && x.event?.presence?.userId === id) ??
        m.find((x) => x.type === 'snapshot' && JSON.stringify(x.data).includes(id)),
    );
    const at = Date.now();
    const r = await s.api(`/api/users/${id}`, { method: 'PATCH', json: { disabled: true } });
    assert.equal(r.status, 200);
    await closedWithin(live, 4401, at);
    assert.equal(await status(fetch(`${s.url}/api/auth/me`, bearer(token))), 401);
    await watcher.waitFor(
      (m) => m.find((x) => x.type === 'event' && x.event?.type === 'remove' && x.event.userId === id),
      2000,
    );
    const items = ((await (await s.api('/api/presence')).json()) as { items: Array<{ userId: string }> }).items;
    assert.ok(!items.some((p) => p.userId === id), 'not listed for work');
    const refused = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'eve@test.local', password: 'eve-password-1' }),
    });
    assert.equal(refused.status, 403);
    assert.equal((await errorOf(refused)).code, 'account_disabled');
    const wrong = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'eve@test.local', password: 'not-her-password' }),
    });
    assert.equal(wrong.status, 401, 'a wrong password does not learn the account is disabled');
    assert.equal(await status(s.api(`/api/users/${id}`, { method: 'PATCH', json: { disabled: false } })), 200);
    await s.login('eve@test.local', 'eve-password-1');
    watcher.close();
  });

  it('disabling a supervisor hangs up their listener within a second', async () => {
    assert.equal(await status(create('fay@test.local', 'fay-password-1', 'supervisor', [])), 201);
    const id = await idOf('fay@test.local');
    const token = await s.login('fay@test.local', 'fay-password-1');
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const listener = await TestListener.join(async (sdp) => {
      const r = await s.api(`/api/sessions/${sessionId}/listen`, { method: 'POST', json: { sdp }, ...bearer(token) });
      assert.equal(r.status, 200);
      return ((await r.json()) as { sdp: string }).sdp;
    });
    const listeners = async () =>
      ((await (await s.api(`/api/sessions/${sessionId}`)).json()) as { listeners?: Array<{ name: string }> })
        .listeners ?? [];
    await waitUntil('fay to listen', async () => (await listeners()).some((l) => l.name === 'fay'));
    const at = Date.now();
    assert.equal(await status(s.api(`/api/users/${id}`, { method: 'PATCH', json: { disabled: true } })), 200);
    await waitUntil(
      "fay's listener to leave",
      async () => !(await listeners()).some((l) => l.name === 'fay'),
      3000,
      20,
    );
    assert.ok(Date.now() - at <= 1000, `the listener left ${Date.now() - at} ms after (at most 1000)`);
    const count = listener.payloads.length;
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(listener.payloads.length - count <= 2, 'no more audio reaches them');
    await listener.close();
    await s.api(`/api/simulator/calls/${sessionId}/hangup`, { method: 'POST' });
  });
});

describe('a login that expires', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none', LIVESPACE_TOKEN_TTL_HOURS: '0.001' } });
  }); // 3.6 s
  after(async () => {
    await s.stop();
  });

  it('closes its WebSockets and hangs up its listener when it expires, not at the next sweep', async () => {
    const token = await s.token();
    const opened = Date.now();
    const live = await liveOn(s.url, token);
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' }, ...bearer(token) })
    ).json()) as { sessionId: string };
    const listener = await TestListener.join(async (sdp) => {
      const r = await s.api(`/api/sessions/${sessionId}/listen`, { method: 'POST', json: { sdp }, ...bearer(token) });
      assert.equal(r.status, 200);
      return ((await r.json()) as { sdp: string }).sdp;
    });
    // Each look with a fresh login (every login here lives 3.6 s).
    const fresh = async () => bearer(await s.login(s.adminEmail, s.adminPassword));
    const listening = async () =>
      (
        ((await (await fetch(`${s.url}/api/sessions/${sessionId}`, await fresh())).json()) as { listeners?: unknown[] })
          .listeners ?? []
      ).length;
    assert.equal(await listening(), 1);
    await waitUntil('the WebSocket to close', () => live.closeCode === 4401, 8000, 20);
    const took = Date.now() - opened;
    assert.ok(took <= 3600 + 1000, `closed ${took} ms after the login began (it lives 3.6 s)`);
    await waitUntil('the listener to hang up', async () => (await listening()) === 0, 2000, 50);
    assert.equal(await status(fetch(`${s.url}/api/auth/me`, bearer(token))), 401);
    await listener.close();
    await fetch(`${s.url}/api/simulator/calls/${sessionId}/hangup`, { method: 'POST', ...(await fresh()) });
  });
});

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;
describe('account changes across processes (DATABASE_URL and REDIS_URL)', {
  skip: shared ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let a: StartedServer;
  let b: StartedServer;
  before(async () => {
    a = await startServer({ env: { LIVESPACE_TTS: 'none', LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: '6' } });
    b = await startPeer(a, { LIVESPACE_TTS: 'none', LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: '6' });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it("a sign-out, a role change and disabling on one process close the user's WebSockets on the other within a second", async () => {
    assert.equal(
      await status(
        a.api('/api/users', {
          method: 'POST',
          json: { email: 'gus@test.local', name: 'Gus', password: 'gus-password-1', role: 'supervisor' },
        }),
      ),
      201,
    );
    const id = (
      (await (await a.api('/api/users')).json()) as { items: Array<{ id: string; email: string }> }
    ).items.find((u) => u.email === 'gus@test.local')!.id;

    const one = await a.login('gus@test.local', 'gus-password-1');
    const onB = await liveOn(b.url, one);
    let at = Date.now();
    assert.equal(await status(fetch(`${a.url}/api/auth/logout`, { method: 'POST', ...bearer(one) })), 200);
    await closedWithin(onB, 4401, at);

    const two = await a.login('gus@test.local', 'gus-password-1');
    const roleOnB = await liveOn(b.url, two);
    at = Date.now();
    assert.equal(
      await status(a.api(`/api/users/${id}`, { method: 'PATCH', json: { role: 'agent', queues: ['sales'] } })),
      200,
    );
    await closedWithin(roleOnB, 4409, at);
    const me = (await (await fetch(`${b.url}/api/auth/me`, bearer(two))).json()) as { user: { role: string } };
    assert.equal(me.user.role, 'agent', 'the other process knows the new role at once');

    const disabledOnB = await liveOn(b.url, two);
    at = Date.now();
    assert.equal(await status(a.api(`/api/users/${id}`, { method: 'PATCH', json: { disabled: true } })), 200);
    await closedWithin(disabledOnB, 4401, at);
    assert.equal(await status(fetch(`${b.url}/api/auth/me`, bearer(two))), 401);
  });

  it('the sign-in limit is shared: attempts on both processes count together (Redis), with Retry-After', async () => {
    const attempt = (s: StartedServer) =>
      fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'mallory-target@test.local', password: 'wrong-password' }),
      });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt(i % 2 ? b : a)).status);
    assert.deepEqual(codes, Array(6).fill(401));
    const limited = await attempt(b);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After says when');
    assert.equal((await attempt(a)).status, 429);
  });
});
