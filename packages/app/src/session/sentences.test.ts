import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SentenceSplitter } from './sentences';

function split(deltas: string[]): string[] {
  const out: string[] = [];
  const s = new SentenceSplitter((x) => out.push(x));
  for (const d of deltas) s.push(d);
  s.flush();
  return out;
}

test('sentences come out as soon as they end, whatever the chunking', () => {
  const text = 'Hello Ann, thanks for calling. Your balance is $120.50 today! Would you like to pay now?';
  const want = ['Hello Ann, thanks for calling.', 'Your balance is $120.50 today!', 'Would you like to pay now?'];
  assert.deepEqual(split([text]), want);
  assert.deepEqual(split(text.split('')), want);
  assert.deepEqual(split(text.match(/\S+\s*/g)!), want);
});

test('short pieces (abbreviations, "Yes.") join the next sentence; the rest is flushed', () => {
  assert.deepEqual(split(['Yes. ', 'Dr. Lee can see you at 3 p.m. tomorrow. See you']), [
    'Yes. Dr. Lee can see you at 3 p.m. tomorrow.',
    'See you',
  ]);
  assert.deepEqual(split(['']), []);
});

test('a sentence is emitted before the stream ends', () => {
  const out: string[] = [];
  const s = new SentenceSplitter((x) => out.push(x));
  s.push('I can help with that. ');
  assert.deepEqual(out, [], 'not until the next sentence begins');
  s.push('Let me check');
  assert.deepEqual(out, ['I can help with that.']);
  s.push(' your account');
  assert.equal(out.length, 1);
});
