/**
 * Session health on Live Calls in real Chromium against the real server (silences count after 2 s here): a caller
 * who says nothing turns the row to "Needs attention", then "Critical", with the reason on hover, focus and in the
 * drawer; it moves above the calls that are fine, the Needs attention filter keeps only it, and when the caller
 * speaks the mark goes away live, over the WebSocket.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('Session health on Live Calls in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_SILENCE_WARN_SECONDS: '2' } });
  const { calls, post } = suite;
  const agentIds: Record<string, string> = {};

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    for (const a of agents) agentIds[a.name] = a.id;
    assert.ok(
      agentIds['Sales outreach'] && agentIds['Clinic reception'] && agentIds['Collections — overdue balance'],
      `seed agents: ${Object.keys(agentIds)}`,
    );
  });

  /** A simulated inbound call; `manual` callers say nothing unless told to. */
  async function place(persona: string, agent: string, channel: 'voice' | 'sms' = 'voice'): Promise<string> {
    const r = await post('/api/simulator/calls', { persona, agentId: agentIds[agent], channel });
    const { sessionId } = (await r.json()) as { sessionId: string };
    calls.push(sessionId);
    return sessionId;
  }

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  it('marks a silent call, lists it first, filters to it, shows why, and clears the mark live when the caller speaks', async () => {
    const p = await suite.signedIn();
    await p.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // The talking call starts first, so by start time alone it would stay on top. (The Sales call lasts ~20 s.)
    const talking = await place('interested', 'Sales outreach');
    const silent = await place('manual', 'Clinic reception');
    await p.row(talking).waitFor();
    await p.row(silent).waitFor();
    assert.deepEqual(await p.rowIds(), [talking, silent], 'longest-running first while both are fine');
    assert.equal(await p.healthMark(silent).count(), 0, 'a fine call shows nothing extra');
    assert.equal(await p.attentionCount(), 0);

    // After the greeting nobody speaks: a warning after 2 s…
    await p.page
      .locator(`[data-testid=session-row][data-session-id="${silent}"] [data-testid=health-mark][data-level=warning]`)
      .waitFor({ timeout: 20_000 });
    assert.match(
      (await p.healthMark(silent).getAttribute('aria-label')) ?? '',
      /^Needs attention: Nobody has spoken for over 2 s$/,
    );
    assert.equal(await p.healthMark(silent).innerText(), 'Attention');

    // …critical after 4 s, and it moves above the call that is fine.
    await p.page
      .locator(`[data-testid=session-row][data-session-id="${silent}"] [data-testid=health-mark][data-level=critical]`)
      .waitFor({ timeout: 10_000 });
    assert.equal(await p.healthMark(silent).getAttribute('aria-label'), 'Critical: Nobody has spoken for over 4 s');
    assert.equal(await p.healthMark(silent).innerText(), 'Critical');
    assert.deepEqual(await p.rowIds(), [silent, talking], 'the call that needs attention is listed first');
    assert.equal(await p.healthOf(talking), 'ok');
    assert.equal(await p.healthMark(talking).count(), 0, 'the talking call stays unmarked');
    assert.equal(await p.attentionCount(), 1);

    // Its reasons on hover, and on keyboard focus.
    await p.healthMark(silent).hover();
    await p.healthPopover.waitFor();
    assert.match(await p.healthPopover.innerText(), /Critical[\s\S]*Nobody has spoken for over 4 s/i);
    await p.page.mouse.move(1, 1);
    await p.healthPopover.waitFor({ state: 'detached' });
    await p.healthMark(silent).focus();
    await p.healthPopover.waitFor();
    assert.match(await p.healthPopover.innerText(), /Nobody has spoken for over 4 s/);
    await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.healthPopover.waitFor({ state: 'detached' });

    // Needs attention: only the silent call; the URL keeps the filter; off again, both.
    await p.attentionToggle.click();
    await waitUntil('only the call that needs attention is listed', async () => (await p.rowIds()).join() === silent);
    assert.equal(await p.attentionToggle.getAttribute('aria-pressed'), 'true');
    assert.equal(new URL(p.page.url()).searchParams.get('attention'), '1');
    // The counts come with the server's answer to the new filter, a moment after the rows are filtered here.
    await waitUntil(
      'the summary counts the filtered view',
      async () => (await p.page.getByTestId('filter-summary').textContent()) === '1 of 2 shown',
    );
    assert.equal(await p.row(talking).count(), 0, 'the call that is fine is hidden');
    await p.attentionToggle.click();
    await waitUntil('both calls listed again', async () => (await p.rowIds()).join() === [silent, talking].join());
    assert.equal(await p.attentionToggle.getAttribute('aria-pressed'), 'false');

    // The drawer says why, near its top.
    await p.openByClick(silent);
    await p.page.getByTestId('detail-health').waitFor();
    assert.equal(await p.page.getByTestId('detail-health').getAttribute('data-level'), 'critical');
    assert.match(await p.page.getByTestId('detail-health').innerText(), /^Critical/i);
    assert.deepEqual(await p.detailHealthReasons(), ['Nobody has spoken for over 4 s']);
    await p.page.screenshot({ path: `${shots()[0]}/live-calls-health-detail.png` });

    // The caller speaks: the mark and the drawer's reasons go away without a reload.
    await post(`/api/simulator/calls/${silent}/say`, { text: 'hello' });
    await p.healthMark(silent).waitFor({ state: 'detached', timeout: 10_000 });
    await p.page.getByTestId('detail-health').waitFor({ state: 'detached' });
    assert.equal(
      await p.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
      true,
      'no reload',
    );
    await p.waitForLine('caller', 'hello');
    // "hello" is not something the clinic's greeting understands: a No match note, like the other system lines.
    const noMatch = p.page.locator('[data-testid=transcript-line][data-kind=no_match]').first();
    await noMatch.waitFor();
    assert.equal(await noMatch.locator('.tl-kind').textContent(), 'No match');
    assert.equal(await noMatch.locator('.tl-system-text').textContent(), 'The AI did not understand this line');
  });

  it('screenshots Live Calls with a critical call, one that needs attention and calls that are fine', async () => {
    const p = await suite.signedIn();
    await place('interested', 'Sales outreach');
    await place('interested', 'Clinic reception');
    // Silent on the clinic line: critical after ~8 s; silent on the collections line (a longer greeting): a warning
    // after ~11 s.
    const critical = await place('manual', 'Clinic reception');
    await place('interested', 'Sales outreach');
    const warning = await place('manual', 'Collections — overdue balance');
    await p.page
      .locator(`[data-testid=session-row][data-session-id="${critical}"][data-health=critical]`)
      .waitFor({ timeout: 20_000 });
    await p.page
      .locator(`[data-testid=session-row][data-session-id="${warning}"][data-health=warning]`)
      .waitFor({ timeout: 20_000 });
    await p.healthMark(warning).hover();
    await p.healthPopover.waitFor();
    await waitUntil('the popover has faded in', () =>
      p.healthPopover.evaluate((el) => el.getAnimations().every((a) => a.playState === 'finished')),
    );
    for (const dir of shots()) await p.page.screenshot({ path: `${dir}/live-calls-health.png` });
  });
});
