/**
 * Accessibility, in real Chromium against the real server (issue 18): axe-core (WCAG 2.0–2.2 A and AA, and its best
 * practices) finds nothing on the sign-in page, on every section as the admin (on a busy floor: busy-floor.ts), in
 * the session drawer on a live call, in the dialogs (Dial Now, Password, Add person, New team, a queue's settings, a
 * confirm), the alerts panel, on a phone (Live Calls, the Menu, the drawer), and in the agent workspace as a human
 * agent; in the dark theme and in the light one (both as the OS asks for them). Live Calls' rows are reached with Tab
 * and opened with Enter. The theme switch: System / Light / Dark, remembered across a reload. Screenshots of Live Calls
 * (the busy floor) in both themes at 1440×900: test-results/theme, and docs/light-theme.png and docs/dark-theme.png
 * with UPDATE_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { WorkspacePage } from './agent-workspace.page';
import { browserSuite } from './browser-suite';
import { busyFloor } from './busy-floor';
import { LiveCallsPage } from './live-calls.page';
import { ADMIN_VIEWS, openView, type View } from './sections';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * axe-core's own build, evaluated in the page (a `<script>` with it inline would break the Content-Security-Policy).
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** Rule ids still open: none. A rule listed here is left out of every run (so anything else still fails). */
const OPEN_RULES: string[] = [];

type Theme = 'dark' | 'light';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core on the whole page; what it found, one line per violation (id, impact, count, the first nodes). */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ tags, open }) => {
      const w = window as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> };
      };
      const rules = Object.fromEntries(open.map((id) => [id, { enabled: false }]));
      const r = await w.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        rules,
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    },
    { tags: TAGS, open: OPEN_RULES },
  );
  if (process.env.A11Y_DUMP) {
    mkdirSync(`${ROOT}test-results/a11y`, { recursive: true });
    writeFileSync(
      `${ROOT}test-results/a11y/${process.env.A11Y_DUMP}-${Date.now()}.json`,
      JSON.stringify(violations, null, 1),
    );
  }
  return violations.map((v) => {
    const first = v.nodes
      .slice(0, 3)
      .map(
        (n) =>
          `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`,
      );
    return `${v.id} [${v.impact}] ×${v.nodes.length}: ${v.help} — ${first.join(' | ')}`;
  });
}

describe('Accessibility in Chromium (axe-core), in both themes', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_AGENT_GONE_MS: '3600000' } });
  const { pages } = suite;
  const floor = busyFloor(suite);
  /** `theme/view` → what axe found there; asserted empty at the end of each test. */
  const found: Record<string, string[]> = {};

  /** Opens `path` by a page load and waits until the view shows with its data. */
  async function open(page: Page, view: View): Promise<void> {
    await openView(page, suite.server.url, view);
    await page.waitForTimeout(300); // the charts draw, the new-row highlight fades
  }

  async function record(theme: Theme, name: string, page: Page): Promise<void> {
    found[`${theme}/${name}`] = await axe(page);
  }

  function assertNothingFound(theme: Theme, names: string[]): void {
    const keys = names.map((n) => `${theme}/${n}`);
    const wrong = Object.fromEntries(Object.entries(found).filter(([k, v]) => keys.includes(k) && v.length > 0));
    console.log(
      `axe violations per view (${theme}): ${keys.map((k) => `${k.split('/')[1]}=${found[k]?.length ?? '?'}`).join(', ')}`,
    );
    if (Object.keys(wrong).length) console.log(JSON.stringify(wrong, null, 1));
    assert.deepEqual(wrong, {}, 'axe-core finds no violation');
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`${theme}: the sign-in page`, async () => {
      const p = await LiveCallsPage.open(suite.chromium.browser, suite.server.url);
      pages.push(p);
      await p.page.emulateMedia({ colorScheme: theme });
      await open(p.page, { name: 'login', path: '/login', ready: 'login-page' });
      assert.equal(await p.page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), theme);
      await record(theme, 'login', p.page);
      assertNothingFound(theme, ['login']);
    });

    it(`${theme}: as the admin, every section, the session drawer and the dialogs`, async () => {
      const live = (await floor.seed()).aiTalking;

      const p = await suite.signedIn();
      const page = p.page;
      await page.emulateMedia({ colorScheme: theme });
      const views = ADMIN_VIEWS;
      for (const view of views) {
        await open(page, view);
        await record(theme, view.name, page);
      }

      // Live Calls: Dial Now.
      await open(page, views[0]!);
      await page.getByTestId('dial-now-button').click();
      await page.getByTestId('dial-now-dialog').waitFor();
      await record(theme, 'dial-now-dialog', page);
      await page.keyboard.press('Escape');
      await page.getByTestId('dial-now-dialog').waitFor({ state: 'detached' });

      // Password.
      await page.getByTestId('change-password').click();
      await page.getByTestId('password-dialog').waitFor();
      await record(theme, 'password-dialog', page);
      await page.keyboard.press('Escape');
      await page.getByTestId('password-dialog').waitFor({ state: 'detached' });

      // The drawer on a live call, then its End confirm.
      await open(page, { name: 'session-drawer', path: `/sessions/${live}`, ready: 'session-detail' });
      await page.getByTestId('action-bar').waitFor();
      await page.getByTestId('transcript').getByTestId('transcript-line').first().waitFor();
      await record(theme, 'session-drawer', page);
      // New transcript lines are read out politely, in order.
      assert.deepEqual(
        await page.getByTestId('transcript').evaluate((t) => [t.getAttribute('role'), t.getAttribute('aria-live')]),
        ['log', 'polite'],
      );
      await page.getByTestId('end-button').click();
      await page.getByTestId('confirm-dialog').waitFor();
      await record(theme, 'confirm-dialog', page);
      await page.getByTestId('confirm-no').click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });

      // Team: Add person, and New team.
      await open(page, views.find((v) => v.name === 'team')!);
      await page.getByTestId('team-add').click();
      await page.getByTestId('user-form').waitFor();
      await record(theme, 'add-person-dialog', page);
      await page.keyboard.press('Escape');
      await page.getByTestId('user-form').waitFor({ state: 'detached' });
      await page.getByTestId('team-new').click();
      await page.getByTestId('team-group-dialog').waitFor();
      await record(theme, 'team-dialog', page);
      await page.keyboard.press('Escape');
      await page.getByTestId('team-group-dialog').waitFor({ state: 'detached' });

      // Queues: a queue's settings.
      await open(page, views.find((v) => v.name === 'queues')!);
      await page.getByTestId('queue-new').click();
      await page.getByTestId('queue-settings-dialog').waitFor();
      await record(theme, 'queue-settings-dialog', page);
      await page.keyboard.press('Escape');
      await page.getByTestId('queue-settings-dialog').waitFor({ state: 'detached' });

      // The alerts panel.
      await page.getByTestId('alerts-button').click();
      await page.getByTestId('alerts-panel').waitFor();
      await record(theme, 'alerts-panel', page);
      await page.keyboard.press('Escape');

      // A phone (390 px): Live Calls with the Menu open, and the drawer.
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, views[0]!);
      await record(theme, 'live-calls-390', page);
      await page.getByTestId('nav-menu-button').click();
      await page.getByTestId('nav-live').waitFor();
      await record(theme, 'menu-390', page);
      await page.keyboard.press('Escape');
      await open(page, { name: 'session-drawer-390', path: `/sessions/${live}`, ready: 'session-detail' });
      await page.getByTestId('action-bar').waitFor();
      await record(theme, 'session-drawer-390', page);
      await page.setViewportSize({ width: 1440, height: 900 });

      assertNothingFound(theme, [
        ...views.map((v) => v.name),
        'dial-now-dialog',
        'password-dialog',
        'session-drawer',
        'confirm-dialog',
        'add-person-dialog',
        'team-dialog',
        'queue-settings-dialog',
        'alerts-panel',
        'live-calls-390',
        'menu-390',
        'session-drawer-390',
      ]);
    });

    it(`${theme}: as a human agent, the workspace with a caller waiting`, async () => {
      const sessionId = await floor.waitingCall();

      const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent');
      pages.push(w.live);
      await w.page.emulateMedia({ colorScheme: theme });
      await w.login('ava@test.local', 'ava-password');
      await w.setPresence('available');
      await w.page.locator(`[data-testid=escalation][data-session-id="${sessionId}"]`).waitFor();
      await w.page.waitForTimeout(300);
      await record(theme, 'agent-workspace', w.page);
      // New escalations are announced politely (tests/browser/alerts.browser.test.ts reads what is said).
      assert.equal(await w.page.getByTestId('alerts-announcer').getAttribute('aria-live'), 'polite');
      assertNothingFound(theme, ['agent-workspace']);
    });
  }

  it('Live Calls: a row is reached with Tab and opened with Enter', async () => {
    const id = await floor.place(/Clinic/);
    const p = await suite.signedIn();
    const row = p.page.locator(`[data-testid=session-row][data-session-id="${id}"]`);
    await row.waitFor();
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await p.page.keyboard.press('Tab');
      reached = await row.evaluate((r) => r.contains(document.activeElement));
    }
    assert.ok(reached, 'Tab reaches the session row');
    await p.page.keyboard.press('Enter');
    await p.page.getByTestId('session-detail').waitFor();
    assert.equal(new URL(p.page.url()).pathname, `/sessions/${id}`);
  });

  it('the theme switch: System follows the OS, Light and Dark are remembered; screenshots of Live Calls', async () => {
    await floor.seed();
    const p = await suite.signedIn();
    const page = p.page;
    const scheme = () =>
      page.evaluate(() => ({
        attr: document.documentElement.dataset.theme,
        scheme: getComputedStyle(document.documentElement).colorScheme,
        bg: getComputedStyle(document.body).backgroundColor,
      }));
    const select = page.getByTestId('theme-select');

    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await select.inputValue(), 'system');
    const systemLight = await scheme();
    assert.equal(systemLight.scheme, 'light', 'System follows the OS: light');
    assert.equal(systemLight.attr, 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark'); // the OS's change event
    const systemDark = await scheme();
    assert.equal(systemDark.scheme, 'dark', 'System follows the OS: dark');
    assert.notEqual(systemLight.bg, systemDark.bg);

    await select.selectOption('light');
    assert.deepEqual(await scheme(), systemLight, 'Light, though the OS asks for dark');
    await page.reload();
    await page.getByTestId('session-row').first().waitFor();
    assert.equal((await scheme()).attr, 'light', 'remembered across a reload');
    assert.equal(await page.getByTestId('theme-select').inputValue(), 'light');

    const dirs = [`${ROOT}test-results/theme`];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    await page.locator('[data-testid=connection-status][data-status=live]').waitFor();
    await page.waitForTimeout(2500); // the new-row highlight fades
    await page.screenshot({ path: `${dirs[0]}/light-theme.png` });

    await page.getByTestId('theme-select').selectOption('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal((await scheme()).scheme, 'dark', 'Dark, though the OS asks for light');
    await page.screenshot({ path: `${dirs[0]}/dark-theme.png` });

    await page.getByTestId('theme-select').selectOption('system');
    assert.deepEqual(await scheme(), systemLight, 'System again: the OS asks for light');
    await page.reload();
    assert.equal(await page.getByTestId('theme-select').inputValue(), 'system');

    if (process.env.UPDATE_SCREENSHOTS === '1') {
      for (const name of ['light-theme.png', 'dark-theme.png'])
        copyFileSync(`${dirs[0]}/${name}`, `${ROOT}docs/${name}`);
    }
  });
});
