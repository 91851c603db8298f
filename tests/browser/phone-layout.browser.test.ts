/**
 * Every view on a phone (390×844 and 360×740), a tablet held upright (820×1180) and a desktop (1440×900), in real
 * Chromium against the real server (issue 18): supervisors walk the floor with a phone or a tablet. Read from the page:
 * nothing is wider than the window; every section of the top bar can be reached with a tap, and so can Sign out; the
 * session drawer's close button and its action bar are on screen; up to 900 px, what one taps in the top bar, the
 * drawer's action bar and every button, menu and field of a view is at least 44×44 px (fields: 44 px high). Screenshots
 * of the viewport at 390 and 1440 px: test-results/phone, and docs/phone with UPDATE_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { WorkspacePage } from './agent-workspace.page';
import { browserSuite } from './browser-suite';
import { busyFloor } from './busy-floor';
import { LiveCallsPage } from './live-calls.page';
import { ADMIN_VIEWS, openView, type View } from './sections';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const PHONES: ReadonlyArray<{ width: number; height: number }> = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
];
const PHONE = PHONES[0]!;
/** A tablet held upright: the top bar's menu and the touch sizes reach up to 900 px. */
const TABLET = { width: 820, height: 1180 };
const DESKTOP = { width: 1440, height: 900 };
const SIZES = [...PHONES, TABLET, DESKTOP];

/** The admin's sections, in the top bar's order; a human agent has no Numbers, Analytics or Team. */
const ADMIN_SECTIONS = [
  'live',
  'messages',
  'queues',
  'callbacks',
  'campaigns',
  'numbers',
  'history',
  'analytics',
  'team',
  'agent',
];
const AGENT_SECTIONS = ['live', 'messages', 'queues', 'callbacks', 'campaigns', 'history', 'agent'];

/** What the page says about one view at one size: a list of what is wrong (empty when all is well). */
interface Reading {
  scrollWidth: number;
  /** The view's own width (what is below the top bar), content that spills out included. */
  viewWidth: number;
  innerWidth: number;
  problems: string[];
}

/**
 * Runs in the page: the overflow, and what one taps (`selector`, where visible) that is smaller than 44×44 px or not
 * inside the window. `small` checks the size (phones only); `inside` lists testids that must be fully on screen.
 */
function readPage({ targets, small, inside }: { targets: string; small: boolean; inside: string[] }): Reading {
  // No named helpers in here: tsx would wrap them in a `__name` the page does not have.
  const problems: string[] = [];
  const W = window.innerWidth;
  const H = window.innerHeight;
  const doc = document.documentElement;
  if (doc.scrollWidth > W) problems.push(`page is ${doc.scrollWidth} px wide in a ${W} px window`);
  const checks: Array<[Element | null, string | null]> = [
    ...(small ? [...document.querySelectorAll(targets)].map((e): [Element, null] => [e, null]) : []),
    ...inside.map((id): [Element | null, string] => [document.querySelector(`[data-testid="${id}"]`), id]),
  ];
  for (const [e, id] of checks) {
    const shown =
      !!e && e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && e.getBoundingClientRect().width > 0;
    if (!shown) {
      if (id) problems.push(`${id} is not shown`);
      continue;
    }
    const r = e.getBoundingClientRect();
    const label =
      e.getAttribute('data-testid') ??
      e.getAttribute('aria-label') ??
      `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 20)}"`;
    if (!id) {
      if (r.width < 43.5 || r.height < 43.5)
        problems.push(`${label} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
      continue;
    }
    if (r.left < -0.5 || r.right > W + 0.5 || r.top < -0.5 || r.bottom > H + 0.5) {
      problems.push(
        `${id} is at ${Math.round(r.left)}..${Math.round(r.right)} × ${Math.round(r.top)}..${Math.round(r.bottom)}, outside the ${W}×${H} window`,
      );
      continue;
    }
    // A tap lands on it: nothing covers its middle.
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    if (!hit || !(e === hit || e.contains(hit)))
      problems.push(
        `${id} is covered by ${hit ? (hit.getAttribute('data-testid') ?? `${hit.tagName.toLowerCase()}.${hit.className}`) : 'nothing'}`,
      );
  }
  const below = [...document.querySelectorAll('.shell > :not(.top-bar), .login-page')];
  const viewWidth = Math.max(0, ...below.map((e) => Math.max(e.scrollWidth, e.getBoundingClientRect().right)));
  return { scrollWidth: doc.scrollWidth, viewWidth, innerWidth: W, problems };
}

/** What one taps: the top bar, the drawer's action bar, and every button, menu and field of a view. */
const TARGETS = [
  '.top-bar a',
  '.top-bar button',
  '.top-bar select',
  '[data-testid=action-bar] button',
  '[data-testid=action-bar] select',
  '[data-testid=detail-close]',
  '[data-testid=claim-button]',
  'button.primary',
  'main button',
  'main select',
  "main input:not([type='checkbox']):not([type='radio']):not([type='range'])",
  "main label:has(> input[type='radio'])",
  "main label:has(> input[type='checkbox'])",
].join(', ');

describe('Every view on a phone in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_AGENT_GONE_MS: '3600000' } });
  const { pages } = suite;
  const floor = busyFloor(suite);
  /** Every reading: `view@width` → what is wrong there; asserted empty at the end of each test. */
  const found: Record<string, string[]> = {};
  /** The page's and the view's widths per view and window width, printed for the record. */
  const widths: Record<string, string> = {};

  const shots = () => {
    const dirs = [
      `${ROOT}test-results/phone`,
      ...(process.env.UPDATE_SCREENSHOTS === '1' ? [`${ROOT}docs/phone`] : []),
    ];
    for (const d of dirs) mkdirSync(d, { recursive: true });
    return dirs;
  };

  /** Opens `path` by a page load and waits until the view shows with its data (a screenshot if it does not). */
  async function open(page: Page, view: View): Promise<void> {
    await openView(page, suite.server.url, view).catch(async (err) => {
      for (const dir of shots()) await page.screenshot({ path: `${dir}/failed-${view.name}.png` });
      throw err;
    });
  }

  /**
   * Every section can be switched to with a tap: on a phone through the menu (when the top bar has one), with each
   * link, Password and Sign out inside the window and not covered. The menu is closed again after.
   */
  async function sectionsReachable(page: Page, sections: string[], small: boolean): Promise<string[]> {
    const menu = page.getByTestId('nav-menu-button');
    const hasMenu = (await menu.count()) > 0 && (await menu.isVisible());
    if (hasMenu) {
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      await menu.click();
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    }
    const r = await page.evaluate(readPage, {
      targets: TARGETS,
      small,
      inside: [...sections.map((s) => `nav-${s}`), 'change-password', 'sign-out'],
    });
    if (hasMenu) {
      await page.keyboard.press('Escape');
      assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'Esc closes the menu');
    }
    return r.problems;
  }

  /** Reads one view at one size, then the top bar's sections; screenshots at 390 and 1440 px. */
  async function check(
    page: Page,
    view: View,
    sections: string[],
    viewport: { width: number; height: number },
    inside: string[] = [],
  ): Promise<void> {
    await page.setViewportSize(viewport);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150); // a resize re-lays the page out (and the charts)
    const touch = viewport.width <= 900;
    const r = await page.evaluate(readPage, { targets: TARGETS, small: touch, inside });
    if (viewport.width === 390 || viewport.width === 1440) {
      for (const dir of shots()) await page.screenshot({ path: `${dir}/${view.name}-${viewport.width}.png` });
    }
    const problems = [...r.problems];
    if (view.name !== 'login') problems.push(...(await sectionsReachable(page, sections, touch)));
    const key = `${view.name}@${viewport.width}`;
    found[key] = [...new Set(problems)];
    widths[key] = `${r.scrollWidth}/${r.viewWidth}`;
  }

  function assertNothingFound(names: string[]): void {
    const wrong = Object.fromEntries(
      Object.entries(found).filter(([k, v]) => names.includes(k.split('@')[0]!) && v.length > 0),
    );
    const sizes = Object.entries(widths)
      .filter(([k]) => names.includes(k.split('@')[0]!))
      .map(([k, w]) => `${k}: ${w}`)
      .join(', ');
    console.log(`page/view width: ${sizes}`);
    if (Object.keys(wrong).length) console.log(JSON.stringify(wrong, null, 1));
    assert.deepEqual(wrong, {}, 'every view fits and can be used with a tap');
  }

  it('the sign-in page', async () => {
    const p = await LiveCallsPage.open(suite.chromium.browser, suite.server.url, PHONE);
    pages.push(p);
    const view = { name: 'login', path: '/login', ready: 'login-page' };
    await p.loginPage.waitFor();
    for (const size of SIZES) await check(p.page, view, [], size, ['login-submit']);
    assertNothingFound(['login']);
  });

  it('as the admin: every section, and the session drawer on a live call', async () => {
    // Something in each: live calls in every state (one in a drawer), a text conversation, a scheduled callback, a
    // campaign (busy-floor.ts).
    const live = (await floor.seed()).aiTalking;

    const p = await suite.signedIn(undefined, undefined, PHONE);
    for (const view of ADMIN_VIEWS) {
      await open(p.page, view);
      for (const size of SIZES) await check(p.page, view, ADMIN_SECTIONS, size);
      await p.page.setViewportSize(PHONE);
    }

    // The drawer on a live call: its close button and every button of its action bar on screen.
    const drawer = { name: 'session-drawer', path: `/sessions/${live}`, ready: 'session-detail' };
    await open(p.page, drawer);
    await p.page.getByTestId('action-bar').waitFor();
    const actions = await p.page
      .locator('[data-testid=action-bar] button')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')).filter((id): id is string => !!id));
    assert.ok(actions.length >= 3, `the action bar has its buttons: ${actions}`);
    for (const size of SIZES) await check(p.page, drawer, ADMIN_SECTIONS, size, ['detail-close', ...actions]);

    assertNothingFound([...ADMIN_VIEWS.map((v) => v.name), drawer.name]);
  });

  it('on a phone, tapping a section in the menu goes there and closes the menu', async () => {
    const p = await suite.signedIn(undefined, undefined, PHONE);
    const menu = p.page.getByTestId('nav-menu-button');
    await menu.click();
    await p.page.getByTestId('nav-queues').waitFor();
    for (const dir of shots()) await p.page.screenshot({ path: `${dir}/menu-390.png` });
    await p.page.getByTestId('nav-queues').click();
    await p.page.getByTestId('queues-view').waitFor();
    assert.equal(new URL(p.page.url()).pathname, '/queues');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the menu closes once a section is chosen');
    assert.equal(await p.page.getByTestId('nav-queues').isVisible(), false);
  });

  it('as a human agent: the workspace with a caller waiting', async () => {
    const sessionId = await floor.waitingCall();

    const w = await WorkspacePage.open(suite.chromium.browser, suite.server.url, '/agent', PHONE);
    pages.push(w.live);
    await w.login('ava@test.local', 'ava-password');
    await w.setPresence('available');
    const view = { name: 'agent-workspace', path: '/agent', ready: 'agent-workspace' };
    await w.page.locator(`[data-testid=escalation][data-session-id="${sessionId}"]`).waitFor();
    for (const size of SIZES) await check(w.page, view, AGENT_SECTIONS, size);
    assertNothingFound(['agent-workspace']);
  });
});
