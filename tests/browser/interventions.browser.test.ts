/**
 * Interventions in the session drawer, in real Chromium against the real server: a supervisor claims an escalated
 * WhatsApp conversation (a takeover would be refused), writes to the customer and hands it back to the AI; a human
 * agent claims one of its own queue's (not another's) and completes it there; a supervisor transfers a taken-over call
 * to a named available agent with the Transfer dialog (which shows the server's refusal of an agent gone away), who
 * holds it at once and sends it on to a queue from the workspace.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { WorkspacePage } from './agent-workspace.page';
import { browserSuite } from './browser-suite';
import { InterventionsPage } from './interventions.page';
import { waitUntil } from './live-calls.page';
import { MessagesPage } from './messages.page';
import { queueApi, type Escalation } from './queue-api';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type Detail = {
  state: string;
  takenOverBy?: { name: string } | null;
  escalation?: Escalation | null;
  transcript: Array<{ speaker: string; text: string; partial?: boolean }>;
};

describe('Interventions in Chromium', () => {
  // The agents' pages close between tests: keep them from being taken offline as "gone" meanwhile.
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_AGENT_GONE_MS: '3600000' } });
  const { calls, pages, post } = suite;
  let collections: string;
  const tokens: Record<string, string> = {};
  const { presence, heard, escalations, addAgent, aiAgentId } = queueApi(suite, tokens);

  before(async () => {
    collections = await aiAgentId(/Collections/);
    await post('/api/users', {
      email: 'sue@test.local',
      name: 'Sue Park',
      password: 'sue-password',
      role: 'supervisor',
    });
    await addAgent('dee', 'Dee', ['billing']);
    await addAgent('eve', 'Eve', ['collections']);
    await addAgent('fay', 'Fay', ['billing']);
  });

  async function serverDetail(id: string): Promise<Detail> {
    return (await (await suite.server.api(`/api/sessions/${id}`)).json()) as Detail;
  }

  /**
   * A Collections call or conversation whose caller says only what the test makes it say, at the AI's first question.
   */
  async function start(channel: 'voice' | 'whatsapp'): Promise<string> {
    const { sessionId } = (await (
      await post('/api/simulator/calls', { persona: 'manual', agentId: collections, channel })
    ).json()) as { sessionId: string };
    calls.push(sessionId);
    await waitUntil(
      "the AI's question",
      async () =>
        (await serverDetail(sessionId)).transcript.some(
          (l) => l.speaker === 'ai' && !l.partial && /pay the full amount/.test(l.text),
        ),
      20_000,
    );
    return sessionId;
  }

  const aiQuestions = async (id: string) =>
    (await serverDetail(id)).transcript.filter(
      (l) => l.speaker === 'ai' && !l.partial && /pay the full amount/.test(l.text),
    ).length;

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  it('claim an escalated WhatsApp conversation in the drawer, write to the customer, hand it back to the AI', async () => {
    const p = await suite.signedIn('sue@test.local', 'sue-password', DESKTOP);
    const m = new MessagesPage(p);
    const x = new InterventionsPage(p);
    await m.openFromNav();
    const id = await start('whatsapp');
    await post(`/api/simulator/calls/${id}/say`, { text: 'I want to talk to a real person' });
    const waiting = await waitUntil(
      'the escalation',
      async () => (await escalations('waiting')).find((e) => e.sessionId === id),
      20_000,
    );
    assert.equal(waiting.queue, 'collections');

    // Waiting in a queue: Claim, not a Take over the server would refuse.
    await m.open(id);
    await x.stateBadge('queued').waitFor();
    await x.claimButton.waitFor();
    assert.equal(await p.takeoverButton.count(), 0, 'no Take over on a queued conversation');
    assert.match((await x.claimButton.getAttribute('title')) ?? '', /Claim the conversation waiting in collections/);
    assert.equal(await x.transferButton.count(), 1, 'a waiting conversation may be transferred too');
    assert.match((await p.page.getByTestId('detail-queue').textContent()) ?? '', /collections/);
    await p.waitForLine('caller', 'real person');
    for (const dir of shots()) {
      await x.screenshot(`${dir}/claim-drawer.png`);
      await x.screenshot(`${dir}/claim-drawer-phone.png`, PHONE);
    }

    await x.claimButton.click();
    await x.waitForStatus(/You claimed it: type in Send mode to write to the customer/);
    await x.stateBadge('claimed').waitFor();
    assert.match((await p.takenOver.textContent()) ?? '', /Claimed by Sue Park \(you\)/);
    await x.claimButton.waitFor({ state: 'detached' });
    await waitUntil('Say is the mode', async () => (await p.actionMode()) === 'say');
    assert.equal(await p.modeButton('barge').count(), 0, 'no barge on a claimed conversation');
    assert.equal(await p.actionInput.getAttribute('placeholder'), 'Write to the customer yourself…');
    await waitUntil('the input has the focus', () => p.actionInput.evaluate((el) => el === document.activeElement));
    assert.equal((await serverDetail(id)).escalation?.claimedBy?.name, 'Sue Park');

    const typed = 'Hi, this is Sue from the collections team. I can help you with your balance.';
    await p.actionInput.fill(typed);
    await p.actionInput.press('Enter');
    await x.waitForStatus(/Sent to the customer/);
    assert.equal((await p.waitForLine('human', 'collections team')).by, 'Sue Park');
    await waitUntil('the customer got the message', async () => (await heard(id)).includes(typed));

    // Complete, back to the AI: it asks its question again.
    const button = p.page.getByTestId('complete-button');
    assert.equal(await button.textContent(), 'Complete & end conversation');
    await x.complete({ resolution: 'resolved', notes: 'Explained the balance', returnToAi: true });
    await x.waitForStatus(/Handed back to the AI \(resolved\)/);
    await x.stateBadge('ai_active').waitFor();
    await p.page.getByTestId('complete-form').waitFor({ state: 'detached' });
    await p.takeoverButton.waitFor();
    await waitUntil('the AI asks again', async () => (await aiQuestions(id)) === 2, 20_000);
    assert.equal((await serverDetail(id)).state, 'ai_active');
    await waitUntil('the claim and the completion in the Actions list', async () => {
      const items = await p.actionItems();
      return (
        items.some((a) => a.action === 'claim' && a.result === 'ok') &&
        items.some((a) => a.action === 'complete' && a.result === 'ok')
      );
    });
  });

  it('a human agent claims from the drawer only in its own queues, then writes and completes there', async () => {
    await presence('eve', 'available');
    const id = await start('whatsapp');
    await post(`/api/simulator/calls/${id}/say`, { text: 'Can I speak to a real person?' });
    await waitUntil(
      'the escalation',
      async () => (await escalations('waiting')).find((e) => e.sessionId === id),
      20_000,
    );

    // Dee works billing only: the conversation opens, with nothing to act with.
    const dee = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
    pages.push(dee.live);
    await dee.login('dee@test.local', 'dee-password');
    const dm = new MessagesPage(dee.live);
    await dm.openFromNav();
    await dm.open(id);
    await new InterventionsPage(dee.live).stateBadge('queued').waitFor();
    assert.equal(await dee.live.actionBar.count(), 0, 'no bar outside its queues');

    // Eve works collections: Claim, and nothing a supervisor has.
    const eve = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
    pages.push(eve.live);
    await eve.login('eve@test.local', 'eve-password');
    const em = new MessagesPage(eve.live);
    const x = new InterventionsPage(eve.live);
    await em.openFromNav();
    await em.open(id);
    await x.claimButton.waitFor();
    for (const absent of ['action-input', 'end-button', 'transfer-button', 'action-mode-whisper'])
      assert.equal(await eve.page.getByTestId(absent).count(), 0, absent);
    await eve.live.press('t');
    await x.waitForStatus(/You claimed it/);
    await x.stateBadge('claimed').waitFor();
    assert.match((await eve.live.takenOver.textContent()) ?? '', /Claimed by Eve \(you\)/);
    await waitUntil('the Say input has the focus', () =>
      eve.live.actionInput.evaluate((el) => el === document.activeElement),
    );
    assert.deepEqual(
      await eve.page
        .locator('[data-testid^=action-mode-]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
      ['action-mode-say'],
    );
    assert.equal(await x.transferButton.count(), 1, 'the holder may transfer');
    assert.equal(await eve.live.endButton.count(), 0, 'the agent completes rather than ends');

    await eve.page.keyboard.type('Hello, Eve here from collections.');
    await eve.page.keyboard.press('Enter');
    await eve.live.waitForLine('human', 'Eve here');
    await waitUntil('the customer got it', async () => (await heard(id)).includes('Hello, Eve here from collections.'));
    await x.complete({ resolution: 'follow_up', notes: 'Wants a call back' });
    await eve.live.actionBar.waitFor({ state: 'detached' });
    await waitUntil('the conversation ends', async () => (await serverDetail(id)).state === 'ended', 20_000);
    assert.ok((await escalations('resolved')).some((e) => e.sessionId === id && e.claimedBy?.name === 'Eve'));
  });

  it("transfer a taken-over call to a named available agent; the dialog shows the server's refusal; the agent sends it on to a queue", async () => {
    await presence('dee', 'available');
    await presence('eve', 'available');
    await presence('fay', 'offline');
    const dee = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
    pages.push(dee.live);
    await dee.login('dee@test.local', 'dee-password');
    await dee.waitForPresence('available');

    const p = await suite.signedIn(undefined, undefined, DESKTOP);
    const x = new InterventionsPage(p);
    const id = await start('voice');
    await p.row(id).waitFor();
    await p.openByClick(id);
    assert.equal(await x.transferButton.count(), 0, 'a call the AI holds is not transferred');
    await p.takeoverButton.click();
    await p.confirm();
    await x.stateBadge('human_active').waitFor();

    // The dialog: the focus inside, the available agents only, labelled fields.
    await x.openTransfer();
    assert.match((await x.dialog.getByRole('heading').textContent()) ?? '', /Transfer this call/);
    await waitUntil('the focus in the dialog', () => x.dialog.evaluate((d) => d.contains(document.activeElement)));
    for (const label of ['Queue', 'Priority', 'Note (optional)'])
      assert.equal(await x.dialog.getByLabel(label, { exact: true }).count(), 1, label);
    assert.equal(await x.page.getByTestId('transfer-submit').isDisabled(), true, 'nothing chosen yet');
    assert.deepEqual(
      await x.agentOptions(),
      ['Dee · billing', 'Eve · collections'],
      'available agents only (Fay is offline)',
    );
    assert.equal(await x.dialog.getByLabel('Person', { exact: true }).count(), 1);

    // Eve goes away after being picked: she stays in the list, marked, and the server's refusal shows under the picker.
    await x.fill({ agent: 'Eve' });
    await presence('eve', 'away');
    await x.dialog
      .locator('[data-testid=transfer-agent] option', { hasText: 'Eve (away now)' })
      .waitFor({ state: 'attached' });
    await x.submit();
    await x.fieldError('userId').waitFor();
    assert.match(
      (await x.fieldError('userId').textContent()) ?? '',
      /Eve is away: transfer to an available agent or to a queue/,
    );
    assert.equal(await x.page.getByTestId('transfer-agent').getAttribute('aria-invalid'), 'true');
    assert.equal((await serverDetail(id)).state, 'human_active', 'the refusal changed nothing');

    // Dee instead, with a note and a higher priority.
    await x.fill({ agent: 'Dee' }, { note: 'Billing question about a refund', priority: 'high' });
    await x.fieldError('userId').waitFor({ state: 'detached' });
    for (const dir of shots()) {
      await x.screenshot(`${dir}/transfer-dialog.png`);
      await x.screenshot(`${dir}/transfer-dialog-phone.png`, PHONE);
    }
    await x.submit();
    await x.dialog.waitFor({ state: 'detached' });
    await x.waitForStatus(/Transferred to Dee/);
    await x.stateBadge('claimed').waitFor();
    assert.match((await p.takenOver.textContent()) ?? '', /Claimed by Dee$/);
    await p.resumeButton.waitFor({ state: 'detached' });
    assert.equal(await p.modeButton('say').count(), 0, "Say is the holder's");
    const d = await serverDetail(id);
    assert.equal(d.takenOverBy?.name, 'Dee');
    assert.equal(d.escalation?.claimedBy?.name, 'Dee');
    assert.equal(d.escalation?.priority, 'high');
    assert.equal(d.escalation?.reason, 'Billing question about a refund');

    // Dee holds it at once, in the workspace; she sends it on to the collections queue.
    await dee.claimedCall.waitFor({ timeout: 15_000 });
    assert.equal(await dee.claimedCall.getAttribute('data-session-id'), id);
    await dee.waitForPresence('busy');
    const w = new InterventionsPage(dee.live);
    await w.openTransfer();
    await dee.page.locator('[data-testid=transfer-queue-chip]', { hasText: 'collections' }).click();
    assert.equal(await dee.page.getByTestId('transfer-queue').inputValue(), 'collections');
    await dee.page.getByTestId('transfer-queue').press('Enter');
    await w.dialog.waitFor({ state: 'detached' });
    await dee.claimedCall.waitFor({ state: 'detached' });
    assert.match((await dee.notice.textContent()) ?? '', /Transferred to queue collections/);
    await dee.waitForPresence('available');

    // Waiting in collections again: the supervisor's drawer offers Claim.
    await x.stateBadge('queued').waitFor();
    await x.claimButton.waitFor();
    const again = await waitUntil('waiting in collections', async () =>
      (await escalations('waiting')).find((e) => e.sessionId === id),
    );
    assert.equal(again.queue, 'collections');
  });
});
