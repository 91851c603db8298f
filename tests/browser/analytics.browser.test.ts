/**
 * Analytics in real Chromium against the real server: two simulated calls that ended show in Today's figures (the
 * tiles, the conversations chart's accessible table and caption, the AI agents' table), the period and bucket live in
 * the URL (a link opens the same), a past period says it is empty, each CSV link answers text/csv with the cookie the
 * login set; a supervisor sees the view; a human agent has no entry and is told /analytics is not theirs; the figures
 * move while the view is open (fetched again every 30 s). Screenshots at 1440×900 and 390×844.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { WorkspacePage } from './agent-workspace.page';
import { AnalyticsPage } from './analytics.page';
import { browserSuite } from './browser-suite';
import { waitUntil } from './live-calls.page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('Analytics in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none' } });
  const { pages, post } = suite;
  const agentIds: Record<string, string> = {};

  const shots = () => {
    const dirs = [`${ROOT}test-results`, ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs`] : [])];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  /** A simulated call to `agent` that the admin then ends (no person ever joins: contained). */
  async function endedCall(agent: string, from: string): Promise<string> {
    const r = await post('/api/simulator/calls', { persona: 'manual', agentId: agentIds[agent], from });
    const { sessionId } = (await r.json()) as { sessionId: string };
    await post(`/api/sessions/${sessionId}/end`);
    await waitUntil(
      `session ${sessionId} to end`,
      async () =>
        ((await (await suite.server.api(`/api/sessions/${sessionId}`)).json()) as { state: string }).state === 'ended',
      30_000,
    );
    return sessionId;
  }

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    for (const a of agents) agentIds[a.name] = a.id;
    assert.ok(agentIds['Clinic reception'] && agentIds['Sales outreach'], `seed agents: ${Object.keys(agentIds)}`);
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
    await endedCall('Clinic reception', '+14155550101');
    await endedCall('Sales outreach', '+14155550102');
  });

  it('as an admin: Today shows the two calls, contained, in the tiles, the chart and the tables; the period is in the URL', async () => {
    const a = new AnalyticsPage(await suite.signedIn());
    const { page } = a;
    await a.openFromNav();
    assert.equal(new URL(page.url()).pathname, '/analytics');
    assert.equal(await a.navItem.getAttribute('aria-current'), 'page');
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    assert.equal(await page.getByTestId('analytics-zone').textContent(), `Times in ${zone}`);

    // Another period, then Today: each in the URL.
    await a.pickPeriod('7d');
    assert.equal(await a.search(), '?period=7d');
    assert.equal(await page.getByTestId('analytics-period-label').textContent(), 'Last 7 days');
    assert.equal(await a.chart('conversations').getAttribute('data-points'), '7', 'a bar a day');
    await a.pickPeriod('today');
    assert.equal(await a.search(), '?period=today');
    assert.equal(await page.getByTestId('analytics-period-label').textContent(), 'Today');

    // The figures: two conversations, both contained by the AI.
    assert.equal(await a.tileText('conversations'), '2');
    assert.equal(await a.tile('conversations').getAttribute('data-value'), '2');
    assert.match((await a.page.getByTestId('tile-by-channel').textContent()) ?? '', /Voice\s*2/);
    assert.match((await a.page.getByTestId('tile-by-direction').textContent()) ?? '', /Inbound\s*2/);
    assert.equal(await a.tileText('containment'), '100%');
    assert.equal(await a.tileText('escalation'), '0%');
    assert.match((await a.tile('containment').textContent()) ?? '', /2 of 2 ended without a person/);
    assert.match(await a.tileText('handle'), /^\d\d:\d\d$/);
    assert.equal(await a.tileText('service-level'), '—', 'nobody waited');

    // The conversations chart, read as text: its caption and its accessible table (one row an hour of today).
    assert.equal(await a.chartTotal('conversations', 'conversations'), 2);
    assert.equal(await a.chartTableSum('conversations', 'conversations'), 2);
    const hours = Number(await a.chart('conversations').getAttribute('data-points'));
    assert.ok(hours >= 23 && hours <= 25, `an hour a row: ${hours}`);
    const rows = await a.chartRows('conversations');
    assert.equal(rows.length, hours);
    assert.equal(rows[0]![0]!.replace(/[\u202f\u00a0]/g, ' '), '12:00 AM', 'from local midnight (en-US)');
    assert.equal(await a.chartTotal('outcomes', 'contained'), 2);
    assert.equal(await a.chartTotal('outcomes', 'escalated'), 0);
    assert.equal((await page.locator('[data-testid=chart-conversations] canvas').count()) > 0, true, 'drawn by uPlot');

    // By AI agent, with the agents' names.
    const byAgent = await page
      .getByTestId('by-agent-row')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector('th')?.textContent,
          tr.querySelector('[data-testid=by-agent-conversations]')?.textContent,
        ]),
      );
    assert.deepEqual(byAgent.sort(), [
      ['Clinic reception', '1'],
      ['Sales outreach', '1'],
    ]);
    // The human agent, who handled nothing; the admin's two End actions.
    assert.deepEqual(
      await page
        .getByTestId('human-agent-row')
        .evaluateAll((trs) => trs.map((tr) => tr.querySelector('th')?.textContent)),
      ['Ava'],
    );
    assert.match((await page.getByTestId('interventions-row').first().textContent()) ?? '', /2/);
    assert.equal(
      await page.getByTestId('interventions-followed').first().textContent(),
      '2 ended by them',
      'what followed: they ended both',
    );
    assert.match(
      (await page.getByTestId('analytics-updated').textContent()) ?? '',
      /^Updated \d{1,2}:\d\d:\d\d\s[AP]M/,
    );

    // The keyboard: arrows move within the period's radio group.
    await page.getByTestId('period-today').focus();
    await page.keyboard.press('ArrowRight');
    await a.waitForFigures();
    assert.equal(await a.search(), '?period=7d');

    // Hours over 7 days, in the URL; a link opens the same.
    await a.pickBucket('hour');
    assert.equal(await a.search(), '?period=7d&bucket=hour');
    assert.ok(Number(await a.chart('conversations').getAttribute('data-points')) >= 7 * 24 - 1);
    assert.equal(await a.chartTableSum('conversations', 'conversations'), 2);

    // Custom: starts from the period shown; one day, the same figures; a past week is empty.
    await a.pickPeriod('today');
    await a.pickPeriod('custom');
    const today = await page.getByTestId('analytics-from').inputValue();
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(await page.getByTestId('analytics-to').inputValue(), today);
    assert.equal(await a.search(), `?from=${today}&to=${today}`);
    assert.equal(await a.tileText('conversations'), '2');

    const other = new AnalyticsPage(await suite.signedIn());
    await other.goto(`/analytics?from=${today}&to=${today}&bucket=day`);
    assert.equal(await other.page.getByTestId('period-custom').isChecked(), true);
    assert.equal(await other.page.getByTestId('bucket-day').isChecked(), true);
    assert.equal(await other.chart('conversations').getAttribute('data-points'), '1');
    assert.equal(await other.tileText('conversations'), '2');

    await page.getByTestId('analytics-from').fill('2025-01-06');
    await page.getByTestId('analytics-to').fill('2025-01-12');
    await a.waitForFigures();
    assert.equal(await a.search(), '?from=2025-01-06&to=2025-01-12');
    await page.getByTestId('analytics-empty').waitFor();
    assert.equal(await a.tileText('conversations'), '0');
    assert.equal(await a.tileText('containment'), '—');
    // The last day before the first: said beside the field, nothing asked.
    await page.getByTestId('analytics-to').fill('2025-01-01');
    await page.getByTestId('analytics-period-problem').waitFor();
    assert.match((await page.getByTestId('analytics-period-problem').textContent()) ?? '', /before the first/);
    assert.equal(await page.getByTestId('analytics-to').getAttribute('aria-invalid'), 'true');
  });

  it('the CSV links answer text/csv, signed in by the login cookie (a plain download link)', async () => {
    const a = new AnalyticsPage(await suite.signedIn());
    await a.openFromNav();
    await a.pickPeriod('today');
    const summary = await a.page.getByTestId('csv-summary').getAttribute('href');
    assert.match(summary ?? '', /^\/api\/analytics\/summary\?from=.+&to=.+&tz=.+&format=csv$/);
    const r = await a.page.request.get(`${suite.server.url}${summary}`);
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type'] ?? '', /^text\/csv/);
    const text = await r.text();
    assert.ok(text.startsWith('figure,key,value\r\n'), text.slice(0, 80));
    assert.ok(text.includes('conversations,,2\r\n'));

    // Clicked, the browser downloads it.
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.getByTestId('csv-summary').click()]);
    assert.equal(download.suggestedFilename(), 'analytics-summary.csv');
    assert.ok(
      readFileSync(await download.path())
        .toString()
        .includes('conversations,,2'),
    );

    const series = await a.page.getByTestId('csv-series-conversations').getAttribute('href');
    assert.match(series ?? '', /bucket=hour&metric=conversations&format=csv$/);
    const s = await a.page.request.get(`${suite.server.url}${series}`);
    assert.match(s.headers()['content-type'] ?? '', /^text\/csv/);
    assert.ok((await s.text()).startsWith('at,conversations\r\n'));
    const agents = await a.page.request.get(
      `${suite.server.url}${await a.page.getByTestId('csv-agents').getAttribute('href')}`,
    );
    assert.match(agents.headers()['content-type'] ?? '', /^text\/csv/);
    assert.match(await agents.text(), /^userId,name,handled,/);
  });

  it('as a supervisor: the entry and the figures', async () => {
    const a = new AnalyticsPage(await suite.signedIn('sue@test.local', 'sue-password'));
    await a.openFromNav();
    await a.pickPeriod('today');
    assert.equal(await a.tileText('conversations'), '2');
    assert.equal(await a.tileText('containment'), '100%');
  });

  it('as a human agent: no Analytics in the navigation, and /analytics is not for them (nothing is fetched)', async () => {
    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
    pages.push(w.live);
    const asked: string[] = [];
    w.page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/analytics')) asked.push(r.url());
    });
    await w.login('ava@test.local', 'ava-password');
    await w.page.getByTestId('nav-live').waitFor();
    assert.equal(await w.page.getByTestId('nav-analytics').count(), 0, 'no Analytics entry');
    await w.page.goto(`${suite.server.url}/analytics?period=7d`);
    const a = new AnalyticsPage(w.live);
    await a.notAllowed.waitFor();
    assert.match(
      (await a.notAllowed.textContent()) ?? '',
      /Not available to you.*Analytics are for admins and supervisors/,
    );
    assert.equal(await a.page.getByTestId('analytics-tiles').count(), 0);
    assert.deepEqual(asked, [], 'the page did not ask for the figures');
  });

  it('screenshots Analytics at 1440×900 and on a phone (390×844)', async () => {
    const wide = new AnalyticsPage(await suite.signedIn());
    await wide.openFromNav();
    await wide.pickPeriod('today');
    await wide.chart('conversations').locator('canvas').first().waitFor();
    for (const dir of shots()) await wide.page.screenshot({ path: `${dir}/analytics.png` });
    // Hovering a chart reads out the bucket under the cursor.
    const plot = (await wide.chart('conversations').locator('.u-over').boundingBox())!;
    await wide.page.mouse.move(plot.x + plot.width * 0.25, plot.y + plot.height / 2);
    await wide.chart('conversations').locator('.uplot.has-cursor').waitFor();
    await wide.page.screenshot({ path: `${ROOT}test-results/analytics-hover.png` });
    await wide.page.getByTestId('analytics-agents').scrollIntoViewIfNeeded();
    await wide.page.screenshot({ path: `${ROOT}test-results/analytics-tables.png` });

    const phone = new AnalyticsPage(await suite.signedIn(undefined, undefined, { width: 390, height: 844 }));
    await phone.goto('/analytics?period=today'); // the phone's top bar scrolls its sections sideways
    // Two tiles a row; a chart as wide as the screen.
    const tiles = await phone.page
      .locator('.an-tile')
      .evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: Math.round(r.x), w: Math.round(r.width) })),
      );
    assert.equal(new Set(tiles.map((t) => t.x)).size, 2, `two columns: ${JSON.stringify(tiles)}`);
    const chart = await phone.chart('conversations').boundingBox();
    assert.ok(
      chart && chart.width > 340 && chart.x + chart.width <= 390,
      `the chart fills the width: ${JSON.stringify(chart)}`,
    );
    const canvas = await phone.chart('conversations').locator('canvas').first().boundingBox();
    assert.ok(
      canvas && canvas.width > 300 && canvas.x + canvas.width <= 390,
      `the canvas fits: ${JSON.stringify(canvas)}`,
    );
    // Nothing in the view wider than the screen (tables scroll inside their own box).
    const wider = await phone.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=analytics-view] *')]
        .filter(
          (e) =>
            !e.closest('.an-table-wrap, .sr-only') &&
            e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5,
        )
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    assert.deepEqual(wider, [], 'nothing wider than the screen');
    for (const dir of shots()) await phone.page.screenshot({ path: `${dir}/analytics-phone.png` });
    await phone.chart('outcomes').scrollIntoViewIfNeeded();
    await phone.page.screenshot({ path: `${ROOT}test-results/analytics-phone-charts.png` });
  });

  it('the figures move while the view is open: fetched again every 30 s while the period includes today', async () => {
    const a = new AnalyticsPage(await suite.signedIn());
    await a.openFromNav();
    await a.pickPeriod('today');
    assert.equal(await a.tileText('conversations'), '2');
    const before = (await a.page.getByTestId('analytics-updated').textContent()) ?? '';
    await endedCall('Clinic reception', '+14155550103');
    await a.waitForTile('conversations', '3', 45_000);
    assert.notEqual((await a.page.getByTestId('analytics-updated').textContent()) ?? '', before, 'a new time');
    assert.equal(await a.chartTotal('conversations', 'conversations'), 3);
    assert.equal(await a.chartTableSum('conversations', 'conversations'), 3);
  });
});
