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
};

// Every cell: state × event → next state, or '-' when refused.
const TABLE: Record<Presence, Record<keyof typeof EVENTS, Presence | '-'>> = {
  available: { 'set available': 'available', 'set away': 'away', 'set offline': 'offline', claim: 'busy', complete: '-', gone: 'offline' },
  away: { 'set available': 'available', 'set away': 'away', 'set offline': 'offline', claim: 'busy', complete: '-', gone: 'offline' },
  offline: { 'set available': 'available', 'set away': 'away', 'set offline': 'offline', claim: 'busy', complete: '-', gone: '-' },
  busy: { 'set available': '-', 'set away': '-', 'set offline': '-', claim: 'busy', complete: 'available', gone: '-' },
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
