/**
 * Campaigns over real HTTP and WebSocket: CSV import with its report, the do-not-call list, the
 * lifecycle, pace and concurrency, calling windows per contact zone, retries, live progress with exact
 * counters, Live Calls filtered to a campaign; a restart mid-campaign and two processes sharing one
 * campaign dial no contact twice for one attempt.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { TestLiveClient } from '../support/live-client';
import { waitUntil } from '../support/wait';

type Progress = {
  total: number;
  dialed: number;
  answered: number;
  interested: number;
  notInterested: number;
  noAnswer: number;
  busy: number;
  voicemail: number;
  failed: number;
  doNotCall: number;
  active: number;
  remaining: number;
};
type Campaign = {
  id: string;
  name: string;
  status: string;
  progress: Progress;
  startedAt: string | null;
  endedAt: string | null;
  settings: Record<string, unknown>;
};
type Session = {
  id: string;
  state: string;
  startedAt: string;
  endedAt: string | null;
  outcome?: string | null;
  outbound?: { kind: string; campaignId?: string; campaignName?: string } | null;
};
type Contact = {
  phone: string;
  status: string;
  attempts: number;
  lastResult: string | null;
  nextAttemptAt: string | null;
  outcome: string | null;
};

const FAST = {
  LIVESPACE_TTS: 'none',
  LIVESPACE_SIM_RING_MS: '200',
  LIVESPACE_SIM_NO_ANSWER_MS: '400',
  LIVESPACE_DIALER_TICK_MS: '50',
};
/** Around the clock: `24:00` is the end of the day (with `23:59` the last minute of each day would be closed). */
const ALL_DAY = { start: '00:00', end: '24:00' };

function helpers(get: () => StartedServer) {
  const api = (path: string, init?: RequestInit & { json?: unknown }) => get().api(path, init);
  const h = {
    agentId: async (name: RegExp) =>
      ((await (await api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> }).items.find((a) =>
        name.test(a.name),
      )!.id,
    create: async (json: Record<string, unknown>) => {
      const r = await api('/api/campaigns', { method: 'POST', json });
      assert.equal(r.status, 201, await r.clone().text());
      return (await r.json()) as Campaign;
    },
    upload: async (id: string, csv: string) => {
      const r = await api(`/api/campaigns/${id}/contacts`, {
        method: 'POST',
        body: csv,
        headers: { 'content-type': 'text/csv' },
      });
      return {
        status: r.status,
        body: (await r.json()) as {
          imported: number;
          invalid: Array<{ line: number; reason: string }>;
          duplicates: Array<{ line: number }>;
          doNotCall: Array<{ line: number }>;
          error?: { message: string };
        },
      };
    },
    command: (id: string, cmd: string) => api(`/api/campaigns/${id}/${cmd}`, { method: 'POST' }),
    get: async (id: string) => (await (await api(`/api/campaigns/${id}`)).json()) as Campaign,
    contacts: async (id: string) =>
      ((await (await api(`/api/campaigns/${id}/contacts?limit=1000`)).json()) as { items: Contact[] }).items,
    sessions: async (id: string, outcome?: string) =>
      (
        (await (
          await api(`/api/sessions?state=all&campaignId=${id}${outcome ? `&outcome=${outcome}` : ''}`)
        ).json()) as { items: Session[] }
      ).items,
    done: (id: string, ms = 60_000) =>
      waitUntil(
        `campaign ${id} completed`,
        async () => {
          const c = await h.get(id);
          return c.status === 'completed' ? c : null;
        },
        ms,
        250,
      ),
  };
  return h;
}

/** Most calls of a campaign up at once, from their start and end times. */
function peakConcurrency(sessions: Session[]): number {
  const points = sessions.flatMap(
    (s) =>
      [
        [Date.parse(s.startedAt), 1],
        [Date.parse(s.endedAt ?? new Date().toISOString()), -1],
      ] as Array<[number, number]>,
  );
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of points) peak = Math.max(peak, (now += d));
  return peak;
}

const csvOf = (rows: Array<[string, string]>) =>
  `phone,persona,name\n${rows.map(([p, persona], i) => `${p},${persona},Contact ${i + 1}`).join('\n')}\n`;
const phone = (i: number, last: number) => `+1415555${String(1000 + i * 10 + last).padStart(4, '0')}`;

describe('campaigns', () => {
  let s: StartedServer;
  const h = helpers(() => s);
  let sales: string;

  before(async () => {
    s = await startServer({ env: FAST });
    sales = await h.agentId(/Sales/);
  });
  after(async () => {
    await s.stop();
  });

  it('imports a CSV with a report of invalid rows (line numbers), duplicates and do-not-call numbers', async () => {
    const c = await h.create({ name: 'Import check', agentId: sales, maxConcurrentCalls: 2 });
    assert.equal(c.status, 'draft');
    assert.deepEqual(c.settings.callingWindow, { start: '09:00', end: '20:00' }, 'the default window');
    assert.equal(
      (await s.api('/api/do-not-call', { method: 'POST', json: { phones: ['(415) 555-0199', 'nope'] } })).status,
      200,
    );
    const csv =
      'phone,name,timezone,persona,plan\n+14155550100,Ann,America/New_York,interested,gold\nnot a number,Bo,,,\n+14155550101,Cy,Mars/Base,,\n(415) 555-0100,Ann again,,,\n+14155550199,Dee,,,\n+14155550102,Eve,,busy,silver\n';
    const r = await h.upload(c.id, csv);
    assert.equal(r.status, 200);
    assert.equal(r.body.imported, 2);
    assert.deepEqual(
      r.body.invalid.map((x) => x.line),
      [3, 4],
    );
    assert.deepEqual(
      r.body.duplicates.map((x) => x.line),
      [5],
    );
    assert.deepEqual(
      r.body.doNotCall.map((x) => x.line),
      [6],
    );
    const again = await h.upload(c.id, 'phone\n+14155550102\n+14155550103\n');
    assert.equal(again.body.imported, 1, 'a second upload adds only new numbers');
    assert.deepEqual(
      again.body.duplicates.map((x) => x.line),
      [2],
    );
    const contacts = await h.contacts(c.id);
    assert.deepEqual(
      contacts.map((x) => x.phone),
      ['+14155550100', '+14155550102', '+14155550103'],
    );
    assert.equal((await h.get(c.id)).progress.total, 3);

    assert.equal((await h.upload(c.id, 'name\nAnn\n')).status, 422, 'no phone column');
    assert.equal((await h.upload(c.id, 'phone,name\n+14155550100,"unclosed\n')).status, 422, 'broken CSV');
    assert.equal(
      (await s.api(`/api/campaigns/${c.id}/contacts`, { method: 'POST', json: { phone: '+1' } })).status,
      415,
    );
    assert.equal(
      (
        await s.api('/api/campaigns', {
          method: 'POST',
          body: 'phone\n+14155550100\n',
          headers: { 'content-type': 'text/csv' },
        })
      ).status,
      415,
      'CSV is read on the upload route only',
    );
    assert.equal((await h.upload('cmp_nope', 'phone\n+14155550100\n')).status, 404);
    assert.equal((await h.get(c.id)).progress.total, 3, 'refused uploads changed nothing');
    // The list counts every campaign's progress (one grouped query): a campaign with no contacts counts zero.
    const empty = await h.create({ name: 'Nobody yet', agentId: sales, maxConcurrentCalls: 1 });
    const list = ((await (await s.api('/api/campaigns')).json()) as { items: Campaign[] }).items;
    assert.deepEqual(
      list
        .filter((x) => x.id === c.id || x.id === empty.id)
        .map((x) => [x.name, x.progress.total, x.progress.remaining]),
      [
        ['Nobody yet', 0, 0],
        ['Import check', 3, 3],
      ],
      'newest first, each with its own counts',
    );
  });

  it('refuses bad campaigns and wrong commands', async () => {
    for (const [json, field] of [
      [{ name: '', agentId: sales, maxConcurrentCalls: 2 }, 'name'],
      [{ name: 'x', agentId: 'agt_nope', maxConcurrentCalls: 2 }, 'agentId'],
      [{ name: 'x', agentId: sales, maxConcurrentCalls: 0 }, 'maxConcurrentCalls'],
      [
        { name: 'x', agentId: sales, maxConcurrentCalls: 2, callingWindow: { start: '20:00', end: '09:00' } },
        'callingWindow',
      ],
      [
        { name: 'x', agentId: sales, maxConcurrentCalls: 2, callingWindow: { start: '24:00', end: '24:00' } },
        'callingWindow.start',
      ],
      [
        { name: 'x', agentId: sales, maxConcurrentCalls: 2, callingWindow: { start: '09:00', end: '24:30' } },
        'callingWindow.end',
      ],
      [{ name: 'x', agentId: sales, maxConcurrentCalls: 2, onVoicemail: 'leave_message' }, 'voicemailMessage'],
      [{ name: 'x', agentId: sales, maxConcurrentCalls: 2, defaultTimeZone: 'Nowhere/City' }, 'defaultTimeZone'],
    ] as Array<[Record<string, unknown>, string]>) {
      const r = await s.api('/api/campaigns', { method: 'POST', json });
      assert.equal(r.status, 422, JSON.stringify(json));
      assert.equal(((await r.json()) as { error: { field?: string } }).error.field, field);
    }
    const c = await h.create({ name: 'Empty', agentId: sales, maxConcurrentCalls: 2 });
    const empty = await h.command(c.id, 'start');
    assert.equal(empty.status, 409);
    assert.equal(((await empty.json()) as { error: { code: string } }).error.code, 'no_contacts');
    assert.equal((await h.command(c.id, 'pause')).status, 409);
    assert.equal((await h.command(c.id, 'resume')).status, 409);
    assert.equal((await h.command('cmp_nope', 'start')).status, 404);
    assert.equal((await h.command(c.id, 'stop')).status, 200);
    assert.equal((await h.command(c.id, 'start')).status, 409, 'stopped is final');
  });

  it('runs a campaign: never above maxConcurrentCalls, retries no-answer and busy, exact counters pushed live, Live Calls filtered to it', async () => {
    const personas: Array<[string, number]> = [
      ['interested', 3],
      ['not_interested', 2],
      ['no_answer', 2],
      ['busy', 2],
      ['voicemail', 2],
      ['failed', 1],
    ];
    const rows: Array<[string, string]> = [];
    for (const [p, n] of personas) for (let k = 0; k < n; k++) rows.push([phone(rows.length, 0), p]);
    rows.push([phone(rows.length, 0), 'interested']); // put on the do-not-call list after the import
    const c = await h.create({
      name: 'Solar Q4',
      agentId: sales,
      maxConcurrentCalls: 3,
      callsPerMinute: 600,
      callingWindow: ALL_DAY,
      maxAttempts: 2,
      retryDelayMinutes: { noAnswer: 0.01, busy: 0.01 },
    });
    assert.equal((await h.upload(c.id, csvOf(rows))).body.imported, rows.length);
    assert.equal(
      (await s.api('/api/do-not-call', { method: 'POST', json: { phones: [rows.at(-1)![0]] } })).status,
      200,
    );

    const live = await TestLiveClient.connect(s.url, await s.token());
    live.send({ type: 'subscribe', topic: 'campaigns' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'campaigns'));
    assert.equal((await h.command(c.id, 'start')).status, 200);
    const done = await h.done(c.id, 90_000);
    assert.deepEqual(done.progress, {
      total: 13,
      dialed: 12,
      answered: 5,
      interested: 3,
      notInterested: 2,
      noAnswer: 2,
      busy: 2,
      voicemail: 2,
      failed: 1,
      doNotCall: 1,
      active: 0,
      remaining: 0,
    });
    assert.ok(done.startedAt && done.endedAt);
    const pushed = await live.waitFor((m) =>
      m.find(
        (x) =>
          x.topic === 'campaigns' &&
          x.type === 'event' &&
          x.event.campaign?.id === c.id &&
          x.event.campaign.status === 'completed',
      ),
    );
    assert.equal(pushed.event.campaign.progress.answered, 5, 'the final counters were pushed');
    const moving = live.messages.filter(
      (x) => x.topic === 'campaigns' && x.type === 'event' && x.event.campaign?.id === c.id,
    );
    assert.ok(moving.length >= 4, `progress moved live (${moving.length} events)`);
    live.close();

    const sessions = await h.sessions(c.id);
    assert.equal(
      sessions.length,
      5 + 2 * 2 * 3 + 1,
      'no-answer, busy and voicemail contacts called twice; the rest once',
    );
    assert.ok(sessions.every((x) => x.outbound?.kind === 'campaign' && x.outbound.campaignName === 'Solar Q4'));
    const peak = peakConcurrency(sessions);
    assert.ok(peak <= 3 && peak >= 2, `peak concurrency ${peak}`);
    assert.equal((await h.sessions(c.id, 'busy')).length, 4);
    assert.equal((await h.sessions(c.id, 'interested')).length, 3);
    assert.equal((await h.sessions(c.id, 'answered')).length, 5);
    const contacts = await h.contacts(c.id);
    assert.deepEqual(
      contacts.filter((x) => x.lastResult === 'no_answer').map((x) => x.attempts),
      [2, 2],
    );
    assert.equal(
      contacts.find((x) => x.status === 'do_not_call')?.attempts,
      0,
      'the do-not-call number was never dialed',
    );
  });

  it('calls each contact in its own calling window: one is called now, one in another zone waits for its morning', async () => {
    // This hour and the next (to 24:00 in the day's last hour), so the UTC contact is inside it however long the test
    // takes; in the day's last two minutes, the test waits for the next day.
    const today = new Date();
    const tomorrow = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1);
    if (tomorrow - Date.now() < 2 * 60_000) await new Promise((r) => setTimeout(r, tomorrow - Date.now() + 1000));
    const hour = new Date().getUTCHours();
    const pad = (n: number) => String(n).padStart(2, '0');
    const window = { start: `${pad(hour)}:00`, end: `${pad(Math.min(hour + 2, 24))}:00` };
    const c = await h.create({
      name: 'Windows',
      agentId: sales,
      maxConcurrentCalls: 2,
      callingWindow: window,
      defaultTimeZone: 'UTC',
      maxAttempts: 1,
    });
    await h.upload(c.id, `phone,persona,timezone\n${phone(0, 4)},busy,UTC\n${phone(1, 4)},busy,Asia/Kathmandu\n`);
    assert.equal((await h.command(c.id, 'start')).status, 200);
    await waitUntil(
      'the UTC contact is called',
      async () => (await h.contacts(c.id)).find((x) => x.phone === phone(0, 4))?.status === 'done',
    );
    const waiting = await waitUntil('the other contact deferred', async () =>
      (await h.contacts(c.id)).find((x) => x.phone === phone(1, 4) && x.nextAttemptAt),
    );
    assert.equal(waiting.status, 'pending');
    assert.equal(waiting.attempts, 0);
    const opens = new Date(waiting.nextAttemptAt!);
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Kathmandu',
      hour: '2-digit',
      minute: '2-digit',
    }).format(opens);
    assert.equal(
      local,
      window.start,
      `deferred to ${window.start} in Kathmandu (${waiting.nextAttemptAt}, now ${new Date().toISOString()})`,
    );
    assert.equal((await h.get(c.id)).status, 'running');
    assert.equal((await h.command(c.id, 'stop')).status, 200);
  });

  it('pause stops new calls (calls in progress finish), resume goes on, stop ends it', async () => {
    const rows: Array<[string, string]> = Array.from({ length: 12 }, (_, i) => [phone(i, 4), 'busy']);
    const c = await h.create({
      name: 'Pausing',
      agentId: sales,
      maxConcurrentCalls: 1,
      callsPerMinute: 60,
      callingWindow: ALL_DAY,
      maxAttempts: 1,
    });
    await h.upload(c.id, csvOf(rows));
    await h.command(c.id, 'start');
    await waitUntil('two calls', async () => (await h.sessions(c.id)).length >= 2);
    assert.equal((await h.command(c.id, 'pause')).status, 200);
    const paused = (await h.sessions(c.id)).length;
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await h.sessions(c.id)).length, paused, 'nothing dialed while paused');
    assert.equal((await h.get(c.id)).status, 'paused');
    assert.equal((await h.command(c.id, 'resume')).status, 200);
    await waitUntil('calls again', async () => (await h.sessions(c.id)).length > paused);
    assert.equal((await h.command(c.id, 'stop')).status, 200);
    const stopped = await h.get(c.id);
    assert.equal(stopped.status, 'stopped');
    const n = (await h.sessions(c.id)).length;
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal((await h.sessions(c.id)).length, n, 'nothing dialed once stopped');
    assert.ok(stopped.progress.remaining > 0);
    // Pace: at 60/min, k calls take at least k seconds, also across the pause. The pacer keeps the average
    // exact (a round that wakes late makes the next gap shorter by that lateness: 971 ms was seen on a loaded
    // CI machine), so each span is forgiven one round's lateness (250 ms), never a whole interval.
    const starts = (await h.sessions(c.id)).map((x) => Date.parse(x.startedAt)).sort((a, b) => a - b);
    for (let i = 0; i < starts.length; i++) {
      for (let j = i + 1; j < starts.length; j++) {
        const span = starts[j]! - starts[i]!;
        assert.ok(span >= (j - i) * 1000 - 250, `${j - i} calls in ${span} ms at 60/min`);
      }
    }
  });
});

describe('campaigns across a restart', () => {
  let s: StartedServer;
  const h = helpers(() => s);

  before(async () => {
    s = await startServer({ env: { ...FAST, LIVESPACE_NODE_TIMEOUT_MS: '2000' } });
  });
  after(async () => {
    await s.stop();
  });

  it('a crash in the middle of a campaign loses nothing and dials no contact twice', async () => {
    const sales = await h.agentId(/Sales/);
    const rows: Array<[string, string]> = Array.from({ length: 30 }, (_, i) => [phone(i, 4), 'busy']);
    const c = await h.create({
      name: 'Crash',
      agentId: sales,
      maxConcurrentCalls: 5,
      callsPerMinute: 120,
      callingWindow: ALL_DAY,
      maxAttempts: 1,
    });
    await h.upload(c.id, csvOf(rows));
    await h.command(c.id, 'start');
    await waitUntil('some calls', async () => (await h.sessions(c.id)).length >= 8);
    await s.kill();
    await s.restart();
    const done = await h.done(c.id, 60_000);
    assert.equal(done.progress.total, 30);
    assert.equal(done.progress.busy + done.progress.failed, 30, 'every contact settled');
    const contacts = await h.contacts(c.id);
    assert.ok(
      contacts.every((x) => x.attempts === 1),
      `one attempt each: ${contacts.map((x) => x.attempts).join(',')}`,
    );
    const sessions = await h.sessions(c.id);
    assert.equal(sessions.length, 30, 'one call per contact');
    assert.equal(new Set(sessions.map((x) => x.id)).size, 30);
  });
});

const shared = process.env.DATABASE_URL && process.env.REDIS_URL;

describe('one campaign on two processes (DATABASE_URL and REDIS_URL)', {
  skip: shared ? false : 'needs DATABASE_URL and REDIS_URL',
}, () => {
  let a: StartedServer;
  let b: StartedServer;
  const h = helpers(() => a);
  before(async () => {
    a = await startServer({ env: FAST });
    b = await startPeer(a, FAST);
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('both processes dial it, together never above maxConcurrentCalls, each contact once', async () => {
    const sales = await h.agentId(/Sales/);
    // Voicemail numbers answer after ringing and are hung up on: calls last long enough to overlap.
    const rows: Array<[string, string]> = Array.from({ length: 40 }, (_, i) => [phone(i, 5), 'voicemail']);
    const c = await h.create({
      name: 'Shared',
      agentId: sales,
      maxConcurrentCalls: 4,
      callsPerMinute: 600,
      callingWindow: ALL_DAY,
      maxAttempts: 1,
    });
    await h.upload(c.id, csvOf(rows));
    const live = await TestLiveClient.connect(b.url, await b.token());
    live.send({ type: 'subscribe', topic: 'campaigns' });
    await live.waitFor((m) => m.find((x) => x.type === 'snapshot' && x.topic === 'campaigns'));
    await h.command(c.id, 'start');
    const done = await h.done(c.id, 90_000);
    assert.equal(done.progress.voicemail, 40);
    const sessions = await h.sessions(c.id);
    assert.equal(sessions.length, 40, 'one call per contact');
    const peak = peakConcurrency(sessions);
    assert.ok(peak <= 4, `peak ${peak} calls at once`);
    await live.waitFor((m) =>
      m.find(
        (x) =>
          x.topic === 'campaigns' &&
          x.type === 'event' &&
          x.event.campaign?.id === c.id &&
          x.event.campaign.status === 'completed',
      ),
    );
    live.close();
  });
});
