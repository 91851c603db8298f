import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallMedia } from './call-mixer';
import { MediaClock } from './media-clock';
import { frameEnergy, mixMulaw, SILENCE_FRAME } from './mulaw';
import { ManualClock, tone } from './testing/media-fixtures';

test('a subscriber gets one frame per tick, silence when nothing plays', () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock });
  const got: Uint8Array[] = [];
  const unsubscribe = media.subscribe((f) => got.push(f));
  clock.advance(5);
  assert.equal(got.length, 5);
  assert.ok(got.every((f) => f === SILENCE_FRAME));
  unsubscribe();
  assert.equal(clock.handlers.size, 0, 'nothing to play and nobody listening: off the clock');
  assert.deepEqual(media.stats(), { framesSent: 5, deliveries: 5, subscriberErrors: 0 });
});

test('two tracks playing at once are mixed; a single track passes through untouched', async () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock });
  const got: Uint8Array[] = [];
  media.subscribe((f) => got.push(f));
  const caller = tone(3, 4000, 300);
  const ai = tone(5, 4000, 700);
  const p1 = media.play('caller', caller);
  const p2 = media.play('ai', ai);
  clock.advance(6);
  assert.equal(await p1, 'done');
  assert.equal(await p2, 'done');
  for (let i = 0; i < 3; i++) assert.deepEqual(got[i], mixMulaw([caller[i]!, ai[i]!]));
  assert.ok(frameEnergy(got[0]!) > frameEnergy(ai[0]!), 'the mix is louder than one voice');
  assert.equal(got[3], ai[3]);
  assert.equal(got[5], SILENCE_FRAME);
});

test('lines on one track play one after another; progress is reported and ends at the total', async () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock, progressEveryMs: 40 });
  const progress: [number, number][] = [];
  const first = media.play('ai', tone(5, 3000), (p, t) => progress.push([p, t]));
  const second = media.play('ai', tone(2, 3000));
  let firstDone = false;
  void first.then(() => (firstDone = true));
  clock.advance(5);
  await Promise.resolve();
  assert.equal(firstDone, true);
  assert.deepEqual(progress, [
    [40, 100],
    [80, 100],
    [100, 100],
  ]);
  assert.equal(media.isPlaying('ai'), true, 'the second line is still queued');
  clock.advance(2);
  assert.equal(await second, 'done');
  assert.equal(clock.handlers.size, 0);
});

test('clear() interrupts the track, reports what was heard, and leaves other tracks playing', async () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock });
  let heard = -1;
  const ai = media.play('ai', tone(50, 3000), (p) => (heard = p));
  const queued = media.play('ai', tone(10, 3000));
  const caller = media.play('caller', tone(4, 3000));
  clock.advance(3);
  media.clear('ai');
  assert.equal(await ai, 'interrupted');
  assert.equal(await queued, 'interrupted');
  assert.equal(heard, 60);
  clock.advance(1);
  assert.equal(await caller, 'done');
});

test('a throwing subscriber does not keep the frame from the others', () => {
  const clock = new ManualClock();
  const errors: unknown[] = [];
  const media = new CallMedia({ clock, onSubscriberError: (e) => errors.push(e) });
  let good = 0;
  media.subscribe(() => {
    throw new Error('bad listener');
  });
  media.subscribe(() => good++);
  clock.advance(3);
  assert.equal(good, 3);
  assert.equal(errors.length, 3);
  assert.equal(media.stats().subscriberErrors, 3);
});

test('a subscriber can hear only some tracks (the caller must not hear themselves)', () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock });
  const toCaller: Uint8Array[] = [];
  const all: Uint8Array[] = [];
  media.subscribe((f) => toCaller.push(f), { tracks: ['ai', 'human'] });
  media.subscribe((f) => all.push(f));
  const caller = tone(1, 3000);
  void media.play('caller', caller);
  clock.advance(1);
  assert.equal(toCaller[0], SILENCE_FRAME);
  assert.equal(all[0], caller[0]);
});

test('an onlyVoiced subscriber gets only the ticks on which one of its tracks plays', () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock });
  const toCarrier: Uint8Array[] = [];
  media.subscribe((f) => toCarrier.push(f), { tracks: ['ai', 'human'], onlyVoiced: true });
  const ai = tone(2, 3000);
  void media.play('caller', tone(5, 3000));
  clock.advance(2);
  assert.equal(toCarrier.length, 0, 'the caller alone is not sent back to the caller');
  void media.play('ai', ai);
  clock.advance(4);
  assert.deepEqual(toCarrier, ai);
});

test('close() interrupts pending plays, drops subscribers and leaves the clock', async () => {
  const clock = new ManualClock();
  const media = new CallMedia({ clock });
  let frames = 0;
  media.subscribe(() => frames++);
  const p = media.play('human', tone(10, 3000));
  clock.advance(2);
  media.close();
  assert.equal(await p, 'interrupted');
  assert.equal(clock.handlers.size, 0);
  clock.advance(2);
  assert.equal(frames, 2);
  assert.equal(await media.play('ai', tone(1, 100)), 'interrupted');
});

test('on the real clock, a one-second line takes about one second', async () => {
  const clock = new MediaClock();
  const media = new CallMedia({ clock });
  let frames = 0;
  media.subscribe(() => frames++);
  const t0 = performance.now();
  assert.equal(await media.play('ai', tone(50, 3000)), 'done');
  const took = performance.now() - t0;
  media.close();
  assert.ok(took > 960 && took < 1300, `took ${took} ms`);
  assert.ok(frames >= 50 && frames <= 51);
});
