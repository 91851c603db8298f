/**
 * Sign out in real Chromium against the real server: the top bar's Sign out button ends the login for real. The
 * login page shows; the old token and the old HttpOnly cookie both get 401; the browser holds the cookie no more;
 * the page's live WebSocket is closed (and the server counts one client fewer). The same person signed in
 * elsewhere (another login) stays signed in and live.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './browser-suite';
import { LiveCallsPage, waitUntil } from './live-calls.page';

/** apps/web/src/auth.ts keeps the token under this key; the server's cookie is this one. */
const TOKEN_KEY = 'livespace.token';
const TOKEN_COOKIE = 'livespace_token';

/** The live WebSockets a page opened, and which of them closed. */
function watchSockets(page: Page): Array<{ url: string; closed: boolean }> {
  const sockets: Array<{ url: string; closed: boolean }> = [];
  page.on('websocket', (ws) => {
    const s = { url: ws.url(), closed: false };
    sockets.push(s);
    ws.on('close', () => (s.closed = true));
  });
  return sockets;
}

describe('Sign out in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { pages } = suite;

  before(async () => {
    await suite.post('/api/users', {
      email: 'sue@test.local',
      name: 'Sue Park',
      password: 'sue-password',
      role: 'supervisor',
    });
  });

  /** A fresh context signed in as Sue through the login page, its WebSockets watched from the start. */
  async function sue(): Promise<{ p: LiveCallsPage; sockets: Array<{ url: string; closed: boolean }> }> {
    const p = await LiveCallsPage.open(suite.chromium.browser, suite.server.url);
    pages.push(p);
    const sockets = watchSockets(p.page);
    await p.loginPage.waitFor();
    await p.login('sue@test.local', 'sue-password');
    return { p, sockets };
  }

  const me = (headers: Record<string, string>) => fetch(`${suite.server.url}/api/auth/me`, { headers });
  const openSockets = (sockets: Array<{ url: string; closed: boolean }>) =>
    sockets.filter((s) => !s.closed && new URL(s.url).pathname === '/api/live');
  async function wsClients(): Promise<number> {
    const text = await (await fetch(`${suite.server.url}/metrics`)).text();
    return Number(/^livespace_ws_clients (\d+)/m.exec(text)?.[1]);
  }
  async function tokenCookie(p: LiveCallsPage) {
    return (await p.context.cookies(suite.server.url)).find((c) => c.name === TOKEN_COOKIE);
  }

  it('Sign out revokes the login and its cookie and closes the live connection; the same person signed in elsewhere stays', async () => {
    const { p, sockets } = await sue();
    const other = await sue();

    // Both live: one WebSocket each, two distinct logins, each with its HttpOnly cookie.
    assert.equal(await p.connectionStatus.getAttribute('data-status'), 'live');
    assert.equal(openSockets(sockets).length, 1, 'the page has its live WebSocket');
    assert.equal(openSockets(other.sockets).length, 1);
    const token = await p.page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
    const otherToken = await other.p.page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
    assert.ok(token && otherToken && token !== otherToken, 'two logins');
    const cookie = await tokenCookie(p);
    assert.equal(cookie?.value, token, 'signing in set the cookie');
    assert.equal(cookie?.httpOnly, true, 'out of reach of scripts');
    assert.equal(
      await p.page.evaluate(() => document.cookie.includes('livespace_token')),
      false,
      'document.cookie cannot see it',
    );
    assert.equal((await me({ authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await me({ cookie: `${TOKEN_COOKIE}=${token}` })).status, 200);
    await waitUntil('the server counts both pages', async () => (await wsClients()) === 2);

    // The top bar's Sign out: a button by that name.
    await p.page.getByRole('button', { name: 'Sign out' }).click();

    await p.loginPage.waitFor();
    await p.page.getByTestId('login-email').waitFor();
    assert.equal(await p.page.getByTestId('live-calls').count(), 0, 'the app is gone');
    assert.equal(
      await p.page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY),
      null,
      'the browser forgot the token',
    );
    assert.equal((await me({ authorization: `Bearer ${token}` })).status, 401, 'the old token is revoked');
    assert.equal((await me({ cookie: `${TOKEN_COOKIE}=${token}` })).status, 401, 'the old cookie is revoked');
    const left = await tokenCookie(p);
    assert.ok(!left || left.value === '', `the cookie is cleared (${JSON.stringify(left)})`);
    // At once: well before the server's 5 s sweep of revoked logins would close it anyway.
    await waitUntil('the page closed its live WebSocket', () => openSockets(sockets).length === 0, 2_000);
    await waitUntil('the server counts one client fewer', async () => (await wsClients()) === 1, 2_000);
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(openSockets(sockets).length, 0, 'and it does not reconnect');
    assert.equal(sockets.length, 1, 'no new WebSocket after signing out');

    // The other login: still signed in, still live, its token and cookie still good.
    assert.equal(await other.p.connectionStatus.getAttribute('data-status'), 'live');
    assert.equal(await other.p.loginPage.count(), 0);
    assert.equal(openSockets(other.sockets).length, 1, 'its WebSocket stays open');
    assert.equal(other.sockets.length, 1, 'and was never dropped');
    assert.equal((await me({ authorization: `Bearer ${otherToken}` })).status, 200);
    assert.equal((await tokenCookie(other.p))?.value, otherToken);
    assert.equal(
      (await other.p.context.request.get(`${suite.server.url}/api/auth/me`)).status(),
      200,
      'its cookie still signs it in',
    );
    // And a page load keeps it signed in.
    await other.p.page.reload();
    await other.p.liveCalls.waitFor();
    await other.p.waitForLive();
  });
});
