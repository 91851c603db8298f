/**
 * What every browser test file needs: the real server (its own process and database) and Chromium for the
 * whole file; after each test, its pages closed (none may have thrown or broken the Content-Security-Policy) and its
 * simulated calls hung up.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type StartedServer, type StartOptions } from '../support/start-server';
import { waitUntil } from '../support/wait';
import { launchBrowser, LiveCallsPage } from './live-calls.page';

export interface BrowserSuite {
  /** Set once the file's `before` hooks ran. */
  server: StartedServer;
  chromium: { browser: Browser; close(): Promise<void> };
  /** Pages a test opened: closed after it. */
  readonly pages: LiveCallsPage[];
  /** Simulated calls a test started: hung up after it. */
  readonly calls: string[];
  /** POSTs JSON as the admin (or with `token`); a status of 300 or more throws. */
  post(path: string, body?: unknown, token?: string): Promise<Response>;
  /** A new page, signed in (as the admin by default), closed after the test. */
  signedIn(email?: string, password?: string, viewport?: { width: number; height: number }): Promise<LiveCallsPage>;
}

/** Registers the hooks in the calling `describe`; its own `before` hooks run after these. */
export function browserSuite(opts: StartOptions = {}): BrowserSuite {
  const suite = {
    pages: [] as LiveCallsPage[],
    calls: [] as string[],
    async post(path: string, body: unknown = {}, token?: string): Promise<Response> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const r = await suite.server.api(path, { method: 'POST', headers, body: JSON.stringify(body) });
      if (r.status >= 300) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
      return r;
    },
    async signedIn(
      email?: string,
      password?: string,
      viewport?: { width: number; height: number },
    ): Promise<LiveCallsPage> {
      const p = await LiveCallsPage.open(suite.chromium.browser, suite.server.url, viewport);
      suite.pages.push(p);
      await p.login(email ?? suite.server.adminEmail, password ?? suite.server.adminPassword);
      return p;
    },
  } as BrowserSuite;

  before(async () => {
    suite.server = await startServer(opts);
    suite.chromium = await launchBrowser();
  });

  after(async () => {
    await suite.chromium?.close();
    await suite.server?.stop();
  });

  afterEach(async () => {
    for (const p of suite.pages.splice(0)) {
      assert.deepEqual(p.pageErrors, [], 'no uncaught error in the page');
      assert.deepEqual(p.cspViolations, [], 'no Content-Security-Policy violation in the page');
      await p.close();
    }
    for (const id of suite.calls.splice(0)) await suite.post(`/api/simulator/calls/${id}/hangup`).catch(() => {});
    await waitUntil(
      'no live session left',
      async () =>
        ((await (await suite.server.api('/api/sessions?state=live')).json()) as { items: unknown[] }).items.length ===
        0,
    );
  });

  return suite;
}
