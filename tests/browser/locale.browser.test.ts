/**
 * Locale in real Chromium against the real server: the same data read by an American (en-US, Los Angeles) and a
 * German (de-DE, Berlin) browser. A callback's due time, the callee's own time, transcript times and the
 * wallboard's "since" follow each browser's locale and zone (12-hour "7:00 AM PST" against "16:00 MEZ"); the
 * drawer of the call that booked the callback shows no raw ISO 8601 instant; Live Calls writes a number the way
 * Messages does ("+1 808 555 0165"); and a WhatsApp conversation speaks of its Customer, and Sends rather than Says.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { browserSuite } from './browser-suite';
import { LiveCallsPage, waitUntil } from './live-calls.page';
import { MessagesPage } from './messages.page';
import { OutboundPage } from './outbound.page';

type Callback = { id: string; at: string; timeZone: string | null; originSessionId: string | null };

/** The server books "tomorrow at 10am" in New York. */
const SERVER_ZONE = 'America/New_York';
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const NUMBER = '+18085550165';

interface Reader {
  locale: string;
  timezoneId: string;
  /** A due time with weekday, day, month, time and the zone's short name. */
  planned: RegExp;
  /** The wall-clock time of `iso` in the reader's zone, as the page should write it. */
  time(iso: string): string;
  /** A transcript line's time of today, with seconds. */
  clock: RegExp;
  /** The callee's 10:00 in New York. */
  calleeTen: string;
  /** The wallboard's "since": a time (the day first when not today here) and the zone. */
  since: RegExp;
}

/** Hour and minute of an instant in a zone, 24-hour: what the page must show, in either convention. */
function hourMinute(iso: string, timeZone: string): [number, string] {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return [Number(p.hour), p.minute!];
}

const READERS: Reader[] = [
  {
    locale: 'en-US',
    timezoneId: 'America/Los_Angeles',
    planned:
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{1,2}:\d{2}\s[AP]M P[SD]T$/,
    time(iso) {
      const [h, m] = hourMinute(iso, this.timezoneId);
      return `${h % 12 || 12}:${m} ${h < 12 ? 'AM' : 'PM'}`;
    },
    clock: /^\d{1,2}:\d{2}:\d{2}\s[AP]M$/,
    calleeTen: '10:00 AM in America/New_York',
    since:
      /^Today's figures since ((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, )?\d{1,2}:\d{2}\s[AP]M P[SD]T$/,
  },
  {
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    planned: /^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \S+, \d{2}:\d{2} MES?Z$/,
    time(iso) {
      const [h, m] = hourMinute(iso, this.timezoneId);
      return `${String(h).padStart(2, '0')}:${m}`;
    },
    clock: /^\d{2}:\d{2}:\d{2}$/,
    calleeTen: '10:00 in America/New_York',
    since: /^Today's figures since (\d{1,2}\. \S+, )?\d{2}:\d{2} MES?Z$/,
  },
];

/** Text as shown, with the narrow and no-break spaces ICU may write before AM/PM made plain. */
const plain = (s: string | null | undefined) => (s ?? '').replace(/[\u202f\u00a0]/g, ' ').trim();

describe('Locale in Chromium', () => {
  const suite = browserSuite({ env: { LIVESPACE_TTS: 'none', LIVESPACE_TIMEZONE: SERVER_ZONE } });
  const { calls, post } = suite;
  const agentIds: Record<string, string> = {};
  let booked: Callback;

  before(async () => {
    const agents = (
      (await (await suite.server.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }
    ).items;
    for (const a of agents) agentIds[a.name] = a.id;
    // A caller asks the clinic to call back tomorrow at 10: the flow books it and writes the system line.
    const { sessionId } = (await (
      await post('/api/simulator/calls', { persona: 'callback', agentId: agentIds['Clinic reception'] })
    ).json()) as { sessionId: string };
    calls.push(sessionId);
    booked = await waitUntil(
      'the callback booked',
      async () =>
        ((await (await suite.server.api('/api/callbacks')).json()) as { items: Callback[] }).items.find(
          (c) => c.originSessionId === sessionId,
        ),
      30_000,
    );
    assert.equal(booked.timeZone, SERVER_ZONE);
  });

  async function start(body: Record<string, unknown>): Promise<string> {
    const { sessionId } = (await (await post('/api/simulator/calls', body)).json()) as { sessionId: string };
    calls.push(sessionId);
    return sessionId;
  }

  async function openAs(r: Reader): Promise<LiveCallsPage> {
    const p = await LiveCallsPage.open(suite.chromium.browser, suite.server.url, undefined, {
      locale: r.locale,
      timezoneId: r.timezoneId,
    });
    suite.pages.push(p);
    await p.login(suite.server.adminEmail, suite.server.adminPassword);
    assert.deepEqual(
      await p.page.evaluate(() => [navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone]),
      [r.locale, r.timezoneId],
    );
    return p;
  }

  for (const r of READERS) {
    it(`${r.locale} in ${r.timezoneId}: times and dates the reader's way, no raw instant, numbers grouped`, async () => {
      const p = await openAs(r);
      const o = new OutboundPage(p);

      // Live Calls: the caller's number as Messages writes it, the E.164 form kept in the title.
      const call = await start({ persona: 'manual', agentId: agentIds['Clinic reception'], from: NUMBER });
      await p.row(call).waitFor();
      const cell = p.row(call).getByTestId('caller-number');
      assert.equal(await cell.evaluate((e) => e.firstChild?.textContent), '+1 808 555 0165');
      assert.equal(await cell.getAttribute('title'), NUMBER);

      // The callback: due in the reader's zone, named; the callee's own 10:00 in the reader's convention.
      await o.openCallbacks();
      const row = o.callback(booked.id);
      await row.waitFor();
      const planned = plain(await o.cell(row, 'callback-planned'));
      assert.match(planned, r.planned);
      assert.ok(planned.includes(r.time(booked.at)), `"${planned}" shows ${r.time(booked.at)}`);
      assert.equal(plain(await o.cell(row, 'callback-callee-time')), r.calleeTen);

      // Its origin call's drawer: the system line formatted like the list, transcript times in the locale's clock.
      await row.getByTestId('callback-origin').click();
      await o.detailOf(booked.originSessionId!).waitFor();
      const line = await p.waitForLine('system', 'Callback scheduled for');
      assert.equal(plain(line.text), `Callback scheduled for ${planned}`);
      const detailText = await p.detail.innerText();
      assert.doesNotMatch(detailText, ISO_INSTANT, 'no raw ISO 8601 instant in the drawer');
      const times = (await p.detail.locator('.tl-time').allTextContents()).map(plain);
      assert.ok(times.length > 0);
      for (const t of times) assert.match(t, r.clock);
      await p.page.getByTestId('detail-close').click();

      // The wallboard: today's figures since the server's midnight, written in the reader's zone and named.
      await p.page.getByTestId('nav-queues').click();
      const since = p.page.getByTestId('queues-since');
      const text = plain(await since.textContent());
      assert.match(text, r.since);
      const dayStart = (await since.locator('time').getAttribute('datetime'))!;
      assert.ok(text.includes(r.time(dayStart)), `"${text}" shows ${r.time(dayStart)}`);
    });
  }

  it('a WhatsApp conversation speaks of its Customer, and its composer Sends', async () => {
    const p = await openAs(READERS[0]!);
    const m = new MessagesPage(p);
    const wa = await start({ channel: 'whatsapp', persona: 'manual', agentId: agentIds['Clinic reception'] });
    await m.openFromNav();
    await m.row(wa).waitFor();
    await post(`/api/simulator/calls/${wa}/say`, { text: 'Can I move my appointment?' });
    await m.open(wa);
    await p.waitForLine('caller', 'move my appointment');
    const label = p.page.locator('[data-testid=transcript-line][data-speaker=caller] .tl-speaker').first();
    assert.equal(await label.textContent(), 'Customer');

    await p.takeoverButton.click();
    await p.confirm();
    await p.takenOver.waitFor();
    await waitUntil('the composer is in its writing mode', async () => (await p.actionMode()) === 'say');
    assert.equal(await p.modeButton('say').textContent(), 'Send');
    assert.equal(await p.page.getByTestId('action-send').textContent(), 'Send');
    assert.doesNotMatch(await p.actionBar.innerText(), /\bSay\b/);
  });
});
