import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialBudget } from './campaign-pacing';

/**
 * A dialer on a fake clock that wakes at the cursor (plus `lateMs(i)`: timer jitter and round time) or
 * when a call ends, as the real one does; calls last `callMs`. Returns the start times and the peak of calls up.
 */
function simulate(opts: {
  cpm: number;
  max: number;
  callMs: number;
  durationMs: number;
  lateMs?: (i: number) => number;
}): { starts: number[]; peak: number } {
  let cursor: number | null = null;
  const ends: number[] = [];
  const starts: number[] = [];
  let peak = 0;
  let now = 0;
  for (let i = 0; now < opts.durationMs; i++) {
    while (ends.length && ends[0]! <= now) ends.shift();
    const b = dialBudget({ cursor, now, callsPerMinute: opts.cpm, maxConcurrent: opts.max, active: ends.length });
    for (let k = 0; k < b.allowed; k++) {
      starts.push(now);
      ends.push(now + opts.callMs);
    }
    ends.sort((x, y) => x - y);
    peak = Math.max(peak, ends.length);
    cursor = b.advance(b.allowed);
    const wake = ends.length >= opts.max ? Math.max(ends[0]!, cursor) : cursor;
    now = Math.max(now + 0.001, wake) + (opts.lateMs?.(i) ?? 0);
  }
  return { starts, peak };
}

test('holds the configured pace exactly although every round runs late (6000/min, rounds 3–7 ms late)', () => {
  const { starts } = simulate({
    cpm: 6000,
    max: 100_000,
    callMs: 1000,
    durationMs: 600_000,
    lateMs: (i) => 3 + (i % 5),
  });
  assert.ok(Math.abs(starts.length - 60_000) <= 3, `${starts.length} calls in 10 min`);
});

test('at a slow pace calls are an interval apart (less the round lateness)', () => {
  const { starts } = simulate({ cpm: 60, max: 10, callMs: 100, durationMs: 120_000, lateMs: (i) => (i % 3) * 5 });
  for (let i = 1; i < starts.length; i++)
    assert.ok(starts[i]! - starts[i - 1]! >= 990, `${starts[i]! - starts[i - 1]!} ms apart`);
  assert.ok(Math.abs(starts.length - 120) <= 1, `${starts.length} calls in 2 min at 60/min`);
});

test('never exceeds maxConcurrentCalls; long calls make concurrency the limit', () => {
  const { starts, peak } = simulate({ cpm: 6000, max: 200, callMs: 60_000, durationMs: 180_000 });
  assert.equal(peak, 200);
  assert.ok(starts.length <= 600 && starts.length >= 590, `${starts.length}`);
});

test('no credit piles up while idle or blocked', () => {
  const idle = dialBudget({ cursor: 0, now: 3_600_000, callsPerMinute: 60, maxConcurrent: 100, active: 0 });
  assert.equal(idle.allowed, 2, 'an hour idle owes at most the catch-up second (two calls at 60/min), not sixty');
  const blocked = dialBudget({ cursor: 1000, now: 9000, callsPerMinute: 60, maxConcurrent: 5, active: 5 });
  assert.equal(blocked.allowed, 0, 'full');
  assert.equal(
    blocked.advance(0),
    9000,
    'a blocked round leaves the cursor at now: the next call waits for a free line, then comes alone',
  );
  const nothingDue = dialBudget({ cursor: 1000, now: 1500, callsPerMinute: 600, maxConcurrent: 5, active: 0 });
  assert.equal(nothingDue.allowed, 5);
  assert.equal(nothingDue.advance(1), 1500, 'fewer started than allowed: the rest is forfeit');
  assert.equal(
    dialBudget({ cursor: 5000, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 0 }).allowed,
    0,
    'not before the cursor',
  );
  assert.equal(
    dialBudget({ cursor: null, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 0 }).allowed,
    1,
    'the first call at once',
  );
  const late = dialBudget({ cursor: 10_000, now: 10_020, callsPerMinute: 60, maxConcurrent: 5, active: 0 });
  assert.equal(late.advance(1), 11_000, 'a start 20 ms late keeps the schedule');
});
