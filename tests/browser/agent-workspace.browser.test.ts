/**
 * Human agents in real Chromium against the real server: the Agent workspace (status, the waiting callers
 * of one's queues, two agents racing to claim the same caller, Say, Listen/Talk, Complete) and the
 * supervisor's Queues wallboard and Live Calls strip, all moving live on the topics.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { WorkspacePage } from './agent-workspace.page';
import { waitUntil } from './live-calls.page';
import { queueApi } from './queue-api';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('Agent workspace and queues in Chromium', () => {
  // The agents' pages close between tests: keep them from being taken offline as "gone" meanwhile.
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_AGENT_GONE_MS: '3600000' } });
  const { pages, calls, post } = suite;
  let collections: string;
  const tokens: Record<string, string> = {};
  const { presence, heard, escalations, escalatedCall, addAgent, aiAgentId } = queueApi(suite, tokens);

  before(async () => {
    collections = await aiAgentId(/Collections/);
    await addAgent('ava', 'Ava', ['collections']);
    await addAgent('ben', 'Ben', ['collections']);
    await addAgent('cal', 'Cal', ['sales']);
    await post('/api/users', {
      email: 'sue@test.local',
      name: 'Sue Park',
      password: 'sue-password',
      role: 'supervisor',
    });
  });

  async function serverSession(id: string): Promise<{ state: string; endReason: string | null }> {
    return (await (await suite.server.api(`/api/sessions/${id}`)).json()) as {
      state: string;
      endReason: string | null;
    };
  }

  async function open(
    path: string,
    who: string,
    password: string,
    view: 'agent-workspace' | 'queues-view' | 'live-calls' = 'agent-workspace',
    viewport?: { width: number; height: number },
  ): Promise<WorkspacePage> {
    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, path, viewport);
    pages.push(w.live);
    await w.login(who, password, view);
    return w;
  }

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  it('two agents see the caller; both claim at once: exactly one gets the call, the other sees it go; Say, Talk and Complete', async (t) => {
    // Ava opens the workspace's address; Ben signs in at /login and lands there as an agent.
    const ava = await open('/agent', 'ava@test.local', 'ava-password');
    const ben = await open('/login', 'ben@test.local', 'ben-password');
    assert.equal(ben.pathname(), '/agent', 'an agent signing in lands in the workspace');
    await ava.setPresence('available');
    await ben.setPresence('away');
    await ben.setPresence('available');
    assert.equal(await ben.presence(), 'available');

    const { sessionId, escalation } = await escalatedCall();
    for (const w of [ava, ben]) await w.escalation(sessionId).waitFor({ timeout: 15_000 });
    const card = ava.escalation(sessionId);
    assert.equal(await card.getAttribute('data-queue'), 'collections');
    assert.equal(await card.getByTestId('priority-badge').getAttribute('data-priority'), 'high');
    assert.match((await card.getByTestId('escalation-caller').textContent()) ?? '', /^\+\d+/);
    assert.ok(
      ((await card.getByTestId('escalation-line').textContent()) ?? '').length > 0,
      'a preview of the conversation',
    );
    assert.equal(await ava.waitingCount(), '1');
    // The wait ticks in the page (no polling): it grows by itself.
    const w0 = await ava.waitSeconds(sessionId);
    await waitUntil('the wait to tick', async () => (await ava.waitSeconds(sessionId)) >= w0 + 2, 10_000);

    // Both click Claim at about the same time.
    const clicked = await Promise.allSettled([
      ava.claimButton(sessionId).click({ timeout: 5000 }),
      ben.claimButton(sessionId).click({ timeout: 5000 }),
    ]);
    const [winner, loser] = await waitUntil('one agent holds the call', async () => {
      const a = await ava.claimedCall.count();
      const b = await ben.claimedCall.count();
      return a + b === 1 ? (a ? [ava, ben] : [ben, ava]) : null;
    });
    const winnerName = winner === ava ? 'Ava' : 'Ben';
    const loserName = winner === ava ? 'Ben' : 'Ava';
    const claimed = await waitUntil('the claim on the server', async () =>
      (await escalations('claimed')).find((e) => e.id === escalation.id),
    );
    assert.equal(claimed.claimedBy?.name, winnerName, 'the page that shows the call is the one the server gave it to');
    // The page may show the call (pushed on the topic) before its own claim's answer arrives: wait for the answer.
    await waitUntil("the winner's claim answered", () => winner.claims.some((c) => c.id === escalation.id));
    assert.deepEqual(
      winner.claims.filter((c) => c.id === escalation.id).map((c) => c.status),
      [200],
    );

    // The loser: the caller leaves its list; a refused claim says who was first.
    await loser.escalation(sessionId).waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await loser.claimedCall.count(), 0);
    await loser.noCall.waitFor();
    await waitUntil("the loser's claims answered", async () => loser.claims.length === loser.claimsSent);
    const loserClaims = loser.claims.filter((c) => c.id === escalation.id).map((c) => c.status);
    t.diagnostic(
      `${winnerName} won; ${loserName}'s claims: ${loserClaims.join(',') || 'none sent (the caller had left its list)'}`,
    );
    assert.ok(
      loserClaims.every((s) => s === 409),
      `the loser's claims were refused: ${loserClaims.join(',')}`,
    );
    if (loserClaims.length > 0) {
      await loser.notice.waitFor();
      assert.equal(await loser.notice.getAttribute('data-kind'), 'error');
      assert.match((await loser.notice.textContent()) ?? '', new RegExp(`Can't claim: ${winnerName} claimed it first`));
    } else {
      // Its click came after the caller had already left its list: nothing was sent, nothing to say.
      assert.equal(clicked.filter((c) => c.status === 'fulfilled').length, 1, 'only the winner clicked a Claim button');
    }
    assert.equal(await loser.waitingCount(), '0');
    assert.equal(await loser.presence(), 'available', `${loserName} is still available`);

    // The winner holds the call: busy, the conversation so far, the Say input focused.
    await winner.waitForPresence('busy');
    await winner.page.getByTestId('presence-busy').waitFor();
    assert.equal(await winner.page.getByTestId('presence-away').isDisabled(), true, 'no status change while busy');
    await winner.page.locator('[data-testid=claimed-state] [data-testid=state-badge][data-state=claimed]').waitFor();
    await winner.live.waitForLine('caller', 'real person');
    assert.equal(await winner.waitingCount(), '0');
    await waitUntil('the Say input has the focus', () =>
      winner.sayInput.evaluate((el) => el === document.activeElement),
    );

    const typed = `Hello, this is ${winnerName} from the collections team. How can I help?`;
    await winner.say(typed);
    const line = await winner.live.waitForLine('human', 'from the collections team');
    assert.equal(line.by, winnerName);
    await waitUntil('the caller heard the typed words', async () => (await heard(sessionId)).includes(typed));

    // Listen, then Talk: the holder of a claimed call may use the microphone (the server takes it).
    await winner.live.listenButton.click();
    await winner.live.waitForListening(20_000);
    await winner.live.talkButton.click();
    await waitUntil('the microphone is on', async () => (await winner.live.talkState()) === 'on', 15_000);
    assert.equal(await loser.live.listenControls.count(), 0);

    // The caller answers; then the winner completes: follow-up, with notes.
    await post(`/api/simulator/calls/${sessionId}/say`, { text: 'I would like a payment plan please' });
    await winner.live.waitForLine('caller', 'payment plan');
    await winner.complete({ resolution: 'follow_up', notes: 'Wants a payment plan' });
    await winner.claimedCall.waitFor({ state: 'detached' });
    await winner.noCall.waitFor();
    await winner.notice.waitFor();
    assert.match((await winner.notice.textContent()) ?? '', /Call completed: follow-up needed/);
    await winner.waitForPresence('available');
    assert.equal(await winner.live.listenControls.count(), 0, 'the audio was left');

    await waitUntil('the call to end', async () => (await serverSession(sessionId)).state === 'ended');
    assert.equal((await serverSession(sessionId)).endReason, 'completed');
    assert.ok(
      (await escalations('resolved')).some((e) => e.id === escalation.id),
      'the escalation is resolved',
    );
    assert.equal(
      (await escalations('claimed')).some((e) => e.id === escalation.id),
      false,
    );
    assert.equal(await winner.escalation(sessionId).count(), 0);
    assert.equal(await loser.escalation(sessionId).count(), 0);
  });

  it('an agent sees only its own queues; busy agents cannot claim a second caller; hand back to the AI', async () => {
    await presence('ava', 'available');
    const ava = await open('/agent', 'ava@test.local', 'ava-password');
    const cal = await open('/agent', 'cal@test.local', 'cal-password');
    await ava.waitForPresence('available');
    const first = await escalatedCall();
    const second = await escalatedCall();
    await ava.escalation(first.sessionId).waitFor();
    await ava.escalation(second.sessionId).waitFor();
    assert.deepEqual(
      await ava.waitingSessionIds(),
      [first.sessionId, second.sessionId],
      'same priority: the longest wait first',
    );
    assert.equal(await cal.waiting.count(), 0, 'Cal works sales only');
    assert.equal(await cal.waitingCount(), '0');

    await ava.claimButton(first.sessionId).click();
    await ava.claimedCall.waitFor();
    await waitUntil('Claim is off while busy', () => ava.claimButton(second.sessionId).isDisabled());
    assert.match((await ava.claimButton(second.sessionId).getAttribute('title')) ?? '', /Complete your call/);

    await ava.complete({ resolution: 'resolved', returnToAi: true });
    await ava.claimedCall.waitFor({ state: 'detached' });
    assert.match((await ava.notice.textContent()) ?? '', /Handed back to the AI/);
    await waitUntil(
      'the AI has the call again',
      async () => (await serverSession(first.sessionId)).state === 'ai_active',
    );
    await ava.waitForPresence('available');
    await waitUntil('Claim is on again', async () => !(await ava.claimButton(second.sessionId).isDisabled()));
    // The second caller is left to the clean-up (hung up after the test: abandoned).
  });

  it('the wallboard and the Live Calls strip move live as a caller waits and is claimed', async () => {
    await presence('ava', 'available');
    const sue = await open('/', 'sue@test.local', 'sue-password', 'live-calls');
    // From Live Calls to the wallboard through the top bar.
    await sue.page.getByTestId('queue-strip').waitFor();
    await sue.page.getByTestId('nav-queues').click();
    await sue.page.getByTestId('queues-view').waitFor();
    await sue.page.getByTestId('queues-loading').waitFor({ state: 'detached' });
    assert.equal(sue.pathname(), '/queues');
    assert.equal(await sue.page.getByTestId('nav-queues').getAttribute('aria-current'), 'page');
    const strip = await open('/', suite.server.adminEmail, suite.server.adminPassword, 'live-calls');

    await waitUntil('collections on the wallboard', async () => (await sue.queueWaiting('collections')) >= 0);
    const before = await sue.queueWaiting('collections');
    const answeredBefore = Number(await sue.queueCell('collections', 'answered'));
    const busyBefore = Number(await sue.queueCell('collections', 'busy'));
    assert.equal(await sue.agentStatus('Ava'), 'available');
    assert.equal(await strip.stripWaiting('collections'), before);

    const { sessionId, escalation } = await escalatedCall();
    await waitUntil(
      'one more waiting on the wallboard',
      async () => (await sue.queueWaiting('collections')) === before + 1,
    );
    await waitUntil(
      'one more waiting on the strip',
      async () => (await strip.stripWaiting('collections')) === before + 1,
    );
    // The longest wait ticks in the page.
    const longest = sue.queueRow('collections').getByTestId('queue-longest-wait');
    const l0 = Number(await longest.getAttribute('data-seconds'));
    await waitUntil(
      'the longest wait to tick',
      async () => Number(await longest.getAttribute('data-seconds')) >= l0 + 2,
      10_000,
    );
    await sue.page
      .locator(`[data-testid=wallboard-waiting] [data-testid=escalation][data-session-id="${sessionId}"]`)
      .waitFor();

    // A supervisor's urgent escalation in another queue, for a fuller board.
    const { sessionId: vip } = (await (
      await post('/api/simulator/calls', { persona: 'manual', agentId: collections })
    ).json()) as { sessionId: string };
    calls.push(vip);
    await waitUntil('the AI greeting', async () => (await heard(vip)).length > 0, 20_000);
    await post(`/api/sessions/${vip}/escalate`, { queue: 'sales', priority: 'urgent', reason: 'VIP customer' });
    await waitUntil('sales waiting', async () => (await sue.queueWaiting('sales')) >= 1);
    await waitUntil(
      'the urgent caller first',
      async () =>
        (await sue.page
          .locator('[data-testid=wallboard-waiting] [data-testid=escalation]')
          .first()
          .getAttribute('data-session-id')) === vip,
    );
    await new Promise((r) => setTimeout(r, 2500)); // waits visibly ticking
    for (const dir of shots()) await sue.screenshot(`${dir}/queues.png`);

    // Ava claims: the figures follow, live.
    assert.equal((await post(`/api/escalations/${escalation.id}/claim`, {}, tokens.ava)).status, 200);
    await waitUntil(
      'back to the previous waiting figure',
      async () => (await sue.queueWaiting('collections')) === before,
    );
    await waitUntil('the strip too', async () => (await strip.stripWaiting('collections')) === before);
    await waitUntil('Ava busy on the wallboard', async () => (await sue.agentStatus('Ava')) === 'busy');
    await waitUntil(
      'one more busy agent in collections',
      async () => Number(await sue.queueCell('collections', 'busy')) === busyBefore + 1,
    );
    await waitUntil(
      'one more answered',
      async () => Number(await sue.queueCell('collections', 'answered')) === answeredBefore + 1,
    );
    await sue.page
      .locator(`[data-testid=wallboard-waiting] [data-testid=escalation][data-session-id="${sessionId}"]`)
      .waitFor({ state: 'detached' });

    assert.equal(
      (await post(`/api/escalations/${escalation.id}/complete`, { resolution: 'resolved' }, tokens.ava)).status,
      200,
    );
    await waitUntil('Ava available again', async () => (await sue.agentStatus('Ava')) === 'available');
  });

  it('screenshots the workspace with a claimed call and callers waiting', async () => {
    await presence('ben', 'available');
    const ben = await open('/agent', 'ben@test.local', 'ben-password', 'agent-workspace', { width: 1440, height: 900 });
    await ben.waitForPresence('available');
    const mine = await escalatedCall();
    const other = await escalatedCall();
    const { sessionId: urgent } = (await (
      await post('/api/simulator/calls', { persona: 'manual', agentId: collections })
    ).json()) as { sessionId: string };
    calls.push(urgent);
    await waitUntil('the AI greeting', async () => (await heard(urgent)).length > 0, 20_000);
    await post(`/api/sessions/${urgent}/escalate`, {
      queue: 'collections',
      priority: 'urgent',
      reason: 'disputed charge',
    });
    await ben.escalation(urgent).waitFor();
    await ben.escalation(other.sessionId).waitFor();
    assert.equal((await ben.waitingSessionIds())[0], urgent, 'urgent first');

    await ben.claimButton(mine.sessionId).click();
    await ben.claimedCall.waitFor();
    await ben.live.waitForLine('caller', 'real person');
    await ben.say("Hi, I'm Ben from Northwind collections. I can help with your balance.");
    await ben.live.waitForLine('human', 'Northwind collections');
    await post(`/api/simulator/calls/${mine.sessionId}/say`, {
      text: 'Thanks. Can I split the payment into three parts?',
    });
    await ben.live.waitForLine('caller', 'three parts');
    await ben.page.getByTestId('complete-resolution').selectOption('follow_up');
    await ben.page.getByTestId('complete-notes').fill('Offer the 3-month plan; send the form by email');
    await ben.sayInput.fill('Yes, we can set that up');
    await new Promise((r) => setTimeout(r, 2500)); // waits visibly ticking, highlights settled
    for (const dir of shots()) await ben.screenshot(`${dir}/agent-workspace.png`);

    await ben.complete({ resolution: 'follow_up', notes: 'Offer the 3-month plan' });
    await ben.claimedCall.waitFor({ state: 'detached' });
    await ben.waitForPresence('available');
  });
});
