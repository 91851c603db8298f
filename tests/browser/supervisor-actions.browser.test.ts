/**
 * The supervisor action bar in real Chromium against the real server: whisper, barge, take over /
 * say / resume, end, the keyboard, and refusals, checked against what the simulated caller heard.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { WorkspacePage } from './agent-workspace.page';
import { browserSuite } from './browser-suite';
import { LiveCallsPage, waitUntil } from './live-calls.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('Supervisor actions in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { calls, post } = suite;
  let collections: string;
  /** A second supervisor (holds takeovers the admin then cannot take). */
  let beaToken: string;

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    collections = agents.find((a) => /Collections/.test(a.name))?.id ?? agents[0]!.id;
    await post('/api/users', { email: 'bea@test.local', name: 'Bea', password: 'bea-password', role: 'supervisor' });
    await post('/api/users', {
      email: 'ann@test.local',
      name: 'Ann Lee',
      password: 'ann-password',
      role: 'supervisor',
    });
    await post('/api/users', { email: 'cal@test.local', name: 'Cal', password: 'cal-password', role: 'agent' });
    beaToken = await suite.server.login('bea@test.local', 'bea-password');
  });

  /** A Collections call whose caller says only what the test makes it say. */
  async function placeCall(): Promise<string> {
    const r = await post('/api/simulator/calls', { persona: 'manual', agentId: collections });
    const { sessionId } = (await r.json()) as { sessionId: string };
    calls.push(sessionId);
    return sessionId;
  }

  const callerSays = (id: string, text: string) => post(`/api/simulator/calls/${id}/say`, { text });

  /** What the simulated caller heard, line by line. */
  async function heard(id: string): Promise<string[]> {
    const r = (await (await suite.server.api(`/api/simulator/calls/${id}`)).json()) as {
      heard: Array<{ text: string }>;
    };
    return r.heard.map((h) => h.text);
  }

  async function serverDetail(
    id: string,
  ): Promise<{ state: string; endReason: string | null; takenOverBy?: { name: string } | null }> {
    return (await (await suite.server.api(`/api/sessions/${id}`)).json()) as {
      state: string;
      endReason: string | null;
      takenOverBy?: { name: string } | null;
    };
  }

  const { signedIn } = suite;

  /** Signed in, a fresh call open in the drawer, the AI at its first question. */
  async function openCall(p: LiveCallsPage): Promise<string> {
    const id = await placeCall();
    await p.row(id).waitFor();
    await p.openByClick(id);
    await p.waitForLine('ai', 'pay the full amount');
    await p.actionBar.waitFor();
    return id;
  }

  it('whisper from the bar: a hidden supervisor line in the drawer that the caller never hears', async () => {
    const p = await signedIn();
    const id = await openCall(p);
    assert.equal(await p.actionMode(), 'whisper', 'Whisper is the default mode');
    assert.equal(await p.modeButton('say').count(), 0, 'no Say mode without a takeover');

    const whisper = 'Customer is on a hardship list, offer the monthly plan';
    await p.sendAction('whisper', whisper);
    assert.match(await p.waitForStatus('ok'), /Whisper sent/);
    assert.equal(await p.actionInput.inputValue(), '', 'the input is cleared after sending');

    const line = await p.waitForLine('supervisor', whisper, 10_000);
    assert.equal(line.hidden, true);
    assert.equal(line.by, 'Admin');
    assert.match(line.tag ?? '', /Whisper · hidden from caller · by Admin/);
    const style = await p.page
      .locator(`[data-line-id="${line.lineId}"] [data-testid=bubble-text]`)
      .evaluate((el) => getComputedStyle(el).borderStyle);
    assert.equal(style, 'dashed', 'whispers look different from spoken lines');

    // At the AI's next turn the whisper steers the flow (the plan branch); the caller hears the AI, never the whisper.
    await callerSays(id, 'I am not sure I can do that today.');
    await waitUntil(
      'the whisper applied',
      async () => (await p.lines()).some((l) => l.kind === 'whisper_applied'),
      20_000,
    );
    await p.waitForLine('ai', 'three monthly payments');
    const h = await heard(id);
    assert.ok(h.length > 0 && h.some((t) => /three monthly payments/.test(t)), 'the caller heard the AI');
    assert.ok(!h.some((t) => t.includes('hardship')), 'the caller never heard the whisper');

    // The audit list has it.
    await waitUntil('the whisper in the Actions list', async () =>
      (await p.actionItems()).some((a) => a.action === 'whisper' && a.result === 'ok' && a.text.includes('hardship')),
    );
  });

  it('barge from the bar: an AI line tagged "Barge · by Admin" that the caller hears', async () => {
    const p = await signedIn();
    const id = await openCall(p);
    const words = 'Just so you know, there is no fee for a payment plan.';
    await p.sendAction('barge', words, { mode: 'interrupt' });
    assert.match(await p.waitForStatus('ok'), /Barge sent/);
    const line = await p.waitForLine('ai', 'no fee for a payment plan');
    assert.equal(line.barge, true);
    assert.match(line.tag ?? '', /Barge · by Admin/);
    await waitUntil('the caller heard the barge', async () => (await heard(id)).includes(words));
    assert.equal(await p.actionMode(), 'barge', 'the mode stays for a second barge');
    await waitUntil('the barge in the Actions list', async () =>
      (await p.actionItems()).some((a) => a.action === 'barge' && a.result === 'ok'),
    );
  });

  it('take over (confirmed), Say reaches the caller, Resume hands back to the AI', async () => {
    const p = await signedIn();
    const id = await openCall(p);

    // Cancelling changes nothing.
    await p.takeoverButton.click();
    await p.confirmDialog.waitFor();
    await p.page.getByTestId('confirm-no').click();
    await p.confirmDialog.waitFor({ state: 'detached' });
    assert.equal((await serverDetail(id)).state, 'ai_active');
    assert.equal(await p.takenOver.count(), 0);

    await p.takeoverButton.click();
    await p.confirm();
    await p.takenOver.waitFor();
    assert.match((await p.takenOver.textContent()) ?? '', /Taken over by Admin/);
    assert.equal(
      await p.page.locator('[data-testid=detail-state] [data-testid=state-badge]').getAttribute('data-state'),
      'human_active',
    );
    assert.match(await p.waitForStatus('ok'), /took over/i);
    await waitUntil('Say is the default mode', async () => (await p.actionMode()) === 'say');
    await p.resumeButton.waitFor();
    assert.equal(await p.takeoverButton.count(), 0);
    await waitUntil('the input has the focus', () => p.actionInput.evaluate((el) => el === document.activeElement));

    const typed = 'Hi, I am a person from the team, I can help you with that.';
    await p.actionInput.fill(typed);
    await p.actionInput.press('Enter');
    const human = await p.waitForLine('human', 'person from the team');
    assert.equal(human.by, 'Admin');
    const label = await p.page.locator(`[data-line-id="${human.lineId}"] .tl-speaker`).textContent();
    assert.equal(label, 'Admin', 'the human line is labelled with who typed it');
    await waitUntil('the caller heard the typed words', async () => (await heard(id)).includes(typed));

    await p.resumeButton.click();
    await p.confirm();
    await waitUntil(
      'back to the AI',
      async () =>
        (await p.page.locator('[data-testid=detail-state] [data-testid=state-badge]').getAttribute('data-state')) ===
        'ai_active',
    );
    await p.takenOver.waitFor({ state: 'detached' });
    await waitUntil(
      'Say is gone, Whisper is back',
      async () => (await p.actionMode()) === 'whisper' && (await p.modeButton('say').count()) === 0,
    );
    await p.takeoverButton.waitFor();
    // The AI asks its open question again.
    await waitUntil(
      'the AI asks again',
      async () =>
        (await p.lines()).filter((l) => l.speaker === 'ai' && !l.partial && l.text.includes('pay the full amount'))
          .length >= 2,
    );
  });

  it('end call (confirmed): the session ends as ended by supervisor, and the bar goes away', async () => {
    const p = await signedIn();
    const id = await openCall(p);
    await p.endButton.click();
    await p.confirmDialog.waitFor();
    assert.match((await p.confirmDialog.textContent()) ?? '', /End this call/);
    await p.confirm();
    const ended = p.page.getByTestId('detail-ended');
    await ended.waitFor();
    assert.match((await ended.textContent()) ?? '', /ended by supervisor/);
    await p.actionBar.waitFor({ state: 'detached' });
    await waitUntil('a note says who ended it', async () =>
      (await p.lines()).some((l) => l.speaker === 'system' && /ended by supervisor\) by Admin/.test(l.text)),
    );
    assert.equal((await serverDetail(id)).endReason, 'ended_by_supervisor');
    // The audit stays readable on the ended session.
    await waitUntil('the end in the Actions list', async () =>
      (await p.actionItems()).some((a) => a.action === 'end' && a.result === 'ok'),
    );
  });

  it('keyboard: W and B pick the mode and focus the input, Escape leaves it, T and E ask first, E + Enter ends', async () => {
    const p = await signedIn();
    const id = await openCall(p);
    const focused = () =>
      p.page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null,
      );

    await p.press('b');
    await waitUntil(
      'barge mode with the input focused',
      async () => (await p.actionMode()) === 'barge' && (await focused()) === 'action-input',
    );
    assert.equal(await p.actionInput.inputValue(), '', 'the shortcut letter is not typed');
    await p.page.getByTestId('barge-mode').waitFor();
    // Letters typed in the input are text, not shortcuts.
    await p.page.keyboard.type('tweb');
    assert.equal(await p.actionInput.inputValue(), 'tweb');
    assert.equal(await p.confirmDialog.count(), 0);
    await p.page.keyboard.press('Escape');
    assert.notEqual(await focused(), 'action-input', 'Escape leaves the input');
    assert.equal(await p.detail.count(), 1, '…without closing the drawer');
    await p.actionInput.fill('');

    await p.press('w');
    await waitUntil(
      'whisper mode with the input focused',
      async () => (await p.actionMode()) === 'whisper' && (await focused()) === 'action-input',
    );
    await p.page.keyboard.press('Escape');

    // T asks before taking over; Escape cancels the question only.
    await p.press('t');
    await p.confirmDialog.waitFor();
    assert.match((await p.confirmDialog.textContent()) ?? '', /Take over/);
    await p.page.keyboard.press('Escape');
    await p.confirmDialog.waitFor({ state: 'detached' });
    assert.equal(await p.detail.count(), 1, 'the drawer stays open');
    assert.equal((await serverDetail(id)).state, 'ai_active');

    // E asks; the confirm button has the focus, so Enter ends the call.
    await p.press('e');
    await p.confirmDialog.waitFor();
    assert.equal(await focused(), 'confirm-yes');
    await p.page.keyboard.press('Enter');
    await p.page.getByTestId('detail-ended').waitFor();
    await waitUntil('the server ended it', async () => (await serverDetail(id)).endReason === 'ended_by_supervisor');
  });

  it('409: taking over a session another supervisor holds says who holds it', async () => {
    const p = await signedIn();
    const id = await openCall(p);
    const r = await post(`/api/sessions/${id}/takeover`, {}, beaToken);
    assert.equal(r.status, 200);
    await p.takenOver.waitFor();
    assert.match((await p.takenOver.textContent()) ?? '', /Taken over by Bea/);
    assert.equal(await p.modeButton('say').count(), 0, 'Say is only for the holder');

    await p.takeoverButton.click();
    await p.confirmDialog.waitFor();
    assert.match((await p.confirmDialog.textContent()) ?? '', /Bea has taken over/);
    await p.confirm();
    const error = await p.waitForStatus('error');
    assert.match(error, /Can't take over: Bea holds the takeover/);
    assert.equal((await serverDetail(id)).takenOverBy?.name, 'Bea', 'nothing changed');
    await waitUntil('the rejected takeover in the Actions list', async () =>
      (await p.actionItems()).some(
        (a) => a.action === 'takeover' && a.result === 'rejected' && /takeover held/.test(a.text),
      ),
    );

    // The next action replaces the error with its own result.
    await p.sendAction('whisper', 'Bea is on it, just listen');
    assert.match(await p.waitForStatus('ok'), /Whisper sent/);
  });

  it('shows no action bar to human agents, and none on an ended session', async () => {
    const id = await placeCall();
    // A human agent signing in lands in their workspace; Live Calls is a click away.
    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/');
    suite.pages.push(w.live);
    await w.login('cal@test.local', 'cal-password');
    await w.page.getByTestId('nav-live').click();
    const p = w.live;
    await p.liveCalls.waitFor();
    await p.row(id).waitFor();
    await p.openByClick(id);
    await p.waitForLine('ai', 'pay the full amount');
    assert.equal(await p.actionBar.count(), 0);
    assert.equal(await p.actionsList.count(), 0);
    await post(`/api/simulator/calls/${id}/hangup`);

    const q = await signedIn();
    const ended = await placeCall();
    await q.row(ended).waitFor();
    await post(`/api/simulator/calls/${ended}/hangup`);
    await q.page.goto(`${suite.server.url}/sessions/${ended}`);
    await q.page.getByTestId('detail-ended').waitFor();
    assert.equal(await q.actionBar.count(), 0);
  });

  it('screenshots the drawer with a whisper, a barge and a takeover', async () => {
    const p = await signedIn('ann@test.local', 'ann-password', { width: 1440, height: 900 });
    const id = await openCall(p);
    await p.sendAction('whisper', 'Hardship flag on this account: offer the monthly plan');
    await p.waitForLine('supervisor', 'Hardship flag');
    await callerSays(id, "Honestly, I can't pay all of it this week.");
    await p.waitForLine('ai', 'three monthly payments');
    await p.sendAction('barge', 'There is no fee for the plan, and the first payment can wait until the 15th.', {
      mode: 'after_sentence',
    });
    await p.waitForLine('ai', 'no fee for the plan');
    await p.takeoverButton.click();
    await p.confirm();
    await p.takenOver.waitFor();
    await waitUntil('Say mode', async () => (await p.actionMode()) === 'say');
    await p.actionInput.fill("Hi, I'm Ann from Northwind. I can set that plan up for you right now.");
    await p.actionInput.press('Enter');
    await p.waitForLine('human', 'Ann from Northwind');
    await callerSays(id, 'Okay, that works for me. Thank you!');
    await p.waitForLine('caller', 'that works for me');
    await p.actionInput.fill('The first payment date is');
    await waitUntil('the Actions list is filled', async () => (await p.actionItems()).length >= 4);
    await p.actionsList.evaluate((el) => ((el as HTMLDetailsElement).open = false));
    await new Promise((r) => setTimeout(r, 600));

    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const dir of dirs) {
      mkdirSync(dir, { recursive: true });
      await p.page.screenshot({ path: `${dir}/supervisor-actions.png` });
    }
  });
});
