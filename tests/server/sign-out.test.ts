/**
 * Signing out signs out: the login is revoked with its cookie, and the WebSockets opened with it close
 * (4401) at once on the process that signed out, and within a second on another process (PostgreSQL + Redis, word over
 * the bus).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

describe('sign out', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    await s.api('/api/users', {
      method: 'POST',
      json: { email: 'sue@test.local', name: 'Sue', password: 'sue-password', role: 'supervisor' },
    });
  });
  after(async () => {
    await s.stop();
  });

  it('revokes the login and its cookie, and closes its live WebSockets at once; other logins stay', async () => {
    const token = await s.login('sue@test.local', 'sue-password');
    const other = await s.login('sue@test.local', 'sue-password');
    const live = await TestLiveClient.connect(s.url, token);
    live.send({ type: 'subscribe', topic: 'sessions' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot'));
    const keep = await TestLiveClient.connect(s.url, other);
    const r = await fetch(`${s.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('set-cookie') ?? '', /livespace_token=;.*Max-Age=0/);
    await waitUntil('the WebSocket to close', async () => live.closeCode === 4401, 3000);
    const after = await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.status, 401);
    // The same user's other login is untouched.
    assert.equal((await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${other}` } })).status, 200);
    assert.equal(keep.closeCode, null);
    keep.close();
  });
});

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;
describe('sign out across processes (DATABASE_URL and REDIS_URL)', {
  skip: shared ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let a: StartedServer;
  let b: StartedServer;
  before(async () => {
    a = await startServer({ env: { LIVESPACE_TTS: 'none' } });
    b = await startPeer(a, { LIVESPACE_TTS: 'none' });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it("a sign-out on one process closes the login's WebSockets on the other within seconds", async () => {
    const token = await a.token();
    const onB = await TestLiveClient.connect(b.url, token);
    onB.send({ type: 'subscribe', topic: 'sessions' });
    await onB.waitFor((m) => m.find((x) => x.type === 'snapshot'));
    assert.equal(
      (await fetch(`${a.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }))
        .status,
      200,
    );
    await waitUntil('the WebSocket on the other process to close', async () => onB.closeCode === 4401, 3000);
  });
});
