/** Which escalations a user works and holds, in the server's order. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HumanAgentPresence, Escalation } from '@livespace/protocol/escalation';
import type { PublicUser } from '@livespace/protocol/http';
import { compareEscalations, heldBy, holdsCall, presenceOf, waitingFor, worksQueue } from './escalation-queue';

const esc = (id: string, over: Partial<Escalation> = {}): Escalation => ({
  id,
  sessionId: `s-${id}`,
  queue: 'collections',
  priority: 'normal',
  reason: 'asked',
  status: 'waiting',
  waitingSince: '2026-01-01T10:00:00.000Z',
  claimedBy: null,
  claimedAt: null,
  endedAt: null,
  resolution: null,
  notes: null,
  channel: 'voice',
  callerNumber: '+15550100',
  agentName: 'Collections',
  lastLine: null,
  ...over,
});

const user = (role: PublicUser['role'], queues: string[] = []): PublicUser => ({
  id: `u-${role}`,
  email: `${role}@x`,
  name: role,
  role,
  queues,
});

describe('escalation queue', () => {
  it('orders urgent → low, then the longest wait, then by id', () => {
    const items = [
      esc('a', { priority: 'normal', waitingSince: '2026-01-01T10:00:05.000Z' }),
      esc('b', { priority: 'urgent', waitingSince: '2026-01-01T10:00:30.000Z' }),
      esc('c', { priority: 'normal', waitingSince: '2026-01-01T10:00:01.000Z' }),
      esc('d', { priority: 'low', waitingSince: '2026-01-01T09:00:00.000Z' }),
      esc('f', { priority: 'high' }),
      esc('e', { priority: 'high' }),
    ];
    assert.deepEqual(
      [...items].sort(compareEscalations).map((e) => e.id),
      ['b', 'e', 'f', 'c', 'a', 'd'],
    );
  });

  it('an agent works its own queues; supervisors and admins every queue; nobody signed out', () => {
    assert.equal(worksQueue(user('agent', ['sales']), 'sales'), true);
    assert.equal(worksQueue(user('agent', ['sales']), 'collections'), false);
    assert.equal(worksQueue(user('supervisor'), 'collections'), true);
    assert.equal(worksQueue(user('admin'), 'anything'), true);
    assert.equal(worksQueue(null, 'sales'), false);
  });

  it('waitingFor: waiting only, of the user queues, most pressing first', () => {
    const items = [
      esc('a'),
      esc('b', { queue: 'sales', priority: 'urgent' }),
      esc('c', { status: 'claimed', claimedBy: { id: 'x', name: 'X' } }),
      esc('d', { priority: 'high' }),
    ];
    assert.deepEqual(
      waitingFor(items, user('agent', ['collections'])).map((e) => e.id),
      ['d', 'a'],
    );
    assert.deepEqual(
      waitingFor(items, user('supervisor')).map((e) => e.id),
      ['b', 'd', 'a'],
    );
  });

  it('heldBy: the claims of this user, oldest claim first', () => {
    const me = user('agent', ['collections']);
    const items = [
      esc('a', { status: 'claimed', claimedBy: { id: me.id, name: 'me' }, claimedAt: '2026-01-01T10:05:00.000Z' }),
      esc('b', { status: 'claimed', claimedBy: { id: 'other', name: 'Other' }, claimedAt: '2026-01-01T10:01:00.000Z' }),
      esc('c', { status: 'claimed', claimedBy: { id: me.id, name: 'me' }, claimedAt: '2026-01-01T10:02:00.000Z' }),
      esc('d'),
    ];
    assert.deepEqual(
      heldBy(items, me).map((e) => e.id),
      ['c', 'a'],
    );
    assert.deepEqual(heldBy(items, null), []);
  });

  it('holdsCall: a takeover or a claim by me, while it lasts', () => {
    const me = { id: 'u1' };
    assert.equal(holdsCall('claimed', { id: 'u1', name: 'Me' }, me), true);
    assert.equal(holdsCall('human_active', { id: 'u1', name: 'Me' }, me), true);
    assert.equal(holdsCall('claimed', { id: 'u2', name: 'Other' }, me), false);
    assert.equal(holdsCall('ai_active', { id: 'u1', name: 'Me' }, me), false);
    assert.equal(holdsCall('ended', { id: 'u1', name: 'Me' }, me), false);
    assert.equal(holdsCall('claimed', { id: 'u1', name: 'Me' }, null), false);
  });

  it('presenceOf: the user own entry, or null', () => {
    const me = user('agent');
    const items: HumanAgentPresence[] = [
      { userId: me.id, name: 'me', queues: [], status: 'away', since: '2026-01-01T10:00:00.000Z' },
    ];
    assert.equal(presenceOf(items, me)?.status, 'away');
    assert.equal(presenceOf(items, user('supervisor')), null);
    assert.equal(presenceOf([], me), null);
  });
});
