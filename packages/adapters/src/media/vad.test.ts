import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeMulaw, SILENCE_FRAME } from './mulaw';
import { EnergyVad, type VadEvent } from './vad';

function tone(amp: number): Uint8Array {
  return encodeMulaw(Int16Array.from({ length: 160 }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * 400 * i) / 8000))));
}
const LOUD = tone(3000);
const QUIET = tone(100); // line noise: RMS ~70, under the default threshold of 300

/** The events of a run of frames, with the index of the frame each came on. */
function run(vad: EnergyVad, frames: Uint8Array[]): Array<[number, VadEvent]> {
  const out: Array<[number, VadEvent]> = [];
  frames.forEach((f, i) => {
    const e = vad.push(f);
    if (e) out.push([i, e]);
  });
  return out;
}
const seq = (...parts: Array<[Uint8Array, number]>) => parts.flatMap(([f, n]) => Array<Uint8Array>(n).fill(f));

test('speech starts on the third loud frame in a row and ends after 500 ms of quiet', () => {
  const vad = new EnergyVad();
  assert.deepEqual(run(vad, seq([SILENCE_FRAME, 10], [QUIET, 10], [LOUD, 50], [QUIET, 30])), [[22, 'start'], [94, 'end']]);
  // 50 loud frames + 25 quiet ones (the 25th reaches 500 ms), counted from the first loud frame.
  assert.equal(vad.utteranceMs, 75 * 20);
  assert.equal(vad.trailingQuietMs, 500);
  assert.equal(vad.speaking, false);
});

test('clicks shorter than startFrames are not speech; pauses shorter than endSilenceMs do not end it', () => {
  const vad = new EnergyVad({ startFrames: 4, endSilenceMs: 200 });
  assert.deepEqual(run(vad, seq([LOUD, 3], [SILENCE_FRAME, 5], [LOUD, 2], [SILENCE_FRAME, 5])), []);
  const events = run(vad, seq([LOUD, 4], [SILENCE_FRAME, 9], [LOUD, 1], [SILENCE_FRAME, 9], [LOUD, 2], [SILENCE_FRAME, 10]));
  assert.deepEqual(events, [[3, 'start'], [34, 'end']]);
  assert.equal(vad.speaking, false);
});

test('the threshold decides what is loud', () => {
  const soft = tone(600); // RMS ~420
  assert.deepEqual(run(new EnergyVad(), seq([soft, 5])), [[2, 'start']]);
  assert.deepEqual(run(new EnergyVad({ threshold: 1000 }), seq([soft, 5])), []);
});

test('an utterance longer than maxUtteranceMs is cut, and a new one starts if the caller goes on', () => {
  const vad = new EnergyVad({ maxUtteranceMs: 1000 });
  assert.deepEqual(run(vad, seq([LOUD, 60])), [[2, 'start'], [49, 'end'], [52, 'start']]);
  assert.equal(vad.speaking, true);
  vad.reset();
  assert.equal(vad.speaking, false);
  assert.equal(vad.push(SILENCE_FRAME), null);
});
