/**
 * Export, deletion, the audit log and retention over real HTTP: one session as JSON and text, the history list as a
 * streamed CSV (thousands of rows, cells escaped and guarded), who may do what (401, 403 per role), deletion of
 * everything about a session (audited, refused while live), and the daily retention job deleting only what is old —
 * on one process of several. On the embedded database, and on PostgreSQL too when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { applyToSummary, type SessionEvent, type SessionSummary } from '@livespace/protocol';
import type { EventWrite } from '@livespace/app';
import { PostgresStore } from '@livespace/adapters/store-postgres/postgres.store';
import { startPeer, startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

type Line = { speaker: string; text: string; hidden?: boolean; partial?: boolean };
type Audit = {
  id: number;
  action: string;
  target: string | null;
  userName: string;
  userId: string | null;
  detail: Record<string, unknown>;
};

const engines = process.env.DATABASE_URL
  ? ([
      ['PGlite', true],
      ['PostgreSQL', false],
    ] as const)
  : ([['PGlite', true]] as const);
const DAY = 86_400_000;
/** Seeded sessions: this many ended ten days ago (kept), and OLD ended 100 days ago (deleted by 30 days' retention). */
const MANY = 3000;
const OLD = 25;
const WEIRD_NAME = '=HYPERLINK("http://evil"), "Bob"\nthe 2nd';

/** A session that started `startMs` ago and ended a minute later, as its actor writes it. */
function seeded(id: string, startMs: number, extra: Partial<SessionSummary> = {}): EventWrite[] {
  const startedAt = new Date(startMs).toISOString();
  const first: SessionSummary = {
    id,
    channel: 'sms',
    direction: 'inbound',
    agentId: 'agt-seeded',
    agentName: 'Seeded agent',
    callerNumber: '+14155550999',
    state: 'ai_active',
    startedAt,
    endedAt: null,
    endReason: null,
    currentNode: null,
    lastLine: null,
    seq: 1,
    ...extra,
  };
  let summary = first;
  const events: SessionEvent[] = [
    { type: 'session.started', seq: 1, at: startedAt, summary: first },
    {
      type: 'line.final',
      seq: 2,
      at: new Date(startMs + 1000).toISOString(),
      lineId: 'l1',
      speaker: 'caller',
      text: 'seeded, "quoted" line',
    },
    { type: 'session.ended', seq: 3, at: new Date(startMs + 60_000).toISOString(), reason: 'caller_hangup' },
  ];
  return events.map((event) => ({ sessionId: id, event, summary: (summary = applyToSummary(summary, event)) }));
}

for (const [engine, embedded] of engines) {
  describe(`export, deletion, audit and retention (${engine})`, () => {
    let s: StartedServer;
    let collections: string;
    const tokens: Record<string, string> = {};
    const ids = { zebra: '', claimed: '' };
    const as = (who?: string) => (who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {});
    const post = (path: string, json?: unknown, who?: string) =>
      s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }), ...as(who) });
    const detail = async (id: string) =>
      (await (await s.api(`/api/sessions/${id}`)).json()) as { state: string; transcript: Line[] };
    const said = (id: string, speaker: string, re: RegExp) =>
      waitUntil(
        `${speaker} to say ${re}`,
        async () => (await detail(id)).transcript.some((l) => l.speaker === speaker && !l.partial && re.test(l.text)),
        20_000,
      );
    const ended = (id: string) =>
      waitUntil(`session ${id} to end`, async () => (await detail(id)).state === 'ended', 30_000);
    const call = async (from: string) => {
      const r = await post('/api/simulator/calls', { persona: 'manual', agentId: collections, from });
      assert.equal(r.status, 201, await r.clone().text());
      return ((await r.json()) as { sessionId: string }).sessionId;
    };
    const audit = async (): Promise<Audit[]> =>
      ((await (await s.api('/api/audit?limit=1000')).json()) as { items: Audit[] }).items;
    const csv = async (query: string, who?: string) => {
      const r = await s.api(`/api/sessions/export.csv?${query}`, as(who));
      assert.equal(r.status, 200, await r.clone().text());
      return parse(await r.text(), { columns: true }) as Array<Record<string, string>>;
    };

    before(async () => {
      s = await startServer({
        embedded,
        env: { LIVESPACE_TTS: 'none', LIVESPACE_SIM_RING_MS: '200', LIVESPACE_SIM_NO_ANSWER_MS: '400' },
      });
      const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
        .items;
      collections = agents.find((a) => /Collections/.test(a.name))!.id;
      for (const [key, name, role] of [
        ['ava', 'Ava', 'agent'],
        ['ben', 'Ben', 'agent'],
        ['sue', 'Sue', 'supervisor'],
      ] as const) {
        const r = await post('/api/users', {
          email: `${key}@test.local`,
          name,
          password: `${key}-password-long`,
          role,
          queues: ['collections'],
        });
        assert.equal(r.status, 201, await r.clone().text());
        tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
      }
      assert.equal(
        (await s.api('/api/presence/me', { method: 'PUT', json: { status: 'available' }, ...as('ava') })).status,
        200,
      );

      // Said with commas and quotes, and whispered.
      ids.zebra = await call('+14155550123');
      await said(ids.zebra, 'ai', /./);
      await post(`/api/simulator/calls/${ids.zebra}/say`, { text: 'My zebra invoice, "the big one", is wrong' });
      await said(ids.zebra, 'caller', /zebra/);
      assert.equal(
        (await post(`/api/sessions/${ids.zebra}/whisper`, { text: 'offer the kumquat voucher' })).status,
        200,
      );
      await said(ids.zebra, 'supervisor', /kumquat/);
      await post(`/api/simulator/calls/${ids.zebra}/hangup`);
      await ended(ids.zebra);

      // Escalated to collections and claimed by Ava: hers to read.
      ids.claimed = await call('+14155550124');
      await said(ids.claimed, 'ai', /./);
      await post(`/api/simulator/calls/${ids.claimed}/say`, { text: 'I want to speak to a real person please' });
      const escalation = await waitUntil('the escalation', async () =>
        (
          (await (await s.api('/api/escalations?status=waiting')).json()) as {
            items: Array<{ id: string; sessionId: string }>;
          }
        ).items.find((e) => e.sessionId === ids.claimed),
      );
      assert.equal((await post(`/api/escalations/${escalation.id}/claim`, undefined, 'ava')).status, 200);
      assert.equal((await post(`/api/sessions/${ids.claimed}/say`, { text: 'Hello, Ava here' }, 'ava')).status, 200);
      await said(ids.claimed, 'human', /Ava here/);
      assert.equal(
        (await post(`/api/escalations/${escalation.id}/complete`, { resolution: 'resolved' }, 'ava')).status,
        200,
      );
      await ended(ids.claimed);

      // Thousands of sessions, and old ones, written straight to the store while the server is stopped; then it
      // starts again with 30 days' retention.
      await s.stopProcess();
      const store = await PostgresStore.open(
        s.env.DATABASE_URL ? { databaseUrl: s.env.DATABASE_URL, dataDir: '' } : { dataDir: s.env.LIVESPACE_DATA_DIR! },
      );
      try {
        const now = Date.now();
        const batch: EventWrite[] = [];
        for (let i = 0; i < MANY; i++)
          batch.push(...seeded(`ses_many_${String(i).padStart(5, '0')}`, now - 10 * DAY - i * 1000));
        batch.push(
          ...seeded('ses_weird', now - 9 * DAY, {
            callerName: WEIRD_NAME,
            callerNumber: '+14155550777',
            agentId: 'agt-weird',
          }),
        );
        for (let i = 0; i < OLD; i++)
          batch.push(...seeded(`ses_old_${i}`, now - 100 * DAY - i * 1000, { agentId: 'agt-old' }));
        for (let i = 0; i < batch.length; i += 1500) await store.appendEvents(batch.slice(i, i + 1500));
      } finally {
        await store.close();
      }
      (s.env as Record<string, string>).LIVESPACE_RETENTION_DAYS = '30';
      await s.restart();
      for (const key of ['ava', 'ben', 'sue']) tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
    });
    after(async () => {
      await s?.stop();
    });

    it('retention deletes only what ended before the cutoff, logs it and records it in the audit log', async () => {
      const run = await waitUntil(
        'the retention run',
        async () => (await audit()).find((a) => a.action === 'retention.run'),
        20_000,
      );
      assert.equal(run.userId, null);
      assert.equal(run.detail.sessions, OLD);
      assert.equal(run.detail.transcriptDays, 30);
      assert.deepEqual(await csv('agentId=agt-old'), []);
      assert.equal((await s.api('/api/sessions/ses_old_0')).status, 404);
      assert.equal((await csv('agentId=agt-seeded')).length, MANY, 'ten days old: kept');
      assert.equal((await detail(ids.zebra)).state, 'ended', "today's: kept");
      assert.match(s.output(), new RegExp(`"sessions":${OLD}.*retention: the day's run`));
    });

    it('exports one session as JSON: the session as GET answers it, with its actions', async () => {
      const r = await s.api(`/api/sessions/${ids.zebra}/export?format=json`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /^application\/json/);
      assert.equal(r.headers.get('content-disposition'), `attachment; filename="session-${ids.zebra}.json"`);
      const body = (await r.json()) as {
        exportedAt: string;
        session: { id: string; transcript: Line[] };
        actions: Array<{ action: string }>;
      };
      assert.deepEqual(body.session, await detail(ids.zebra));
      assert.deepEqual(
        body.actions.map((a) => a.action),
        ['whisper'],
      );
      assert.ok(Date.parse(body.exportedAt) > 0);
      // Without format: JSON too.
      assert.equal((await s.api(`/api/sessions/${ids.zebra}/export`)).status, 200);
    });

    it('exports one session as a readable transcript', async () => {
      const r = await s.api(`/api/sessions/${ids.zebra}/export?format=txt`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /^text\/plain/);
      assert.equal(r.headers.get('content-disposition'), `attachment; filename="session-${ids.zebra}.txt"`);
      const text = await r.text();
      assert.match(text, /^Caller: +\+14155550123$/m);
      assert.match(text, /^AI agent: +.*Collections/m);
      assert.match(text, /^Channel: +voice$/m);
      assert.match(text, /^Direction: +inbound$/m);
      assert.match(text, /^Started: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
      assert.match(text, /^Ended: +\d{4}-\d\d-\d\dT.*Z$/m);
      assert.match(text, /^Duration: +\d\d:\d\d:\d\d$/m);
      assert.match(text, /^End reason: +caller_hangup$/m);
      assert.match(text, /^\[\d\d:\d\d:\d\d\] Caller: My zebra invoice, "the big one", is wrong$/m);
      assert.match(text, /^\[\d\d:\d\d:\d\d\] Supervisor Admin.*\(whisper to AI[^)]*\): offer the kumquat voucher$/m);
      assert.match(text, /^\[\d\d:\d\d:\d\d\] AI \(/m);
    });

    it('one session: 422 bad format, 404 unknown, 401 signed out, and the reading rule per role', async () => {
      const bad = await s.api(`/api/sessions/${ids.zebra}/export?format=xml`);
      assert.equal(bad.status, 422);
      assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'format');
      assert.equal((await s.api('/api/sessions/ses_nope/export?format=txt')).status, 404);
      assert.equal((await fetch(`${s.url}/api/sessions/${ids.zebra}/export`)).status, 401);
      assert.equal(
        (await s.api(`/api/sessions/${ids.claimed}/export?format=txt`, as('sue'))).status,
        200,
        'a supervisor',
      );
      assert.equal(
        (await s.api(`/api/sessions/${ids.claimed}/export?format=txt`, as('ava'))).status,
        200,
        'the agent who handled it',
      );
      assert.equal(
        (await s.api(`/api/sessions/${ids.claimed}/export?format=json`, as('ben'))).status,
        403,
        'an agent who did not',
      );
      assert.equal((await s.api(`/api/sessions/${ids.zebra}/export?format=json`, as('ava'))).status, 403);
      const entries = (await audit()).filter((a) => a.action === 'session.export');
      assert.ok(entries.some((a) => a.target === ids.zebra && a.detail.format === 'txt' && a.userName));
      assert.ok(entries.some((a) => a.target === ids.claimed && a.userName === 'Ava'));
      assert.ok(!entries.some((a) => a.userName === 'Ben'), 'refused exports are not recorded');
    });

    it('exports the list as CSV: every row once, streamed in chunks, escaped and guarded, and audited with its filters and count', async () => {
      const r = await s.api('/api/sessions/export.csv');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /^text\/csv/);
      assert.match(r.headers.get('content-disposition')!, /^attachment; filename="sessions-\d{8}-\d{6}\.csv"$/);
      assert.equal(r.headers.get('transfer-encoding'), 'chunked');
      assert.equal(r.headers.get('content-length'), null);
      let chunks = 0;
      let text = '';
      const decoder = new TextDecoder();
      for await (const chunk of r.body!) {
        chunks++;
        text += decoder.decode(chunk, { stream: true });
      }
      assert.ok(chunks > 1, 'sent as it is read');
      const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
      assert.equal(rows.length, MANY + 3, 'the seeded sessions, the odd one and the two calls (default state=ended)');
      assert.equal(new Set(rows.map((x) => x.id)).size, rows.length, 'each once');
      assert.ok(
        rows.every((x, i) => i === 0 || x.started_at! <= rows[i - 1]!.started_at!),
        'newest first',
      );
      const weird = rows.find((x) => x.id === 'ses_weird')!;
      assert.equal(weird.caller_name, `'${WEIRD_NAME}`, 'the formula guarded, commas, quotes and the newline kept');
      assert.equal(weird.caller_number, '+14155550777', 'a phone number is data, not a formula');
      assert.equal(weird.duration_seconds, '60');
      const claimed = rows.find((x) => x.id === ids.claimed)!;
      assert.equal(claimed.escalated_queue, 'collections');
      assert.equal(claimed.handled_by, 'Ava');
      assert.equal(claimed.channel, 'voice');
      assert.ok(text.includes('\r\n'), 'CRLF rows');

      const filtered = await csv('number=555-0124&channel=voice');
      assert.deepEqual(
        filtered.map((x) => x.id),
        [ids.claimed],
      );
      const entry = await waitUntil('the CSV export audited', async () =>
        (await audit()).find(
          (a) =>
            a.action === 'sessions.export_csv' && (a.detail.filters as Record<string, string>).number === '555-0124',
        ),
      );
      assert.deepEqual(entry.detail, {
        filters: { state: 'ended', channel: 'voice', number: '555-0124' },
        rows: 1,
        complete: true,
      });
      const whole = (await audit()).find((a) => a.action === 'sessions.export_csv' && a.detail.rows === MANY + 3);
      assert.ok(whole, 'the whole list audited with its row count');
    });

    it('CSV: filters are checked (422 naming the field), and a human agent exports only what they handled', async () => {
      for (const [query, field] of [
        ['state=live', 'state'],
        ['from=yesterday', 'from'],
        ['limit=5', 'limit'],
        ['cursor=abc', 'cursor'],
        ['channel=fax', 'channel'],
        ['channel=voice&channel=sms', 'channel'],
      ] as const) {
        const r = await s.api(`/api/sessions/export.csv?${query}`);
        assert.equal(r.status, 422, query);
        assert.equal(((await r.json()) as { error: { field: string } }).error.field, field, query);
      }
      assert.equal((await fetch(`${s.url}/api/sessions/export.csv`)).status, 401);
      assert.equal((await csv('', 'sue')).length, MANY + 3, 'supervisors export everything');
      assert.deepEqual(
        (await csv('', 'ava')).map((x) => x.id),
        [ids.claimed],
        'Ava: what she handled',
      );
      assert.deepEqual(await csv('', 'ben'), [], 'Ben handled nothing');
      assert.equal((await s.api('/api/sessions/export.csv?handledBy=someone-else', as('ava'))).status, 403);
    });

    it('deletes a session and everything about it (admins only, never a live one), recorded in the audit log', async () => {
      assert.equal((await fetch(`${s.url}/api/sessions/${ids.zebra}`, { method: 'DELETE' })).status, 401);
      assert.equal((await s.api(`/api/sessions/${ids.zebra}`, { method: 'DELETE', ...as('sue') })).status, 403);
      assert.equal((await s.api(`/api/sessions/${ids.claimed}`, { method: 'DELETE', ...as('ava') })).status, 403);
      assert.equal((await s.api('/api/sessions/ses_nope', { method: 'DELETE' })).status, 404);

      const live = await call('+14155550125');
      await said(live, 'ai', /./);
      const refused = await s.api(`/api/sessions/${live}`, { method: 'DELETE' });
      assert.equal(refused.status, 409);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'session_live');
      await post(`/api/simulator/calls/${live}/hangup`);
      await ended(live);

      assert.equal((await s.api(`/api/sessions/${ids.zebra}`, { method: 'DELETE' })).status, 204);
      assert.equal((await s.api(`/api/sessions/${ids.zebra}`)).status, 404);
      assert.equal((await s.api(`/api/sessions/${ids.zebra}/export?format=txt`)).status, 404);
      assert.equal((await s.api(`/api/sessions/${ids.zebra}/actions`)).status, 404, 'its actions gone');
      const search = (await (await s.api('/api/sessions?state=all&q=zebra')).json()) as {
        items: Array<{ id: string }>;
      };
      assert.deepEqual(search.items, [], 'not found by its words');
      const history = (await (await s.api('/api/sessions?state=ended&number=4155550123')).json()) as {
        items: Array<{ id: string }>;
      };
      assert.deepEqual(history.items, [], 'not in history');
      assert.equal((await s.api(`/api/sessions/${ids.zebra}`, { method: 'DELETE' })).status, 404, 'gone');
      const entries = (await audit()).filter((a) => a.action === 'session.delete');
      assert.deepEqual(
        entries.map((a) => a.target),
        [ids.zebra],
        'recorded once: the refused deletions are not',
      );
      assert.ok(entries[0]!.userId && entries[0]!.userName, 'with who deleted it');
    });

    it('the audit log: admins only, newest first, paged with before', async () => {
      assert.equal((await fetch(`${s.url}/api/audit`)).status, 401);
      assert.equal((await s.api('/api/audit', as('sue'))).status, 403);
      assert.equal((await s.api('/api/audit', as('ava'))).status, 403);
      assert.equal((await s.api('/api/audit?limit=0')).status, 422);
      assert.equal((await s.api('/api/audit?before=x')).status, 422);
      const first = (await (await s.api('/api/audit?limit=2')).json()) as { items: Audit[]; nextBefore: number | null };
      assert.equal(first.items.length, 2);
      assert.ok(first.items[0]!.id > first.items[1]!.id);
      assert.equal(first.nextBefore, first.items[1]!.id);
      const next = (await (await s.api(`/api/audit?limit=2&before=${first.nextBefore}`)).json()) as { items: Audit[] };
      assert.ok(next.items.every((a) => a.id < first.nextBefore!));
    });

    it("a second process sharing the store does not run the day's retention again", {
      skip: !embedded && process.env.REDIS_URL ? false : 'needs PostgreSQL and REDIS_URL',
    }, async () => {
      const peer = await startPeer(s, { LIVESPACE_TTS: 'none', LIVESPACE_RETENTION_DAYS: '30' });
      try {
        await new Promise((r) => setTimeout(r, 4000));
        assert.equal((await audit()).filter((a) => a.action === 'retention.run').length, 1);
        assert.doesNotMatch(peer.output(), /retention: the day's run/);
      } finally {
        await peer.stop();
      }
    });
  });
}
