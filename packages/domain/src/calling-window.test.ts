import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inCallingWindow, nextWindowOpen } from './calling-window';

const W = { start: '09:00', end: '20:00' };

test('one instant is inside the window in one zone and outside in another', () => {
  const at = new Date('2026-11-24T15:00:00Z'); // 10:00 New York, 16:00 Paris, 00:00 Tokyo (next day)
  assert.equal(inCallingWindow(at, 'America/New_York', W), true);
  assert.equal(inCallingWindow(at, 'Europe/Paris', W), true);
  assert.equal(inCallingWindow(at, 'Asia/Tokyo', W), false);
  assert.equal(inCallingWindow(at, 'America/Los_Angeles', W), false, '07:00 in Los Angeles');
  assert.equal(inCallingWindow(new Date('2026-11-24T19:59:00Z'), 'Europe/London', W), true);
  assert.equal(inCallingWindow(new Date('2026-11-24T20:00:00Z'), 'Europe/London', W), false, 'the end is exclusive');
});

test('nextWindowOpen: later today before the start, tomorrow after the end', () => {
  assert.equal(nextWindowOpen(new Date('2026-11-24T15:00:00Z'), 'America/Los_Angeles', W).toISOString(), '2026-11-24T17:00:00.000Z');
  assert.equal(nextWindowOpen(new Date('2026-11-24T15:00:00Z'), 'Asia/Tokyo', W).toISOString(), '2026-11-25T00:00:00.000Z');
  assert.equal(nextWindowOpen(new Date('2026-11-24T21:30:00Z'), 'Europe/London', W).toISOString(), '2026-11-25T09:00:00.000Z');
});

test('across a daylight-saving change the window opens at 09:00 local on the new offset', () => {
  // New York: clocks go back on 2026-11-01 at 02:00 (EDT −4 → EST −5). At 21:00 EDT on Oct 31, next opening is 09:00 EST.
  assert.equal(nextWindowOpen(new Date('2026-11-01T01:00:00Z'), 'America/New_York', W).toISOString(), '2026-11-01T14:00:00.000Z');
  // Paris: clocks go forward on 2026-03-29 (CET +1 → CEST +2).
  assert.equal(nextWindowOpen(new Date('2026-03-28T21:00:00Z'), 'Europe/Paris', W).toISOString(), '2026-03-29T07:00:00.000Z');
});
