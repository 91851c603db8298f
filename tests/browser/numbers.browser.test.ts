/**
 * Phone numbers in real Chromium against the real server: an admin maps a number with the form (checked as it is
 * typed; the server's word on a field shown on that field), maps it again to another agent (replacing it), and
 * deletes it after confirming; a supervisor sees the table read-only; a human agent has no Numbers section.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, beforeEach, describe, it } from 'node:test';
import { WorkspacePage } from './agent-workspace.page';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';
import { NumbersPage } from './numbers.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type PhoneNumber = { number: string; agentId: string; carrier: string; channels: string[] };

describe('Phone numbers in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { pages, post } = suite;
  const agentIds: Record<string, string> = {};

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    for (const a of agents) agentIds[a.name] = a.id;
    assert.ok(agentIds['Sales outreach'] && agentIds['Clinic reception'], `seed agents: ${Object.keys(agentIds)}`);
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

  async function numbers(): Promise<PhoneNumber[]> {
    return ((await (await suite.server.api('/api/numbers')).json()) as { items: PhoneNumber[] }).items;
  }

  // Each test starts without numbers.
  beforeEach(async () => {
    for (const n of await numbers())
      assert.equal(
        (await suite.server.api(`/api/numbers/${encodeURIComponent(n.number)}`, { method: 'DELETE' })).status,
        204,
      );
  });

  const map = (number: string, agent: string, carrier: string, channels: string[]) =>
    post('/api/numbers', { number, agentId: agentIds[agent], carrier, channels });

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  it('as an admin: an invalid number maps nothing; a valid one is listed; mapping it again replaces it; Delete asks first', async () => {
    const n = new NumbersPage(await suite.signedIn());
    await n.openFromNav();
    assert.equal(new URL(n.page.url()).pathname, '/numbers');
    await n.empty.waitFor();

    // Not a number: said under the field as it is typed, and nothing can be sent.
    await n.fill({ number: '415 555' });
    await n.numberError.waitFor();
    assert.match((await n.numberError.textContent()) ?? '', /too short/i);
    assert.equal(await n.numberInput.getAttribute('aria-invalid'), 'true');
    assert.equal(await n.submit.isDisabled(), true);
    await n.numberInput.press('Enter');
    assert.deepEqual(await numbers(), [], 'nothing was mapped');
    assert.equal(await n.rows.count(), 0);

    // No channel: said too, and nothing can be sent.
    await n.fill({ number: '(415) 555-0150', channels: [] });
    assert.match((await n.page.getByTestId('nf-channels-error').textContent()) ?? '', /at least one channel/i);
    assert.equal(await n.submit.isDisabled(), true);

    // The server's word on a field sits on that field (its answer stubbed once: the form already refuses what the
    // server would).
    await n.fill({ number: '(415) 555-0150', channels: ['voice'] });
    const refusal = {
      error: {
        code: 'invalid_phone',
        message: 'number: not a valid phone number (read as US; use +country code)',
        field: 'number',
      },
    };
    await n.page.route('**/api/numbers', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 422, json: refusal }) : route.fallback(),
    );
    await n.submit.click();
    await n.numberError.waitFor();
    assert.equal(await n.numberError.textContent(), 'Not a valid phone number (read as US; use +country code)');
    await n.page.unroute('**/api/numbers');
    assert.deepEqual(await numbers(), [], 'still nothing mapped');

    // A valid number, checked as typed (changing it clears the server's word), mapped to the clinic on the simulator
    // for voice and SMS.
    await n.fill({
      number: '415 555 0150',
      agent: 'Clinic reception',
      carrier: 'Simulator',
      channels: ['voice', 'sms'],
    });
    await n.numberNormalized.waitFor();
    assert.equal(await n.numberError.count(), 0);
    assert.equal(await n.numberNormalized.getAttribute('data-e164'), '+14155550150');
    assert.equal(await n.submit.textContent(), 'Map number');
    await n.submit.click();
    await n.row('+14155550150').waitFor();
    assert.equal(await n.saved.textContent(), '+1 415 555 0150 is now answered by Clinic reception');
    assert.deepEqual(await n.numbers(), [
      {
        number: '+14155550150',
        formatted: '+1 415 555 0150',
        agent: 'Clinic reception',
        carrier: 'Simulator',
        channels: ['Voice', 'SMS'],
      },
    ]);
    assert.equal(await n.numberInput.inputValue(), '', 'the form is ready for the next number');
    assert.deepEqual(
      (await numbers()).map((x) => [x.number, x.agentId, x.carrier, x.channels.join()]),
      [['+14155550150', agentIds['Clinic reception'], 'simulator', 'voice,sms']],
    );

    // The same number again (typed another way): the form says it is mapped; saving replaces the mapping.
    await n.fill({ number: '+1 415-555-0150', agent: 'Sales outreach', carrier: 'Twilio', channels: ['voice'] });
    await n.existing.waitFor();
    assert.match(
      (await n.existing.textContent()) ?? '',
      /Already mapped to Clinic reception \(Simulator · Voice, SMS\)/,
    );
    assert.equal(await n.submit.textContent(), 'Replace mapping');
    await n.submit.click();
    await waitUntil('the row shows the new agent', async () => (await n.numbers())[0]?.agent === 'Sales outreach');
    assert.deepEqual(await n.numbers(), [
      {
        number: '+14155550150',
        formatted: '+1 415 555 0150',
        agent: 'Sales outreach',
        carrier: 'Twilio',
        channels: ['Voice'],
      },
    ]);
    assert.match((await n.saved.textContent()) ?? '', /now answered by Sales outreach \(mapping replaced\)/);
    assert.deepEqual(
      (await numbers()).map((x) => [x.number, x.agentId, x.carrier]),
      [['+14155550150', agentIds['Sales outreach'], 'twilio']],
    );

    // Edit fills the form with the row's mapping.
    await n.editButton('+14155550150').click();
    await waitUntil('the form shows the number', async () => (await n.numberInput.inputValue()) === '+1 415 555 0150');
    assert.equal(await n.page.getByTestId('nf-agent').inputValue(), agentIds['Sales outreach']);
    assert.equal(await n.page.getByTestId('nf-carrier').inputValue(), 'twilio');
    assert.equal(await n.submit.textContent(), 'Replace mapping');

    // Delete asks first: backing out keeps it; confirming deletes it.
    await n.deleteButton('+14155550150').click();
    await n.confirmDialog.waitFor();
    assert.match(
      (await n.confirmDialog.textContent()) ?? '',
      /Delete \+1 415 555 0150\?.*no longer be answered by Sales outreach/,
    );
    await n.page.getByTestId('confirm-no').click();
    await n.confirmDialog.waitFor({ state: 'detached' });
    assert.equal(await n.rows.count(), 1);
    assert.equal((await numbers()).length, 1);

    await n.deleteButton('+14155550150').click();
    await n.page.getByTestId('confirm-yes').click();
    await n.row('+14155550150').waitFor({ state: 'detached' });
    await n.empty.waitFor();
    assert.match((await n.notice.textContent()) ?? '', /\+1 415 555 0150 deleted/);
    assert.deepEqual(await numbers(), []);
  });

  it('as a supervisor: the numbers, read-only (no form, no Edit or Delete)', async () => {
    await map('+14155550150', 'Clinic reception', 'twilio', ['voice', 'whatsapp']);
    const n = new NumbersPage(await suite.signedIn('sue@test.local', 'sue-password'));
    await n.openFromNav();
    await n.row('+14155550150').waitFor();
    assert.deepEqual(await n.numbers(), [
      {
        number: '+14155550150',
        formatted: '+1 415 555 0150',
        agent: 'Clinic reception',
        carrier: 'Twilio',
        channels: ['Voice', 'WhatsApp'],
      },
    ]);
    assert.equal(await n.form.count(), 0, 'no form');
    assert.equal(await n.page.getByTestId('number-edit').count(), 0);
    assert.equal(await n.page.getByTestId('number-delete').count(), 0);
    assert.match((await n.page.getByTestId('numbers-read-only').textContent()) ?? '', /only admins/i);
  });

  it('as a human agent: no Numbers in the navigation, and /numbers is not for them (nothing is fetched)', async () => {
    await map('+14155550150', 'Clinic reception', 'twilio', ['voice']);
    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
    pages.push(w.live);
    const asked: string[] = [];
    w.page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/numbers')) asked.push(r.url());
    });
    await w.login('ava@test.local', 'ava-password');
    await w.page.getByTestId('nav-live').waitFor();
    assert.equal(await w.page.getByTestId('nav-numbers').count(), 0, 'no Numbers entry');
    assert.ok((await w.page.getByTestId('nav-campaigns').count()) === 1, 'the other sections are there');

    await w.page.goto(`${suite.server.url}/numbers`);
    const n = new NumbersPage(w.live);
    await n.notAllowed.waitFor();
    assert.match((await n.notAllowed.textContent()) ?? '', /Not available to you.*admins and supervisors/);
    assert.equal(await n.form.count(), 0);
    assert.equal(await n.rows.count(), 0);
    assert.deepEqual(asked, [], 'the page did not ask for the numbers');
    await w.page.getByTestId('not-allowed-home').click();
    await w.page.getByTestId('agent-workspace').waitFor();
  });

  it('screenshots the Numbers view', async () => {
    await map('+14155550150', 'Clinic reception', 'twilio', ['voice', 'sms']);
    await map('+14155550151', 'Sales outreach', 'twilio', ['voice']);
    await map('+442079460018', 'Collections — overdue balance', 'twilio', ['voice', 'sms', 'whatsapp']);
    await map('+15005550006', 'Sales outreach', 'simulator', ['voice']);
    const n = new NumbersPage(await suite.signedIn());
    await n.openFromNav();
    await n.row('+442079460018').waitFor();
    await n.fill({
      number: '+1 415 555 0151',
      agent: 'Clinic reception',
      carrier: 'Twilio',
      channels: ['voice', 'whatsapp'],
    });
    await n.existing.waitFor();
    for (const dir of shots()) await n.page.screenshot({ path: `${dir}/numbers.png` });
  });
});
