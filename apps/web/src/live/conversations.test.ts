/**
 * Which conversations need a person, in what words, since when the customer waits, and the order that lists them first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttentionReason, Conversation } from '@livespace/protocol/health';
import type { LastLine, SessionSummary } from '@livespace/protocol/session';
import {
  customerWaitingSince,
  describeReason,
  needsPerson,
  needsPersonCount,
  orderConversations,
  reasonsInOrder,
} from './conversations';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();

const conv = (id: string, attention: AttentionReason[] = [], over: Partial<SessionSummary> = {}): Conversation => ({
  summary: {
    id,
    seq: 1,
    channel: 'whatsapp',
    direction: 'inbound',
    agentId: 'a1',
    agentName: 'Clinic',
    callerNumber: '+14155550100',
    state: 'ai_active',
    startedAt: T(0),
    endedAt: null,
    endReason: null,
    currentNode: null,
    lastLine: null,
    ...over,
  },
  attention,
});
const line = (speaker: LastLine['speaker'], at: string): LastLine => ({ speaker, text: 'hi', at });
const rows = (...cs: Conversation[]) => cs.map((item) => ({ item, leaving: false }));

describe('conversations', () => {
  it('needs a person when the server gives a reason', () => {
    assert.equal(needsPerson(conv('a')), false);
    assert.equal(needsPerson(conv('a', ['unanswered'])), true);
  });

  it('lists those that need a person first: the longest-waiting customer on top, then by start; the rest keep their start order', () => {
    const list = rows(
      conv('calm-old', [], { startedAt: T(0) }),
      conv('paused', ['ai_paused'], { startedAt: T(5), lastLine: line('human', T(30)) }),
      conv('waiting-short', ['ai_paused', 'unanswered'], { startedAt: T(1), lastLine: line('caller', T(40)) }),
      conv('calm-new', [], { startedAt: T(20), lastLine: line('caller', T(50)) }),
      conv('waiting-long', ['unanswered'], { startedAt: T(10), lastLine: line('caller', T(20)) }),
      conv('escalated', ['escalated'], { startedAt: T(2), state: 'queued' }),
    );
    assert.deepEqual(
      orderConversations(list).map((r) => r.item.summary.id),
      ['waiting-long', 'waiting-short', 'escalated', 'paused', 'calm-old', 'calm-new'],
    );
    assert.equal(list[0]!.item.summary.id, 'calm-old', 'the input is not changed');
  });

  it('the customer waits since their own last line only', () => {
    assert.equal(customerWaitingSince(conv('a', [], { lastLine: line('caller', T(7)) })), T(7));
    assert.equal(customerWaitingSince(conv('a', [], { lastLine: line('ai', T(7)) })), null);
    assert.equal(customerWaitingSince(conv('a')), null);
  });

  it('shows the reasons most pressing first, each once', () => {
    assert.deepEqual(reasonsInOrder(conv('a', ['ai_paused', 'unanswered', 'ai_paused'])), ['unanswered', 'ai_paused']);
    assert.deepEqual(reasonsInOrder(conv('a', ['escalated'])), ['escalated']);
  });

  it('says who has it and where', () => {
    const paused = conv('a', ['ai_paused'], { state: 'human_active', takenOverBy: { id: 'u1', name: 'Ann' } });
    assert.equal(describeReason(paused, 'ai_paused'), 'AI paused: Ann took over and answers the customer');
    const escalation = {
      id: 'x',
      queue: 'front-desk',
      priority: 'normal' as const,
      reason: 'asked',
      status: 'waiting' as const,
      waitingSince: T(0),
      claimedBy: null,
      claimedAt: null,
      endedAt: null,
      resolution: null,
      notes: null,
    };
    assert.equal(
      describeReason(conv('b', ['escalated'], { state: 'queued', escalation }), 'escalated'),
      'Escalated to a person: waiting in queue front-desk',
    );
    const claimed = { ...escalation, status: 'claimed' as const, claimedBy: { id: 'u2', name: 'Cal' } };
    assert.equal(
      describeReason(conv('c', ['escalated'], { state: 'claimed', escalation: claimed }), 'escalated'),
      'Escalated to a person: claimed by Cal (queue front-desk)',
    );
  });

  it('counts those that need a person, not the rows fading out', () => {
    const list = [
      ...rows(conv('a', ['unanswered']), conv('b'), conv('c', ['escalated'])),
      { item: conv('d', ['ai_paused']), leaving: true },
    ];
    assert.equal(needsPersonCount(list), 2);
  });
});
