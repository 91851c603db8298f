/** Which sessions need attention, how that reads, and the order that lists them first without reshuffling the rest. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionHealth, SessionSummary } from '@livespace/protocol/session';
import { describeHealth, needsAttention, orderByAttention, reasonsWorstFirst } from './attention';

const summary = (id: string, health?: SessionHealth): SessionSummary => ({
  id,
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
  ...(health ? { health } : {}),
});
const row = (id: string, health?: SessionHealth, leaving = false) => ({ summary: summary(id, health), leaving });

const silence = (level: 'warning' | 'critical') => ({
  code: 'long_silence' as const,
  level,
  text: `Nobody has spoken for over ${level === 'critical' ? 30 : 15} s`,
});
const slow = { code: 'slow_ai' as const, level: 'warning' as const, text: 'The AI took 4.2 s to answer' };
const WARN: SessionHealth = { level: 'warning', reasons: [silence('warning')] };
const CRIT: SessionHealth = { level: 'critical', reasons: [slow, silence('critical')] };
const OK: SessionHealth = { level: 'ok', reasons: [] };

describe('attention', () => {
  it('puts critical sessions first, then warnings, keeping the given order within each level', () => {
    const rows = [row('a'), row('b', WARN), row('c', OK), row('d', CRIT), row('e', WARN), row('f')];
    assert.deepEqual(
      orderByAttention(rows).map((r) => r.summary.id),
      ['d', 'b', 'e', 'a', 'c', 'f'],
    );
    assert.deepEqual(
      rows.map((r) => r.summary.id),
      ['a', 'b', 'c', 'd', 'e', 'f'],
      'the input is not changed',
    );
  });

  it('leaves a list without health in its order', () => {
    const rows = ['x', 'y', 'z'].map((id) => row(id));
    assert.deepEqual(
      orderByAttention(rows).map((r) => r.summary.id),
      ['x', 'y', 'z'],
    );
  });

  it('says which sessions need attention', () => {
    assert.equal(needsAttention(summary('a', OK)), false);
    assert.equal(needsAttention(summary('a')), false);
  });

  it('reads as the level and its reasons, worst first', () => {
    assert.equal(describeHealth(WARN), 'Needs attention: Nobody has spoken for over 15 s');
    assert.equal(describeHealth(CRIT), 'Critical: Nobody has spoken for over 30 s; The AI took 4.2 s to answer');
    assert.equal(describeHealth(OK), '');
    assert.deepEqual(
      reasonsWorstFirst(CRIT).map((r) => r.code),
      ['long_silence', 'slow_ai'],
    );
  });
});
