import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionSummary } from './session';
import { SessionsViewSchema as SessionsView } from './live';
import { viewWindow } from './sessions-view';

function s(id: string, startedAt: string, over: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    channel: 'voice',
    direction: 'inbound',
    agentId: 'a1',
    agentName: 'Sales',
    callerNumber: '+1',
    state: 'ai_active',
    startedAt,
    endedAt: null,
    endReason: null,
    currentNode: null,
    lastLine: null,
    seq: 1,
    ...over,
  };
}

const warn = { level: 'warning' as const, reasons: [] };
const crit = { level: 'critical' as const, reasons: [] };

test('the window is the list order (critical, warning, then longest-running) cut at the limit; counts cover everything', () => {
  const items = [
    s('a', '2026-12-05T10:00:00Z'),
    s('b', '2026-12-05T10:01:00Z', { health: warn }),
    s('c', '2026-12-05T10:02:00Z', { channel: 'sms', agentId: 'a2', agentName: 'Billing' }),
    s('d', '2026-12-05T10:03:00Z', { health: crit, state: 'queued' }),
    s('e', '2026-12-05T09:00:00Z', {
      outbound: { kind: 'campaign', campaignId: 'cmp_1' } as SessionSummary['outbound'],
    }),
  ];
  const w = viewWindow(items, { limit: 3 });
  assert.deepEqual(
    w.items.map((x) => x.id),
    ['d', 'b', 'e'],
  );
  assert.equal(w.counts.live, 5);
  assert.equal(w.counts.matched, 5);
  assert.deepEqual(w.counts.byChannel, { voice: 4, sms: 1 });
  assert.deepEqual(w.counts.byState, { ai_active: 4, queued: 1 });
  assert.deepEqual(w.counts.agents, [
    { id: 'a2', name: 'Billing', count: 1 },
    { id: 'a1', name: 'Sales', count: 4 },
  ]);
  assert.deepEqual(w.counts.attention, { count: 2, critical: true });

  assert.deepEqual(
    viewWindow(items, { limit: 10, attention: true }).items.map((x) => x.id),
    ['d', 'b'],
  );
  const voiceOnly = viewWindow(items, { limit: 10, channel: 'voice', state: 'ai_active' });
  assert.deepEqual(
    voiceOnly.items.map((x) => x.id),
    ['b', 'e', 'a'],
  );
  assert.deepEqual(
    voiceOnly.counts.attention,
    { count: 1, critical: false },
    'attention counted within the other filters',
  );
  assert.deepEqual(
    viewWindow(items, { limit: 10, campaignId: 'cmp_1' }).items.map((x) => x.id),
    ['e'],
  );
  assert.deepEqual(
    viewWindow(items, { limit: 10, agentId: 'a2' }).items.map((x) => x.id),
    ['c'],
  );
});

test('a view is checked: a limit from 1 to 2,000, live states only, an interval from 10 to 1,000 ms, no unknown fields', () => {
  assert.ok(SessionsView.safeParse({ limit: 100, channel: 'whatsapp', attention: true }).success);
  assert.ok(SessionsView.safeParse({ limit: 100, intervalMs: 250 }).success);
  for (const bad of [
    {},
    { limit: 0 },
    { limit: 2001 },
    { limit: 1.5 },
    { limit: 5, state: 'ended' },
    { limit: 5, channel: 'fax' },
    { limit: 5, extra: 1 },
    { limit: 5, intervalMs: 5 },
    { limit: 5, intervalMs: 1001 },
    { limit: 5, intervalMs: 2.5 },
  ]) {
    assert.equal(SessionsView.safeParse(bad).success, false, JSON.stringify(bad));
  }
});

test('the window is the first rows of the whole list sorted, whatever order the sessions come in and whatever the limit', () => {
  // The list order as the screen shows it: critical, warning, the rest; then longest-running; then by id.
  const rank = { critical: 0, warning: 1, ok: 2 } as const;
  const listOrder = (a: SessionSummary, b: SessionSummary) =>
    rank[a.health?.level ?? 'ok'] - rank[b.health?.level ?? 'ok'] ||
    (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 50; round++) {
    const items = Array.from({ length: 1 + random(300) }, (_, i) =>
      s(`s${random(1000)}-${i}`, `2026-12-05T10:${String(random(60)).padStart(2, '0')}:00Z`, {
        ...([{}, { health: warn }, { health: crit }][random(3)] as Partial<SessionSummary>),
        ...(random(10) === 0 ? { state: 'ended' as const } : {}),
      }),
    );
    const all = items.filter((x) => x.state !== 'ended').sort(listOrder);
    for (const limit of [1, 2, 10, 100, 2000]) {
      const w = viewWindow(items, { limit });
      assert.deepEqual(
        w.items.map((x) => x.id),
        all.slice(0, limit).map((x) => x.id),
        `round ${round}, limit ${limit}`,
      );
      assert.equal(w.counts.matched, all.length);
    }
  }
});
