/**
 * History and search over real HTTP, on ended simulated calls and conversations: each filter narrows, full-text
 * search finds what was said (never a whisper) and marks it, a number typed any way finds its session, cursor pages
 * return every row once while new sessions end, sorting by duration, 422s naming the field, and a human agent
 * reading only what they handled, and the count of matches on the first page. On the embedded database, and on
 * PostgreSQL too when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

type Item = {
  id: string;
  state: string;
  channel: string;
  direction: string;
  agentId: string;
  callerNumber: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  outcome?: string | null;
  escalation?: { queue: string } | null;
  durationMs: number | null;
  match: string | null;
};
type Page = { items: Item[]; nextCursor: string | null };
type Line = { speaker: string; text: string; hidden?: boolean; partial?: boolean };

const engines = process.env.DATABASE_URL
  ? ([
      ['PGlite', true],
      ['PostgreSQL', false],
    ] as const)
  : ([['PGlite', true]] as const);

for (const [engine, embedded] of engines) {
  describe(`history and search (${engine})`, () => {
    let s: StartedServer;
    let collections: string;
    let sales: string;
    const tokens: Record<string, string> = {};
    const userIds: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const as = (who?: string) => (who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {});
    const post = (path: string, json?: unknown, who?: string) =>
      s.api(path, { method: 'POST', ...(json === undefined ? {} : { json }), ...as(who) });
    const get = (query: string, who?: string) => s.api(`/api/sessions?${query}`, as(who));
    const page = async (query: string, who?: string): Promise<Page> => {
      const r = await get(query, who);
      assert.equal(r.status, 200, `${query}: ${await r.clone().text()}`);
      return (await r.json()) as Page;
    };
    const found = async (query: string, who?: string) =>
      (await page(`state=ended&limit=200&${query}`, who)).items.map((x) => x.id);
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
    const call = async (from: string, opts: { channel?: string; agentId?: string } = {}) => {
      const r = await post('/api/simulator/calls', {
        persona: 'manual',
        agentId: opts.agentId ?? collections,
        from,
        ...(opts.channel ? { channel: opts.channel } : {}),
      });
      assert.equal(r.status, 201, await r.clone().text());
      return ((await r.json()) as { sessionId: string }).sessionId;
    };
    /** A call that says one thing and hangs up, once what it said is in the transcript. */
    const shortCall = async (from: string, text: string) => {
      const id = await call(from);
      await said(id, 'ai', /./);
      await post(`/api/simulator/calls/${id}/say`, { text });
      await said(id, 'caller', new RegExp(text));
      await post(`/api/simulator/calls/${id}/hangup`);
      await ended(id);
      return id;
    };

    before(async () => {
      s = await startServer({
        embedded,
        env: { LIVESPACE_TTS: 'none', LIVESPACE_SIM_RING_MS: '200', LIVESPACE_SIM_NO_ANSWER_MS: '400' },
      });
      const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string; name: string }> })
        .items;
      collections = agents.find((a) => /Collections/.test(a.name))!.id;
      sales = agents.find((a) => /Sales/.test(a.name))!.id;
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
        userIds[key] = ((await r.json()) as { user: { id: string } }).user.id;
        tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
      }
      assert.equal(
        (await s.api('/api/presence/me', { method: 'PUT', json: { status: 'available' }, ...as('ava') })).status,
        200,
      );

      // An outbound call (Dial Now) that ends by itself: started first, waited for last.
      const dial = await post('/api/calls', { agentId: sales, to: '(415) 555-0177', persona: 'not_interested' });
      assert.equal(dial.status, 201, await dial.clone().text());
      ids.dial = ((await dial.json()) as { sessionId: string }).sessionId;

      // Said and whispered: the word said is found, the whispered one never is.
      ids.zebra = await call('+14155550123');
      await said(ids.zebra, 'ai', /./);
      await post(`/api/simulator/calls/${ids.zebra}/say`, { text: 'My zebra invoice is wrong' });
      await said(ids.zebra, 'caller', /zebra/);
      assert.equal(
        (await post(`/api/sessions/${ids.zebra}/whisper`, { text: 'offer the kumquat voucher' })).status,
        200,
      );
      await said(ids.zebra, 'supervisor', /kumquat/);
      await post(`/api/simulator/calls/${ids.zebra}/hangup`);
      await ended(ids.zebra);

      // Escalated to collections, claimed by Ava, completed.
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

      // A text conversation from a UK number, ended by a supervisor.
      ids.sms = await call('+442079460000', { channel: 'sms' });
      await post(`/api/simulator/calls/${ids.sms}/say`, { text: 'hello by text about a walrus' });
      await said(ids.sms, 'caller', /walrus/);
      assert.equal((await post(`/api/sessions/${ids.sms}/end`)).status, 200);
      await ended(ids.sms);

      // Taken over by Sue, and longer than the others.
      ids.long = await call('+14155550126');
      await said(ids.long, 'ai', /./);
      assert.equal((await post(`/api/sessions/${ids.long}/takeover`, undefined, 'sue')).status, 200);
      assert.equal((await post(`/api/sessions/${ids.long}/say`, { text: 'Sue speaking' }, 'sue')).status, 200);
      await said(ids.long, 'human', /Sue speaking/);
      await new Promise((r) => setTimeout(r, 2500));
      await post(`/api/simulator/calls/${ids.long}/hangup`);
      await ended(ids.long);

      for (let i = 0; i < 4; i++) ids[`plain${i}`] = await shortCall(`+1415555020${i}`, `plain call number ${i}`);
      await ended(ids.dial);
    });
    after(async () => {
      await s?.stop();
    });

    it('lists ended sessions newest first with their duration; state=all adds live ones; the older lists are as they were', async () => {
      const all = await page('state=ended');
      assert.equal(all.items.length, Object.keys(ids).length);
      assert.equal(all.nextCursor, null);
      assert.ok(all.items.every((x) => x.state === 'ended' && typeof x.durationMs === 'number' && x.match === null));
      const starts = all.items.map((x) => x.startedAt);
      assert.deepEqual(starts, [...starts].sort().reverse(), 'newest first');
      const long = all.items.find((x) => x.id === ids.long)!;
      assert.equal(long.durationMs, Date.parse(long.endedAt!) - Date.parse(long.startedAt));

      const live = await call('+14155550199');
      const withLive = await page('state=all');
      assert.equal(withLive.items[0]!.id, live, 'the live one started last');
      assert.equal(withLive.items[0]!.durationMs, null);
      await post(`/api/simulator/calls/${live}/hangup`);
      await ended(live);
      ids.late = live;

      // Live Calls and the offset list answer as before: items only, no cursor.
      const older = (await (await get('state=all&offset=0&limit=5000')).json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(older), ['items']);
      assert.equal((older.items as unknown[]).length, Object.keys(ids).length);
      assert.deepEqual(Object.keys((await (await get('state=live')).json()) as object), ['items']);
    });

    it('each filter narrows the list', async () => {
      const everyone = await found('');
      const check = async (query: string, expected: string[]) =>
        assert.deepEqual((await found(query)).sort(), expected.sort(), query);
      await check('channel=sms', [ids.sms!]);
      await check(
        'channel=voice',
        everyone.filter((id) => id !== ids.sms),
      );
      await check('direction=outbound', [ids.dial!]);
      await check(`agentId=${sales}`, [ids.dial!]);
      await check('outcome=not_interested', [ids.dial!]);
      await check('endReason=completed', [ids.claimed!]);
      await check('queue=collections', [ids.claimed!]);
      await check('queue=sales', []);
      await check('escalated=true', [ids.claimed!]);
      await check(
        'escalated=false',
        everyone.filter((id) => id !== ids.claimed),
      );
      await check(`handledBy=${userIds.ava}`, [ids.claimed!]);
      await check(`handledBy=${userIds.sue}`, [ids.long!]);
      await check('campaignId=cmp_none', []);
      // The time range is on the start time: from inclusive, to exclusive.
      const items = (await page('state=ended&limit=200&sort=started')).items;
      const [a, b] = [items[2]!, items[5]!];
      await check(
        `from=${encodeURIComponent(a.startedAt)}&to=${encodeURIComponent(b.startedAt)}`,
        items.slice(2, 5).map((x) => x.id),
      );
      await check(`from=${encodeURIComponent(a.startedAt)}&to=${encodeURIComponent(a.startedAt)}`, []);
      await check('to=2020-01-01', []);
      await check('from=2020-01-01&channel=sms&escalated=false', [ids.sms!]);
    });

    it('q finds a word said in the transcript and marks it; a whispered word is not searchable', async () => {
      const hits = (await page('state=ended&q=ZEBRA')).items;
      assert.deepEqual(
        hits.map((x) => x.id),
        [ids.zebra],
      );
      assert.match(hits[0]!.match!, /My <mark>zebra<\/mark> invoice/);
      const whisper = (await detail(ids.zebra!)).transcript.find((l) => l.speaker === 'supervisor')!;
      assert.equal(whisper.hidden, true, 'the whisper is in the transcript, hidden');
      assert.deepEqual(await found('q=kumquat'), [], 'never found by what was whispered');
      assert.deepEqual(await found(`q=${encodeURIComponent('"Ava here"')}`), [ids.claimed]);
      assert.deepEqual(await found('q=Sue'), [ids.long], 'what the human who took over said');
      assert.deepEqual(await found(`q=${encodeURIComponent('plain -number')}`), []);
      assert.deepEqual(
        (await found(`q=${encodeURIComponent('zebra or walrus')}`)).sort(),
        [ids.zebra!, ids.sms!].sort(),
      );
      assert.deepEqual(
        (await page('state=all&q=zebra&channel=voice')).items.map((x) => x.id),
        [ids.zebra],
      );
    });

    it('a number typed in any format finds the same session', async () => {
      for (const typed of ['+1 (415) 555-0123', '4155550123', '001 415 555 0123', '555-0123']) {
        assert.deepEqual(await found(`number=${encodeURIComponent(typed)}`), [ids.zebra], typed);
      }
      for (const typed of ['+44 20 7946 0000', '00 44 20 7946 0000', '020 7946 0000', 'tel:+442079460000']) {
        assert.deepEqual(await found(`number=${encodeURIComponent(typed)}`), [ids.sms], typed);
      }
      assert.deepEqual(await found('number=5550177'), [ids.dial], 'the number called, on an outbound call');
      assert.deepEqual(await found('number=%2B4915112345678'), []);
    });

    it('cursor pages return every row once, even when a session ends between pages', async () => {
      for (const sort of ['-started', 'started', '-duration']) {
        const expected = await found(`sort=${sort}`);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        let added = '';
        do {
          const p: Page = await page(`state=ended&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
          assert.ok(p.items.length <= 3);
          seen.push(...p.items.map((x) => x.id));
          cursor = p.nextCursor;
          if (pages++ === 0) added = await shortCall('+14155550300', `a new call while paging ${sort}`);
        } while (cursor);
        assert.ok(pages > 2, `${pages} pages`);
        assert.equal(new Set(seen).size, seen.length, `${sort}: no row twice`);
        assert.deepEqual(
          seen.filter((id) => id !== added),
          expected,
          `${sort}: every row once, in order`,
        );
        ids[`paging${sort}`] = added;
      }
    });

    it('counts the matches beside the pages (GET /api/sessions/count), for the filters and for who is asking', async () => {
      const count = async (query: string, who?: string) => {
        const r = await s.api(
          `/api/sessions/count?${query}`,
          who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {},
        );
        assert.equal(r.status, 200, await r.clone().text());
        return r.json();
      };
      const all = await page('state=ended&limit=200');
      assert.deepEqual(await count('state=ended'), { count: all.items.length, atLeast: false });
      assert.deepEqual(
        await count('limit=2'),
        { count: all.items.length, atLeast: false },
        'every match, whatever the page size; ended by default',
      );
      assert.equal((all as Page & { total?: unknown }).total, undefined, 'the page does not wait for a count');
      assert.deepEqual(await count('state=ended&q=zebra'), { count: 1, atLeast: false });
      assert.deepEqual(await count('state=ended&channel=sms&escalated=false'), { count: 1, atLeast: false });
      assert.deepEqual(await count('state=ended&to=2020-01-01'), { count: 0, atLeast: false });
      assert.deepEqual(
        await count('state=ended', 'ava'),
        { count: 1, atLeast: false },
        'a human agent counts only what they handled',
      );
      assert.deepEqual(await count('state=ended', 'ben'), { count: 0, atLeast: false });
      const bad = await s.api('/api/sessions/count?state=live');
      assert.equal(bad.status, 422);
      assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'state');
      assert.equal((await s.api('/api/sessions/count?channel=fax')).status, 422);
      assert.equal(
        (
          await s.api(`/api/sessions/count?handledBy=${userIds.ava}`, {
            headers: { authorization: `Bearer ${tokens.ben}` },
          })
        ).status,
        403,
        "nobody else's",
      );
    });

    it('sorts by duration both ways', async () => {
      const up = (await page('state=ended&sort=duration&limit=200')).items.map((x) => x.durationMs!);
      const down = (await page('state=ended&sort=-duration&limit=200')).items;
      assert.deepEqual(
        up,
        [...up].sort((a, b) => a - b),
      );
      assert.deepEqual(
        down.map((x) => x.durationMs),
        [...up].reverse(),
      );
      assert.ok(
        down.find((x) => x.id === ids.long)!.durationMs! >= 2500,
        'the call held longest lasted as long as it was held',
      );
    });

    it('refuses malformed filters with 422 naming the field', async () => {
      const first = await page('state=ended&limit=1');
      const bad: Array<[string, string]> = [
        ['state=old', 'state'],
        ['state=ended&channel=fax', 'channel'],
        ['state=ended&channel=voice&channel=sms', 'channel'],
        ['state=ended&from=yesterday', 'from'],
        ['state=ended&from=2026-02-30', 'from'],
        ['state=ended&to=2026-11-24T10:00', 'to'],
        ['state=ended&from=2026-11-25&to=2026-11-24', 'to'],
        ['state=all&direction=sideways', 'direction'],
        ['state=ended&escalated=yes', 'escalated'],
        ['state=ended&agentId=a%20b', 'agentId'],
        ['state=ended&number=12', 'number'],
        ['state=ended&number=call%20me', 'number'],
        [`state=ended&q=${'x'.repeat(201)}`, 'q'],
        ['state=ended&q=%21%21%21', 'q'],
        ['state=ended&sort=name', 'sort'],
        ['state=ended&health=sick', 'health'],
        ['state=ended&contact=%20', 'contact'],
        [`state=ended&contact=${'x'.repeat(101)}`, 'contact'],
        ['state=ended&limit=0', 'limit'],
        ['state=ended&limit=201', 'limit'],
        ['state=ended&limit=ten', 'limit'],
        ['state=ended&cursor=not*a*cursor', 'cursor'],
        [`state=ended&cursor=${Buffer.from('{"s":"-started","k":"x","i":"y"}').toString('base64url')}`, 'cursor'],
        [`state=ended&sort=duration&cursor=${first.nextCursor}`, 'cursor'],
        ['state=ended&offset=0', 'offset'],
        ['state=all&offset=0&q=zebra', 'offset'],
      ];
      for (const [query, field] of bad) {
        const r = await get(query);
        const body = (await r.json()) as { error: { code: string; field?: string; message: string } };
        assert.equal(r.status, 422, `${query}: ${JSON.stringify(body)}`);
        assert.equal(body.error.field, field, `${query}: ${body.error.message}`);
        assert.ok(body.error.message.startsWith(`${field}:`), body.error.message);
      }
      assert.equal(
        (await get(`state=ended&limit=1&cursor=${first.nextCursor}`)).status,
        200,
        'the cursor itself is good',
      );
    });

    it('admins and supervisors read all history; a human agent only the sessions they handled', async () => {
      const everyone = await found('');
      assert.deepEqual((await found('', 'sue')).sort(), everyone.sort(), 'a supervisor');
      assert.deepEqual(await found('', 'ava'), [ids.claimed], 'Ava claimed one');
      assert.deepEqual(await found(`handledBy=${userIds.ava}&q=Ava`, 'ava'), [ids.claimed]);
      assert.deepEqual(
        (await page('state=all', 'ava')).items.map((x) => x.id),
        [ids.claimed],
      );
      assert.deepEqual(await found('', 'ben'), [], 'Ben handled none');
      assert.deepEqual(await found('q=zebra', 'ben'), []);
      const other = await get(`state=ended&handledBy=${userIds.sue}`, 'ava');
      assert.equal(other.status, 403);
      // The older offset list of every session is history too.
      const older = (await (await get('state=all&offset=0', 'ava')).json()) as { items: Item[] };
      assert.deepEqual(
        older.items.map((x) => x.id),
        [ids.claimed],
      );
      assert.ok(
        ((await (await get('state=all&offset=0', 'sue')).json()) as { items: Item[] }).items.length >= everyone.length,
      );
      // Unauthenticated: 401 as before.
      assert.equal((await fetch(`${s.url}/api/sessions?state=ended`)).status, 401);
    });
  });
}
