import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resamplePcm16, trimSilence } from './pcm';

function sine(n: number, hz: number, amp: number, rate: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate)));
}
function rms(s: Int16Array, from = 0, to = s.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += s[i]! * s[i]!;
  return Math.sqrt(sum / (to - from));
}

test('22.05 kHz → 8 kHz keeps speech-band tones at their level and length', () => {
  const out = resamplePcm16(sine(22050, 1000, 10000, 22050), 22050, 8000);
  assert.equal(out.length, 8000);
  assert.ok(Math.abs(rms(out, 100, 7900) - 10000 / Math.SQRT2) < 150);
});

test('tones above the new Nyquist are filtered out, not folded back as aliases', () => {
  // 6 kHz would alias to 2 kHz at 8 kHz without the low-pass.
  const out = resamplePcm16(sine(22050, 6000, 10000, 22050), 22050, 8000);
  assert.ok(rms(out, 100, 7900) < 100, `alias level ${rms(out, 100, 7900)}`);
});

test('same rate copies; upsampling works too', () => {
  const s = sine(800, 440, 5000, 8000);
  assert.deepEqual(resamplePcm16(s, 8000, 8000), s);
  assert.equal(resamplePcm16(s, 8000, 16000).length, 1600);
});

test('trimSilence keeps small margins around the sound', () => {
  const s = new Int16Array(8000);
  s.set(sine(800, 400, 8000, 8000), 4000); // 0.5 s of silence, 0.1 s tone, 0.4 s silence
  const t = trimSilence(s, 8000, { keepLeadMs: 30, keepTailMs: 80 });
  assert.ok(Math.abs(t.length - (800 + 240 + 640)) <= 2, `length ${t.length}`);
  assert.equal(trimSilence(new Int16Array(500), 8000).length, 0);
});
