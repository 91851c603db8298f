import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SILENCE_FRAME } from '../media/mulaw';
import { estimateSpeechMs } from '../speech/estimate';
import { EstimatedTts } from './estimated.tts';
import { ttsContract } from './testing/tts.contract';

ttsContract('estimated', () => new EstimatedTts());

test('estimateSpeechMs grows with words and pauses, and is zero for no words', () => {
  assert.equal(estimateSpeechMs(''), 0);
  assert.equal(estimateSpeechMs(' ... '), 0);
  const short = estimateSpeechMs('Thank you.');
  const long = estimateSpeechMs('Thank you, your appointment is confirmed for Tuesday at three.');
  assert.ok(short > 500 && short < 1500, `${short}`);
  assert.ok(long > 2000 && long < 4500, `${long}`);
});

test('EstimatedTts returns only silence', async () => {
  const frames = await new EstimatedTts().synthesize("I'd like to book a visit.", 'en-us');
  assert.ok(frames.length > 0 && frames.every((f) => f === SILENCE_FRAME));
});
