import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Callback, CallbackStatus } from '@livespace/protocol/outbound';
import { CHANGEABLE, groupCallbacks } from './callback-groups';

function cb(id: string, status: CallbackStatus, at: string, updatedAt = at): Callback {
  return {
    id,
    status,
    at,
    updatedAt,
    to: '+14155550100',
    agentId: 'a',
    timeZone: null,
    attempts: [],
    maxAttempts: 3,
    source: 'person',
    originSessionId: null,
    createdBy: null,
    note: null,
    createdAt: at,
  };
}

describe('groupCallbacks', () => {
  it('lists upcoming soonest first (dialing ones first), then missed and failed, then the recent finished ones, latest first', () => {
    const g = groupCallbacks([
      cb('late', 'scheduled', '2026-11-25T12:00:00Z'),
      cb('soon', 'scheduled', '2026-11-25T09:00:00Z'),
      cb('now', 'dialing', '2026-11-25T10:00:00Z'),
      cb('missed', 'missed', '2026-11-24T10:00:00Z', '2026-11-24T10:30:00Z'),
      cb('failed', 'failed', '2026-11-24T08:00:00Z', '2026-11-24T11:00:00Z'),
      cb('done', 'completed', '2026-11-24T07:00:00Z', '2026-11-24T07:05:00Z'),
      cb('off', 'canceled', '2026-11-26T07:00:00Z', '2026-11-24T09:00:00Z'),
    ]);
    assert.deepEqual(
      g.upcoming.map((c) => c.id),
      ['now', 'soon', 'late'],
    );
    assert.deepEqual(
      g.attention.map((c) => c.id),
      ['failed', 'missed'],
    );
    assert.deepEqual(
      g.recent.map((c) => c.id),
      ['off', 'done'],
    );
  });

  it('lets people change only scheduled, missed and failed callbacks', () => {
    assert.deepEqual([...CHANGEABLE].sort(), ['failed', 'missed', 'scheduled']);
  });
});
