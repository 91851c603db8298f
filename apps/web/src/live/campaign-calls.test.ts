/** A campaign's calls: HTTP pages and live summaries merged by id (newest seq wins), filtered, newest call first. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionDetail, SessionSummary } from '@livespace/protocol/session';
import { addCalls, isCampaignCall, mergeCalls, summaryOf, type CallsById } from './campaign-calls';

function call(id: string, startedAt: string, x: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    channel: 'voice',
    direction: 'outbound',
    agentId: 'agt_sales',
    agentName: 'Sales outreach',
    callerNumber: '+14155550100',
    state: 'ended',
    startedAt,
    endedAt: null,
    endReason: null,
    currentNode: null,
    lastLine: null,
    outbound: { kind: 'campaign', campaignId: 'cmp_1', campaignName: 'Solar' },
    seq: 1,
    ...x,
  };
}

const EMPTY: CallsById = new Map();

describe('campaign calls', () => {
  it('adds new calls and newer summaries; keeps the same map when nothing is new', () => {
    const a1 = call('a', '2026-01-01T10:00:00Z', { seq: 3, state: 'ringing' });
    const k1 = addCalls(EMPTY, [a1]);
    assert.equal(k1.get('a'), a1);
    assert.equal(addCalls(k1, [call('a', '2026-01-01T10:00:00Z', { seq: 2 })]), k1, 'an older summary changes nothing');
    assert.equal(addCalls(k1, [a1]), k1);
    const a2 = call('a', '2026-01-01T10:00:00Z', { seq: 9, outcome: 'busy' });
    const k2 = addCalls(k1, [a2]);
    assert.notEqual(k2, k1);
    assert.equal(k2.get('a'), a2);
    assert.equal(k1.get('a'), a1, 'the previous map is not changed');
  });

  it('merges live rows of this campaign only, the newer summary of each, newest call first', () => {
    const known = addCalls(EMPTY, [
      call('old', '2026-01-01T09:00:00Z'),
      call('mid', '2026-01-01T10:00:00Z', { seq: 4, state: 'ringing' }),
    ]);
    const live = [
      call('mid', '2026-01-01T10:00:00Z', { seq: 7, state: 'ai_active' }),
      call('new', '2026-01-01T11:00:00Z', { state: 'dialing' }),
      call('other', '2026-01-01T12:00:00Z', { outbound: { kind: 'campaign', campaignId: 'cmp_2' } }),
      call('inbound', '2026-01-01T12:00:00Z', { outbound: null, direction: 'inbound' }),
    ];
    const rows = mergeCalls(known, live, 'cmp_1', null);
    assert.deepEqual(
      rows.map((r) => r.id),
      ['new', 'mid', 'old'],
    );
    assert.equal(rows[1]!.state, 'ai_active');
    // A stale live summary does not hide the final one read over HTTP.
    const ended = addCalls(known, [
      call('mid', '2026-01-01T10:00:00Z', {
        seq: 12,
        state: 'ended',
        outcome: 'interested',
        answeredAt: '2026-01-01T10:00:02Z',
      }),
    ]);
    assert.equal(mergeCalls(ended, live, 'cmp_1', null)[1]!.state, 'ended');
  });

  it('filters by outcome, live rows included once they have it', () => {
    const known = addCalls(EMPTY, [
      call('b1', '2026-01-01T10:00:00Z', { outcome: 'busy' }),
      call('v1', '2026-01-01T10:01:00Z', { outcome: 'voicemail', answeredAt: '2026-01-01T10:01:01Z' }),
      call('i1', '2026-01-01T10:02:00Z', { outcome: 'interested', answeredAt: '2026-01-01T10:02:01Z' }),
    ]);
    const live = [
      call('l1', '2026-01-01T10:03:00Z', { state: 'ai_active', answeredAt: '2026-01-01T10:03:01Z' }),
      call('l2', '2026-01-01T10:04:00Z', { state: 'dialing' }),
    ];
    assert.deepEqual(
      mergeCalls(known, live, 'cmp_1', 'busy').map((r) => r.id),
      ['b1'],
    );
    assert.deepEqual(
      mergeCalls(known, live, 'cmp_1', 'answered').map((r) => r.id),
      ['l1', 'i1'],
    );
    assert.deepEqual(
      mergeCalls(known, live, 'cmp_1', null).map((r) => r.id),
      ['l2', 'l1', 'i1', 'v1', 'b1'],
    );
  });

  it('knows a campaign call, and strips a full session to its summary', () => {
    assert.equal(isCampaignCall(call('a', '2026-01-01T10:00:00Z'), 'cmp_1'), true);
    assert.equal(isCampaignCall(call('a', '2026-01-01T10:00:00Z'), 'cmp_2'), false);
    assert.equal(
      isCampaignCall(
        call('a', '2026-01-01T10:00:00Z', { outbound: { kind: 'dial_now', campaignId: 'cmp_1' } }),
        'cmp_1',
      ),
      false,
    );
    const detail: SessionDetail = {
      ...call('a', '2026-01-01T10:00:00Z'),
      transcript: [],
      variables: { name: 'Ann' },
      outcome: 'busy',
    };
    const s = summaryOf(detail);
    assert.equal('transcript' in s, false);
    assert.equal('variables' in s, false);
    assert.equal(s.outcome, 'busy');
  });
});
