import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validDeep, validText } from './valid-text';

test('NUL characters go, lone surrogates become U+FFFD, valid text (emoji included) stays the same string', () => {
  assert.equal(validText('a\u0000b'), 'ab');
  assert.equal(validText('x \ud83d'), 'x \uFFFD');
  assert.equal(validText('\ude00 y'), '\uFFFD y');
  assert.equal(validText('\ud83d\ude00 fine'), '\ud83d\ude00 fine');
  const ok = 'plain text, ünïcødé, 😀';
  assert.equal(validText(ok), ok);
});

test('every string of a JSON value, keys too; untouched values are returned as they are', () => {
  const clean = { a: ['x', { b: 1, c: null, d: true }] };
  assert.equal(validDeep(clean), clean);
  assert.deepEqual(validDeep({ text: 'hi\u0000', list: ['\ud800', 'ok'], ['k\u0000']: 2 }), {
    text: 'hi',
    list: ['\uFFFD', 'ok'],
    k: 2,
  });
});

test('prototype-less objects (route params, query strings) are cleaned too', () => {
  const params = Object.assign(Object.create(null) as Record<string, string>, { id: 'a\u0000b' });
  assert.deepEqual({ ...validDeep(params) }, { id: 'ab' });
});
