/**
 * Team in real Chromium against the real server: an admin adds a human agent (the server's refusals at their field:
 * a weak password, a taken email), edits them, sets their password; the agent signs in with it (at / and at /login)
 * and lands in the Agent workspace, their presence shows on the admin's list; disabling them sends their open tabs
 * to the sign-in page. A supervisor sees the list read-only; a human agent has no Team section.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { WorkspacePage } from './agent-workspace.page';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';
import { TeamPage } from './team.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type User = { id: string; email: string; name: string; role: string; queues: string[]; disabled: boolean };

describe('Team in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { pages, post } = suite;

  before(async () => {
    await post('/api/users', {
      email: 'sue@test.local',
      name: 'Sue Park',
      password: 'sue-password',
      role: 'supervisor',
    });
    await post('/api/users', {
      email: 'ava@test.local',
      name: 'Ava',
      password: 'ava-password',
      role: 'agent',
      queues: ['sales'],
    });
  });

  async function users(): Promise<User[]> {
    return ((await (await suite.server.api('/api/users')).json()) as { items: User[] }).items;
  }

  const login = (email: string, password: string) =>
    fetch(`${suite.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  /** A fresh browser signed in as a human agent on `path` (the sign-in form shows there first). */
  async function agentTab(path: string, email: string, password: string): Promise<WorkspacePage> {
    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, path);
    pages.push(w.live);
    await w.live.loginPage.waitFor();
    await w.login(email, password);
    return w;
  }

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  it('as an admin: adds a human agent (refusals at their field), edits them, sets their password; they sign in to the workspace; disabling signs them out', async () => {
    const t = new TeamPage(await suite.signedIn());
    await t.openFromNav();
    assert.equal(new URL(t.page.url()).pathname, '/team');
    assert.equal(await t.page.getByTestId('nav-team').getAttribute('aria-current'), 'page');
    const admin = (await users()).find((u) => u.role === 'admin')!;
    assert.equal(await t.action(admin.email, 'disable').count(), 0, "no Disable on one's own row");
    assert.equal(
      await t.action(admin.email, 'reset').count(),
      0,
      "nor Reset password (the top bar's Password is one's own)",
    );
    assert.equal(await t.action(admin.email, 'edit').count(), 1);

    // Add person: the dialog opens on its first field; what is missing is said at its field before anything is sent.
    await t.addButton.click();
    await t.form.waitFor();
    assert.equal(await t.focused(), 'uf-name', 'the focus is on Name');
    await t.submit();
    await t.fieldError('name').waitFor();
    assert.equal(await t.page.getByTestId('uf-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await t.focused(), 'uf-name');

    // The server's word on the password (it holds the email's name) sits at Password; nothing is created.
    await t.fill({
      name: 'Tess Ng',
      email: 'tess@test.local',
      role: 'Human agent',
      queues: 'billing',
      password: 'tess-password-1',
    });
    await t.page.getByTestId('uf-queue-chips').getByText('billing').waitFor();
    await t.submit();
    await t.fieldError('password').waitFor();
    assert.match((await t.fieldError('password').textContent()) ?? '', /email/i, 'the server says why');
    assert.equal(await t.focused(), 'uf-password');
    assert.equal(
      (await users()).some((u) => u.email === 'tess@test.local'),
      false,
      'nothing was created',
    );

    await t.fill({ password: 'amber-kettle-92' });
    assert.equal(await t.fieldError('password').count(), 0, 'typing clears the refusal');
    await t.submit();
    await t.form.waitFor({ state: 'detached' });
    await t.row('tess@test.local').waitFor();
    assert.deepEqual(await t.person('tess@test.local'), {
      email: 'tess@test.local',
      name: 'Tess Ng',
      role: 'Human agent',
      queues: ['billing'],
      account: 'Enabled',
      presence: 'offline',
    });
    assert.match((await t.notice.textContent()) ?? '', /Tess Ng was added as human agent/);
    const tess = (await users()).find((u) => u.email === 'tess@test.local')!;
    assert.deepEqual([tess.role, tess.queues, tess.disabled], ['agent', ['billing'], false]);

    // The same email again (another case): the refusal sits at Email.
    await t.addButton.click();
    await t.form.waitFor();
    await t.fill({ name: 'Tess Two', email: 'TESS@test.local', queues: 'sales', password: 'quiet-harbor-318' });
    await t.submit();
    await t.fieldError('email').waitFor();
    assert.equal(await t.fieldError('email').textContent(), 'Someone on the team already has this email');
    assert.equal(await t.page.getByTestId('uf-email').getAttribute('aria-invalid'), 'true');
    assert.equal(await t.focused(), 'uf-email');
    await t.page.getByTestId('uf-cancel').click();
    await t.form.waitFor({ state: 'detached' });
    assert.equal((await users()).filter((u) => u.email === 'tess@test.local').length, 1);

    // Edit: the form holds the person; a new name is saved and listed.
    await t.action('tess@test.local', 'edit').click();
    await t.form.waitFor();
    assert.equal(await t.focused(), 'uf-name');
    assert.equal(await t.page.getByTestId('uf-name').inputValue(), 'Tess Ng');
    assert.equal(await t.page.getByTestId('uf-queues').inputValue(), 'billing');
    assert.equal(await t.page.getByTestId('uf-email').count(), 0, 'the email is not changed here');
    assert.equal(await t.page.getByTestId('uf-submit').isDisabled(), true, 'nothing to save yet');
    await t.fill({ name: 'Tess Ngata' });
    await t.submit();
    await t.form.waitFor({ state: 'detached' });
    await waitUntil('the new name listed', async () => (await t.person('tess@test.local'))?.name === 'Tess Ngata');
    assert.equal((await users()).find((u) => u.id === tess.id)!.name, 'Tess Ngata');

    // Reset password: too short is said at once; the new one is set.
    await t.action('tess@test.local', 'reset').click();
    await t.resetDialog.waitFor();
    assert.equal(await t.focused(), 'rp-password');
    await t.page.getByTestId('rp-password').fill('short');
    await t.page.getByTestId('rp-submit').click();
    assert.match((await t.page.getByTestId('rp-password-error').textContent()) ?? '', /at least 12/);
    await t.page.getByTestId('rp-password').fill('copper-lantern-58');
    await t.page.getByTestId('rp-submit').click();
    await t.resetDialog.waitFor({ state: 'detached' });
    assert.match((await t.notice.textContent()) ?? '', /Tess Ngata has a new password/);
    assert.equal((await login('tess@test.local', 'amber-kettle-92')).status, 401, 'the first password no longer works');

    // Tess signs in with it, at the root and at /login: both land in the Agent workspace.
    const atRoot = await agentTab('/', 'tess@test.local', 'copper-lantern-58');
    assert.equal(atRoot.pathname(), '/agent', 'signing in at / lands a human agent in the workspace');
    const atLogin = await agentTab('/login', 'tess@test.local', 'copper-lantern-58');
    assert.equal(atLogin.pathname(), '/agent', 'and at /login');
    assert.match(await atRoot.page.getByTestId('current-user').innerText(), /Tess Ngata/);
    assert.equal(await atRoot.page.getByTestId('nav-team').count(), 0, 'no Team section for human agents');

    // Her presence shows on the admin's list as it changes.
    await atRoot.setPresence('available');
    await waitUntil(
      'her presence on the list',
      async () => (await t.person('tess@test.local'))?.presence === 'available',
    );

    // Disable asks first, saying what it does; confirming signs her out at once, in both tabs.
    await t.action('tess@test.local', 'disable').click();
    await t.confirmDialog.waitFor();
    assert.match((await t.confirmDialog.textContent()) ?? '', /Disable Tess Ngata\?.*signed out at once/);
    assert.equal(await t.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'confirm-yes');
    await t.page.getByTestId('confirm-no').click();
    await t.confirmDialog.waitFor({ state: 'detached' });
    assert.equal((await users()).find((u) => u.id === tess.id)!.disabled, false, 'backing out changes nothing');

    await t.action('tess@test.local', 'disable').click();
    await t.page.getByTestId('confirm-yes').click();
    const at = Date.now();
    await waitUntil('the row says Disabled', async () => (await t.person('tess@test.local'))?.account === 'Disabled');
    assert.equal((await t.person('tess@test.local'))?.presence, '', 'a disabled account shows no presence');
    assert.match((await t.notice.textContent()) ?? '', /Tess Ngata is disabled and was signed out everywhere/);
    await atRoot.live.loginPage.waitFor({ timeout: 5000 });
    await atLogin.live.loginPage.waitFor({ timeout: 5000 });
    assert.ok(Date.now() - at < 5000, `her tabs went to the sign-in page ${Date.now() - at} ms after`);
    assert.equal((await login('tess@test.local', 'copper-lantern-58')).status, 403, 'she cannot sign in');

    // Enable lets her back.
    await t.action('tess@test.local', 'enable').click();
    await waitUntil('the row says Enabled', async () => (await t.person('tess@test.local'))?.account === 'Enabled');
    assert.equal((await login('tess@test.local', 'copper-lantern-58')).status, 200);
  });

  it("as an admin: the server's refusal of a role change shows at Role", async () => {
    await post('/api/users', { email: 'ray@test.local', name: 'Ray', password: 'ray-password-1', role: 'admin' });
    const t = new TeamPage(await suite.signedIn());
    await t.openFromNav();
    await t.action('ray@test.local', 'edit').click();
    await t.form.waitFor();
    // The last-admin rule needs a race to reach from here (one cannot demote oneself): the server's answer is stubbed
    // once.
    const refusal = {
      error: { code: 'last_admin', message: 'This is the last enabled admin; make another user admin first' },
    };
    await t.page.route('**/api/users/*', (route) =>
      route.request().method() === 'PATCH' ? route.fulfill({ status: 409, json: refusal }) : route.fallback(),
    );
    await t.fill({ role: 'Supervisor' });
    await t.submit();
    await t.fieldError('role').waitFor();
    assert.equal(
      await t.fieldError('role').textContent(),
      'This is the last enabled admin: make another person admin first',
    );
    await t.page.unroute('**/api/users/*');
    await t.page.getByTestId('uf-cancel').click();
    assert.equal((await users()).find((u) => u.email === 'ray@test.local')!.role, 'admin');
  });

  it('as a supervisor: the team, read-only (no Add, Edit, Reset password, Disable)', async () => {
    const t = new TeamPage(await suite.signedIn('sue@test.local', 'sue-password'));
    await t.openFromNav();
    await t.row('ava@test.local').waitFor();
    assert.deepEqual(await t.person('ava@test.local'), {
      email: 'ava@test.local',
      name: 'Ava',
      role: 'Human agent',
      queues: ['sales'],
      account: 'Enabled',
      presence: 'offline',
    });
    assert.ok((await t.rows.count()) >= 3);
    assert.match((await t.page.getByTestId('team-read-only').textContent()) ?? '', /only admins/i);
    for (const id of ['team-add', 'user-edit', 'user-reset', 'user-disable', 'user-enable'])
      assert.equal(await t.page.getByTestId(id).count(), 0, `no ${id}`);
    // The filter narrows the list.
    await t.page.getByTestId('team-filter').fill('sales');
    await waitUntil('only Ava', async () => (await t.people()).map((p) => p.email).join() === 'ava@test.local');
  });

  it('as a human agent: no Team in the navigation, and /team is not for them (nothing is fetched)', async () => {
    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
    pages.push(w.live);
    const asked: string[] = [];
    w.page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/users')) asked.push(r.url());
    });
    await w.login('ava@test.local', 'ava-password');
    assert.equal(await w.page.getByTestId('nav-team').count(), 0);
    await w.page.goto(`${suite.server.url}/team`);
    const t = new TeamPage(w.live);
    await t.notAllowed.waitFor();
    assert.match((await t.notAllowed.textContent()) ?? '', /admins and supervisors/);
    assert.deepEqual(asked, [], 'the page did not ask for the team');
  });

  it('teams: an admin makes one led by a supervisor, moves a person between teams, deletes one; the supervisor starts on their team, in Team and Analytics', async () => {
    const t = new TeamPage(await suite.signedIn());
    await t.openFromNav();
    await t.row('ava@test.local').waitFor();
    await t.page.getByTestId('teams-empty').waitFor();

    // New team: the name is asked for before anything is sent; then North, led by Sue, with Ava.
    await t.page.getByTestId('team-new').click();
    await t.teamDialog.waitFor();
    assert.equal(await t.focused(), 'tg-name');
    await t.page.getByTestId('tg-submit').click();
    await t.page.getByTestId('tg-name-error').waitFor();
    const leads = await t.page.getByTestId('tg-lead').locator('option').allTextContents();
    assert.equal(leads[0], 'Nobody yet');
    assert.ok(
      leads.includes('Sue Park (supervisor)') && leads.slice(1).every((o) => /\((supervisor|admin)\)$/.test(o)),
      `human agents do not lead: ${leads.join(', ')}`,
    );
    await t.fillTeam({ name: 'North', lead: 'Sue Park', tick: ['Ava'] });
    await t.page.getByTestId('tg-submit').click();
    await t.teamDialog.waitFor({ state: 'detached' });
    await waitUntil('the North card', async () => (await t.teams()).join() === 'North: 1 person · led by Sue Park');
    await waitUntil('Ava in North', async () => (await t.teamOf('ava@test.local')) === 'North');

    // A second team: a name in use (any case) is refused at Name by the server; moving Ava is said before saving.
    await t.page.getByTestId('team-new').click();
    await t.teamDialog.waitFor();
    await t.fillTeam({ name: 'north', tick: ['Ava'] });
    assert.match((await t.page.getByTestId('tg-moving').textContent()) ?? '', /Ava leaves North/);
    await t.page.getByTestId('tg-submit').click();
    await t.page.getByTestId('tg-name-error').waitFor();
    assert.match((await t.page.getByTestId('tg-name-error').textContent()) ?? '', /another team/i);
    await t.fillTeam({ name: 'South' });
    await t.page.getByTestId('tg-submit').click();
    await t.teamDialog.waitFor({ state: 'detached' });
    await waitUntil(
      'Ava moved to South',
      async () =>
        (await t.teams()).join('|') === 'North: nobody yet · led by Sue Park|South: 1 person · no lead' &&
        (await t.teamOf('ava@test.local')) === 'South',
    );

    // A card's name shows its people.
    await t.teamCard('South').getByTestId('team-card-show').click();
    await waitUntil(
      "only South's people listed",
      async () => (await t.people()).map((p) => p.email).join() === 'ava@test.local',
    );
    assert.equal(await t.teamCard('South').getByTestId('team-card-show').getAttribute('aria-pressed'), 'true');
    await t.teamCard('South').getByTestId('team-card-show').click();
    await waitUntil('everyone again', async () => (await t.rows.count()) >= 3);

    // Ava back to North (from its dialog), so Sue's team has someone; then South is deleted: nobody in it, the cards
    // say so.
    await t.teamCard('North').getByTestId('team-card-edit').click();
    await t.teamDialog.waitFor();
    await t.fillTeam({ tick: ['Ava'] });
    await t.page.getByTestId('tg-submit').click();
    await t.teamDialog.waitFor({ state: 'detached' });
    await t.teamCard('South').getByTestId('team-card-edit').click();
    await t.page.getByTestId('tg-delete').click();
    await t.confirmDialog.waitFor();
    await t.page.getByTestId('confirm-yes').click();
    await waitUntil(
      'South gone, Ava in North',
      async () =>
        (await t.teams()).join('|') === 'North: 1 person · led by Sue Park' &&
        (await t.teamOf('ava@test.local')) === 'North',
    );

    // Sue leads North: Team and Analytics start on it (read-only), and she can look at everyone.
    const sue = new TeamPage(await suite.signedIn('sue@test.local', 'sue-password'));
    await sue.openFromNav();
    await waitUntil(
      "Sue's Team on North",
      async () =>
        (await sue.page.getByTestId('team-team-filter').inputValue()) !== '' &&
        (await sue.people()).map((p) => p.email).join() === 'ava@test.local',
    );
    assert.equal(await sue.page.getByTestId('team-new').count(), 0, 'supervisors do not change teams');
    assert.equal(await sue.page.getByTestId('team-card-edit').count(), 0);
    await sue.page.getByTestId('team-team-filter').selectOption({ label: 'All teams' });
    await waitUntil('everyone', async () => (await sue.rows.count()) >= 3);

    await sue.page.goto(`${suite.server.url}/analytics`);
    await sue.page.getByTestId('analytics-team').waitFor();
    await waitUntil(
      'the human agents of North',
      async () =>
        (
          await sue.page
            .getByTestId('human-agent-row')
            .evaluateAll((rows) => rows.map((r) => r.querySelector('th')?.textContent))
        ).join() === 'Ava',
    );
    assert.match((await sue.page.getByTestId('csv-agents').getAttribute('href')) ?? '', /[?&]team=team_/);
    await sue.page.getByTestId('analytics-team').selectOption({ label: 'Everyone' });
    await waitUntil('every human agent', async () => (await sue.page.getByTestId('human-agent-row').count()) >= 2);
  });

  it('screenshots Team at 1440×900 and on a phone (390×844)', async () => {
    const existing = new Set((await users()).map((u) => u.email));
    const people = [
      { email: 'maya@test.local', name: 'Maya Okafor', role: 'agent', queues: ['billing', 'collections'] },
      { email: 'leo@test.local', name: 'Leo Brandt', role: 'agent', queues: ['front-desk'] },
      { email: 'ines@test.local', name: 'Inès Duarte', role: 'supervisor', queues: [] },
      { email: 'omar@test.local', name: 'Omar Haddad', role: 'agent', queues: ['sales', 'billing'] },
      { email: 'kim@test.local', name: 'Kim Tran', role: 'agent', queues: ['collections'] },
    ];
    for (const p of people)
      if (!existing.has(p.email)) await post('/api/users', { ...p, password: 'seed-password-77' });
    const kim = (await users()).find((u) => u.email === 'kim@test.local')!;
    assert.equal(
      (await suite.server.api(`/api/users/${kim.id}`, { method: 'PATCH', json: { disabled: true } })).status,
      200,
    );
    const maya = await suite.server.login('maya@test.local', 'seed-password-77');
    await suite.server.api('/api/presence/me', {
      method: 'PUT',
      json: { status: 'available' },
      headers: { authorization: `Bearer ${maya}` },
    });
    const leo = await suite.server.login('leo@test.local', 'seed-password-77');
    await suite.server.api('/api/presence/me', {
      method: 'PUT',
      json: { status: 'away' },
      headers: { authorization: `Bearer ${leo}` },
    });

    const wide = new TeamPage(await suite.signedIn(undefined, undefined, { width: 1440, height: 900 }));
    await wide.openFromNav();
    await waitUntil('Maya available', async () => (await wide.person('maya@test.local'))?.presence === 'available');
    for (const dir of shots()) await wide.page.screenshot({ path: `${dir}/team.png` });
    await wide.action('maya@test.local', 'edit').click();
    await wide.form.waitFor();
    await wide.page.screenshot({ path: `${ROOT}test-results/team-edit.png` });

    // Between the two (a small laptop): still a table, nothing cut off.
    await wide.page.keyboard.press('Escape');
    await wide.form.waitFor({ state: 'detached' });
    await wide.page.setViewportSize({ width: 1024, height: 768 });
    const clipped = await wide.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=team-view] td *')]
        .filter((e) => e.getBoundingClientRect().right > e.closest('td')!.getBoundingClientRect().right + 1)
        .map((e) => `${e.tagName}.${e.className}`)
        .slice(0, 5),
    );
    assert.deepEqual(clipped, [], 'nothing spills out of its cell at 1024 px');
    await wide.page.screenshot({ path: `${ROOT}test-results/team-1024.png` });

    const phone = new TeamPage(await suite.signedIn(undefined, undefined, { width: 390, height: 844 }));
    await phone.page.goto(`${suite.server.url}/team`);
    await phone.waitForList();
    await waitUntil('Maya available', async () => (await phone.person('maya@test.local'))?.presence === 'available');
    // The top bar scrolls its sections sideways (its own affair); nothing in Team is wider than the phone.
    const tooWide = await phone.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=team-view] *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => `${e.tagName}.${e.className}`)
        .slice(0, 5),
    );
    assert.deepEqual(tooWide, [], 'nothing in Team is wider than the phone');
    for (const dir of shots()) await phone.page.screenshot({ path: `${dir}/team-phone.png` });
    await phone.addButton.click();
    await phone.form.waitFor();
    await phone.fill({ name: 'Noor Aziz', email: 'noor@test.local', queues: 'billing' });
    await phone.page.screenshot({ path: `${ROOT}test-results/team-phone-add.png` });
  });
});
