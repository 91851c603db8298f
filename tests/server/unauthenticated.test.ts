/** What a request without a login can cost: nothing read, nothing hashed beyond a small limit. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';

describe('unauthenticated work', () => {
  let s: StartedServer;
  before(async () => { s = await startServer({ env: { LIVESPACE_TTS: 'none', LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: '10' } }); });
  after(async () => { await s.stop(); });

  it('an anonymous upload is answered 401 before its body is read', async () => {
    const url = new URL('/api/campaigns/any/contacts', s.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': String(19_500_000) } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', (err) => ((err as { code?: string }).code === 'ECONNRESET' ? undefined : reject(err)));
      // Only the first 64 KiB is ever sent: a server that waited for the rest would never answer.
      req.write(Buffer.alloc(64 * 1024, 'a'));
      setTimeout(() => reject(new Error('no answer while the body was still coming')), 5000).unref();
    });
    assert.equal(status, 401);
  });

  it('sign-in attempts are limited per email and address (429), before any password is hashed; other emails are not held up', async () => {
    const attempt = (email: string) => fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong-password' }) });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await attempt('admin@test.local')).status);
    assert.deepEqual(codes, [...Array(10).fill(401), 429, 429]);
    const limited = await attempt('ADMIN@test.local');
    assert.equal(limited.status, 429, 'the same email in other letters');
    const body = (await limited.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'too_many_attempts');
    assert.match(body.error.message, /try again in/);
    assert.equal((await attempt('someone-else@test.local')).status, 401);
  });
});
