/** The transfer dialog lists available agents (not the holder, the one picked kept) and every known queue once. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HumanAgentPresence, QueueStats } from '@livespace/protocol/escalation';
import { queueNames, transferHumanAgents } from './transfer-choices';

const agent = (
  userId: string,
  name: string,
  status: HumanAgentPresence['status'],
  queues: string[] = [],
): HumanAgentPresence => ({ userId, name, status, queues, since: '2026-01-01T10:00:00.000Z' });

describe('transfer choices', () => {
  const items = [
    agent('u3', 'Eve', 'available'),
    agent('u1', 'Cal', 'available'),
    agent('u2', 'Dee', 'away'),
    agent('u4', 'Ann', 'busy'),
    agent('u5', 'Bo', 'offline'),
  ];

  it('offers the available agents by name, never the one holding the call', () => {
    assert.deepEqual(
      transferHumanAgents(items, null).map((a) => a.name),
      ['Cal', 'Eve'],
    );
    assert.deepEqual(
      transferHumanAgents(items, 'u1').map((a) => a.name),
      ['Eve'],
    );
  });

  it('keeps the agent picked when its status changes', () => {
    assert.deepEqual(
      transferHumanAgents(items, null, 'u2').map((a) => a.name),
      ['Cal', 'Dee', 'Eve'],
    );
  });

  it('suggests the queues of the figures and of the agents, once each, sorted', () => {
    const queues = [{ name: 'sales' }, { name: 'collections' }] as QueueStats[];
    assert.deepEqual(queueNames(queues, [agent('u1', 'Cal', 'away', ['billing', 'sales'])]), [
      'billing',
      'collections',
      'sales',
    ]);
    assert.deepEqual(queueNames([], []), []);
  });
});
