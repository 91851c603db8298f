import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  feed,
  needsEspeak,
  recorder,
  silence,
  sleep,
  speak,
  until,
  withLineNoise,
} from '../media/testing/speech-fixtures';
import { frameEnergy, SILENCE_FRAME, splitFrames } from '../media/mulaw';
import { OpenAiStt } from './openai.stt';
import { TranscriptionsStandIn } from './testing/transcriptions.stand-in';

const loudFrames = (frames: Uint8Array[]) => frames.filter((f) => frameEnergy(f) > 300).length;
const standIn = new TranscriptionsStandIn();
let baseUrl: string;
let stt: OpenAiStt;

before(async () => {
  baseUrl = await standIn.start();
  stt = new OpenAiStt({ baseUrl, apiKey: 'sk-test-secret', timeoutMs: 3000 });
});
after(async () => {
  await stt.close();
  await standIn.close();
});

test('two utterances give two finals in order, even when the first answer is slow; each WAV holds what was said', async (t) => {
  if (!needsEspeak(t)) return;
  const texts = ['I would like to pay my bill', 'what is my balance'];
  standIn.reply({ text: texts[0], delayMs: 400 }, texts[1]!);
  const from = standIn.requests.length;
  const spoken = texts.map(speak);
  const rec = recorder();
  const stream = stt.open(rec.handlers, { language: 'en-US' });
  await feed(stream, [...silence(20), ...spoken[0]!, ...silence(40), ...spoken[1]!, ...silence(40)]);
  await until(() => rec.finals.length === 2, 'two finals');
  assert.deepEqual(rec.finals, texts);
  assert.deepEqual(
    rec.events,
    texts.map((x) => `final:${x}`),
    'no partials from a batch endpoint, no errors',
  );
  assert.equal(standIn.maxConcurrent, 1, 'one utterance at a time');
  const [first, second] = standIn.requests.slice(from);
  assert.ok(second!.at >= first!.answeredAt, 'the second was sent after the first was answered');
  for (const [i, req] of [first!, second!].entries()) {
    assert.equal(req.model, 'whisper-1');
    assert.equal(req.language, 'en');
    assert.equal(req.responseFormat, 'json');
    assert.equal(req.filename, 'speech.wav');
    assert.equal(req.authorization, 'Bearer sk-test-secret');
    assert.deepEqual([req.wav.format, req.wav.sampleRate, req.wav.channels], [7, 8000, 1]);
    // All of the speech, plus up to 200 ms before it and 200 ms of quiet after it.
    const spokenMs = spoken[i]!.length * 20;
    assert.ok(
      req.wav.durationMs >= spokenMs && req.wav.durationMs <= spokenMs + 420,
      `${req.wav.durationMs} ms sent for ${spokenMs} ms spoken`,
    );
    assert.equal(loudFrames(splitFrames(req.wav.data)), loudFrames(spoken[i]!), 'every loud frame was sent');
  }
  stream.close();
  assert.deepEqual(standIn.invalid, []);
});

test('on a line with pink noise at -40 dBFS each utterance is still sent once the caller stops, not after 30 s', async (t) => {
  if (!needsEspeak(t)) return;
  const texts = ['I would like to pay my bill', 'what is my balance'];
  standIn.reply(...texts);
  const from = standIn.requests.length;
  const spoken = texts.map(speak);
  const rec = recorder();
  const stream = stt.open(rec.handlers);
  await feed(
    stream,
    withLineNoise([...silence(50), ...spoken[0]!, ...silence(75), ...spoken[1]!, ...silence(75)], -40, 5),
  );
  await until(() => rec.finals.length === 2, 'two finals');
  assert.deepEqual(
    rec.events,
    texts.map((x) => `final:${x}`),
  );
  for (const [i, req] of standIn.requests.slice(from).entries()) {
    const spokenMs = spoken[i]!.length * 20;
    assert.ok(
      req.wav.durationMs >= spokenMs - 300 && req.wav.durationMs <= spokenMs + 500,
      `${req.wav.durationMs} ms sent for ${spokenMs} ms spoken`,
    );
  }
  stream.close();
});

test('an HTTP 500 is reported in a sentence and the utterance dropped; the next one is still transcribed', async (t) => {
  if (!needsEspeak(t)) return;
  standIn.reply({ status: 500 }, 'the second one works');
  const rec = recorder();
  const stream = stt.open(rec.handlers);
  await feed(stream, [...speak('this one fails'), ...silence(40), ...speak('the second one works'), ...silence(40)]);
  await until(() => rec.finals.length === 1, 'the final');
  assert.deepEqual(rec.events, ['error:the transcription service answered HTTP 500', 'final:the second one works']);
  assert.ok(!rec.errors[0]!.message.includes('sk-test'));
  stream.close();
});

test('a late answer is a timeout error; the stream goes on', async (t) => {
  if (!needsEspeak(t)) return;
  const quick = new OpenAiStt({ baseUrl, timeoutMs: 300 });
  standIn.reply({ text: 'too late', delayMs: 1500 }, 'on time');
  const rec = recorder();
  const stream = quick.open(rec.handlers, { language: 'fr-CA' });
  const t0 = Date.now();
  await feed(stream, [...speak('too late'), ...silence(40)]);
  await until(() => rec.errors.length === 1, 'the timeout');
  assert.ok(Date.now() - t0 < 1200, `reported after ${Date.now() - t0} ms`);
  assert.equal(rec.errors[0]!.message, 'the transcription service did not answer within 300 ms');
  await feed(stream, [...speak('on time'), ...silence(40)]);
  await until(() => rec.finals.length === 1, 'the final');
  assert.deepEqual(rec.finals, ['on time']);
  assert.equal(standIn.requests.at(-1)!.language, 'fr');
  await quick.close();
});

test('an empty text is not reported; close() transcribes the utterance under way, then nothing more', async (t) => {
  if (!needsEspeak(t)) return;
  standIn.reply('', 'still speaking when closed');
  const from = standIn.requests.length;
  const rec = recorder();
  const stream = stt.open(rec.handlers);
  await feed(stream, [...speak('a cough'), ...silence(40), ...speak('still speaking when closed')]);
  await until(() => standIn.requests.length === from + 1, 'the first request');
  await sleep(50);
  assert.deepEqual(rec.events, []);
  stream.close();
  await until(() => rec.finals.length === 1, 'the final');
  assert.deepEqual(rec.finals, ['still speaking when closed']);
  for (const f of speak('after the end')) stream.write(f);
  for (let i = 0; i < 40; i++) stream.write(SILENCE_FRAME);
  stream.close();
  await sleep(100);
  assert.equal(standIn.requests.length, from + 2);
  assert.equal(rec.events.length, 1);
});

test('an unreachable endpoint is reported as such', async (t) => {
  if (!needsEspeak(t)) return;
  const dead = new OpenAiStt({ baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 2000 });
  const rec = recorder();
  const stream = dead.open(rec.handlers);
  await feed(stream, [...speak('hello'), ...silence(40)]);
  await until(() => rec.errors.length === 1, 'the error');
  assert.equal(rec.errors[0]!.message, 'the transcription service could not be reached');
  await dead.close();
});
