import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulawToWav, parseWav } from './wav';

function pcmWav(samples: number[], rate: number, channels: number, dataSize?: number): Uint8Array {
  const b = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(b.buffer);
  b.set(
    [...'RIFF'].map((c) => c.charCodeAt(0)),
    0,
  );
  v.setUint32(4, b.length - 8, true);
  b.set(
    [...'WAVEfmt '].map((c) => c.charCodeAt(0)),
    8,
  );
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2 * channels, true);
  v.setUint16(32, 2 * channels, true);
  v.setUint16(34, 16, true);
  b.set(
    [...'data'].map((c) => c.charCodeAt(0)),
    36,
  );
  v.setUint32(40, dataSize ?? samples.length * 2, true);
  samples.forEach((s, i) => v.setInt16(44 + 2 * i, s, true));
  return b;
}

test('parseWav reads rate and samples from the header, down-mixing stereo', () => {
  const mono = parseWav(pcmWav([1, -2, 300], 22050, 1));
  assert.equal(mono.sampleRate, 22050);
  assert.deepEqual([...mono.samples], [1, -2, 300]);
  const stereo = parseWav(pcmWav([100, 300, -10, -30], 16000, 2));
  assert.deepEqual([...stereo.samples], [200, -20]);
});

test('parseWav tolerates a streaming writer’s bogus data size', () => {
  assert.deepEqual([...parseWav(pcmWav([5, 6], 22050, 1, 0x7fffffff)).samples], [5, 6]);
});

test('parseWav rejects what it cannot read', () => {
  assert.throws(() => parseWav(new Uint8Array(10)), /RIFF/);
  assert.throws(() => parseWav(mulawToWav(new Uint8Array(8))), /unsupported/);
});

test('mulawToWav writes a format-7 header players accept', () => {
  const wav = mulawToWav(new Uint8Array(1600).fill(0xff));
  const v = new DataView(wav.buffer);
  assert.equal(String.fromCharCode(...wav.subarray(0, 4)), 'RIFF');
  assert.equal(v.getUint32(4, true), wav.length - 8);
  assert.equal(v.getUint16(20, true), 7);
  assert.equal(v.getUint32(24, true), 8000);
  assert.equal(String.fromCharCode(...wav.subarray(50, 54)), 'data');
  assert.equal(v.getUint32(54, true), 1600);
});
