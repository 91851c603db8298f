import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  callbackSource,
  describeOutbound,
  elapsedSeconds,
  formatDuration,
  humanize,
  outboundKindLabel,
  truncate,
} from './format';

describe('format', () => {
  it('formats durations as mm:ss, and h:mm:ss from an hour', () => {
    assert.equal(formatDuration(0), '00:00');
    assert.equal(formatDuration(65), '01:05');
    assert.equal(formatDuration(3599), '59:59');
    assert.equal(formatDuration(3725), '1:02:05');
    assert.equal(formatDuration(-3), '00:00');
  });

  it('never counts negative time when clocks are slightly apart', () => {
    const now = Date.parse('2026-01-01T00:01:00.000Z');
    assert.equal(elapsedSeconds('2026-01-01T00:00:00.000Z', now), 60);
    assert.equal(elapsedSeconds('2026-01-01T00:01:02.000Z', now), 0);
    assert.equal(elapsedSeconds('not a date', now), 0);
  });

  it('truncates long lines on a word-ish boundary with an ellipsis', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('a   b\n c', 10), 'a b c');
    const t = truncate('x'.repeat(50), 10);
    assert.equal(t.length, 10);
    assert.ok(t.endsWith('…'));
  });

  it('humanizes codes', () => {
    assert.equal(humanize('caller_hangup'), 'caller hangup');
  });

  it('says why a call was placed and who asked for a callback', () => {
    const ava = { id: 'u1', name: 'Ava' };
    assert.equal(describeOutbound({ kind: 'dial_now', by: ava }), 'Outbound · Dial Now by Ava');
    assert.equal(describeOutbound({ kind: 'callback' }), 'Outbound · Callback');
    assert.equal(
      describeOutbound({ kind: 'campaign', campaignId: 'cmp_1', campaignName: 'Spring renewals' }),
      'Outbound · campaign Spring renewals',
    );
    assert.equal(describeOutbound(null), 'Outbound');
    assert.equal(outboundKindLabel({ kind: 'campaign', campaignName: 'Spring renewals' }), 'Spring renewals');
    assert.equal(callbackSource({ source: 'flow', createdBy: null }), 'AI flow');
    assert.equal(callbackSource({ source: 'llm', createdBy: null }), 'AI (LLM)');
    assert.equal(callbackSource({ source: 'person', createdBy: ava }), 'Ava');
  });
});
