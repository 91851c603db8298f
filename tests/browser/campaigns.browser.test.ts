/**
 * Campaigns in real Chromium against the real server: a campaign created with the form, its contacts imported from a
 * CSV file with the report (invalid line named), started, its progress bar and counts moving live on the `campaigns`
 * topic to completion, a count opening exactly its calls; Pause, Resume and Stop (with its confirmation) in the right
 * states, a 409 and a field error shown, and a human agent who only watches.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { CampaignsPage } from './campaigns.page';
import { LiveCallsPage, waitUntil } from './live-calls.page';

type Campaign = { id: string; name: string; status: string };

/** Around the clock, typed in the form: an end of 00:00 is midnight at the end of the day, sent as `24:00`. */
const ALL_DAY = { start: '00:00', end: '00:00' };
/** The same window as the API takes it. */
const ALL_DAY_API = { start: '00:00', end: '24:00' };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `phone,name,persona` rows; the numbers are the simulator's virtual callees. */
function csvOf(personas: string[], extra: string[] = []): string {
  const rows = personas.map((p, i) => `+1415555${String(2000 + i).padStart(4, '0')},Contact ${i + 1},${p}`);
  return `phone,name,persona\n${[...rows, ...extra].join('\n')}\n`;
}

describe('Campaigns in Chromium', () => {
  const suite = browserSuite({
    env: {
      LIVESPACE_TTS: 'none',
      LIVESPACE_SIM_RING_MS: '300',
      LIVESPACE_SIM_NO_ANSWER_MS: '800',
      LIVESPACE_DIALER_TICK_MS: '50',
    },
  });
  const { pages } = suite;

  async function campaignNamed(name: string): Promise<Campaign> {
    return waitUntil(`campaign ${name}`, async () =>
      ((await (await suite.server.api('/api/campaigns')).json()) as { items: Campaign[] }).items.find(
        (c) => c.name === name,
      ),
    );
  }

  async function openCampaigns(): Promise<CampaignsPage> {
    const p = new CampaignsPage(await suite.signedIn());
    await p.goto();
    return p;
  }

  it('creates a campaign with a CSV, shows the import report, runs it live to completion, and a count opens exactly its calls', async () => {
    const p = await openCampaigns();
    // 7 good rows (busy ×3, voicemail ×2, not interested ×2) and one that is no phone number, on line 9 (line 1 is the
    // header).
    const csv = csvOf(
      ['busy', 'voicemail', 'not_interested', 'busy', 'voicemail', 'not_interested', 'busy'],
      ['nope,Bad row,busy'],
    );
    await p.create({
      name: 'Spring renewals',
      agent: 'Sales outreach',
      maxConcurrent: 2,
      callsPerMinute: 600,
      window: ALL_DAY,
      maxAttempts: 1,
      csv: { name: 'contacts.csv', text: csv },
    });

    const report = p.reports(p.form);
    await report.waitFor({ timeout: 15_000 });
    assert.equal((await report.getByTestId('import-imported').textContent())?.trim(), 'Imported 7');
    const invalid = report.getByTestId('import-invalid');
    assert.equal(await invalid.count(), 1);
    assert.equal(await invalid.getAttribute('data-line'), '9');
    assert.match((await invalid.textContent()) ?? '', /^Line 9\b/);
    assert.equal(await report.getByTestId('import-duplicate').count(), 0);

    const c = await campaignNamed('Spring renewals');
    const card = p.card(c.id);
    await card.waitFor();
    await p.waitForStatus(c.id, 'draft');
    await waitUntil('the card counts the contacts', async () => (await p.count(c.id, 'total')) === 7);
    assert.equal(await card.getByTestId('campaign-agent').textContent(), 'Sales outreach');
    const settings = (await card.getByTestId('campaign-settings').textContent()) ?? '';
    for (const s of ['2 at once', '600 calls/min', '00:00–24:00', '1 attempt'])
      assert.ok(settings.includes(s), `settings show "${s}": ${settings}`);
    assert.deepEqual(await p.commands(c.id), ['start']);

    // Start: everything that follows arrives on the live topic; the page is never reloaded.
    await p.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await p.command(c.id, 'start').click();
    const seen: Array<{ status: string | null; counts: Record<string, number> }> = [];
    const done = await waitUntil(
      'the campaign completes on the page',
      async () => {
        const s = await p.snapshot(c.id);
        if (s && JSON.stringify(s) !== JSON.stringify(seen.at(-1))) seen.push(s);
        return s?.status === 'completed' && s.counts.busy === 3 && s.counts.voicemail === 2 && s.counts.answered === 2
          ? s
          : null;
      },
      60_000,
      40,
    );
    assert.deepEqual(
      { ...done.counts },
      {
        total: 7,
        dialed: 7,
        answered: 2,
        interested: 0,
        not_interested: 2,
        no_answer: 0,
        busy: 3,
        voicemail: 2,
        failed: 0,
        remaining: 0,
        active: 0,
      },
    );
    assert.ok(
      seen.some((s) => s.status === 'running'),
      'the running state was shown',
    );
    const between = seen.filter((s) => s.counts.dialed! > 0 && s.counts.dialed! < 7);
    assert.ok(
      between.length >= 1,
      `the counts moved step by step (${seen.map((s) => `${s.status}:${s.counts.dialed}`).join(' ')})`,
    );
    assert.ok(
      seen.some((s) => s.counts.active! > 0),
      'calls in progress were counted',
    );
    assert.equal(
      await p.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
      true,
      'no reload',
    );
    // The bar: a segment per result, sized by its count.
    const bar = card.getByTestId('campaign-progress');
    assert.equal(await bar.getAttribute('data-done'), '100');
    for (const [key, n] of [
      ['busy', 3],
      ['voicemail', 2],
      ['answered', 2],
    ] as const) {
      assert.equal(await bar.getByTestId(`progress-seg-${key}`).getAttribute('data-count'), String(n));
    }
    assert.deepEqual(await p.commands(c.id), [], 'a completed campaign has no command');
    assert.equal(await card.getByTestId('campaign-add-contacts').count(), 0);

    // The busy count opens the campaign's busy calls: exactly three.
    await p.countLink(c.id, 'busy').click();
    await p.waitForCalls();
    assert.equal(p.url().pathname, `/campaigns/${c.id}/calls`);
    assert.equal(p.url().searchParams.get('outcome'), 'busy');
    assert.equal(await p.page.getByTestId('campaign-calls-title').textContent(), 'Spring renewals');
    assert.equal(await p.chip('busy').getAttribute('aria-pressed'), 'true');
    await waitUntil('three busy calls', async () => (await p.callRows().count()) === 3);
    assert.deepEqual(await p.callRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome'))), [
      'busy',
      'busy',
      'busy',
    ]);

    // A row opens its session beside the list, the filter kept; closing goes back to the list.
    const first = p.callRows().first();
    const sessionId = (await first.getAttribute('data-session-id'))!;
    await first.click();
    await p.page.locator(`[data-testid=session-detail][data-session-id="${sessionId}"]`).waitFor();
    assert.equal(p.url().pathname, `/campaigns/${c.id}/calls/sessions/${sessionId}`);
    assert.equal(p.url().searchParams.get('outcome'), 'busy');
    assert.match((await p.page.getByTestId('detail-outcome').textContent()) ?? '', /busy/i);
    await p.page.getByTestId('detail-close').click();
    await p.page.getByTestId('session-detail').waitFor({ state: 'detached' });
    assert.equal(p.url().pathname, `/campaigns/${c.id}/calls`);

    // The chips filter in the URL: every call (one attempt per contact), then the answered ones.
    await p.chip('all').click();
    await waitUntil('every call', async () => (await p.callRows().count()) === 7);
    assert.equal(p.url().searchParams.get('outcome'), null);
    await p.chip('answered').click();
    await waitUntil('the answered calls', async () => (await p.callRows().count()) === 2);
    assert.equal(p.url().searchParams.get('outcome'), 'answered');
    assert.deepEqual(await p.callRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome'))), [
      'not_interested',
      'not_interested',
    ]);

    // Back to the list: the card is still there, completed.
    await p.page.getByTestId('campaign-calls-back').click();
    await p.waitForList();
    await p.waitForStatus(c.id, 'completed');
  });

  it('adds contacts from the card; Pause, Resume and Stop (confirmed) in the right states; a 409 and a field error are shown', async () => {
    const p = await openCampaigns();

    // A field the server refuses is named next to its input.
    await p.create({
      name: 'Too few lines',
      agent: 'Sales outreach',
      maxConcurrent: 0,
      callsPerMinute: 60,
      window: ALL_DAY,
      maxAttempts: 1,
    });
    const fieldError = p.form.getByTestId('field-error-maxConcurrentCalls');
    await fieldError.waitFor();
    assert.ok(((await fieldError.textContent()) ?? '').length > 0);

    // A draft without contacts: Start answers 409, shown on the card.
    await p.create({
      name: 'Empty one',
      agent: 'Sales outreach',
      maxConcurrent: 1,
      callsPerMinute: 60,
      window: ALL_DAY,
      maxAttempts: 1,
    });
    await p.form.getByTestId('campaign-created').waitFor();
    const empty = await campaignNamed('Empty one');
    await p.card(empty.id).waitFor();
    await p.command(empty.id, 'start').click();
    const refused = p.card(empty.id).getByTestId('campaign-error');
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /^Can't start: .*contacts/i);
    assert.equal(await p.status(empty.id), 'draft');

    // One call at a time, one a second: slow enough to pause, resume and stop it.
    await p.create({
      name: 'Slow lane',
      agent: 'Sales outreach',
      maxConcurrent: 1,
      callsPerMinute: 60,
      window: ALL_DAY,
      maxAttempts: 1,
    });
    const slow = await campaignNamed('Slow lane');
    await p.card(slow.id).waitFor();
    const upload = await p.addContacts(slow.id, {
      name: 'more.csv',
      text: csvOf(
        Array.from({ length: 12 }, () => 'busy'),
        ['+14155552000,Duplicate,busy'],
      ),
    });
    const report = p.reports(upload);
    await report.waitFor();
    assert.equal((await report.getByTestId('import-imported').textContent())?.trim(), 'Imported 12');
    assert.equal(await report.getByTestId('import-duplicate').getAttribute('data-line'), '14');
    await waitUntil('12 contacts on the card', async () => (await p.count(slow.id, 'total')) === 12);

    await p.command(slow.id, 'start').click();
    await p.waitForStatus(slow.id, 'running');
    await waitUntil(
      'Pause and Stop while running',
      async () => JSON.stringify(await p.commands(slow.id)) === '["pause","stop"]',
    );
    await waitUntil('a call placed', async () => (await p.count(slow.id, 'dialed')) >= 1);

    await p.command(slow.id, 'pause').click();
    await p.waitForStatus(slow.id, 'paused');
    await waitUntil(
      'Resume and Stop while paused',
      async () => JSON.stringify(await p.commands(slow.id)) === '["resume","stop"]',
    );
    assert.equal(
      await p.card(slow.id).getByTestId('campaign-add-contacts').count(),
      1,
      'contacts can still be added while paused',
    );

    await p.command(slow.id, 'resume').click();
    await p.waitForStatus(slow.id, 'running');
    await waitUntil('Pause again', async () => JSON.stringify(await p.commands(slow.id)) === '["pause","stop"]');

    // Stop asks first: Cancel keeps it running, confirming stops it.
    await p.command(slow.id, 'stop').click();
    const dialog = p.page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /Slow lane/);
    await dialog.getByTestId('confirm-no').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await p.status(slow.id), 'running');
    await p.command(slow.id, 'stop').click();
    await dialog.getByTestId('confirm-yes').click();
    await p.waitForStatus(slow.id, 'stopped');
    assert.deepEqual(await p.commands(slow.id), []);
    assert.equal(await p.card(slow.id).getByTestId('campaign-add-contacts').count(), 0);
    const stopped = await p.snapshot(slow.id);
    assert.ok(stopped!.counts.remaining! > 0, 'contacts were left uncalled');

    // Running campaigns come first: none is running now, and the stopped one is last.
    const order = await p.page
      .getByTestId('campaign-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-status')));
    assert.equal(order.at(-1), 'stopped');
  });

  it('a human agent sees the campaigns and their counts, without the controls', async () => {
    await suite.post('/api/users', {
      email: 'cora@test.local',
      name: 'Cora',
      password: 'sunny-meadow-5',
      role: 'agent',
      queues: ['sales'],
    });
    const live = await LiveCallsPage.open(suite.chromium.browser, suite.server.url);
    pages.push(live);
    await live.page.goto(`${suite.server.url}/campaigns`);
    await live.submitLogin('cora@test.local', 'sunny-meadow-5');
    const p = new CampaignsPage(live);
    await p.waitForList();
    assert.equal(p.url().pathname, '/campaigns', 'signing in keeps the address');
    await p.page.getByTestId('campaign-card').first().waitFor();
    assert.equal(await p.page.getByTestId('campaign-new').count(), 0);
    assert.equal(await p.page.locator('.cc-commands').count(), 0);
    assert.equal(await p.page.getByTestId('campaign-add-contacts').count(), 0);
    assert.ok((await p.page.locator('[data-testid=campaign-count-total]').count()) >= 1, 'the counts are shown');
  });

  it('screenshots a running campaign beside finished ones', async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    const sales = agents.find((a) => a.name === 'Sales outreach')!.id;
    const personas = ['busy', 'voicemail', 'no_answer', 'not_interested', 'interested', 'failed', 'busy', 'voicemail'];
    const rows = Array.from(
      { length: 400 },
      (_, i) => `+1415556${String(1000 + i).padStart(4, '0')},Contact ${i + 1},${personas[i % personas.length]}`,
    );
    const c = (await (
      await suite.post('/api/campaigns', {
        name: 'Q4 solar outreach — West',
        agentId: sales,
        maxConcurrentCalls: 6,
        callsPerMinute: 120,
        callingWindow: ALL_DAY_API,
        maxAttempts: 2,
        retryDelayMinutes: { noAnswer: 30, busy: 10 },
        onVoicemail: 'leave_message',
        voicemailMessage: 'Hi, this is Sam from Brightline Energy.',
      })
    ).json()) as Campaign;
    const up = await suite.server.api(`/api/campaigns/${c.id}/contacts`, {
      method: 'POST',
      body: `phone,name,persona\n${rows.join('\n')}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(up.status, 200);
    await suite.post(`/api/campaigns/${c.id}/start`);
    const p = new CampaignsPage(await suite.signedIn(undefined, undefined, { width: 1440, height: 900 }));
    await p.goto();
    await p.card(c.id).waitFor();
    await waitUntil('the campaign under way', async () => ((await p.count(c.id, 'dialed')) ?? 0) >= 20, 30_000);
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    for (const d of dirs) await p.page.screenshot({ path: `${d}/campaigns.png` });
    await suite.post(`/api/campaigns/${c.id}/stop`);
    // Calls in progress go on after a stop: end them, so the next test starts with no live call.
    const live = (
      (await (await suite.server.api(`/api/sessions?campaignId=${c.id}`)).json()) as { items: Array<{ id: string }> }
    ).items;
    for (const x of live) await suite.server.api(`/api/sessions/${x.id}/end`, { method: 'POST' });
  });
});
