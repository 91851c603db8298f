import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialBudget } from './campaign.pacing';

/**
 * A dialer on a fake clock that wakes at the cursor (plus `lateMs(i)` of timer jitter) or when a call
 * ends, as the real one does; calls last `callMs`. Returns the start times and the peak of calls up.
 */
function simulate(opts: { cpm: number; max: number; callMs: number; durationMs: number; lateMs?: (i: number) => number }): { starts: number[]; peak: number } {
  let cursor: number | null = null;
  const ends: number[] = [];
  const starts: number[] = [];
  let peak = 0;
  let now = 0;
  for (let i = 0; now < opts.durationMs; i++) {
    while (ends.length && ends[0]! <= now) ends.shift();
    const b = dialBudget({ cursor, now, callsPerMinute: opts.cpm, maxConcurrent: opts.max, active: ends.length });
    if (b.allowed) {
      starts.push(now);
      ends.push(now + opts.callMs);
      ends.sort((x, y) => x - y);
    }
    peak = Math.max(peak, ends.length);
    cursor = b.advance(b.allowed);
    // Next wake: the cursor, or the first call's end when full; never the same instant twice.
    const wake = ends.length >= opts.max ? Math.max(ends[0]!, cursor) : cursor;
    now = Math.max(now + 0.001, wake) + (opts.lateMs?.(i) ?? 0);
  }
  return { starts, peak };
}

test('holds the configured pace: 600/min for 10 min with up to 9 ms of timer jitter', () => {
  const { starts } = simulate({ cpm: 600, max: 1000, callMs: 30_000, durationMs: 600_000, lateMs: (i) => (i * 7) % 10 });
  assert.ok(Math.abs(starts.length - 6000) <= 2, `${starts.length} calls`);
});

test('calls are never closer than the interval, less the jitter forgiven', () => {
  const { starts } = simulate({ cpm: 60, max: 10, callMs: 100, durationMs: 120_000, lateMs: (i) => (i % 3) * 20 });
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 1]! >= 1000 - 25, `${starts[i]! - starts[i - 1]!} ms apart`);
  assert.ok(starts.length >= 119, `${starts.length} calls in 2 min at 60/min`);
});

test('never exceeds maxConcurrentCalls; long calls make concurrency the limit', () => {
  const { starts, peak } = simulate({ cpm: 6000, max: 200, callMs: 60_000, durationMs: 180_000 });
  assert.equal(peak, 200);
  assert.ok(starts.length <= 600 && starts.length >= 590, `${starts.length}`);
});

test('no credit piles up while idle or blocked: after a pause, one call, then the pace', () => {
  const b = dialBudget({ cursor: 0, now: 3_600_000, callsPerMinute: 60, maxConcurrent: 100, active: 0 });
  assert.equal(b.allowed, 1, 'an hour idle gives one call now, not sixty');
  assert.equal(b.advance(1), 3_601_000, 'the next a full interval later');
  assert.equal(dialBudget({ cursor: 1000, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 5 }).allowed, 0, 'full');
  assert.equal(dialBudget({ cursor: 5000, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 0 }).allowed, 0, 'not before the cursor');
  assert.equal(dialBudget({ cursor: null, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 0 }).allowed, 1, 'the first call at once');
  const late = dialBudget({ cursor: 10_000, now: 10_020, callsPerMinute: 60, maxConcurrent: 5, active: 0 });
  assert.equal(late.advance(1), 11_000, 'a start 20 ms late keeps the schedule');
});
