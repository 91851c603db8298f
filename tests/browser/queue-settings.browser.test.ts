/**
 * Queue settings in real Chromium against the real server: an admin adds a queue on the Queues wallboard (its
 * threshold, its place in the order, a human agent who works it), sees it first with its own threshold, is told at the
 * field when the name is taken, changes a queue's threshold; a supervisor sees the wallboard without the settings.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import type { QueueStats } from '@livespace/protocol';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('Queue settings in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { post } = suite;
  let avaId = '';

  before(async () => {
    await post('/api/users', {
      email: 'sue@test.local',
      name: 'Sue Park',
      password: 'sue-password',
      role: 'supervisor',
    });
    const r = await post('/api/users', {
      email: 'ava@test.local',
      name: 'Ava Stone',
      password: 'ava-password',
      role: 'agent',
      queues: ['sales'],
    });
    avaId = ((await r.json()) as { user: { id: string } }).user.id;
  });

  const users = async () =>
    ((await (await suite.server.api('/api/users')).json()) as { items: Array<{ id: string; queues: string[] }> }).items;

  it('as an admin: adds a queue with its threshold, order and a member; a taken name is said at the field; changes a threshold', async () => {
    const p = await suite.signedIn();
    const page = p.page;
    await page.getByTestId('nav-queues').click();
    await page.getByTestId('queues-table').waitFor();

    await page.getByTestId('queue-new').click();
    const dialog = page.getByTestId('queue-settings-dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'qs-name', 'the focus is on the name');
    await page.getByLabel('Name').fill('vip');
    await page.getByLabel('Service level threshold (seconds)').fill('20');
    await page.getByLabel('Order (1 first; empty: last)').fill('1');
    await dialog.locator('[data-testid="qs-member"][data-name="Ava Stone"]').check();
    mkdirSync(`${ROOT}test-results`, { recursive: true });
    await page.screenshot({ path: `${ROOT}test-results/queue-settings-dialog.png` });
    await page.getByTestId('qs-submit').click();
    await dialog.waitFor({ state: 'detached' });

    // The wallboard shows it first (configured queues lead), with its own threshold.
    const first = page.getByTestId('queue-row').first();
    await waitUntil('vip first on the wallboard', async () => (await first.getAttribute('data-queue')) === 'vip');
    assert.equal(await first.getByTestId('queue-sla-threshold').innerText(), 'within 20 s');
    assert.deepEqual((await users()).find((u) => u.id === avaId)!.queues, ['sales', 'vip'], 'Ava works vip');
    await page.screenshot({ path: `${ROOT}test-results/queue-settings-wallboard.png` });

    // The same name again: said under the name, nothing added.
    await page.getByTestId('queue-new').click();
    await dialog.waitFor();
    await page.getByLabel('Name').fill('vip');
    await page.getByTestId('qs-submit').click();
    await page.getByTestId('qs-name-error').waitFor();
    assert.match(await page.getByTestId('qs-name-error').innerText(), /configured already/);
    assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true');
    await page.getByTestId('qs-cancel').click();
    await dialog.waitFor({ state: 'detached' });

    // Sales' settings: its members are shown checked; a new threshold reaches the figures.
    await page.locator('[data-testid="queue-row"][data-queue="sales"]').getByTestId('queue-configure').click();
    await dialog.waitFor();
    assert.equal(await dialog.locator('[data-testid="qs-member"][data-name="Ava Stone"]').isChecked(), true);
    await page.getByLabel('Service level threshold (seconds)').fill('45');
    await page.getByTestId('qs-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await waitUntil(
      'sales shows within 45 s',
      async () =>
        (await page
          .locator('[data-testid="queue-row"][data-queue="sales"]')
          .getByTestId('queue-sla-threshold')
          .innerText()) === 'within 45 s',
    );
    const figures = (await (await suite.server.api('/api/queues')).json()) as QueueStats[];
    assert.equal(figures.find((q) => q.name === 'sales')!.slaSeconds, 45);
    assert.deepEqual((await users()).find((u) => u.id === avaId)!.queues, ['sales', 'vip'], 'unchanged members stay');
  });

  it('as a supervisor: the wallboard without settings', async () => {
    const p = await suite.signedIn('sue@test.local', 'sue-password');
    await p.page.getByTestId('nav-queues').click();
    await p.page.getByTestId('queues-table').waitFor();
    assert.equal(await p.page.getByTestId('queue-new').count(), 0);
    assert.equal(await p.page.getByTestId('queue-configure').count(), 0);
  });
});
