import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MediaClock } from './media-clock';

function blockFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Busy wait: the event loop is stuck, as under a synchronous burst of work.
  }
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

test('ticks every 20 ms with consecutive numbers', async () => {
  const clock = new MediaClock();
  const seen: number[] = [];
  const t0 = performance.now();
  const stop = clock.register((n) => seen.push(n));
  await sleep(400);
  const due = Math.floor((performance.now() - t0) / 20);
  stop();
  // Measured against the time that really passed, so a slow machine does not fail the test; a tick may fall right at
  // registration or right before stop, so one more than floor(elapsed / 20) is on time too.
  assert.ok(seen.length >= due - 2 && seen.length <= due + 1, `${seen.length} ticks, ${due} due`);
  seen.forEach((n, i) => assert.equal(n, seen[0]! + i));
  assert.equal(clock.stats().ticks, seen.length);
});

test('catches up after a blocked event loop: every due tick runs, in order, and lateness is recorded', async () => {
  const clock = new MediaClock();
  const seen: number[] = [];
  const t0 = performance.now();
  const stop = clock.register((n) => seen.push(n));
  await sleep(50);
  blockFor(100);
  await sleep(110);
  const elapsed = performance.now() - t0;
  stop();
  const expected = Math.floor(elapsed / 20);
  // ±1 at either end of the window: the first tick may fall right at registration, the last right at stop.
  assert.ok(seen.length >= expected - 2 && seen.length <= expected + 1, `${seen.length} ticks, ${expected} due`);
  seen.forEach((n, i) => assert.equal(n, seen[0]! + i, 'no tick skipped or repeated'));
  const s = clock.stats();
  assert.equal(s.ticks, seen.length);
  assert.ok(s.lateOver10ms >= 3, `late ticks ${s.lateOver10ms}`);
  assert.ok(s.lateOver40ms >= 1);
  assert.ok(s.maxLateMs >= 70, `max late ${s.maxLateMs}`);
  assert.ok(s.p99LateMs > 10);
  assert.equal(s.skipped, 0);
});

test('after a stall longer than the catch-up limit, older ticks are skipped and counted', async () => {
  const clock = new MediaClock({ maxCatchUpTicks: 2 });
  let calls = 0;
  const stop = clock.register(() => calls++);
  await sleep(30);
  blockFor(200);
  await sleep(5);
  stop();
  const s = clock.stats();
  assert.ok(s.skipped >= 6, `skipped ${s.skipped}`);
  assert.equal(s.ticks, calls);
});

test('a throwing handler does not stop the others', async () => {
  const clock = new MediaClock();
  let good = 0;
  const stopBad = clock.register(() => {
    throw new Error('boom');
  });
  const stopGood = clock.register(() => good++);
  await sleep(70);
  stopBad();
  stopGood();
  assert.ok(good >= 2);
  assert.ok(clock.stats().handlerErrors >= 2);
});

test('no timer is left once the last handler is gone; registering again restarts', async () => {
  const before = timers();
  const clock = new MediaClock();
  const stop = clock.register(() => {});
  assert.equal(timers(), before + 1);
  stop();
  assert.equal(timers(), before);
  let n = 0;
  const again = clock.register(() => n++);
  await sleep(50);
  again();
  assert.ok(n >= 1);
  clock.resetStats();
  assert.equal(clock.stats().ticks, 0);
});
