/** What a request without a login can cost: nothing read, nothing hashed beyond a small limit. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { partialUploadStatus } from '../support/partial-upload';
import { startServer, type StartedServer } from '../support/start-server';

describe('unauthenticated work', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none', LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: '10' } });
  });
  after(async () => {
    await s.stop();
  });

  it('an anonymous upload is answered 401 before its body is read', async () => {
    const url = new URL('/api/campaigns/any/contacts', s.url);
    const status = await partialUploadStatus(url, { 'content-type': 'text/csv' }, 19_500_000);
    assert.equal(status, 401);
  });

  it('sign-in attempts are limited per email and address (429), before any password is hashed; other emails are not held up', async () => {
    const attempt = (email: string) =>
      fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'wrong-password' }),
      });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await attempt('admin@test.local')).status);
    assert.deepEqual(codes, [...Array(10).fill(401), 429, 429]);
    const limited = await attempt('ADMIN@test.local');
    assert.equal(limited.status, 429, 'the same email in other letters');
    const body = (await limited.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'too_many_attempts');
    assert.match(body.error.message, /try again in/);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1, 'Retry-After says when, in seconds');
    assert.equal((await attempt('someone-else@test.local')).status, 401);
  });

  it('a burst of attempts in parallel is held as well as a slow one', async () => {
    const codes = await Promise.all(
      Array.from({ length: 20 }, () => attemptOn(s, 'burst@test.local').then((r) => r.status)),
    );
    assert.equal(codes.filter((c) => c === 401).length, 10);
    assert.equal(codes.filter((c) => c === 429).length, 10);
  });
});

const attemptOn = (s: StartedServer, email: string) =>
  fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'wrong-password' }),
  });

describe('sign-in attempts per address', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({
      env: {
        LIVESPACE_TTS: 'none',
        LIVESPACE_LOGIN_ATTEMPTS_PER_MINUTE: '10',
        LIVESPACE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '5',
      },
    });
  });
  after(async () => {
    await s.stop();
  });

  it('one address trying many accounts is limited too (429 with Retry-After)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await attemptOn(s, `spray${i}@test.local`)).status);
    assert.deepEqual(codes, Array(5).fill(401));
    const limited = await attemptOn(s, 'spray-next@test.local');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });
});

describe('requests from other sites', () => {
  let s: StartedServer;
  before(async () => {
    s = await startServer({ env: { LIVESPACE_TTS: 'none' } });
  });
  after(async () => {
    await s.stop();
  });

  it('a cookie-signed request from another origin is refused (403) and changes nothing; the same from this origin, or with a bearer token, works', async () => {
    const token = await s.token();
    const { sessionId } = (await (
      await s.api('/api/simulator/calls', { method: 'POST', json: { persona: 'manual' } })
    ).json()) as { sessionId: string };
    const cookie = `livespace_token=${token}`;
    const evil = await fetch(`${s.url}/api/sessions/${sessionId}/end`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '',
    });
    assert.equal(evil.status, 403);
    const state = async () => ((await (await s.api(`/api/sessions/${sessionId}`)).json()) as { state: string }).state;
    assert.notEqual(await state(), 'ended');
    const own = await fetch(`${s.url}/api/sessions/${sessionId}/whisper`, {
      method: 'POST',
      headers: { cookie, origin: s.url, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    assert.equal(own.status, 200);
    const bearer = await fetch(`${s.url}/api/sessions/${sessionId}/whisper`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    assert.equal(bearer.status, 200, 'a bearer token is never sent by another site on its own');
    await s.api(`/api/sessions/${sessionId}/end`, { method: 'POST' });
  });

  it('the live WebSocket opened with the cookie from another origin is refused; every answer carries the security headers', async () => {
    const { WebSocket } = await import('ws');
    const token = await s.token();
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/live`, {
        headers: { cookie: `livespace_token=${token}`, origin: 'https://evil.example' },
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('error', () => {});
    });
    assert.equal(code, 403);
    const r = await fetch(`${s.url}/healthz`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });

  it("every answer carries a Content-Security-Policy that runs only this server's own script and style", async () => {
    // A JSON answer, an error and a page load (the web app's index.html, when it is built) carry the same policy.
    const answers = [
      await fetch(`${s.url}/healthz`),
      await fetch(`${s.url}/api/sessions`),
      await fetch(`${s.url}/sessions/any`, { headers: { accept: 'text/html' } }),
    ];
    const headers = answers.map((r) => r.headers.get('content-security-policy') ?? '');
    assert.equal(new Set(headers).size, 1, `one policy: ${headers.join(' | ')}`);
    const header = headers[0]!;
    const csp = new Map(
      header
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...sources]) => [name!, sources]),
    );
    assert.deepEqual(csp.get('default-src'), ["'self'"], header);
    assert.deepEqual(csp.get('script-src'), ["'self'"], 'only scripts from this server: no inline script, no eval');
    assert.deepEqual(csp.get('style-src'), ["'self'"], 'only style sheets from this server: no inline <style>');
    assert.deepEqual(csp.get('object-src'), ["'none'"]);
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
    assert.doesNotMatch(header, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|'wasm-unsafe-eval'/);
    // No source opens the page to every host: no wildcard, no bare scheme (a `wss:` would let a script talk to any
    // server).
    for (const [name, sources] of csp) {
      for (const src of sources) assert.doesNotMatch(src, /^(\*|https?:|wss?:)$/, `${name} ${src}`);
    }
  });
});
