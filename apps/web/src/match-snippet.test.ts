/** The search snippet: split on its marks, entities decoded, never HTML. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEntities, parseSnippet } from './match-snippet';

describe('match snippet', () => {
  it('splits the words found from the text around them', () => {
    assert.deepEqual(parseSnippet('My <mark>zebra</mark> invoice is <mark>wrong</mark>'), [
      { text: 'My ', mark: false },
      { text: 'zebra', mark: true },
      { text: ' invoice is ', mark: false },
      { text: 'wrong', mark: true },
    ]);
    assert.deepEqual(parseSnippet('<mark>a</mark><mark>b</mark>'), [{ text: 'ab', mark: true }], 'adjacent marks join');
    assert.deepEqual(parseSnippet(''), []);
  });

  it('decodes what the server escaped, and keeps anything tag-like as visible text', () => {
    assert.deepEqual(parseSnippet('fix that &#60;<mark>now</mark>&#62; &#38; &#39;late&#39; &amp; &quot;x&quot;'), [
      { text: 'fix that <', mark: false },
      { text: 'now', mark: true },
      { text: `> & 'late' & "x"`, mark: false },
    ]);
    assert.deepEqual(parseSnippet('<b>bold</b> <script>x</script>'), [
      { text: '<b>bold</b> <script>x</script>', mark: false },
    ]);
    assert.deepEqual(
      parseSnippet('&#60;mark&#62;not a mark'),
      [{ text: '<mark>not a mark', mark: false }],
      'an escaped tag stays text',
    );
  });

  it('leaves unknown or invalid references as written', () => {
    assert.equal(
      decodeEntities('&#x1F600; &#0; &#xD800; &bogus; &#99999999; & alone'),
      '\u{1F600} &#0; &#xD800; &bogus; &#99999999; & alone',
    );
  });
});
