/**
 * One's own password and a role change, in Chromium against the real server: the top bar's Password dialog says
 * at the field why a password is refused; a change keeps this tab signed in and sends the same person's other tab
 * to the login page; an admin changing someone's role reaches their open tab at once (no reload, still signed in).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { LiveCallsPage, waitUntil } from './live-calls.page';

describe('Password and role changes in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { pages } = suite;
  let sueId = '';

  before(async () => {
    const r = await suite.post('/api/users', {
      email: 'sue@test.local',
      name: 'Sue Park',
      password: 'sue-password',
      role: 'supervisor',
    });
    sueId = ((await r.json()) as { user: { id: string } }).user.id;
  });

  async function signedIn(password: string): Promise<LiveCallsPage> {
    const p = await LiveCallsPage.open(suite.chromium.browser, suite.server.url);
    pages.push(p);
    await p.loginPage.waitFor();
    await p.login('sue@test.local', password);
    return p;
  }

  it('changes the password from the top bar: field errors first, then this tab stays and the other one signs out', async () => {
    const here = await signedIn('sue-password');
    const there = await signedIn('sue-password');
    const page = here.page;
    await page.getByTestId('change-password').click();
    const dialog = page.getByTestId('password-dialog');
    await dialog.waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'pw-current',
      'the focus is on the current password',
    );

    await page.getByTestId('pw-current').fill('not-my-password');
    await page.getByTestId('pw-new').fill('grey-heron-river-7');
    await page.getByTestId('pw-repeat').fill('grey-heron-river-7');
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('pw-current-error').waitFor();
    assert.match(await page.getByTestId('pw-current-error').innerText(), /not your current password/);

    await page.getByTestId('pw-current').fill('sue-password');
    await page.getByTestId('pw-new').fill('Password2024!');
    await page.getByTestId('pw-repeat').fill('Password2024!');
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('pw-password-error').waitFor();
    assert.match(await page.getByTestId('pw-password-error').innerText(), /too easy to guess/, 'the server says why');
    assert.equal(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid'), 'true');

    await page.getByTestId('pw-new').fill('grey-heron-river-7');
    await page.getByTestId('pw-repeat').fill('grey-heron-river-8');
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('pw-repeat-error').waitFor();

    await page.getByTestId('pw-repeat').fill('grey-heron-river-7');
    await page.getByTestId('pw-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await waitUntil('the notice', async () =>
      /Password changed/.test(await page.getByTestId('top-bar-notice').innerText()),
    );

    await there.loginPage.waitFor({ timeout: 3000 });
    assert.equal(await here.loginPage.count(), 0, 'this tab stays signed in');
    await here.waitForLive();
    const login = await fetch(`${suite.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sue@test.local', password: 'grey-heron-river-7' }),
    });
    assert.equal(login.status, 200, 'the new password signs in');
  });

  it('a role change by an admin reaches the open tab at once: the new role shows and its sections follow, still signed in', async () => {
    const p = await signedIn('grey-heron-river-7');
    await p.page.getByTestId('nav-numbers').waitFor();
    assert.match(await p.page.getByTestId('current-user').innerText(), /supervisor/);
    const r = await suite.server.api(`/api/users/${sueId}`, {
      method: 'PATCH',
      json: { role: 'agent', queues: ['collections'] },
    });
    assert.equal(r.status, 200);
    await waitUntil(
      'the new role on screen',
      async () => /agent/.test(await p.page.getByTestId('current-user').innerText()),
      3000,
      50,
    );
    await p.page.getByTestId('nav-numbers').waitFor({ state: 'detached', timeout: 3000 });
    assert.equal(await p.loginPage.count(), 0, 'still signed in');
    await p.waitForLive();
  });
});
