/** The HTTP edge, over real HTTP against the real server process: auth, roles, bad input, health, metrics. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { partialUploadStatus } from '../support/partial-upload';
import { startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('HTTP API', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s.stop();
  });

  it('answers /healthz when store and bus answer', async () => {
    const r = await fetch(`${s.url}/healthz`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as Record<string, string>;
    assert.equal(body.store, 'ok');
    assert.equal(body.bus, 'ok');
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    assert.match(text, /# TYPE livespace_live_sessions gauge/);
    assert.match(text, /process_resident_memory_bytes/);
  });

  it('logs in the bootstrap admin and refuses a wrong password', async () => {
    const bad = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: s.adminEmail, password: 'nope-nope' }),
    });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as any).error.code, 'invalid_credentials');
    const me = await s.api('/api/auth/me');
    assert.equal(me.status, 200);
    const body = (await me.json()) as any;
    assert.equal(body.user.role, 'admin');
    assert.deepEqual(body.settings, { defaultCountry: 'US' }, 'the web app reads numbers as the server will');
  });

  it('answers 401 without a token or with a bad one, on HTTP and the WebSocket', async () => {
    assert.equal((await fetch(`${s.url}/api/sessions`)).status, 401);
    assert.equal((await fetch(`${s.url}/api/sessions`, { headers: { authorization: 'Bearer forged' } })).status, 401);
    await assert.rejects(TestLiveClient.connect(s.url, 'forged'), { status: 401 });
    await assert.rejects(TestLiveClient.connect(s.url, null), { status: 401 });
  });

  it('enforces roles: only admins create users and agents, agents cannot drive the simulator', async () => {
    const created = await s.api('/api/users', {
      method: 'POST',
      json: {
        email: 'agent1@test.local',
        name: 'Agent One',
        password: 'agent-password',
        role: 'agent',
        queues: ['sales'],
      },
    });
    assert.equal(created.status, 201);
    assert.equal(
      (
        await s.api('/api/users', {
          method: 'POST',
          json: { email: 'agent1@test.local', name: 'Again', password: 'agent-password', role: 'agent' },
        })
      ).status,
      409,
    );
    const agentToken = await s.login('agent1@test.local', 'agent-password');
    const asAgent = (path: string, json: unknown) =>
      fetch(`${s.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    assert.equal(
      (await asAgent('/api/users', { email: 'x@test.local', name: 'X', password: 'password1', role: 'admin' })).status,
      403,
    );
    assert.equal((await asAgent('/api/simulator/calls', { persona: 'manual' })).status, 403);
    assert.equal(
      (await fetch(`${s.url}/api/sessions`, { headers: { authorization: `Bearer ${agentToken}` } })).status,
      200,
    );
  });

  it('turns bad input into clear 4xx errors and changes nothing', async () => {
    const before = ((await (await s.api('/api/sessions?state=all')).json()) as any).items.length;
    const malformed = await s.api('/api/simulator/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"persona": ',
    });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as any).error.code, 'malformed_body');
    const huge = await partialUploadStatus(
      new URL('/api/simulator/calls', s.url),
      { authorization: `Bearer ${await s.token()}`, 'content-type': 'application/json' },
      2 * 1024 * 1024,
    );
    assert.equal(huge, 413);
    const phone = await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual', from: '12' } });
    assert.equal(phone.status, 422);
    assert.equal(((await phone.json()) as any).error.field, 'from');
    const persona = await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'pirate' } });
    assert.equal(persona.status, 422);
    assert.equal((await s.api('/api/sessions/ses_missing')).status, 404);
    assert.equal(
      (await s.api('/api/simulator/calls/ses_missing/say', { method: 'POST', json: { text: 'hi' } })).status,
      404,
    );
    assert.equal((await s.api('/api/agents/agt_missing')).status, 404);
    const flow = await s.api('/api/agents', {
      method: 'POST',
      json: { name: 'Broken', flow: { start: 'a', nodes: { a: { type: 'say', text: 'Hi', next: 'nowhere' } } } },
    });
    assert.equal(flow.status, 422);
    const after = ((await (await s.api('/api/sessions?state=all')).json()) as any).items.length;
    assert.equal(after, before);
  });

  it('lists the seeded AI agents and adds a valid one', async () => {
    const agents = ((await (await s.api('/api/agents')).json()) as any).items as Array<{ name: string }>;
    assert.ok(agents.length >= 3, 'three seeded agents');
    const r = await s.api('/api/agents', {
      method: 'POST',
      json: { name: 'Hello bot', flow: { start: 'hi', nodes: { hi: { type: 'end', say: 'Hello and goodbye.' } } } },
    });
    assert.equal(r.status, 201);
    const list = ((await (await s.api('/api/agents')).json()) as any).items as Array<{ name: string }>;
    assert.ok(list.some((a) => a.name === 'Hello bot'));
  });
});

describe('configuration', () => {
  it('refuses to start on a bad variable, naming it', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'eighty', REDIS_URL: 'http://nope' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 78);
    assert.match(r.stderr, /PORT/);
    assert.match(r.stderr, /REDIS_URL/);
  });
});
