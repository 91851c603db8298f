/**
 * Analytics over HTTP on the real server: a simulated call that ends shows in the day's figures (summary, series,
 * CSV), who may read them, and bad queries answered 422 naming the field. The figures themselves are checked against a
 * hand-worked day in the store contract (packages/adapters/src/store-postgres/testing/analytics.contract.ts, both
 * engines).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HumanAgentFigures, AnalyticsSeries, AnalyticsSummary } from '@livespace/protocol';
import { startServer, type StartedServer } from '../support/start-server';
import { waitUntil } from '../support/wait';

describe('analytics over HTTP', () => {
  let s: StartedServer;
  const tokens: Record<string, string> = {};
  const as = (who?: string) => (who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {});
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  before(async () => {
    s = await startServer({ embedded: true, env: { LIVESPACE_TTS: 'none' } });
    tokens.admin = await s.token();
    for (const [key, role] of [
      ['sue', 'supervisor'],
      ['ava', 'agent'],
    ] as const) {
      assert.equal(
        (
          await s.api('/api/users', {
            method: 'POST',
            json: { email: `${key}@test.local`, name: key, password: `${key}-password-long`, role, queues: ['sales'] },
          })
        ).status,
        201,
      );
      tokens[key] = await s.login(`${key}@test.local`, `${key}-password-long`);
    }
  });
  after(async () => {
    await s?.stop();
  });

  it('a call that ended counts in the figures, the hourly series and the CSV', async () => {
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string }> }).items;
    const r = await s.api('/api/simulator/calls', {
      method: 'POST',
      json: { persona: 'manual', agentId: agents[0]!.id, from: '+14155550188' },
    });
    const { sessionId } = (await r.json()) as { sessionId: string };
    assert.equal((await s.api(`/api/sessions/${sessionId}/end`, { method: 'POST' })).status, 200);
    await waitUntil(
      'the call to end',
      async () => ((await (await s.api(`/api/sessions/${sessionId}`)).json()) as { state: string }).state === 'ended',
    );

    const sum = (await (await s.api(`/api/analytics/summary?${period}&tz=Europe/Paris`)).json()) as AnalyticsSummary;
    assert.equal(sum.conversations, 1);
    assert.equal(sum.byChannel.voice, 1);
    assert.deepEqual([sum.ended, sum.contained, sum.containmentPercent, sum.escalated], [1, 1, 100, 0]);
    assert.equal(sum.period.timeZone, 'Europe/Paris');
    assert.deepEqual(sum.interventions.byKind, { end: 1 }, 'the admin ended it');

    const series = (await (
      await s.api(`/api/analytics/series?${period}&bucket=hour&metric=conversations`)
    ).json()) as AnalyticsSeries;
    assert.ok(
      series.points.length === 2 || series.points.length === 3,
      `two hours' span: ${series.points.length} buckets`,
    );
    assert.equal(
      series.points.reduce((n, p) => n + (p.value ?? 0), 0),
      1,
    );

    const csv = await s.api(`/api/analytics/summary?${period}&format=csv`);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const text = await csv.text();
    assert.ok(text.startsWith('figure,key,value\r\n'));
    assert.ok(text.includes('conversations,,1\r\n'), text.slice(0, 200));
    const seriesCsv = await (
      await s.api(`/api/analytics/series?${period}&bucket=hour&metric=contained&format=csv`)
    ).text();
    assert.ok(seriesCsv.startsWith('at,contained\r\n'));

    const agentsBody = (await (await s.api(`/api/analytics/agents?${period}`)).json()) as {
      items: HumanAgentFigures[];
    };
    assert.deepEqual(
      agentsBody.items.map((a) => [a.name, a.handled]),
      [['ava', 0]],
    );
    assert.match(await (await s.api(`/api/analytics/agents?${period}&format=csv`)).text(), /^userId,name,handled,/);
  });

  it('admins and supervisors read them; human agents and strangers do not', async () => {
    for (const path of ['summary', 'agents', 'series']) {
      const url = `/api/analytics/${path}?${period}${path === 'series' ? '&metric=conversations' : ''}`;
      assert.equal((await s.api(url, as('admin'))).status, 200, path);
      assert.equal((await s.api(url, as('sue'))).status, 200, path);
      assert.equal((await s.api(url, as('ava'))).status, 403, path);
      assert.equal((await fetch(`${s.url}${url}`)).status, 401, path);
    }
  });

  it('bad queries: 422 naming the field', async () => {
    const field = async (url: string) => {
      const r = await s.api(url);
      assert.equal(r.status, 422, url);
      return ((await r.json()) as { error: { field?: string } }).error.field;
    };
    assert.equal(
      await field(`/api/analytics/summary?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`),
      'to',
    );
    assert.equal(await field('/api/analytics/summary?from=yesterday&to=2026-12-01T00:00:00Z'), 'from');
    assert.equal(await field(`/api/analytics/summary?to=${encodeURIComponent(to)}`), 'from');
    assert.equal(await field(`/api/analytics/summary?${period}&tz=Mars/Olympus`), 'tz');
    assert.equal(await field('/api/analytics/summary?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'), 'to');
    assert.equal(await field(`/api/analytics/series?${period}&metric=vibes`), 'metric');
    assert.equal(
      await field(
        `/api/analytics/series?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z&bucket=hour&metric=conversations`,
      ),
      'bucket',
    );
    assert.equal(await field(`/api/analytics/series?${period}&metric=conversations&format=xml`), 'format');
  });

  it('stays right across a restart: a call the restart ends counts once, the calls before it are not counted again', async () => {
    const before = (await (await s.api(`/api/analytics/summary?${period}`)).json()) as AnalyticsSummary;
    const agents = ((await (await s.api('/api/agents')).json()) as { items: Array<{ id: string }> }).items;
    const r = await s.api('/api/simulator/calls', {
      method: 'POST',
      json: { persona: 'manual', agentId: agents[0]!.id, from: '+14155550189' },
    });
    const { sessionId } = (await r.json()) as { sessionId: string };
    const live = (await (await s.api(`/api/analytics/summary?${period}`)).json()) as AnalyticsSummary;
    assert.deepEqual(
      [live.conversations, live.ended],
      [before.conversations + 1, before.ended],
      'a live call counts as a conversation, not as ended',
    );

    await s.restart();
    const detail = (await (await s.api(`/api/sessions/${sessionId}`)).json()) as { state: string };
    assert.equal(detail.state, 'ended', 'the restart ended the call');
    const after = (await (await s.api(`/api/analytics/summary?${period}`)).json()) as AnalyticsSummary;
    assert.deepEqual([after.conversations, after.ended], [before.conversations + 1, before.ended + 1]);
    assert.equal(after.contained, before.contained + 1);
  });
});
