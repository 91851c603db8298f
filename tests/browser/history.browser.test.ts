/**
 * History in real Chromium against the real server: simulated calls and a text conversation end, History lists them
 * with the count; words searched show where they were said, marked; a shared link with filters shows the same
 * results; a bad filter in a link is refused beside its field; the cursor pages ("Show more", pages of 2 here by
 * rewriting the page size the page asks for); a row opens the session drawer read-only (no action). Screenshots for
 * the docs (desktop and phone).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { HistoryPage } from './history.page';
import { waitUntil } from './live-calls.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Line = { speaker: string; text: string; partial?: boolean };

describe('History in Chromium', () => {
  const suite = browserSuite({
    env: { LIVESPACE_TTS: 'none', LIVESPACE_SIM_RING_MS: '200', LIVESPACE_SIM_NO_ANSWER_MS: '400' },
  });
  const { post } = suite;
  const agentIds: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const detail = async (id: string) =>
    (await (await suite.server.api(`/api/sessions/${id}`)).json()) as { state: string; transcript: Line[] };
  const said = (id: string, speaker: string, re: RegExp) =>
    waitUntil(
      `${speaker} to say ${re}`,
      async () => (await detail(id)).transcript.some((l) => l.speaker === speaker && !l.partial && re.test(l.text)),
      20_000,
    );
  const ended = (id: string) =>
    waitUntil(`session ${id} to end`, async () => (await detail(id)).state === 'ended', 30_000);

  /** A simulated customer who says `lines` (after the AI's greeting on a call) and hangs up; once it has ended. */
  async function endedSession(
    agent: string,
    from: string,
    lines: string[],
    channel: 'voice' | 'sms' = 'voice',
  ): Promise<string> {
    const r = await post('/api/simulator/calls', { persona: 'manual', agentId: agentIds[agent], from, channel });
    const { sessionId } = (await r.json()) as { sessionId: string };
    if (channel === 'voice') await said(sessionId, 'ai', /./);
    for (const text of lines) {
      await post(`/api/simulator/calls/${sessionId}/say`, { text });
      await said(sessionId, 'caller', new RegExp(text.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    if (channel === 'voice') await post(`/api/simulator/calls/${sessionId}/hangup`);
    else await post(`/api/sessions/${sessionId}/end`);
    await ended(sessionId);
    return sessionId;
  }

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    for (const a of agents) agentIds[a.name] = a.id;
    const collections = 'Collections — overdue balance';
    ids.zebra = await endedSession(collections, '+14155550123', ['My zebra invoice is wrong, it says I owe twice.']);
    ids.plan = await endedSession(collections, '+14155550124', ['Can I set up a payment plan for the invoice?']);
    ids.sms = await endedSession(
      'Clinic reception',
      '+442079460000',
      ['Hello, can I move my appointment to Friday?'],
      'sms',
    );
    ids.card = await endedSession(collections, '+14155550126', ['I already paid by card last week.']);
    // Escalated to a person, who claims it, answers and completes it.
    const r = await post('/api/simulator/calls', {
      persona: 'manual',
      agentId: agentIds[collections],
      from: '+14155550127',
    });
    ids.claimed = ((await r.json()) as { sessionId: string }).sessionId;
    await said(ids.claimed, 'ai', /./);
    await post(`/api/simulator/calls/${ids.claimed}/say`, {
      text: 'I want to speak to a real person about my invoice please',
    });
    const escalation = await waitUntil(
      'the escalation',
      async () =>
        (
          (await (await suite.server.api('/api/escalations?status=waiting')).json()) as {
            items: Array<{ id: string; sessionId: string }>;
          }
        ).items.find((e) => e.sessionId === ids.claimed),
      20_000,
    );
    await post(`/api/escalations/${escalation.id}/claim`);
    await post(`/api/sessions/${ids.claimed}/say`, { text: 'Hello, Admin here: I have fixed the invoice for you.' });
    await said(ids.claimed, 'human', /fixed the invoice/);
    await post(`/api/escalations/${escalation.id}/complete`, { resolution: 'resolved' });
    await ended(ids.claimed);
    ids.late = await endedSession(collections, '+14155550128', [
      'Sorry I am late with the payment, my invoice got lost.',
    ]);
  });

  it('lists ended sessions with the count, finds words said and marks them, and keeps the filters in a shareable URL', async () => {
    const p = await suite.signedIn();
    const h = new HistoryPage(p);
    await h.openFromNav();
    assert.equal(new URL(p.page.url()).pathname, '/history');
    const all = Object.values(ids);
    assert.equal(await h.countText(), `${all.length} conversations`);
    assert.deepEqual((await h.rowIds()).sort(), [...all].sort());
    assert.equal((await h.rowIds())[0], ids.late, 'newest first');
    const claimed = (await h.items()).find((r) => r.id === ids.claimed)!;
    assert.match(claimed.escalation, /collections/i, 'the queue it was escalated to');
    assert.match(claimed.escalation, /Admin/, 'who handled it');
    assert.match(claimed.end, /completed/);
    const zebraRow = (await h.items()).find((r) => r.id === ids.zebra)!;
    assert.equal(zebraRow.caller, '+1 415 555 0123');
    assert.equal(zebraRow.agent, 'Collections — overdue balance');
    assert.match(zebraRow.duration, /^\d\d:\d\d$/);
    assert.equal(zebraRow.match, null, 'no snippet without words to search');

    // Words in the transcript: the one session, the word marked in what was said.
    await h.search('q', 'zebra');
    assert.deepEqual(await h.rowIds(), [ids.zebra]);
    assert.equal(await h.countText(), '1 conversation');
    const [hit] = await h.items();
    assert.deepEqual(hit!.marked, ['zebra']);
    assert.match(hit!.match ?? '', /My zebra invoice is wrong, it says I owe twice/);
    assert.equal(new URL(p.page.url()).search, '?q=zebra', 'the URL keeps the filter');

    // More filters: a word said in several, narrowed to voice and one number.
    await h.search('q', 'invoice');
    assert.deepEqual((await h.rowIds()).sort(), [ids.zebra, ids.plan, ids.claimed, ids.late].sort());
    assert.ok(
      (await h.items()).every((r) => r.marked.map((m) => m.toLowerCase()).includes('invoice')),
      'each row marks the word',
    );
    await h.unfold();
    await h.choose('channel', 'voice');
    await h.search('number', '555-0124');
    assert.deepEqual(await h.rowIds(), [ids.plan]);
    const shared = new URL(p.page.url());
    assert.equal(shared.search, '?channel=voice&number=555-0124&q=invoice');

    // The link, opened anew: the same results, the fields filled in.
    const other = await suite.signedIn();
    const h2 = new HistoryPage(other);
    await h2.goto(`${shared.pathname}${shared.search}`);
    assert.deepEqual(await h2.rowIds(), [ids.plan]);
    assert.equal(await h2.countText(), '1 conversation');
    assert.equal(await h2.filter('q').inputValue(), 'invoice');
    assert.equal(await h2.filter('number').inputValue(), '555-0124');
    assert.equal(await h2.filter('channel').inputValue(), 'voice');

    // A filter the server refuses: its message beside the field; fixing it brings the results back.
    await h2.goto('/history?number=12&q=invoice');
    await h2.fieldError('number').waitFor();
    assert.match((await h2.fieldError('number').textContent()) ?? '', /at least 4 digits/);
    assert.equal(await h2.filter('number').getAttribute('aria-invalid'), 'true');
    assert.equal(await h2.rows.count(), 0);
    await h2.search('number', '');
    assert.equal(await h2.fieldError('number').count(), 0);
    assert.equal(await h2.rows.count(), 4);

    // Clearing the filters: everything again.
    await p.page.getByTestId('history-clear').click();
    await waitUntil('every session again', async () => (await h.rowIds()).length === all.length);
    assert.equal(new URL(p.page.url()).search, '');
    assert.equal(await h.filter('q').inputValue(), '', 'the field follows the URL');
  });

  it('pages with the cursor: Show more appends the next page until the last', async () => {
    const p = await suite.signedIn();
    // Pages of 2 instead of 50, so a few sessions make several pages.
    const asked: string[] = [];
    await p.page.route('**/api/sessions?*', (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      asked.push(url.search);
      return route.continue({ url: url.toString() });
    });
    const h = new HistoryPage(p);
    await h.goto('/history?sort=started');
    const all = Object.values(ids);
    assert.equal(await h.countText(), `${all.length} conversations`, 'the count of every match, not of the page');
    assert.equal(await h.rows.count(), 2);
    assert.match(
      (await p.page.getByTestId('history-shown').textContent()) ?? '',
      new RegExp(`Showing 2 of ${all.length}`),
    );
    while (await h.showMore.count()) {
      const before = await h.rows.count();
      await h.showMore.click();
      await waitUntil('the next page', async () => (await h.rows.count()) > before);
    }
    const shown = await h.rowIds();
    assert.equal(shown.length, all.length);
    assert.equal(new Set(shown).size, shown.length, 'no row twice');
    assert.equal(shown[0], ids.zebra, 'oldest first');
    assert.ok(asked.filter((q) => q.includes('cursor=')).length >= 2, `asked with the cursor: ${asked.join(' ')}`);
  });

  it('opens an ended session in the drawer beside the results, read-only, and back with the filters', async () => {
    const p = await suite.signedIn();
    const h = new HistoryPage(p);
    await h.goto('/history?q=invoice');
    // Keyboard: the rows are links (Tab reaches them, Enter opens).
    await h.row(ids.claimed!).focus();
    await p.page.keyboard.press('Enter');
    await p.page.locator(`[data-testid=session-detail][data-session-id="${ids.claimed}"]`).waitFor();
    assert.equal(new URL(p.page.url()).pathname, `/history/sessions/${ids.claimed}`);
    assert.equal(new URL(p.page.url()).search, '?q=invoice', 'the filters stay in the URL');
    await p.page.getByTestId('detail-ended').waitFor();
    await p.waitForLine('human', 'fixed the invoice');
    await p.waitForLine('caller', 'real person');
    assert.match(
      (await p.page.getByTestId('detail-escalation').textContent()) ?? '',
      /collections · claimed by Admin · resolved/,
    );
    // Its post-call summary, at the top of the drawer and in its row: made from what the flow recorded (no chat model
    // here).
    const summary = p.page.getByTestId('session-detail').getByTestId('post-call-summary');
    assert.match(
      (await summary.getByTestId('summary-text').textContent()) ?? '',
      /Escalated to collections \(.*\); Admin answered: resolved\./,
    );
    assert.match((await summary.textContent()) ?? '', /From the flow/);
    assert.match(
      (await h.row(ids.claimed!).getByTestId('history-summary').textContent()) ?? '',
      /Admin answered: resolved/,
    );
    await p.actionsList.waitFor();
    assert.equal(await p.actionBar.count(), 0, 'no action bar on an ended session');
    // Nothing that acts on the session: no composer, take-over, claim, resume, transfer, end, complete or listen.
    const acting = [
      'action-bar',
      'action-input',
      'takeover-button',
      'claim-button',
      'resume-button',
      'transfer-button',
      'end-button',
      'complete-button',
      'complete-form',
      'listen-button',
      'listen-controls',
    ]
      .map((t) => `[data-testid=${t}]`)
      .join(', ');
    assert.equal(
      await p.page.getByTestId('session-detail').locator(acting).count(),
      0,
      'no action on an ended session',
    );
    assert.equal(
      await p.page.getByTestId('session-detail').locator('textarea, input[type=text], input:not([type])').count(),
      0,
      'nothing to type in',
    );
    assert.equal(await h.rows.count(), 4, 'the results stay beside it');
    assert.equal(await h.row(ids.claimed!).getAttribute('aria-current'), 'true');

    // Another row; then Escape closes the drawer and keeps the filters.
    await h.open(ids.zebra!);
    await p.waitForLine('caller', 'zebra invoice');
    await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.page.keyboard.press('Escape');
    await p.detail.waitFor({ state: 'detached' });
    assert.equal(new URL(p.page.url()).pathname, '/history');
    assert.equal(new URL(p.page.url()).search, '?q=invoice');

    // A shared link to the drawer itself.
    await h.goto(`/history/sessions/${ids.sms}?channel=sms`);
    await p.page.locator(`[data-testid=session-detail][data-session-id="${ids.sms}"]`).waitFor();
    await p.waitForLine('caller', 'move my appointment');
    assert.deepEqual(await h.rowIds(), [ids.sms]);
  });

  it('screenshots History: words found, on a desktop with the drawer, and on a phone', async () => {
    const p = await suite.signedIn();
    const h = new HistoryPage(p);
    await h.goto('/history');
    await p.page.mouse.move(1, 1);
    await p.page.screenshot({ path: `${shots()[0]}/history-list.png` });
    await h.goto(`/history/sessions/${ids.claimed}?q=invoice`);
    await p.waitForLine('human', 'fixed the invoice');
    await p.page.mouse.move(1, 1);
    for (const dir of shots()) await p.page.screenshot({ path: `${dir}/history.png` });

    const phone = await suite.signedIn(undefined, undefined, { width: 390, height: 844 });
    const hp = new HistoryPage(phone);
    await hp.goto('/history?q=invoice');
    assert.equal(await hp.rows.count(), 4);
    for (const dir of shots()) await phone.page.screenshot({ path: `${dir}/history-phone.png` });
    const wide = await phone.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=history-view] *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => `${e.tagName}.${e.className}`)
        .slice(0, 5),
    );
    assert.deepEqual(wide, [], 'nothing in History is wider than the phone');
  });
});
