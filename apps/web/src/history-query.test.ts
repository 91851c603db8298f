/** History's filters in the URL and the API query, and the result count. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countLabel, filtersFromQuery, filtersToQuery, historyApiPath, isFiltered, withFilter } from './history-query';

describe('history query', () => {
  it('reads the filters of a URL, trimmed, ignoring empty and unknown parameters', () => {
    const f = filtersFromQuery(
      new URLSearchParams('q=+zebra+&channel=voice&number=&foo=bar&escalated=true&sort=-started'),
    );
    assert.deepEqual(f, { q: 'zebra', channel: 'voice', escalated: 'true' }, 'the default order is no filter');
    assert.deepEqual(filtersFromQuery(new URLSearchParams('sort=duration')), { sort: 'duration' });
  });

  it('writes them back in a fixed order, so one set of filters is one link', () => {
    const f = { q: 'a phrase & more', from: '2026-11-24T09:00:00.000Z', channel: 'sms', sort: '-duration' };
    const q = filtersToQuery(f);
    assert.equal(q.toString(), 'from=2026-11-24T09%3A00%3A00.000Z&channel=sms&q=a+phrase+%26+more&sort=-duration');
    assert.deepEqual(filtersFromQuery(q), f, 'a round trip');
    assert.equal(filtersToQuery({ sort: '-started' }).toString(), '');
    assert.equal(filtersToQuery({ number: '  ' }).toString(), '');
  });

  it('sets and clears one filter', () => {
    assert.deepEqual(withFilter({ q: 'x' }, 'channel', 'voice'), { q: 'x', channel: 'voice' });
    assert.deepEqual(withFilter({ q: 'x', channel: 'voice' }, 'channel', ''), { q: 'x' });
    assert.deepEqual(withFilter({ q: 'x' }, 'q', null), {});
    assert.equal(isFiltered({}), false);
    assert.equal(isFiltered({ sort: 'duration' }), false, 'an order is not a filter');
    assert.equal(isFiltered({ escalated: 'false' }), true);
  });

  it('asks the server for ended sessions, a page at a time', () => {
    assert.equal(historyApiPath({}, null), '/api/sessions?state=ended&limit=50');
    assert.equal(
      historyApiPath({ q: 'zebra', sort: 'duration' }, 'abc_-1', 3),
      '/api/sessions?q=zebra&sort=duration&state=ended&limit=3&cursor=abc_-1',
    );
  });

  it('counts conversations as people read them', () => {
    assert.equal(countLabel({ count: 0, atLeast: false }), '0 conversations');
    assert.equal(countLabel({ count: 1, atLeast: false }), '1 conversation');
    assert.equal(countLabel({ count: 1234, atLeast: false }), '1,234 conversations');
    assert.equal(countLabel({ count: 10_000, atLeast: true }), '10,000+ conversations');
  });
});
