/**
 * The Content-Security-Policy in real Chromium against the real server: the built app, signed in, goes through every
 * section of the top bar with something in it (Live Calls with a session drawer, a health popover, Listen and the
 * Dial Now dialog; the Agent workspace with a caller waiting; Messages with a conversation open; Queues; Callbacks;
 * Campaigns with the New campaign form, and a campaign's calls opened by a page load; Numbers) without a single
 * violation. The same check runs after every browser test (browser-suite.ts); this one makes sure every view is seen,
 * and that the check itself catches a violation.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { waitUntil, type LiveCallsPage } from './live-calls.page';

/** Lets a violation event (dispatched as a task, then sent over the binding) reach the test. */
const settle = () => new Promise((r) => setTimeout(r, 500));

describe('Content-Security-Policy in Chromium', () => {
  // Silences count after 2 s: the silent call gets a health mark (and its popover) to look at.
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_SILENCE_WARN_SECONDS: '2' } });
  const { calls, post } = suite;
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
  });

  async function place(persona: string, agent: string, channel: 'voice' | 'sms' = 'voice'): Promise<string> {
    const { sessionId } = (await (
      await post('/api/simulator/calls', { persona, agentId: agentIds[agent], channel })
    ).json()) as { sessionId: string };
    calls.push(sessionId);
    return sessionId;
  }

  /** Opens a section from the top bar and waits until it has its data. */
  async function section(p: LiveCallsPage, nav: string, view: string, loading: string): Promise<void> {
    await p.page.getByTestId(`nav-${nav}`).click();
    await p.page.getByTestId(view).first().waitFor();
    await p.page.getByTestId(loading).waitFor({ state: 'detached' });
  }

  it('every view of the app runs under the policy without a violation', async () => {
    const p = await suite.signedIn();
    const { page } = p;
    const header = (await page.request.get(suite.server.url)).headers()['content-security-policy'] ?? '';
    assert.match(header, /script-src 'self'/, 'the page is served with the full policy');

    // Live Calls: a silent voice call (health mark, popover), its drawer, Listen (WebRTC into <audio>), Dial Now.
    const silent = await place('manual', 'Clinic reception');
    await p.row(silent).waitFor();
    await page
      .locator(`[data-testid=session-row][data-session-id="${silent}"] [data-testid=health-mark]`)
      .waitFor({ timeout: 20_000 });
    await p.healthMark(silent).hover();
    await p.healthPopover.waitFor();
    await p.openByClick(silent);
    await p.actionBar.waitFor();
    await p.transcriptLines.first().waitFor({ timeout: 20_000 });
    await p.listenButton.click();
    await p.waitForListening();
    await waitUntil('the call plays in the audio element', () =>
      p.listenAudio.evaluate(
        (el) => (el as HTMLAudioElement).srcObject instanceof MediaStream && !(el as HTMLAudioElement).paused,
      ),
    );
    await p.listenButton.click();
    await page.locator('[data-testid=listen-controls][data-phase=idle]').waitFor();
    await page.getByTestId('dial-now-button').click();
    await page.getByTestId('dial-now-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('dial-now-dialog').waitFor({ state: 'detached' });

    // Agent workspace: a Collections caller who asks for a person waits there.
    const asking = await place('manual', 'Collections — overdue balance');
    await p.row(asking).waitFor();
    await waitUntil(
      'the AI greeting',
      async () =>
        ((await (await suite.server.api(`/api/simulator/calls/${asking}`)).json()) as { heard: unknown[] }).heard
          .length > 0,
      20_000,
    );
    await post(`/api/simulator/calls/${asking}/say`, { text: 'I want to speak to a real person please' });
    await section(p, 'agent', 'agent-workspace', 'escalations-loading');
    await page.getByTestId('escalation').first().waitFor({ timeout: 20_000 });

    // Messages: an SMS conversation, opened in its drawer.
    const sms = await place('interested', 'Sales outreach', 'sms');
    await section(p, 'messages', 'messages-view', 'messages-loading');
    await page.locator(`[data-testid=conversation-row][data-session-id="${sms}"]`).click();
    await page.locator(`[data-testid=session-detail][data-session-id="${sms}"]`).waitFor();

    // Queues and Callbacks.
    await section(p, 'queues', 'queues-view', 'queues-loading');
    await page.getByTestId('queues-table').waitFor();
    await section(p, 'callbacks', 'callbacks-view', 'callbacks-loading');

    // Campaigns: the list with a campaign, the New campaign form, and a campaign's calls opened by a page load.
    const created = await suite.server.api('/api/campaigns', {
      method: 'POST',
      json: { name: 'CSP check', agentId: agentIds['Sales outreach'], maxConcurrentCalls: 1 },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const campaign = (await created.json()) as { id: string };
    await section(p, 'campaigns', 'campaigns-view', 'campaigns-loading');
    await page.locator(`[data-testid=campaign-card][data-campaign-id="${campaign.id}"]`).waitFor();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-form').waitFor();
    await page.getByTestId('campaign-form-close').click();
    await page.getByTestId('campaign-form').waitFor({ state: 'detached' });
    await page.goto(`${suite.server.url}/campaigns/${campaign.id}/calls`);
    await page.getByTestId('campaign-calls').waitFor();
    await page.getByTestId('campaign-calls-loading').waitFor({ state: 'detached' });

    // Numbers (an admin: with its form).
    await section(p, 'numbers', 'numbers-view', 'numbers-loading');

    // Back to Live Calls, the drawer open again.
    await p.page.getByTestId('nav-live').click();
    await p.openByClick(silent);

    await settle();
    assert.deepEqual(p.cspViolations, [], 'no Content-Security-Policy violation');

    // The check catches one: a <style> element added at runtime is refused, and reported.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red }';
      document.head.append(style);
    });
    await waitUntil(
      'the violation is reported',
      () => p.cspViolations.some((v) => v.startsWith('style-src-elem blocked inline')),
      5_000,
    );
    p.cspViolations.splice(0); // the deliberate one
  });
});
