/**
 * The media plane in a real worker thread: lines play on its clock, their start, progress and end come back, so do
 * subscribed frames.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SILENCE_FRAME } from './mulaw';
import { tone } from './testing/media-fixtures';
import { WorkerMediaPlane } from './worker-media-plane';

const plane = new WorkerMediaPlane({ threads: 2 });
before(() => plane.start());
after(() => plane.close());

test('a line plays on the worker in real time: start, progress, end', async () => {
  const audio = plane.open();
  const progress: number[] = [];
  let startedAt = 0;
  const t0 = performance.now();
  const end = await audio.play(
    'ai',
    tone(25, 3000),
    (played, total) => {
      progress.push(played);
      assert.equal(total, 500);
    },
    () => {
      startedAt = performance.now() - t0;
    },
  );
  const took = performance.now() - t0;
  assert.equal(end, 'done');
  assert.ok(startedAt > 0 && startedAt < 100, `started after ${startedAt} ms`);
  assert.ok(took > 440 && took < 900, `took ${took} ms`);
  assert.equal(progress.at(-1), 500);
  assert.ok(progress.length >= 4, `progress ${progress.join(',')}`);
  assert.equal(audio.isPlaying('ai'), false);
  audio.close();
});

test('a subscriber hears the mix, frame for frame; onlyVoiced skips silence', async () => {
  const audio = plane.open();
  const all: Uint8Array[] = [];
  const toCaller: Uint8Array[] = [];
  audio.subscribe((f) => all.push(new Uint8Array(f)));
  audio.subscribe((f) => toCaller.push(new Uint8Array(f)), { tracks: ['ai', 'human'], onlyVoiced: true });
  const line = tone(5, 3000);
  await audio.play('caller', tone(3, 2000));
  await audio.play('ai', line);
  audio.close();
  assert.deepEqual(toCaller, line, 'the caller hears the AI exactly, and never themselves');
  assert.ok(all.length >= 8, `${all.length} frames`);
  assert.ok(all.some((f) => f.every((b, i) => b === SILENCE_FRAME[i])) || all.length >= 8);
});

test('clear cuts a line at once: isPlaying false now, the play ends interrupted with how much was heard', async () => {
  const audio = plane.open();
  let heard = -1;
  const p = audio.play('ai', tone(100, 3000), (played) => {
    heard = played;
  });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(audio.isPlaying('ai'), true);
  audio.clear('ai');
  assert.equal(audio.isPlaying('ai'), false);
  assert.equal(await p, 'interrupted');
  assert.ok(heard >= 100 && heard < 600, `heard ${heard} ms`);
  // The next line plays from the start.
  assert.equal(await audio.play('ai', tone(2, 3000)), 'done');
  audio.close();
});

test('close ends pending lines interrupted; lines after close are refused', async () => {
  const audio = plane.open();
  const p = audio.play('human', tone(100, 3000));
  audio.close();
  assert.equal(await p, 'interrupted');
  assert.equal(await audio.play('ai', tone(1, 100)), 'interrupted');
});

test('many calls at once stay on time, and the clocks report it', async () => {
  plane.resetClockStats();
  const calls = Array.from({ length: 50 }, () => plane.open());
  await Promise.all(calls.map((a) => a.play('ai', tone(15, 3000))));
  for (const a of calls) a.close();
  const s = await plane.clockStats();
  assert.ok(s.ticks >= 15, `ticks ${s.ticks}`);
  assert.equal(s.skipped, 0);
});

test('a busy main thread does not make the worker late', async () => {
  plane.resetClockStats();
  const audio = plane.open();
  const p = audio.play('ai', tone(30, 3000));
  // Block this thread for 300 ms: the worker's ticks go on regardless.
  await new Promise((r) => setTimeout(r, 20));
  const until = performance.now() + 300;
  while (performance.now() < until);
  await p;
  audio.close();
  const s = await plane.clockStats();
  assert.equal(s.lateOver40ms, 0, JSON.stringify(s));
});
