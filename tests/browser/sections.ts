/** The app's sections as tests that look at each of them open it: by a page load, then waiting for its data. */
import type { Page } from 'playwright-core';
import { waitUntil } from '../support/wait';

/** One view: where it lives and what shows once it is there. */
export interface View {
  name: string;
  path: string;
  ready: string;
}

/** Every section of the admin's top bar, in its order, each with what shows once it has its data. */
export const ADMIN_VIEWS: readonly View[] = [
  { name: 'live-calls', path: '/', ready: 'session-row' },
  { name: 'messages', path: '/messages', ready: 'messages-view' },
  { name: 'queues', path: '/queues', ready: 'queues-view' },
  { name: 'callbacks', path: '/callbacks', ready: 'callbacks-view' },
  { name: 'campaigns', path: '/campaigns', ready: 'campaign-card' },
  { name: 'numbers', path: '/numbers', ready: 'numbers-view' },
  { name: 'history', path: '/history', ready: 'history-view' },
  { name: 'analytics', path: '/analytics', ready: 'analytics-view' },
  { name: 'team', path: '/team', ready: 'team-view' },
  { name: 'agent-workspace-admin', path: '/agent', ready: 'agent-workspace' },
];

/** Loads `view.path` and waits until the view shows, live (but the sign-in page), with nothing left loading. */
export async function openView(page: Page, baseUrl: string, view: View): Promise<void> {
  await page.goto(`${baseUrl}${view.path}`);
  await page.getByTestId(view.ready).first().waitFor({ timeout: 10_000 });
  if (view.name !== 'login') await page.locator('[data-testid=connection-status][data-status=live]').waitFor();
  await waitUntil(`${view.name} loaded`, () =>
    page.evaluate(() => !document.querySelector('[data-testid$="-loading"], [aria-busy=true]')),
  );
}
