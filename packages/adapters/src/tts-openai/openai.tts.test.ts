import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { frameEnergy } from '../media/mulaw';
import { TtsError } from '../speech/tts-error';
import { OpenAiTts } from './openai.tts';
import { SpeechStandIn } from './testing/speech.stand-in';

const standIn = new SpeechStandIn();
let baseUrl: string;
let tts: OpenAiTts;

before(async () => {
  baseUrl = await standIn.start();
  tts = new OpenAiTts({ baseUrl, apiKey: 'sk-test-secret', timeoutMs: 3000 });
  console.log(`the stand-in answers with ${standIn.source} audio`);
});
afterEach(() => {
  standIn.status = null;
  standIn.delayMs = 0;
});
after(async () => {
  await tts.close();
  await standIn.close();
});

test('a line comes back as 160-byte μ-law frames lasting as long as the 24 kHz WAV', async () => {
  const frames = await tts.synthesize('  Your appointment is on\nTuesday at three. ', 'nova');
  const req = standIn.requests.at(-1)!;
  assert.deepEqual(req.body, {
    model: 'tts-1',
    input: 'Your appointment is on Tuesday at three.',
    voice: 'nova',
    response_format: 'wav',
  });
  assert.equal(req.authorization, 'Bearer sk-test-secret');
  assert.ok(req.wavMs > 1000, `${req.wavMs} ms of audio`);
  assert.ok(frames.every((f) => f.length === 160));
  const ms = frames.length * 20;
  assert.ok(ms >= req.wavMs && ms < req.wavMs + 20, `${ms} ms of frames for a ${req.wavMs} ms WAV`);
  const energies = frames.map(frameEnergy);
  assert.ok(Math.max(...energies) > 3000, 'audible');
  assert.ok(energies.filter((e) => e > 1000).length > frames.length / 3, 'mostly sound, not silence');
});

test('espeak voice names become the default voice; OpenAI voice names are kept', async () => {
  await tts.synthesize('Voice one.', 'en-us+f3');
  assert.equal(standIn.requests.at(-1)!.body.voice, 'alloy');
  await tts.synthesize('Voice two.', 'Shimmer');
  assert.equal(standIn.requests.at(-1)!.body.voice, 'shimmer');
  const echo = new OpenAiTts({ baseUrl, defaultVoice: 'echo', model: 'tts-1-hd' });
  await echo.synthesize('Voice three.', 'en-gb+m2');
  assert.deepEqual([standIn.requests.at(-1)!.body.voice, standIn.requests.at(-1)!.body.model], ['echo', 'tts-1-hd']);
  assert.equal(echo.voiceFor('nova'), 'nova');
  await echo.close();
});

test('a repeated line comes from the cache; identical lines in flight make one request', async () => {
  const n = standIn.requests.length;
  const first = await tts.synthesize('Thank you for calling.', 'en-us+f3');
  const again = await tts.synthesize('Thank  you for calling.', 'en-us+m1'); // same OpenAI voice, same words
  assert.equal(standIn.requests.length, n + 1);
  assert.deepEqual(again, first);
  again.length = 0; // the caller's list, not the cache's
  assert.equal((await tts.synthesize('Thank you for calling.', 'alloy')).length, first.length);
  assert.equal(standIn.requests.length, n + 1);
  await tts.synthesize('Thank you for calling.', 'onyx');
  assert.equal(standIn.requests.length, n + 2, 'another voice is another line');

  standIn.delayMs = 200;
  const [a, b, c] = await Promise.all(
    ['Please hold.', 'Please hold.', 'Please hold.'].map((t) => tts.synthesize(t, 'coral')),
  );
  assert.equal(standIn.requests.length, n + 3);
  assert.deepEqual(a, b);
  assert.deepEqual(b, c);
  assert.equal(await tts.synthesize('   ', 'coral').then((f) => f.length), 0);
  assert.equal(standIn.requests.length, n + 3, 'an empty line asks nothing');
});

test('an HTTP error rejects with a sentence and is not cached', async () => {
  standIn.status = 503;
  await assert.rejects(
    tts.synthesize('We are closed today.', 'nova'),
    (e: unknown) =>
      e instanceof TtsError &&
      e.message === 'the speech service answered HTTP 503' &&
      e.retryable &&
      !e.message.includes('sk-test'),
  );
  standIn.status = null;
  const n = standIn.requests.length;
  assert.ok((await tts.synthesize('We are closed today.', 'nova')).length > 20);
  assert.equal(standIn.requests.length, n + 1);
  const dead = new OpenAiTts({ baseUrl: 'http://127.0.0.1:9/v1' });
  await assert.rejects(dead.synthesize('hello', 'nova'), /^TtsError: the speech service could not be reached$/);
});

test('a late answer rejects with a timeout; a closed adapter refuses', async () => {
  standIn.delayMs = 1500;
  const quick = new OpenAiTts({ baseUrl, timeoutMs: 300 });
  const t0 = Date.now();
  await assert.rejects(
    quick.synthesize('This will be late.', 'nova'),
    (e: unknown) =>
      e instanceof TtsError &&
      e.code === 'TTS_TIMEOUT' &&
      e.message === 'the speech service did not answer within 300 ms',
  );
  assert.ok(Date.now() - t0 < 1000, `rejected after ${Date.now() - t0} ms`);
  await quick.close();
  await assert.rejects(
    quick.synthesize('hello', 'nova'),
    (e: unknown) => e instanceof TtsError && e.code === 'TTS_CLOSED',
  );
});
