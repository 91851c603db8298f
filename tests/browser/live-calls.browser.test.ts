/**
 * Live Calls in real Chromium against the real server: calls are placed and driven through the
 * simulator's HTTP API, and the page must follow them live, without reloads.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startServer } from '../support/start-server';
import { browserSuite } from './browser-suite';
import { LiveCallsPage, waitUntil, type UiLine } from './live-calls.page';

type Channel = 'voice' | 'sms' | 'whatsapp';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('Live Calls in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { pages, calls, post } = suite;

  /** An inbound simulated call whose caller says only what the test makes it say. */
  async function placeCall(opts: { channel?: Channel; agentId?: string; from?: string } = {}): Promise<string> {
    const r = await post('/api/simulator/calls', { persona: 'manual', ...opts });
    const { sessionId } = (await r.json()) as { sessionId: string };
    calls.push(sessionId);
    return sessionId;
  }

  const say = (id: string, text: string) => post(`/api/simulator/calls/${id}/say`, { text });
  const hangup = (id: string) => post(`/api/simulator/calls/${id}/hangup`);

  async function serverTranscript(id: string): Promise<UiLine[]> {
    const d = (await (await suite.server.api(`/api/sessions/${id}`)).json()) as {
      transcript: Array<{ lineId: string; speaker: string; text: string; partial?: boolean; kind?: string }>;
    };
    return d.transcript.map((l) => ({
      lineId: l.lineId,
      speaker: l.speaker,
      text: l.text,
      partial: !!l.partial,
      kind: l.kind ?? null,
    }));
  }

  const signedIn = (viewport?: { width: number; height: number }) => suite.signedIn(undefined, undefined, viewport);

  it('shows an error for a wrong password and lands on Live Calls with the right one', async () => {
    const p = await LiveCallsPage.open(suite.chromium.browser, suite.server.url);
    pages.push(p);
    await p.loginPage.waitFor();
    await p.submitLogin(suite.server.adminEmail, 'not-the-password');
    await p.loginError.waitFor();
    assert.match((await p.loginError.textContent()) ?? '', /wrong email or password/i);
    assert.equal(await p.liveCalls.count(), 0, 'still on the login page');

    await p.login(suite.server.adminEmail, suite.server.adminPassword);
    assert.equal(await p.loginPage.count(), 0);
    assert.equal(await p.connectionStatus.getAttribute('data-status'), 'live');
    const token = await p.page.evaluate(() => localStorage.getItem('livespace.token'));
    assert.ok(token, 'the token is kept in localStorage');

    // A reload keeps the supervisor signed in.
    await p.page.reload();
    await p.waitForLive();
    assert.equal(await p.loginPage.count(), 0);

    // A token the server no longer accepts (401) leads back to the login page.
    await p.page.evaluate(() => localStorage.setItem('livespace.token', 'forged-token'));
    await p.page.reload();
    await p.loginPage.waitFor();
    assert.equal(await p.page.evaluate(() => localStorage.getItem('livespace.token')), null);
  });

  it('at more live sessions than a page, asks the server for the first 100 and the counts; Show more asks for more; a filter goes to the server', async () => {
    const p = await signedIn();
    await p.emptyState.waitFor();
    const ids: string[] = [await placeCall()];
    await new Promise((r) => setTimeout(r, 20)); // the first one is the longest-running
    while (ids.length < 105)
      ids.push(...(await Promise.all(Array.from({ length: Math.min(15, 105 - ids.length) }, () => placeCall()))));
    await waitUntil('105 live', async () => (await p.liveCount()) === 105, 30_000);
    await waitUntil('a page of rows', async () => (await p.listedCount()) === 100, 10_000);
    // Only the rows on screen (and a margin) are drawn; the rest stand in as spacers of their height.
    const drawnAtTop = await p.rows.count();
    assert.ok(drawnAtTop >= 20 && drawnAtTop < 100, `${drawnAtTop} rows drawn at the top`);
    assert.equal(
      (await p.stateCount('ai_active')) + (await p.stateCount('ringing')),
      105,
      'the tiles count every live session, not only the rows',
    );
    const more = p.page.getByTestId('show-more');
    assert.match((await more.textContent()) ?? '', /Showing the first 100 of 105.*Show 5 more/);
    const sent = (await p.page.evaluate(() => window.__livespace!.stats().sent)).map((t) => JSON.parse(t));
    assert.deepEqual(sent.find((m) => m.topic === 'sessions')?.view, { limit: 100, intervalMs: 250 });

    await more.getByRole('button').click();
    await waitUntil('every row', async () => (await p.listedCount()) === 105, 10_000);
    assert.equal(await more.count(), 0);
    // The longest-running at the top; all of them listed now, the ones below drawn as the list scrolls to them.
    await p.scrollList(0);
    assert.equal((await p.rowIds())[0], ids[0]);
    const seen = new Set<string>();
    for (const at of [0, 0.25, 0.5, 0.75, 1]) {
      await p.scrollList(at);
      for (const id of await p.rowIds()) seen.add(id);
    }
    assert.deepEqual([...seen].sort(), [...ids].sort(), 'the list, scrolled through, holds every session');
    const indexes = await p.rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-rowindex'))));
    assert.equal(indexes.at(-1), 106, 'the last row is the 105th after the header, for screen readers');
    // The keyboard's selection is scrolled into view and drawn, even from the other end of the list.
    await p.scrollList(0);
    await p.page.keyboard.press('ArrowUp');
    const lastId = await waitUntil('the last row selected and drawn', async () => {
      const id = await p.selectedRowId();
      return id && (await p.row(id).isVisible()) && (await p.row(id).getAttribute('aria-rowindex')) === '106'
        ? id
        : null;
    });
    assert.ok(ids.includes(lastId));
    // On a phone the page scrolls, not the list's box: the rows drawn follow it too.
    await p.page.setViewportSize({ width: 390, height: 844 });
    const onPhone = new Set<string>();
    for (const at of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
      await p.scrollList(at);
      const drawn = await p.rowIds();
      assert.ok(drawn.length < 105, `${drawn.length} rows drawn on a phone`);
      for (const id of drawn) onPhone.add(id);
      if (at === 0.6) await p.page.screenshot({ path: `${ROOT}test-results/live-calls-long-list-phone.png` });
      const width = await p.page.getByTestId('session-table').evaluate((t) => t.getBoundingClientRect().width);
      assert.ok(width >= 380, `the table keeps the phone's width with spacers in it (${width} px)`);
    }
    assert.equal(onPhone.size, 105, 'the list, scrolled through on a phone, holds every session');
    await p.page.setViewportSize({ width: 1440, height: 900 });
    await p.scrollList(0);

    await p.setFilter('channel', 'sms');
    await p.page.getByTestId('no-match').waitFor();
    const last = (await p.page.evaluate(() => window.__livespace!.stats().sent))
      .map((t) => JSON.parse(t))
      .filter((m) => m.topic === 'sessions')
      .at(-1);
    assert.deepEqual(last.view, { limit: 200, channel: 'sms', intervalMs: 250 });
    assert.equal(await p.liveCount(), 105, 'the tiles still count every live session');
  });

  it('shows "all quiet", then a new call without reload, with a ticking duration and counts', async () => {
    const p = await signedIn();
    await p.emptyState.waitFor();
    assert.equal(await p.liveCount(), 0);

    const id = await placeCall();
    await p.row(id).waitFor();
    assert.equal(await p.emptyState.count(), 0);
    await waitUntil('the AI took the call', async () => (await p.row(id).getAttribute('data-state')) === 'ai_active');
    assert.equal(await p.liveCount(), 1);
    assert.equal(await p.stateCount('ai_active'), 1);
    assert.equal(Number(await p.page.getByTestId('channel-count-voice').textContent()), 1);
    assert.equal(await p.row(id).getByTestId('state-badge').textContent(), 'AI');

    const first = await p.durationOf(id);
    assert.match(first, /^\d\d:\d\d$/);
    await waitUntil('the duration ticks', async () => (await p.durationOf(id)) !== first, 4000);
    const toSeconds = (t: string) => t.split(':').reduce((s, n) => s * 60 + Number(n), 0);
    assert.ok(toSeconds(await p.durationOf(id)) > toSeconds(first));
  });

  it('opens a session by click and follows its transcript: caller, AI and system lines', async () => {
    const p = await signedIn();
    const id = await placeCall();
    await p.row(id).waitFor();
    await p.openByClick(id);
    assert.equal(new URL(p.page.url()).pathname, `/sessions/${id}`);
    // The drawer opens at once; its header follows the session's snapshot.
    await p.page.getByTestId('detail-caller').waitFor();
    assert.equal(await p.page.getByTestId('detail-caller').count(), 1);

    const before = (await p.lines()).length;
    await say(id, 'Hello, I would like to check my balance please');
    const caller = await p.waitForLine('caller', 'check my balance');
    assert.equal(caller.partial, false);
    // The AI answers per its flow, after the caller's line.
    await waitUntil('an AI reply after the caller line', async () => {
      const lines = await p.lines();
      const i = lines.findIndex((l) => l.lineId === caller.lineId);
      return lines.slice(i + 1).some((l) => l.speaker === 'ai' && !l.partial && l.text.length > 0);
    });
    const lines = await p.lines();
    assert.ok(lines.length > before + 1, 'the transcript grew');
    assert.ok(
      lines.some((l) => l.speaker === 'system'),
      'system events are shown as notes',
    );

    // Caller bubbles sit on the left, AI bubbles on the right.
    const callerBox = await p.page.locator(`[data-line-id="${caller.lineId}"] [data-testid=bubble-text]`).boundingBox();
    const aiBox = await p.page
      .locator('[data-testid=transcript-line][data-speaker=ai] [data-testid=bubble-text]')
      .last()
      .boundingBox();
    assert.ok(callerBox && aiBox && callerBox.x < aiBox.x, 'caller left, AI right');

    // The list row shows the same last line.
    await waitUntil(
      'the row shows the last line',
      async () => ((await p.row(id).getByTestId('last-line').textContent()) ?? '').length > 0,
    );
  });

  it('moves the selection with the arrow keys, opens with Enter, closes with Escape; a reload restores the detail', async () => {
    const p = await signedIn();
    const a = await placeCall();
    const b = await placeCall();
    await p.row(a).waitFor();
    await p.row(b).waitFor();
    const order = await p.rowIds();

    await p.press('ArrowDown');
    assert.equal(await p.selectedRowId(), order[0]);
    await p.press('ArrowDown');
    assert.equal(await p.selectedRowId(), order[1]);
    await p.press('ArrowUp');
    assert.equal(await p.selectedRowId(), order[0]);

    await p.press('Enter');
    await p.page.locator(`[data-testid=session-detail][data-session-id="${order[0]}"]`).waitFor();
    assert.equal(new URL(p.page.url()).pathname, `/sessions/${order[0]}`);

    await p.page.reload();
    await p.page.locator(`[data-testid=session-detail][data-session-id="${order[0]}"]`).waitFor();
    await p.waitForLive();
    assert.equal(await p.selectedRowId(), order[0], 'the open session is selected after a reload');

    await p.press('Escape');
    await p.detail.waitFor({ state: 'detached' });
    assert.equal(new URL(p.page.url()).pathname, '/');

    // A link to a session that does not exist says so instead of spinning.
    await p.page.goto(`${suite.server.url}/sessions/ses_does_not_exist`);
    await p.page.getByTestId('detail-not_found').waitFor();
  });

  it('removes a hung-up call from the list and keeps its transcript readable as ended', async () => {
    const p = await signedIn();
    const stays = await placeCall();
    const id = await placeCall();
    await p.row(id).waitFor();
    await p.openByClick(id);
    await say(id, 'Thanks, that is all');
    await p.waitForLine('caller', 'that is all');

    await hangup(id);
    await p.row(id).waitFor({ state: 'detached' });
    assert.equal(await p.row(stays).count(), 1, 'the other call stays');
    await waitUntil('the counts drop', async () => (await p.liveCount()) === 1);
    const ended = p.page.getByTestId('detail-ended');
    await ended.waitFor();
    assert.match((await ended.textContent()) ?? '', /^ended/);
    assert.ok(
      (await p.lines()).some((l) => l.text.includes('that is all')),
      'the transcript stays readable',
    );
  });

  it('reconnects without losing or repeating a transcript line', async () => {
    const p = await signedIn();
    const id = await placeCall();
    await p.row(id).waitFor();
    await p.openByClick(id);
    await say(id, 'Line before the drop');
    await p.waitForLine('caller', 'Line before the drop');

    await p.dropConnection({ hold: true });
    await p.page.locator('[data-testid=connection-status][data-status=reconnecting]').waitFor();

    const missed = ['Missed line alpha', 'Missed line bravo', 'Missed line charlie'];
    for (const text of missed) {
      await say(id, text);
      await waitUntil(`the server heard "${text}"`, async () =>
        (await serverTranscript(id)).some((l) => l.speaker === 'caller' && !l.partial && l.text === text),
      );
    }
    // Nothing reaches the page while it is disconnected.
    assert.ok(!(await p.lines()).some((l) => l.text.includes('Missed line')));

    const statsBefore = await p.socketStats();
    await p.resumeConnection();
    await p.waitForLive();
    for (const text of missed) await p.waitForLine('caller', text);
    const statsAfter = await p.socketStats();
    assert.ok(
      statsAfter.resumed > statsBefore.resumed,
      'the server resumed the session topic (subscribed, no snapshot)',
    );

    // Once the AI has finished answering, the page shows exactly what the server has, in order.
    await waitUntil('the page transcript equals the server transcript', async () => {
      const [ui, srv] = [await p.lines(), await serverTranscript(id)];
      return JSON.stringify(ui.map(key)) === JSON.stringify(srv.map(key));
    });
    const ui = await p.lines();
    assert.equal(new Set(ui.map((l) => l.lineId)).size, ui.length, 'no line twice');
    for (const text of missed) assert.equal(ui.filter((l) => l.text === text).length, 1, `"${text}" exactly once`);

    // The session topic resumed with `since` (no fresh snapshot); the list took a fresh snapshot.
    const sent = (await p.socketStats()).sent.map(
      (s) => JSON.parse(s) as { type: string; topic: string; since?: number },
    );
    assert.ok(
      sent.some((m) => m.type === 'subscribe' && m.topic === `session:${id}` && typeof m.since === 'number'),
      'resumed with since',
    );
    assert.ok(
      sent.filter((m) => m.type === 'subscribe' && m.topic === 'sessions' && m.since === undefined).length >= 2,
      'list resubscribed without since',
    );

    // And the ordinary path: a dropped connection comes back by itself (backoff), still without gaps.
    await p.dropConnection();
    await p.waitForLive();
    await say(id, 'Line after the automatic reconnect');
    await p.waitForLine('caller', 'Line after the automatic reconnect');
    const again = await p.lines();
    assert.equal(new Set(again.map((l) => l.lineId)).size, again.length, 'no line twice after the second reconnect');
  });

  it('shows a "New lines" marker when scrolled up, and scrolls down on click', async () => {
    const p = await signedIn({ width: 1280, height: 560 });
    const id = await placeCall();
    await p.row(id).waitFor();
    await p.openByClick(id);

    for (let i = 1; i <= 12; i++) {
      await say(id, `Filler line number ${i} to make the transcript longer than its pane`);
      await p.waitForLine('caller', `Filler line number ${i} `);
      const s = await p.transcriptScroll();
      if (s.height > s.client + 200) break;
    }
    const filled = await p.transcriptScroll();
    assert.ok(filled.height > filled.client + 100, 'the transcript overflows');
    assert.ok(filled.top + filled.client >= filled.height - 60, 'it followed the new lines to the bottom');
    assert.equal(await p.newLinesMarker.count(), 0);

    // The AI may still be answering the last line: let it finish, then read the older lines.
    await new Promise((r) => setTimeout(r, 1500));
    await p.scrollTranscriptTo('top');
    await say(id, 'A line that arrives while the supervisor reads older lines');
    await p.newLinesMarker.waitFor();
    assert.ok((await p.transcriptScroll()).top < 20, 'reading position kept');

    await p.newLinesMarker.click();
    await p.newLinesMarker.waitFor({ state: 'detached' });
    const s = await p.transcriptScroll();
    assert.ok(s.top + s.client >= s.height - 60, 'scrolled to the bottom');
    await p.waitForLine('caller', 'while the supervisor reads older lines');
  });

  it('filters by channel, agent and state, and keeps the filters in the URL', async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    assert.ok(agents.length >= 2, 'two AI agents to filter by');
    const [first, second] = [agents[0]!, agents[1]!];
    const p = await signedIn();
    const voice = await placeCall({ channel: 'voice', agentId: first.id });
    const sms = await placeCall({ channel: 'sms', agentId: second.id });
    await p.row(voice).waitFor();
    await p.row(sms).waitFor();

    await p.setFilter('channel', 'sms');
    await waitUntil('only SMS rows', async () => (await p.rowIds()).join() === sms);
    assert.equal(new URL(p.page.url()).searchParams.get('channel'), 'sms');

    await p.page.reload();
    await p.waitForLive();
    await p.row(sms).waitFor();
    assert.equal(await p.filterValue('channel'), 'sms', 'the filter survives a reload');
    assert.deepEqual(await p.rowIds(), [sms]);

    await p.setFilter('channel', '');
    await p.setFilter('agent', first.id);
    await waitUntil('only the first agent’s rows', async () => (await p.rowIds()).join() === voice);
    assert.equal(new URL(p.page.url()).searchParams.get('agent'), first.id);
    assert.equal(await p.row(voice).getByTestId('agent-name').textContent(), first.name);

    await p.setFilter('agent', '');
    await p.setFilter('state', 'ringing');
    await p.page.getByTestId('no-match').waitFor();
    await p.setFilter('state', 'ai_active');
    await waitUntil('both AI rows', async () => (await p.rowIds()).length === 2);
    assert.equal(new URL(p.page.url()).searchParams.get('state'), 'ai_active');

    // Filters stay while a session is open, and the keyboard moves only over the rows shown.
    await p.setFilter('channel', 'voice');
    await waitUntil('only the voice row', async () => (await p.rowIds()).join() === voice);
    await p.press('ArrowDown');
    await p.press('ArrowDown');
    assert.equal(await p.selectedRowId(), voice);
    await p.press('Enter');
    await p.detail.waitFor();
    const url = new URL(p.page.url());
    assert.equal(url.pathname, `/sessions/${voice}`);
    assert.equal(url.searchParams.get('channel'), 'voice');
    assert.equal(url.searchParams.get('state'), 'ai_active');
  });

  it('screenshots Live Calls on a busy floor (demo traffic) for the README', async () => {
    // A server of its own, with the simulator's demo traffic: a realistic mix of channels, agents and states.
    const demo = await startServer({
      env: {
        LIVESPACE_TTS: 'none',
        LIVESPACE_DEMO: '1',
        LIVESPACE_DEMO_CALLS: '14',
        LIVESPACE_DEMO_CONVERSATIONS: '5',
      },
    });
    try {
      const p = await LiveCallsPage.open(suite.chromium.browser, demo.url, { width: 1440, height: 800 });
      pages.push(p);
      await p.login(demo.adminEmail, demo.adminPassword);
      await waitUntil('a busy floor', async () => (await p.rowIds()).length >= 8, 30_000);
      await new Promise((r) => setTimeout(r, 15_000)); // calls progress through their flows; highlights fade
      assert.ok((await p.liveCount()) >= 3, 'several live sessions');

      const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
      for (const dir of dirs) {
        mkdirSync(dir, { recursive: true });
        await p.page.screenshot({ path: `${dir}/live-calls.png` });
      }
      // The detail of a session that has been talking for a while (but is not about to end).
      const ids = await p.rowIds();
      await p.openByClick(ids[Math.floor(ids.length / 3)]!);
      await waitUntil('a transcript', async () => (await p.lines()).some((l) => l.speaker === 'caller'), 20_000);
      await new Promise((r) => setTimeout(r, 1000));
      for (const dir of dirs) await p.page.screenshot({ path: `${dir}/session-detail.png` });
      await p.close();
      pages.splice(pages.indexOf(p), 1);
    } finally {
      await demo.stop();
    }
  });
});

function key(l: UiLine): string {
  return `${l.lineId}|${l.speaker}|${l.partial ? 'partial' : 'final'}|${l.text}`;
}
