import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialBudget } from './campaign.pacing';

/** Runs a dialer on a fake clock: ticks every `tickMs` (with jitter), calls last `callMs`; returns start times. */
function simulate(opts: { cpm: number; max: number; tickMs: number; callMs: number; durationMs: number; jitter?: (i: number) => number }): { starts: number[]; peak: number } {
  let cursor: number | null = null;
  const ends: number[] = [];
  const starts: number[] = [];
  let peak = 0;
  for (let i = 0, now = 0; now < opts.durationMs; i++, now = i * opts.tickMs + (opts.jitter?.(i) ?? 0)) {
    while (ends.length && ends[0]! <= now) ends.shift();
    const b = dialBudget({ cursor, now, callsPerMinute: opts.cpm, maxConcurrent: opts.max, active: ends.length });
    for (let k = 0; k < b.allowed; k++) {
      starts.push(now);
      ends.push(now + opts.callMs);
      ends.sort((x, y) => x - y);
    }
    peak = Math.max(peak, ends.length);
    cursor = b.advance(b.allowed);
  }
  return { starts, peak };
}

test('holds the configured pace when concurrency allows it (600/min for 10 min, ticks every 100 ms)', () => {
  const { starts } = simulate({ cpm: 600, max: 1000, tickMs: 100, callMs: 30_000, durationMs: 600_000 });
  assert.ok(Math.abs(starts.length - 6000) <= 1, `${starts.length} calls`);
});

test('late, jittery ticks still hold the pace, with a bounded burst', () => {
  const { starts } = simulate({ cpm: 120, max: 1000, tickMs: 250, callMs: 5000, durationMs: 300_000, jitter: (i) => (i % 7) * 60 });
  assert.ok(Math.abs(starts.length - 600) <= 3, `${starts.length} calls in 5 min at 120/min`);
  const perTick = new Map<number, number>();
  for (const t of starts) perTick.set(t, (perTick.get(t) ?? 0) + 1);
  assert.ok(Math.max(...perTick.values()) <= 3, 'no burst beyond the catch-up window');
});

test('never exceeds maxConcurrentCalls; long calls make concurrency the limit', () => {
  const { starts, peak } = simulate({ cpm: 6000, max: 200, tickMs: 50, callMs: 60_000, durationMs: 180_000 });
  assert.equal(peak, 200);
  assert.ok(starts.length <= 600 && starts.length >= 590, `${starts.length}`);
});

test('no credit piles up while blocked: after a pause the pace starts again, not a burst', () => {
  const b = dialBudget({ cursor: 0, now: 3_600_000, callsPerMinute: 60, maxConcurrent: 100, active: 0 });
  assert.equal(b.allowed, 2, 'an hour idle gives the catch-up second (two calls at 60/min), not sixty');
  assert.equal(b.advance(2), 3_601_000);
  const blocked = dialBudget({ cursor: 1000, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 5 });
  assert.equal(blocked.allowed, 0);
  assert.equal(dialBudget({ cursor: 5000, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 0 }).allowed, 0, 'not before the cursor');
  assert.equal(dialBudget({ cursor: null, now: 1000, callsPerMinute: 60, maxConcurrent: 5, active: 0 }).allowed, 1, 'the first call at once');
});
