/**
 * Messages in real Chromium against the real server (a customer counts as unanswered after 2 s here): a WhatsApp
 * conversation taken over through the drawer shows "AI paused"; when the customer writes and nobody answers, "Waiting
 * for an answer" with how long, listed first, kept by the Needs a person filter (which hides the SMS conversation the
 * AI is handling) and counted on the Messages entry of the top bar; answering clears it, ending it takes it off the
 * list. Everything arrives over the WebSocket: the page never asks for the list.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { WorkspacePage } from './agent-workspace.page';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';
import { MessagesPage } from './messages.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Conversation = { summary: { id: string; callerNumber: string }; attention: string[] };

describe('Messages in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_UNANSWERED_SECONDS: '2' } });
  const { calls, pages, post } = suite;
  const agentIds: Record<string, string> = {};

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    for (const a of agents) agentIds[a.name] = a.id;
    assert.ok(
      agentIds['Clinic reception'] && agentIds['Collections — overdue balance'] && agentIds['Sales outreach'],
      `seed agents: ${Object.keys(agentIds)}`,
    );
    await post('/api/users', {
      email: 'ava@test.local',
      name: 'Ava',
      password: 'ava-password',
      role: 'agent',
      queues: ['front-desk'],
    });
  });

  /** A simulated WhatsApp or SMS customer; `manual` ones write only what the test makes them write. */
  async function start(channel: 'whatsapp' | 'sms', persona: string, agent: string): Promise<string> {
    const r = await post('/api/simulator/calls', { channel, persona, agentId: agentIds[agent] });
    const { sessionId } = (await r.json()) as { sessionId: string };
    calls.push(sessionId);
    return sessionId;
  }

  const customerWrites = (id: string, text: string) => post(`/api/simulator/calls/${id}/say`, { text });

  async function serverConversations(): Promise<Conversation[]> {
    return ((await (await suite.server.api('/api/conversations')).json()) as { items: Conversation[] }).items;
  }

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  it('marks a taken-over WhatsApp conversation AI paused, then Waiting for an answer, first and filtered; answering clears it, ending removes it', async () => {
    const p = await suite.signedIn();
    const m = new MessagesPage(p);
    const asked: string[] = [];
    p.page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/api/conversations' || path === '/api/sessions') asked.push(`${r.method()} ${path}`);
    });
    await p.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // Messages sits next to Live Calls in the top bar; nothing live yet.
    const nav = await p.page
      .locator('nav[aria-label=Sections] a')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    assert.deepEqual(nav.slice(0, 2), ['nav-live', 'nav-messages'], 'Messages comes right after Live Calls');
    await m.openFromNav();
    assert.equal(new URL(p.page.url()).pathname, '/messages');
    await m.empty.waitFor();
    assert.equal(await m.navBadge.count(), 0, 'no badge while nothing needs a person');

    // The SMS customer (a talking persona, the AI answers it) starts first, so by start time alone it would stay on
    // top.
    const sms = await start('sms', 'chatter', 'Collections — overdue balance');
    const wa = await start('whatsapp', 'manual', 'Clinic reception');
    await m.row(sms).waitFor();
    await m.row(wa).waitFor();
    await waitUntil('the AI greeted on WhatsApp', async () =>
      /Riverside Clinic/.test((await m.conversation(wa))?.lastText ?? ''),
    );
    assert.deepEqual(await m.rowIds(), [sms, wa], 'longest-running first while nobody needs a person');
    const number = (await serverConversations()).find((c) => c.summary.id === wa)!.summary.callerNumber;
    const before = (await m.conversation(wa))!;
    assert.equal(before.channel, 'WhatsApp');
    assert.equal(before.agent, 'Clinic reception');
    assert.equal(before.state, 'AI');
    assert.deepEqual(before.reasons, [], 'nothing needs a person yet');
    assert.equal(before.lastBy, 'AI', 'who wrote the last message');
    assert.equal(before.customer.replace(/\s/g, ''), number, 'the customer number, formatted');
    assert.match(before.customer, /^\+1 \d{3} \d{3} \d{4}$/, 'grouped as people read it');
    assert.equal((await m.conversation(sms))?.channel, 'SMS');
    assert.equal(await m.needsCount(), 0);

    // Take it over in the drawer, as a supervisor would.
    await m.open(wa);
    assert.equal(new URL(p.page.url()).pathname, `/messages/sessions/${wa}`);
    await p.waitForLine('ai', 'Riverside Clinic');
    await p.takeoverButton.click();
    await p.confirmDialog.waitFor();
    assert.match(
      await p.confirmDialog.innerText(),
      /Take over this conversation\?[\s\S]*write to the customer yourself/,
    );
    await p.confirm();
    await p.takenOver.waitFor();
    await waitUntil('Say is the mode', async () => (await p.actionMode()) === 'say');
    assert.equal(await p.actionInput.getAttribute('placeholder'), 'Write to the customer yourself…');

    // AI paused: it needs a person now, so it moves above the SMS conversation and the top bar counts it.
    await m.reason(wa, 'ai_paused').waitFor();
    await waitUntil('the paused conversation is listed first', async () => (await m.rowIds())[0] === wa);
    assert.match((await m.reason(wa, 'ai_paused').getAttribute('title')) ?? '', /Admin took over/);
    assert.equal(await m.navBadge.textContent(), '1');

    // Typed as the person: the human's line in the transcript, and the row's last message.
    await p.actionInput.fill('Hi, this is Admin at Riverside Clinic: I can help you with that.');
    await p.actionInput.press('Enter');
    const human = await p.waitForLine('human', 'I can help you with that');
    assert.equal(human.by, 'Admin');
    await waitUntil("the row shows the person's message", async () => {
      const c = await m.conversation(wa);
      return c?.lastBy === 'Admin' && c.lastText.includes('I can help you with that');
    });

    // The customer writes and nobody answers: AI paused at once, Waiting for an answer after 2 s.
    await customerWrites(wa, 'Can I come on Thursday instead?');
    await p.waitForLine('caller', 'Thursday instead');
    await waitUntil(
      "the row shows the customer's message",
      async () => (await m.conversation(wa))?.lastBy === 'Customer',
    );
    assert.deepEqual((await m.conversation(wa))?.reasons, ['AI paused'], 'not waiting yet');
    await m.reason(wa, 'unanswered').waitFor({ timeout: 10_000 });
    const waiting = (await m.conversation(wa))!;
    assert.deepEqual(waiting.reasons, ['Waiting for an answer', 'AI paused'], 'the wait first');
    assert.match(waiting.waited ?? '', /^00:0[2-9]$/, `how long the customer has waited: ${waiting.waited}`);
    assert.equal((await m.rowIds())[0], wa, 'listed first');
    assert.equal(await m.needsCount(), 1);
    assert.equal(await m.navBadge.textContent(), '1');
    // The wait ticks on, with no message in between.
    const shownSeconds = Number(
      await m.reason(wa, 'unanswered').getByTestId('waiting-for').getAttribute('data-seconds'),
    );
    await waitUntil(
      'the wait ticks',
      async () =>
        Number(await m.reason(wa, 'unanswered').getByTestId('waiting-for').getAttribute('data-seconds')) > shownSeconds,
      3000,
    );

    // Needs a person: only the waiting customer; the SMS conversation the AI is handling is hidden; off again, all of
    // them.
    const smsWasLive = (await m.rowIds()).includes(sms);
    await m.needsToggle.click();
    await waitUntil('only the conversation that needs a person', async () => (await m.rowIds()).join() === wa);
    assert.equal(await m.needsToggle.getAttribute('aria-pressed'), 'true');
    assert.equal(new URL(p.page.url()).searchParams.get('attention'), '1', 'the URL keeps the filter');
    assert.equal(
      await m.row(sms).count(),
      0,
      `the SMS conversation is hidden (it was ${smsWasLive ? 'live' : 'already over'})`,
    );
    await m.needsToggle.click();
    assert.equal(await m.needsToggle.getAttribute('aria-pressed'), 'false');
    await waitUntil('every live conversation listed again, the waiting one first', async () => {
      const live = (await serverConversations()).map((c) => c.summary.id).sort();
      const shown = await m.rowIds();
      return shown[0] === wa && [...shown].sort().join() === live.join();
    });

    // The person answers: the wait is over (still AI paused: they hold it).
    await p.actionInput.fill('Thursday works: I have moved your appointment to 2pm.');
    await p.actionInput.press('Enter');
    await p.waitForLine('human', 'moved your appointment');
    await m.reason(wa, 'unanswered').waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual((await m.conversation(wa))?.reasons, ['AI paused']);
    assert.equal((await m.conversation(wa))?.lastBy, 'Admin');

    // End it: it leaves the list, and the top bar has nothing to count.
    await p.endButton.click();
    await p.confirmDialog.waitFor();
    assert.match(await p.confirmDialog.innerText(), /End this conversation\?/);
    await p.confirm();
    await p.page.getByTestId('detail-ended').waitFor();
    await m.row(wa).waitFor({ state: 'detached' });
    await m.navBadge.waitFor({ state: 'detached' });

    // The SMS conversation ends by itself and leaves too.
    await m.row(sms).waitFor({ state: 'detached', timeout: 60_000 });
    await m.empty.waitFor();
    assert.equal(
      await p.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
      true,
      'no reload',
    );
    assert.deepEqual(asked, [], 'the list came over the WebSocket, never fetched');
  });

  it('is there for human agents too: the list live, a conversation opened beside it, Escape closes it', async () => {
    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
    pages.push(w.live);
    await w.login('ava@test.local', 'ava-password');
    const m = new MessagesPage(w.live);
    await m.openFromNav();
    await m.empty.waitFor();
    const wa = await start('whatsapp', 'manual', 'Clinic reception');
    await m.row(wa).waitFor();
    await m.open(wa);
    await w.live.waitForLine('ai', 'Riverside Clinic');
    const greeting = (await m.conversation(wa))?.lastText;
    assert.match(greeting ?? '', /Riverside Clinic/, "the row shows the AI's greeting");
    await customerWrites(wa, 'Hello, is anyone there?');
    await w.live.waitForLine('caller', 'anyone there');
    await waitUntil(
      'the row moved on from the greeting',
      async () => (await m.conversation(wa))?.lastText !== greeting,
    );
    await m.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await m.page.keyboard.press('Escape');
    await m.page.getByTestId('session-detail').waitFor({ state: 'detached' });
    assert.equal(new URL(m.page.url()).pathname, '/messages');
  });

  it('screenshots Messages: a customer waiting on a paused conversation, an escalated one, and conversations the AI handles', async () => {
    const p = await suite.signedIn();
    const m = new MessagesPage(p);
    await m.openFromNav();

    const escalated = await start('sms', 'manual', 'Clinic reception');
    await customerWrites(escalated, 'I want to talk to a real person');
    const paused = await start('whatsapp', 'manual', 'Clinic reception');
    await customerWrites(paused, 'Hi, I need to move my appointment on Thursday.');
    const booking = await start('whatsapp', 'manual', 'Sales outreach');
    await customerWrites(booking, 'Hello! I want to book an appointment, please.');
    const bill = await start('sms', 'manual', 'Collections — overdue balance');
    await customerWrites(bill, "Hi, I got a bill from you and I can't pay it all at once.");
    await m.reason(escalated, 'escalated').waitFor({ timeout: 15_000 });

    await m.open(paused);
    await p.waitForLine('caller', 'move my appointment');
    await post(`/api/sessions/${paused}/takeover`);
    await p.takenOver.waitFor();
    await post(`/api/sessions/${paused}/say`, {
      text: 'Hi, this is Admin at Riverside Clinic. Which day would suit you better?',
    });
    await p.waitForLine('human', 'Which day would suit you');
    await customerWrites(paused, 'Friday morning, if you have anything?');
    await p.waitForLine('caller', 'Friday morning');

    // And one talking with the AI right now (its conversation lasts a few seconds).
    const talking = await start('sms', 'chatter', 'Collections — overdue balance');
    await m.row(talking).waitFor();
    await m.reason(paused, 'unanswered').waitFor({ timeout: 10_000 });
    await waitUntil(
      'the AI answered each customer',
      async () => (await m.conversations()).filter((c) => c.lastBy === 'AI').length >= 3,
    );
    await p.page.mouse.move(1, 1);
    for (const dir of shots()) await p.page.screenshot({ path: `${dir}/messages.png` });
  });
});
