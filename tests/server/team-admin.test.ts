/**
 * Running the team over HTTP and WebSocket, on the real server: queues an admin configures (their own service level in
 * the live figures, their order, who works them), who may read and change them, bad input that names its field and
 * changes nothing, the audit log of every team change — and what a human agent's status does across signing out and
 * in again. On the embedded database, and on PostgreSQL (with Redis) too when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditPage, QueueConfig, QueueStats, Team } from '@livespace/protocol';
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
  describe(`team administration (${engine})`, () => {
    let s: StartedServer;
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const as = (who?: string) => (who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {});
    const send = (method: string, path: string, json?: unknown, who?: string) =>
      s.api(path, { method, ...(json === undefined ? {} : { json }), ...as(who) });
    const config = async (who?: string) =>
      ((await (await s.api('/api/queues/config', as(who))).json()) as { items: QueueConfig[] }).items;
    const figures = async () => (await (await s.api('/api/queues')).json()) as QueueStats[];
    const errorOf = async (r: Response) => ((await r.json()) as { error: { code: string; field?: string } }).error;
    const userQueues = async (id: string) =>
      ((await (await s.api('/api/users')).json()) as { items: Array<{ id: string; queues: string[] }> }).items.find(
        (u) => u.id === id,
      )!.queues;

    before(async () => {
      s = await startServer({ embedded, env: { LIVESPACE_TTS: 'none', LIVESPACE_SLA_SECONDS: '60' } });
      tokens.admin = await s.token();
      for (const [key, role, queues] of [
        ['ava', 'agent', ['billing']],
        ['ben', 'agent', ['sales']],
        ['sue', 'supervisor', []],
      ] as const) {
        const r = await send('POST', '/api/users', {
          email: `${key}@test.local`,
          name: key,
          password: `${key}-password-long`,
          role,
          queues,
        });
        assert.equal(r.status, 201, await r.clone().text());
        ids[key] = ((await r.json()) as { user: { id: string } }).user.id;
        tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
      }
    });
    after(async () => {
      await s?.stop();
    });

    it('lists every known queue, unconfigured ones with the default service level and their members', async () => {
      const items = await config();
      const billing = items.find((q) => q.name === 'billing')!;
      assert.deepEqual(billing, {
        name: 'billing',
        slaSeconds: 60,
        priority: null,
        members: [ids.ava],
        configured: false,
      });
      assert.ok(items.some((q) => q.name === 'sales'));
      assert.equal((await s.api('/api/queues/config', as('sue'))).status, 200, 'supervisors read it');
      assert.equal((await s.api('/api/queues/config', as('ava'))).status, 403, 'human agents do not');
    });

    it('configures queues: service level in the live figures, priority order, members moved; refusals change nothing', async () => {
      const r = await send('POST', '/api/queues', { name: 'vip', slaSeconds: 20, priority: 1, members: [ids.ben] });
      assert.equal(r.status, 201, await r.clone().text());
      assert.deepEqual(((await r.json()) as { queue: QueueConfig }).queue, {
        name: 'vip',
        slaSeconds: 20,
        priority: 1,
        members: [ids.ben],
        configured: true,
      });
      assert.deepEqual(await userQueues(ids.ben!), ['sales', 'vip'], 'Ben works vip now, and still sales');

      // Configuring a queue that was only known (billing) by its first change; without a priority it goes last.
      const p = await send('PATCH', '/api/queues/billing', { slaSeconds: 120 });
      assert.equal(p.status, 200, await p.clone().text());
      assert.deepEqual(((await p.json()) as { queue: QueueConfig }).queue, {
        name: 'billing',
        slaSeconds: 120,
        priority: 2,
        members: [ids.ava],
        configured: true,
      });

      await waitUntil("the figures to show each queue's own service level", async () => {
        const f = await figures();
        return (
          f.find((q) => q.name === 'vip')?.slaSeconds === 20 && f.find((q) => q.name === 'billing')?.slaSeconds === 120
        );
      });
      const order = (await figures()).map((q) => q.name);
      assert.deepEqual(order.slice(0, 2), ['vip', 'billing'], 'configured queues first, by priority');
      assert.equal((await figures()).find((q) => q.name === 'sales')!.slaSeconds, 60, 'the others keep the default');
      assert.deepEqual(
        (await figures()).filter((q) => ['vip', 'billing', 'sales'].includes(q.name)).map((q) => q.priority),
        [1, 2, null],
      );

      // Members: exactly those given; Ava leaves billing for vip, Ben's other queues stay.
      const m = await send('PATCH', '/api/queues/vip', { members: [ids.ava] });
      assert.equal(m.status, 200);
      assert.deepEqual(await userQueues(ids.ava!), ['billing', 'vip']);
      assert.deepEqual(await userQueues(ids.ben!), ['sales']);

      const before = JSON.stringify(await config());
      const refusals: Array<[string, string, unknown, number, string, string?]> = [
        ['POST', '/api/queues', { name: 'vip' }, 409, 'queue_exists'],
        ['POST', '/api/queues', { name: 'x', slaSeconds: 0 }, 422, 'invalid_input', 'slaSeconds'],
        ['POST', '/api/queues', { name: '' }, 422, 'invalid_input', 'name'],
        ['POST', '/api/queues', { name: 'a/b' }, 422, 'invalid_input', 'name'],
        ['POST', '/api/queues', { name: 'new', members: ['usr_nobody'] }, 422, 'invalid_input', 'members'],
        ['POST', '/api/queues', { name: 'new', colour: 'red' }, 422, 'invalid_input'],
        ['PATCH', '/api/queues/vip', {}, 422, 'invalid_input'],
        ['PATCH', '/api/queues/vip', { priority: 1.5 }, 422, 'invalid_input', 'priority'],
        ['PATCH', '/api/queues/nowhere', { slaSeconds: 30 }, 404, 'not_found'],
      ];
      for (const [method, path, body, status, code, field] of refusals) {
        const res = await send(method, path, body);
        assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(body)}`);
        const e = await errorOf(res);
        assert.equal(e.code, code);
        if (field) assert.equal(e.field, field, JSON.stringify(body));
      }
      assert.equal((await send('POST', '/api/queues', { name: 'sup' }, 'sue')).status, 403, 'supervisors only read');
      assert.equal((await send('PATCH', '/api/queues/vip', { slaSeconds: 5 }, 'ava')).status, 403);
      assert.equal(JSON.stringify(await config()), before, 'nothing changed');
    });

    it("a member's open screen learns of their new queue at once (their WebSocket asks the page to read the user again)", async () => {
      const live = await TestLiveClient.connect(s.url, tokens.ben!);
      live.send({ type: 'subscribe', topic: 'presence' });
      await live.waitFor((m) => m.find((x) => x.type === 'snapshot'));
      assert.equal((await send('PATCH', '/api/queues/billing', { members: [ids.ava, ids.ben] })).status, 200);
      await waitUntil("Ben's WebSocket to be told", () => live.closeCode === 4409, 3000, 10);
      assert.deepEqual(await userQueues(ids.ben!), ['sales', 'billing']);
    });

    it('groups people into teams led by a supervisor: one team each, read by supervisors, filtering the per-agent figures', async () => {
      const teams = async (who?: string) =>
        ((await (await s.api('/api/teams', as(who))).json()) as { items: Team[] }).items;
      const teamOf = async (id: string) =>
        (
          (await (await s.api('/api/users')).json()) as { items: Array<{ id: string; teamId: string | null }> }
        ).items.find((u) => u.id === id)!.teamId;
      const made = await send('POST', '/api/teams', { name: 'North', leadId: ids.sue, members: [ids.ava, ids.ben] });
      assert.equal(made.status, 201, await made.clone().text());
      const north = ((await made.json()) as { team: Team }).team;
      assert.match(north.id, /^team_/);
      assert.deepEqual(
        north,
        { id: north.id, name: 'North', leadId: ids.sue, members: [ids.ava, ids.ben] },
        'members by name',
      );
      assert.equal(await teamOf(ids.ava!), north.id, "the user list says each person's team");

      // One team each: naming Ben in South takes him out of North.
      const south = (
        (await (await send('POST', '/api/teams', { name: 'South', members: [ids.ben] })).json()) as { team: Team }
      ).team;
      assert.deepEqual(
        (await teams('sue')).map((t) => [t.name, t.members]),
        [
          ['North', [ids.ava]],
          ['South', [ids.ben]],
        ],
        'supervisors read the teams',
      );
      assert.equal((await s.api('/api/teams', as('ava'))).status, 403, 'human agents do not');

      // The per-agent figures for one team, in JSON and CSV.
      const period = `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;
      const agents = async (team: string) =>
        (
          (await (await s.api(`/api/analytics/agents?${period}&team=${team}`, as('sue'))).json()) as {
            items: Array<{ userId: string; teamId: string }>;
          }
        ).items;
      assert.deepEqual(
        (await agents(north.id)).map((a) => a.userId),
        [ids.ava],
      );
      assert.deepEqual(
        (await agents(south.id)).map((a) => [a.userId, a.teamId]),
        [[ids.ben, south.id]],
      );
      const csv = await (await s.api(`/api/analytics/agents?${period}&team=${south.id}&format=csv`, as('sue'))).text();
      assert.match(csv.split('\r\n')[0]!, /^userId,name,handled,.*,occupancyPercent,teamId$/);
      assert.equal(csv.trim().split('\r\n').length, 2, 'the header and Ben');

      // Rename, clear the lead; then refusals that name their field and change nothing.
      const p = await send('PATCH', `/api/teams/${north.id}`, { name: 'North East', leadId: null });
      assert.equal(p.status, 200, await p.clone().text());
      assert.deepEqual(((await p.json()) as { team: Team }).team, {
        id: north.id,
        name: 'North East',
        leadId: null,
        members: [ids.ava],
      });
      const before = JSON.stringify(await teams());
      const refusals: Array<[string, string, unknown, number, string, string?, string?]> = [
        ['POST', '/api/teams', { name: 'south' }, 409, 'team_exists', undefined, "a name is one team's, in any case"],
        ['PATCH', `/api/teams/${north.id}`, { name: 'SOUTH' }, 409, 'team_exists'],
        ['POST', '/api/teams', { name: '' }, 422, 'invalid_input', 'name'],
        [
          'POST',
          '/api/teams',
          { name: 'West', leadId: ids.ava },
          422,
          'invalid_input',
          'leadId',
          'a human agent does not lead a team',
        ],
        ['POST', '/api/teams', { name: 'West', leadId: 'usr_nobody' }, 422, 'invalid_input', 'leadId'],
        ['POST', '/api/teams', { name: 'West', members: ['usr_nobody'] }, 422, 'invalid_input', 'members'],
        ['POST', '/api/teams', { name: 'West', colour: 'red' }, 422, 'invalid_input'],
        ['PATCH', `/api/teams/${north.id}`, {}, 422, 'invalid_input'],
        ['PATCH', '/api/teams/team_nowhere', { name: 'X' }, 404, 'not_found'],
        ['DELETE', '/api/teams/team_nowhere', undefined, 404, 'not_found'],
      ];
      for (const [method, path, body, status, code, field, why] of refusals) {
        const res = await send(method, path, body);
        assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(body)} ${why ?? ''}`);
        const e = await errorOf(res);
        assert.equal(e.code, code);
        if (field) assert.equal(e.field, field, JSON.stringify(body));
      }
      assert.equal((await send('POST', '/api/teams', { name: "Sue's" }, 'sue')).status, 403, 'supervisors only read');
      assert.equal((await send('DELETE', `/api/teams/${south.id}`, undefined, 'ava')).status, 403);
      assert.equal(JSON.stringify(await teams()), before, 'nothing changed');
      assert.equal(
        (await s.api('/api/analytics/agents?' + period + '&team=', as('sue'))).status,
        422,
        'an empty team is refused, not read as all',
      );

      // Deleting a team leaves its people in none.
      assert.equal((await send('DELETE', `/api/teams/${south.id}`)).status, 204);
      assert.equal(await teamOf(ids.ben!), null);
      assert.deepEqual(
        (await teams()).map((t) => t.name),
        ['North East'],
      );
    });

    it("keeps each person's alert preferences on the server, for themselves only; bad input changes nothing", async () => {
      const prefs = async (who: string) =>
        ((await (await s.api('/api/me/preferences', as(who))).json()) as { preferences: Record<string, unknown> })
          .preferences;
      assert.deepEqual(await prefs('ava'), {}, 'nothing chosen yet');
      const alerts = { muted: false, quietHours: true, quietFrom: '22:30', quietTo: '06:45' };
      const put = await send('PUT', '/api/me/preferences', { alerts }, 'ava');
      assert.equal(put.status, 200, await put.clone().text());
      assert.deepEqual(await prefs('ava'), { alerts });
      assert.deepEqual(await prefs('ben'), {}, "another person's are their own");
      for (const [body, field] of [
        [{ alerts: { ...alerts, quietFrom: '25:00' } }, 'alerts.quietFrom'],
        [{ alerts: { ...alerts, muted: 'yes' } }, 'alerts.muted'],
        [{ alerts: { ...alerts, colour: 'red' } }, 'alerts'],
        [{}, undefined],
        [{ theme: 'light' }, undefined],
      ] as const) {
        const r = await send('PUT', '/api/me/preferences', body, 'ava');
        assert.equal(r.status, 422, JSON.stringify(body));
        if (field) assert.equal((await errorOf(r)).field, field, JSON.stringify(body));
      }
      assert.deepEqual(await prefs('ava'), { alerts }, 'unchanged');
      assert.equal((await s.api('/api/me/preferences')).status, 200, 'the admin has theirs');
      assert.equal((await fetch(`${s.url}/api/me/preferences`)).status, 401, 'a stranger has none');
    });

    it('writes every team change to the audit log, without passwords', async () => {
      await send('PATCH', `/api/users/${ids.ben}`, { name: 'Ben Ode' });
      await send('POST', `/api/users/${ids.ben}/password`, { password: 'another-long-password-9' });
      const audit = (await (await s.api('/api/audit?limit=50')).json()) as AuditPage;
      const actions = audit.items.flatMap((e) => [`${e.action} ${e.target}`, e.action]);
      for (const want of [
        `user.create ${ids.ava}`,
        `user.update ${ids.ben}`,
        `user.password_reset ${ids.ben}`,
        'queue.create vip',
        'queue.update billing',
        'team.create',
        'team.update',
        'team.delete',
      ]) {
        assert.ok(actions.includes(want), `${want} in ${actions.join(', ')}`);
      }
      assert.ok(!JSON.stringify(audit).includes('another-long-password-9'), 'no password in the audit log');
      const update = audit.items.find((e) => e.action === 'user.update')!;
      assert.deepEqual(update.detail, { name: 'Ben Ode' });
      assert.equal(update.userName.length > 0, true);
    });
  });
}

describe("a human agent's status across signing out and in", () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ embedded: true, env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s?.stop();
  });
  const statusOf = async (name: string) =>
    ((await (await s.api('/api/presence')).json()) as { items: Array<{ name: string; status: string }> }).items.find(
      (p) => p.name === name,
    )!.status;

  it('signing out is offline at once; signing in again and opening the app brings back the status they chose', async () => {
    for (const key of ['dan', 'eve']) {
      await s.api('/api/users', {
        method: 'POST',
        json: {
          email: `${key}@test.local`,
          name: key,
          password: `${key}-password-long`,
          role: 'agent',
          queues: ['general'],
        },
      });
    }
    assert.equal(await statusOf('dan'), 'offline', 'a new agent starts offline until they choose');
    const first = await s.login('dan@test.local', 'dan-password-long');
    const page = await TestLiveClient.connect(s.url, first);
    assert.equal(await statusOf('dan'), 'offline', 'a new agent is not made available by connecting');
    assert.equal(
      (
        await s.api('/api/presence/me', {
          method: 'PUT',
          json: { status: 'away' },
          headers: { authorization: `Bearer ${first}` },
        })
      ).status,
      200,
    );
    assert.equal(
      (await s.api('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${first}` } })).status,
      200,
    );
    await waitUntil('Dan offline on signing out', async () => (await statusOf('dan')) === 'offline', 3000);
    page.close();

    const again = await s.login('dan@test.local', 'dan-password-long');
    assert.equal(await statusOf('dan'), 'offline', 'signing in alone is not being there');
    const back = await TestLiveClient.connect(s.url, again);
    await waitUntil('Dan back to away, his choice', async () => (await statusOf('dan')) === 'away', 3000);

    // Choosing offline is kept too: he comes back offline.
    assert.equal(
      (
        await s.api('/api/presence/me', {
          method: 'PUT',
          json: { status: 'offline' },
          headers: { authorization: `Bearer ${again}` },
        })
      ).status,
      200,
    );
    back.close();
    const third = await s.login('dan@test.local', 'dan-password-long');
    const last = await TestLiveClient.connect(s.url, third);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await statusOf('dan'), 'offline');
    last.close();
  });

  it('a disabled agent is offline, and comes back offline when enabled again', async () => {
    await s.api('/api/users', {
      method: 'POST',
      json: { email: 'fay@test.local', name: 'fay', password: 'fay-password-long', role: 'agent', queues: ['general'] },
    });
    const token = await s.login('fay@test.local', 'fay-password-long');
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
    const fay = (
      (await (await s.api('/api/users')).json()) as { items: Array<{ id: string; email: string }> }
    ).items.find((u) => u.email === 'fay@test.local')!;
    assert.equal((await s.api(`/api/users/${fay.id}`, { method: 'PATCH', json: { disabled: true } })).status, 200);
    assert.equal((await s.api(`/api/users/${fay.id}`, { method: 'PATCH', json: { disabled: false } })).status, 200);
    assert.equal(await statusOf('fay'), 'offline');
  });
});
