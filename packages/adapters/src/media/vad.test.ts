import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeMulaw, SILENCE_FRAME } from './mulaw';
import { needsEspeak, silence, speak, withLineNoise } from './testing/speech-fixtures';
import { EnergyVad, SpeechVad, type Vad, type VadEvent } from './vad';

function tone(amp: number): Uint8Array {
  return encodeMulaw(
    Int16Array.from({ length: 160 }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * 400 * i) / 8000))),
  );
}
const LOUD = tone(3000);
const QUIET = tone(100); // line noise: RMS ~70, under the default threshold of 300

/** The events of a run of frames, with the index of the frame each came on. */
function run(vad: Vad, frames: Uint8Array[]): Array<[number, VadEvent]> {
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
  assert.deepEqual(run(vad, seq([SILENCE_FRAME, 10], [QUIET, 10], [LOUD, 50], [QUIET, 30])), [
    [22, 'start'],
    [94, 'end'],
  ]);
  // 50 loud frames + 25 quiet ones (the 25th reaches 500 ms), counted from the first loud frame.
  assert.equal(vad.utteranceMs, 75 * 20);
  assert.equal(vad.trailingQuietMs, 500);
  assert.equal(vad.speaking, false);
});

test('clicks shorter than startFrames are not speech; pauses shorter than endSilenceMs do not end it', () => {
  const vad = new EnergyVad({ startFrames: 4, endSilenceMs: 200 });
  assert.deepEqual(run(vad, seq([LOUD, 3], [SILENCE_FRAME, 5], [LOUD, 2], [SILENCE_FRAME, 5])), []);
  const events = run(
    vad,
    seq([LOUD, 4], [SILENCE_FRAME, 9], [LOUD, 1], [SILENCE_FRAME, 9], [LOUD, 2], [SILENCE_FRAME, 10]),
  );
  assert.deepEqual(events, [
    [3, 'start'],
    [34, 'end'],
  ]);
  assert.equal(vad.speaking, false);
});

test('the threshold decides what is loud', () => {
  const soft = tone(600); // RMS ~420
  assert.deepEqual(run(new EnergyVad(), seq([soft, 5])), [[2, 'start']]);
  assert.deepEqual(run(new EnergyVad({ threshold: 1000 }), seq([soft, 5])), []);
});

test('an utterance longer than maxUtteranceMs is cut, and a new one starts if the caller goes on', () => {
  const vad = new EnergyVad({ maxUtteranceMs: 1000 });
  assert.deepEqual(run(vad, seq([LOUD, 60])), [
    [2, 'start'],
    [49, 'end'],
    [52, 'start'],
  ]);
  assert.equal(vad.speaking, true);
  vad.reset();
  assert.equal(vad.speaking, false);
  assert.equal(vad.push(SILENCE_FRAME), null);
});

// The WebRTC VAD (SpeechVad) on real speech from espeak-ng, on a clean line and with pink line noise.

const TEXTS = [
  'I would like to pay my bill',
  'what is my balance',
  'hello',
  'can you call me back tomorrow',
  'yes please',
  'my account number is four five six',
];
const HANG_FRAMES = 500 / 20; // the default endSilenceMs
const MARGIN_FRAMES = 5; // 100 ms more at most before the end is reported (the VAD's own hangover)
let spoken: Uint8Array[][] | undefined;

/** The utterances one after another: 1 s before the first, 1.5 s between them and after the last; where each one is. */
function conversation(): { frames: Uint8Array[]; spans: Array<[number, number]> } {
  spoken ??= TEXTS.map(speak);
  const frames: Uint8Array[] = [...silence(50)];
  const spans: Array<[number, number]> = [];
  for (const u of spoken) {
    spans.push([frames.length, frames.length + u.length]);
    frames.push(...u, ...silence(75));
  }
  return { frames, spans };
}

/**
 * Each utterance gives one start while it is spoken and one end after it, within the hang time plus the margin; nothing
 * else.
 */
function assertEndpointed(events: Array<[number, VadEvent]>, spans: Array<[number, number]>, line: string): void {
  assert.equal(
    events.length,
    spans.length * 2,
    `${line}: ${spans.length} utterances, events ${JSON.stringify(events)}`,
  );
  spans.forEach(([from, to], i) => {
    const [[start, s], [end, e]] = [events[2 * i]!, events[2 * i + 1]!];
    assert.deepEqual([s, e], ['start', 'end']);
    assert.ok(
      start >= from && start < to,
      `${line}, "${TEXTS[i]}": started on frame ${start}, spoken on ${from}..${to - 1}`,
    );
    assert.ok(
      end >= to && end <= to - 1 + HANG_FRAMES + MARGIN_FRAMES,
      `${line}, "${TEXTS[i]}": ended on frame ${end}, ${(end - to + 1) * 20} ms after the speech`,
    );
  });
}

for (const [line, noiseDbfs] of [
  ['a clean line', null],
  ['pink noise at -40 dBFS', -40],
  ['pink noise at -30 dBFS', -30],
] as const) {
  test(`the WebRTC VAD finds each utterance on ${line} and ends it within the hang time`, (t) => {
    if (!needsEspeak(t)) return;
    const { frames, spans } = conversation();
    const heard = noiseDbfs === null ? frames : withLineNoise(frames, noiseDbfs, 7);
    const vad = new SpeechVad();
    assertEndpointed(run(vad, heard), spans, line);
    assert.equal(vad.speaking, false);
    vad.close();
  });
}

for (const dbfs of [-40, -30]) {
  test(`a minute of pink noise at ${dbfs} dBFS alone is no utterance`, () => {
    const vad = new SpeechVad();
    assert.deepEqual(run(vad, withLineNoise(silence(3000), dbfs, 11)), []);
    vad.close();
  });
}

test('the WebRTC VAD costs a few microseconds of CPU per 20 ms frame', (t) => {
  const frames = withLineNoise(silence(2000), -40, 3);
  const vad = new SpeechVad();
  run(vad, frames.slice(0, 200)); // warm up
  const t0 = process.hrtime.bigint();
  for (const f of frames) vad.push(f);
  const usPerFrame = Number(process.hrtime.bigint() - t0) / 1000 / frames.length;
  t.diagnostic(`${usPerFrame.toFixed(1)} µs per frame`);
  assert.ok(usPerFrame < 250, `${usPerFrame} µs per frame`); // of 20 000 µs of audio; generous for a busy CI machine
  vad.close();
});

test('the WebRTC VAD cuts an utterance longer than maxUtteranceMs; reset() and close() forget it', (t) => {
  if (!needsEspeak(t)) return;
  const speech = speak('I would like to pay my bill and then I would like to know my balance please');
  const vad = new SpeechVad({ maxUtteranceMs: 1000 });
  const events: VadEvent[] = [];
  for (const f of speech) {
    const e = vad.push(f);
    if (e) events.push(e);
    if (e === 'end') assert.equal(vad.utteranceMs, 1000, 'cut at 1 s from its first speech frame');
  }
  assert.deepEqual(events.slice(0, 3), ['start', 'end', 'start'], 'speech going on starts a new utterance');
  vad.reset();
  assert.equal(vad.speaking, false);
  assert.equal(vad.push(SILENCE_FRAME), null);
  vad.close();
  assert.deepEqual(run(vad, speech), [], 'nothing after close()');
});
