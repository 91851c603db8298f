/** Live Calls filters in the URL: read back as written, the attention toggle among them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionSummary } from '@livespace/protocol/session';
import { filtersFromQuery, filtersToQuery, isFiltered, matches, NO_FILTERS } from './filters';

const summary = (over: Partial<SessionSummary> = {}): SessionSummary => ({
  id: 's1',
  seq: 1,
  channel: 'voice',
  direction: 'inbound',
  agentId: 'a1',
  agentName: 'Agent',
  callerNumber: '+15550100',
  state: 'ai_active',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  endReason: null,
  currentNode: null,
  lastLine: null,
  ...over,
});

describe('filters', () => {
  it('round-trips through the query, keeping other parameters', () => {
    const f = { channel: 'sms' as const, agent: 'a1', state: null, attention: true };
    const q = filtersToQuery(f, new URLSearchParams('x=1'));
    assert.equal(q.toString(), 'x=1&channel=sms&agent=a1&attention=1');
    assert.deepEqual(filtersFromQuery(q), f);
    assert.equal(filtersToQuery(NO_FILTERS, q).toString(), 'x=1');
  });

  it('ignores values it does not know', () => {
    assert.deepEqual(filtersFromQuery(new URLSearchParams('channel=fax&state=nope&attention=yes')), NO_FILTERS);
  });

  it('with attention on, keeps only warning and critical sessions', () => {
    const f = { ...NO_FILTERS, attention: true };
    assert.equal(isFiltered(f), true);
    assert.equal(matches(summary(), f), false);
    assert.equal(matches(summary({ health: { level: 'ok', reasons: [] } }), f), false);
    assert.equal(matches(summary({ health: { level: 'warning', reasons: [] } }), f), true);
    assert.equal(matches(summary({ health: { level: 'critical', reasons: [] } }), { ...f, channel: 'sms' }), false);
  });
});
