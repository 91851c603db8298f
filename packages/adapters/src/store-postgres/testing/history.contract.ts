/** The history search's part of the store contract (run inside `storeContract`, on every adapter). */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  HISTORY_COUNT_CAP,
  type EscalationInfo,
  type HistoryFilter,
  type SessionEvent,
  type SessionEventInput,
  type SessionSummary,
} from '@livespace/protocol';
import type { EventWrite, HistorySearch, Store } from '@livespace/app/ports/index';
import type { Sql } from '../sql-client';
import { sessionWrites } from './session-writes';

/** Every history session of these cases starts on this day (the other cases' sessions are in 2026). */
const DAY = Date.UTC(2027, 0, 5, 9, 0, 0);
const at = (s: number) => new Date(DAY + s * 1000).toISOString();
const WINDOW: Pick<HistoryFilter, 'from' | 'to'> = { from: at(0), to: at(86_400) };
/** The count cases' many rows start on this day, away from the others. */
const BULK_DAY = '2028-03-01T00:00:00.000Z';

interface Plan {
  start: number;
  number?: string;
  channel?: SessionSummary['channel'];
  /** Event inputs after the start, one a second. */
  then: SessionEventInput[];
}

/** A session's events as its actor writes them, each with the summary right after it. */
function writes(id: string, plan: Plan): EventWrite[] {
  return sessionWrites(
    {
      id,
      channel: plan.channel ?? 'voice',
      direction: 'inbound',
      agentId: 'agt-h',
      agentName: 'History agent',
      callerNumber: plan.number ?? '+14155550100',
      startedAt: at(plan.start),
    },
    plan.then.map((e, i) => [at(plan.start + i + 1), e]),
  );
}

const line = (
  speaker: 'caller' | 'ai' | 'human' | 'supervisor',
  text: string,
  marks: { hidden?: boolean; barge?: boolean } = {},
): SessionEventInput => ({ type: 'line.final', lineId: `l-${text.slice(0, 12)}`, speaker, text, ...marks });
const end = (reason = 'caller_hangup'): SessionEventInput => ({ type: 'session.ended', reason });
const esc = (queue: string, status: EscalationInfo['status'], claimedBy: string | null = null): SessionEventInput => ({
  type: 'escalation',
  escalation: {
    id: `esc-${queue}`,
    queue,
    priority: 'normal',
    reason: 'wants_human',
    status,
    waitingSince: at(0),
    claimedBy: claimedBy ? { id: claimedBy, name: claimedBy } : null,
    claimedAt: null,
    endedAt: null,
    resolution: null,
    notes: null,
  },
});

export function historyContractCases(getStore: () => Store): void {
  const search = async (f: Partial<HistorySearch> = {}) =>
    (await getStore().searchSessions({ state: 'ended', ...WINDOW, sort: '-started', limit: 50, after: null, ...f }))
      .items;
  const ids = async (f: Partial<HistorySearch> = {}) => (await search(f)).map((s) => s.id);

  it("history: health marks (a level reached, a reason) stay after they cleared; a contact's name is found in any case", async () => {
    const store = getStore();
    // A month after the other cases' day, so their exact lists stay as they are.
    const month = 31 * 86_400;
    const window = { from: at(month), to: at(month + 86_400) };
    const health = (
      level: 'ok' | 'warning' | 'critical',
      codes: Array<'long_silence' | 'provider_error'>,
    ): SessionEventInput => ({
      type: 'health',
      health: {
        level,
        reasons: codes.map((code) => ({ code, level: level === 'ok' ? 'warning' : level, text: code })),
      },
    });
    const named = (id: string, name: string | null, then: SessionEventInput[], start: number) => {
      const w = writes(id, { start: month + start, then });
      if (name) for (const x of w) x.summary = { ...x.summary, callerName: name };
      if (name)
        w[0]!.event = {
          ...(w[0]!.event as Extract<SessionEvent, { type: 'session.started' }>),
          summary: w[0]!.summary,
        };
      return w;
    };
    await store.appendEvents([
      ...named('hh-quiet', 'José Álvarez', [health('warning', ['long_silence']), health('ok', []), end()], 0),
      ...named('hh-broken', null, [health('critical', ['provider_error']), end()], 10),
      ...named('hh-fine', '100%_Real', [line('caller', 'all good'), end()], 20),
    ]);
    const found = async (f: Partial<HistorySearch>) =>
      (
        await getStore().searchSessions({ state: 'ended', ...window, sort: '-started', limit: 50, after: null, ...f })
      ).items.map((x) => x.id);
    assert.deepEqual(
      await found({ health: 'warning' }),
      ['hh-broken', 'hh-quiet'],
      'warning takes critical ones too; a cleared mark stays',
    );
    assert.deepEqual(await found({ health: 'critical' }), ['hh-broken']);
    assert.deepEqual(await found({ health: 'long_silence' }), ['hh-quiet']);
    assert.deepEqual(await found({ health: 'no_match' }), []);
    assert.deepEqual(await found({ contact: 'josé' }), ['hh-quiet']);
    assert.deepEqual(await found({ contact: '%' }), ['hh-fine'], 'LIKE wildcards are taken literally');
    assert.deepEqual(await found({ contact: '_r' }), ['hh-fine']);
    assert.deepEqual((await getStore().countSessions({ state: 'ended', ...window, health: 'warning' })).count, 2);
  });

  it('history: writes the columns the filters need as sessions go, and the search document when they end', async () => {
    const store = getStore();
    await store.appendEvents([
      ...writes('h-zebra', {
        start: 0,
        number: '+14155550123',
        then: [
          line('caller', 'My zebra invoice is wrong & late'),
          line('supervisor', 'offer the pineapple discount', { hidden: true }),
          line('ai', 'I can fix that <now>', { barge: true }),
          end(),
        ],
      }),
      ...writes('h-claimed', {
        start: 60,
        number: '+442079460000',
        then: [
          line('caller', 'I want a person'),
          esc('billing', 'waiting'),
          esc('billing', 'claimed', 'u-ava'),
          { type: 'session.state', state: 'claimed', by: { id: 'u-ava', name: 'Ava' } },
          line('human', 'Hello, Ava here'),
          line('caller', 'thanks'),
          end('ended_by_agent'),
        ],
      }),
      ...writes('h-takeover', {
        start: 120,
        channel: 'whatsapp',
        number: '+33612345678',
        then: [
          { type: 'session.state', state: 'human_active', by: { id: 'u-sue', name: 'Sue' } },
          line('human', 'Sue speaking'),
          end(),
        ],
      }),
      ...writes('h-live', { start: 180, then: [line('caller', 'zebra again, still talking')] }),
    ]);
    assert.deepEqual(await ids(), ['h-takeover', 'h-claimed', 'h-zebra'], 'ended only, newest first');
    assert.deepEqual(await ids({ state: 'all' }), ['h-live', 'h-takeover', 'h-claimed', 'h-zebra']);
    const [takeover, claimed, zebra] = await search();
    assert.equal(zebra!.durationMs, 4000);
    assert.equal(claimed!.durationMs, 7000);
    assert.equal(takeover!.durationMs, 3000);
    assert.equal((await search({ state: 'all' }))[0]!.durationMs, null, 'a live session has no duration yet');

    assert.deepEqual(await ids({ handledBy: 'u-ava' }), ['h-claimed']);
    assert.deepEqual(await ids({ handledBy: 'u-sue' }), ['h-takeover']);
    assert.deepEqual(await ids({ queue: 'billing' }), ['h-claimed']);
    assert.deepEqual(await ids({ escalated: true }), ['h-claimed']);
    assert.deepEqual(await ids({ escalated: false }), ['h-takeover', 'h-zebra']);
    assert.deepEqual(await ids({ channel: 'whatsapp' }), ['h-takeover']);
    assert.deepEqual(await ids({ endReason: 'ended_by_agent' }), ['h-claimed']);
    assert.deepEqual(await ids({ from: at(30), to: at(120) }), ['h-claimed'], 'from inclusive, to exclusive');
    assert.deepEqual(await ids({ number: { digits: '4155550123', national: null } }), ['h-zebra']);
    assert.deepEqual(await ids({ number: { digits: '0123', national: null } }), ['h-zebra'], 'a partial number');
    assert.deepEqual(
      await ids({ number: { digits: '02079460000', national: '2079460000' } }),
      ['h-claimed'],
      'a national number with its trunk 0',
    );
    assert.deepEqual(await ids({ sort: 'duration' }), ['h-takeover', 'h-zebra', 'h-claimed']);
    assert.deepEqual(
      await ids({ sort: '-duration', state: 'all' }),
      ['h-claimed', 'h-zebra', 'h-takeover', 'h-live'],
      'live ones last',
    );
  });

  it('history: searches what was said (never whispers) and marks the words found, HTML-escaped', async () => {
    const found = await search({ q: 'ZEBRA' });
    assert.deepEqual(
      found.map((s) => s.id),
      ['h-zebra'],
      'a live session is searched once it ends',
    );
    assert.match(found[0]!.match!, /<mark>zebra<\/mark> invoice is wrong &#38; late\b/);
    assert.match(
      (await search({ q: 'now' }))[0]!.match!,
      /fix that &#60;<mark>now<\/mark>/,
      'text that looks like markup is kept, escaped',
    );
    assert.deepEqual(await ids({ q: 'pineapple' }), [], 'whispers are not searchable');
    assert.deepEqual(await ids({ q: 'fix that' }), ['h-zebra'], 'barges are what the caller heard');
    assert.deepEqual(await ids({ q: '"Ava here"' }), ['h-claimed']);
    assert.deepEqual(await ids({ q: 'zebra -invoice' }), []);
    assert.deepEqual(await ids({ q: 'person or speaking' }), ['h-takeover', 'h-claimed']);
    assert.equal((await search())[0]!.match, null, 'no snippet without q');
    // The live session becomes searchable when it ends.
    await getStore().appendEvents(
      writes('h-live', { start: 180, then: [line('caller', 'zebra again, still talking'), end()] }).slice(2),
    );
    assert.deepEqual(await ids({ q: 'zebra' }), ['h-live', 'h-zebra']);
  });

  it('history: a word newest first is searched a time window at a time, and pages give what one query would', async () => {
    const store = getStore();
    // "walrus" said at times before `to` from an hour to twelve years back: in the first window, later ones, and past
    // the last bounded one (about 3.7 years back); a session the day after `to`, outside.
    const to = Date.UTC(2040, 0, 1);
    const hoursBack = [1, 2, 30, 24 * 3, 24 * 20, 24 * 21, 24 * 200, 24 * 365 * 5, 24 * 365 * 12, -24];
    const sessions = hoursBack.map((h, i) => ({ id: `h-walrus-${i}`, start: (to - h * 3_600_000 - DAY) / 1000 }));
    for (const w of sessions)
      await store.appendEvents(writes(w.id, { start: w.start, then: [line('caller', 'the walrus again'), end()] }));
    const inRange = sessions.filter((_, i) => hoursBack[i]! > 0).map((w) => w.id);
    const f = { q: 'walrus', from: undefined, to: new Date(to).toISOString() };
    assert.deepEqual(await ids(f), inRange, 'newest first, every window, nothing after to');
    assert.deepEqual(await ids({ ...f, sort: 'started' }), [...inRange].reverse(), 'oldest first (one query) agrees');
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let after: HistorySearch['after'] = null;
      do {
        const page = await store.searchSessions({ state: 'ended', sort: '-started', limit, after, ...f });
        seen.push(...page.items.map((x) => x.id));
        after = page.next;
      } while (after);
      assert.deepEqual(seen, inRange, `pages of ${limit}`);
    }
    const from = new Date(to - 24 * 25 * 3_600_000).toISOString();
    assert.deepEqual(await ids({ ...f, from }), inRange.slice(0, 6), 'from stops the windows');
  });

  it('history: keyset pages return every row once while new sessions arrive, in either order', async () => {
    const store = getStore();
    const many = Array.from({ length: 7 }, (_, i) =>
      writes(`h-page-${i}`, {
        start: 1000 + (i % 3),
        then: [
          line('caller', `page line ${i}`),
          ...Array.from({ length: i % 4 }, (_, k) => line('ai', `filler ${i} ${k}`)),
          end(),
        ],
      }),
    ).flat();
    await store.appendEvents(many);
    for (const sort of ['-started', 'started', 'duration', '-duration'] as const) {
      const expected = (await ids({ sort, limit: 200 })).filter((id) => !id.startsWith('h-new-'));
      const seen: string[] = [];
      let after: HistorySearch['after'] = null;
      let pages = 0;
      do {
        const page = await store.searchSessions({ state: 'ended', ...WINDOW, sort, limit: 3, after });
        seen.push(...page.items.map((s) => s.id));
        after = page.next;
        // A session that starts (and ends) between pages comes in on top or anywhere: never repeats or drops a row.
        if (pages++ === 0)
          await store.appendEvents(writes(`h-new-${sort}`, { start: 1001, then: [line('caller', 'new'), end()] }));
      } while (after);
      const old = seen.filter((id) => !id.startsWith('h-new-'));
      assert.deepEqual(old, expected, `${sort}: every row once, in order`);
      assert.equal(new Set(seen).size, seen.length, `${sort}: none twice`);
      assert.ok(pages >= 3, `${sort}: ${pages} pages`);
    }
  });

  it('history: the migration makes sessions stored before it searchable', async () => {
    // The store's own client, as the migration sees it: wipe what 010 (and 022) add, forget they ran, run them again.
    const db = (getStore() as unknown as { db: Sql }).db;
    const before = await search({ state: 'all', limit: 200 });
    const matched = await search({ q: 'zebra' });
    await db.query(`update sessions set caller_digits = null, duration_ms = null, handled_by = '{}', queues = '{}'`);
    await db.query('delete from session_search');
    // As before 010 and the migrations after it that change session_search (022 adds its start column).
    await db.query('alter table session_search drop column started_at');
    await db.query(`delete from schema_migrations where version in ('010_history.sql', '022_search_started_at.sql')`);
    assert.deepEqual(await db.query('select session_id from session_search'), [], 'nothing to search');
    await getStore().migrate();
    assert.deepEqual(await search({ state: 'all', limit: 200 }), before);
    assert.deepEqual(await search({ q: 'zebra' }), matched);
    assert.deepEqual(
      await ids({ handledBy: 'u-ava', queue: 'billing', number: { digits: '2079460000', national: null } }),
      ['h-claimed'],
    );
  });

  it('history: counts what a filter matches, exactly up to the cap, then the cap "at least"', async () => {
    const store = getStore();
    for (const f of [
      {},
      { q: 'zebra' },
      { handledBy: 'u-ava' },
      { channel: 'whatsapp' as const },
      { escalated: false },
      { state: 'all' as const },
      { q: 'nothing-like-this' },
    ]) {
      assert.deepEqual(
        await store.countSessions({ state: 'ended', ...WINDOW, ...f }),
        { count: (await ids({ limit: 200, ...f })).length, atLeast: false },
        JSON.stringify(f),
      );
    }
    // Rows written straight in (the count reads the same columns the search does), on a day of their own.
    const db = (getStore() as unknown as { db: Sql }).db;
    const bulk = (from: number, to: number) =>
      db.query(
        `insert into sessions (id, channel, direction, agent_id, state, started_at, ended_at, seq, summary, duration_ms)
       select 'h-bulk-' || i, 'sms', 'inbound', 'agt-bulk', 'ended', $1::timestamptz + i * interval '1 second',
         $1::timestamptz + i * interval '1 second' + interval '5 seconds', 1, jsonb_build_object('id', 'h-bulk-' || i), 5000
       from generate_series($2::int, $3::int) i`,
        [BULK_DAY, from, to],
      );
    const day = {
      state: 'ended' as const,
      from: BULK_DAY,
      to: new Date(Date.parse(BULK_DAY) + 86_400_000).toISOString(),
    };
    try {
      await bulk(1, HISTORY_COUNT_CAP);
      assert.deepEqual(await store.countSessions(day), { count: HISTORY_COUNT_CAP, atLeast: false }, 'exactly the cap');
      await bulk(HISTORY_COUNT_CAP + 1, HISTORY_COUNT_CAP + 1);
      assert.deepEqual(
        await store.countSessions(day),
        { count: HISTORY_COUNT_CAP, atLeast: true },
        'one more: at least the cap',
      );
      assert.deepEqual(await store.countSessions({ ...day, agentId: 'agt-bulk', channel: 'sms' }), {
        count: HISTORY_COUNT_CAP,
        atLeast: true,
      });
      assert.deepEqual(await store.countSessions({ ...day, channel: 'voice' }), { count: 0, atLeast: false });
      assert.deepEqual(
        await store.countSessions({ ...day, to: new Date(Date.parse(BULK_DAY) + 101_000).toISOString() }),
        { count: 100, atLeast: false },
      );
    } finally {
      await db.query(`delete from sessions where id like 'h-bulk-%'`);
    }
  });
}
