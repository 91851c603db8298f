import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partialText, partialUpdates } from './partial-text';

test('partialText reveals words in proportion to the audio played', () => {
  const text = 'one two three four five six seven eight';
  assert.equal(partialText(text, 0, 1000), 'one');
  assert.equal(partialText(text, 500, 1000), 'one two three four');
  assert.equal(partialText(text, 1000, 1000), text);
  assert.equal(partialText(text, 10, 0), text);
});

test('partialUpdates emits once per interval of audio time, never the whole line, never a repeat', () => {
  const words = 'a b c d e f g h i j'.split(' ');
  const got: string[] = [];
  const onProgress = partialUpdates(words.join(' '), 200, (w) => got.push(w));
  // Progress every 100 ms of a 2 s line, as the call mixer reports it: one partial per 200 ms of audio.
  for (let t = 100; t <= 2000; t += 100) onProgress(t, 2000);
  assert.deepEqual(
    got,
    Array.from({ length: 9 }, (_, i) => words.slice(0, i + 1).join(' ')),
  );

  const few: string[] = [];
  const slow = partialUpdates('hello there', 200, (w) => few.push(w));
  for (let t = 100; t <= 2000; t += 100) slow(t, 2000);
  assert.deepEqual(few, ['hello'], 'no repeat while the words shown stay the same');
});
