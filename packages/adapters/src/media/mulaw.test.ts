import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  concatFrames,
  decodeMulaw,
  encodeMulaw,
  frameEnergy,
  MULAW_SILENCE,
  mixMulaw,
  pcm16ToFrames,
  SILENCE_FRAME,
  splitFrames,
} from './mulaw';

/** `n` samples of a sine at `hz` (8 kHz) with peak `amp`. */
function sine(n: number, hz: number, amp: number, rate = 8000): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate)));
}

test('silence frame is 160 bytes of 0xFF and has no energy', () => {
  assert.equal(SILENCE_FRAME.length, 160);
  assert.ok(SILENCE_FRAME.every((b) => b === MULAW_SILENCE));
  assert.equal(frameEnergy(SILENCE_FRAME), 0);
  assert.equal(decodeMulaw(SILENCE_FRAME)[0], 0);
});

test('encode/decode round trip stays within μ-law quantisation', () => {
  const pcm = sine(160, 440, 10000);
  const back = decodeMulaw(encodeMulaw(pcm));
  for (let i = 0; i < pcm.length; i++) assert.ok(Math.abs(back[i]! - pcm[i]!) <= Math.abs(pcm[i]!) * 0.07 + 8);
});

test('frameEnergy is the RMS of the decoded samples', () => {
  const [frame] = pcm16ToFrames(sine(160, 1000, 8000));
  assert.ok(Math.abs(frameEnergy(frame!) - 8000 / Math.SQRT2) < 200);
});

test('mixMulaw sums two voices and clips instead of wrapping', () => {
  const a = encodeMulaw(sine(160, 500, 6000));
  const b = encodeMulaw(sine(160, 500, 6000));
  const mixed = mixMulaw([a, b]);
  assert.ok(Math.abs(frameEnergy(mixed) - 2 * frameEnergy(a)) < 300, 'in-phase voices add up');
  const loud = encodeMulaw(new Int16Array(160).fill(30000));
  const clipped = decodeMulaw(mixMulaw([loud, loud, loud]));
  assert.ok(
    clipped.every((s) => s > 30000),
    'clips at the top, no wrap to negative',
  );
  assert.equal(mixMulaw([]), SILENCE_FRAME);
  assert.equal(mixMulaw([a]), a, 'one voice passes through untouched');
  assert.deepEqual(mixMulaw([a, SILENCE_FRAME]), a, 'silence adds nothing');
});

test('pcm16ToFrames cuts 20 ms frames and pads the last with silence', () => {
  const frames = pcm16ToFrames(sine(400, 300, 5000));
  assert.equal(frames.length, 3);
  assert.ok(frames.every((f) => f.length === 160));
  assert.ok(frames[2]!.subarray(80).every((b) => b === 0xff));
  assert.equal(concatFrames(frames).length, 480);
  assert.deepEqual(splitFrames(new Uint8Array(0)), []);
});
