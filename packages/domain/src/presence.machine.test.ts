import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Presence } from '@livespace/protocol';
import { presenceTransition, type PresenceEvent } from './presence.machine';

const EVENTS: Record<string, PresenceEvent> = {
  'set available': { type: 'set', status: 'available' },
  'set away': { type: 'set', status: 'away' },
  'set offline': { type: 'set', status: 'offline' },
  claim: { type: 'claim' },
  complete: { type: 'complete' },
  gone: { type: 'gone' },
  'return (chose available)': { type: 'return', chosen: 'available' },
  'return (chose away)': { type: 'return', chosen: 'away' },
  'return (chose offline)': { type: 'return', chosen: 'offline' },
  disable: { type: 'disable' },
};

// Every cell: state × event → next state, or '-' when refused.
const TABLE: Record<Presence, Record<keyof typeof EVENTS, Presence | '-'>> = {
  available: {
    'set available': 'available',
    'set away': 'away',
    'set offline': 'offline',
    claim: 'busy',
    complete: '-',
    gone: 'offline',
    'return (chose available)': 'available',
    'return (chose away)': 'available',
    'return (chose offline)': 'available',
    disable: 'offline',
  },
  away: {
    'set available': 'available',
    'set away': 'away',
    'set offline': 'offline',
    claim: 'busy',
    complete: '-',
    gone: 'offline',
    'return (chose available)': 'away',
    'return (chose away)': 'away',
    'return (chose offline)': 'away',
    disable: 'offline',
  },
  offline: {
    'set available': 'available',
    'set away': 'away',
    'set offline': 'offline',
    claim: 'busy',
    complete: '-',
    gone: '-',
    'return (chose available)': 'available',
    'return (chose away)': 'away',
    'return (chose offline)': 'offline',
    disable: 'offline',
  },
  busy: {
    'set available': '-',
    'set away': '-',
    'set offline': '-',
    claim: 'busy',
    complete: 'available',
    gone: '-',
    'return (chose available)': 'busy',
    'return (chose away)': 'busy',
    'return (chose offline)': 'busy',
    disable: 'offline',
  },
};

for (const [state, row] of Object.entries(TABLE) as Array<[Presence, Record<string, Presence | '-'>]>) {
  for (const [name, want] of Object.entries(row)) {
    test(`presence: ${state} + ${name} → ${want}`, () => {
      const r = presenceTransition(state, EVENTS[name]!);
      if (want === '-') assert.equal(r.ok, false);
      else assert.deepEqual(r, { ok: true, status: want });
    });
  }
}

test('a busy agent is told to complete first', () => {
  const r = presenceTransition('busy', { type: 'set', status: 'away' });
  assert.ok(!r.ok && /complete the claimed call first/.test(r.message));
});
