import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRAW_ALL_UP_TO, rowWindow } from './row-window';

const H = 34;

describe('rowWindow: the rows of a long list drawn', () => {
  it('draws every row of a short list, or before a row has been measured', () => {
    assert.deepEqual(rowWindow({ count: DRAW_ALL_UP_TO, rowHeight: H, shownFrom: 0, shownTo: 300 }), {
      start: 0,
      end: DRAW_ALL_UP_TO,
      padTop: 0,
      padBottom: 0,
    });
    assert.deepEqual(rowWindow({ count: 1000, rowHeight: 0, shownFrom: 0, shownTo: 300 }).end, 1000);
  });

  it('draws the rows on screen and a margin, and stands in for the rest with their height', () => {
    const w = rowWindow({ count: 100, rowHeight: H, shownFrom: 0, shownTo: 20 * H }, 10);
    assert.deepEqual(w, { start: 0, end: 30, padTop: 0, padBottom: 70 * H });
    const mid = rowWindow({ count: 100, rowHeight: H, shownFrom: 45 * H, shownTo: 65 * H }, 10);
    assert.deepEqual(mid, { start: 30, end: 80, padTop: 30 * H, padBottom: 20 * H });
    const bottom = rowWindow({ count: 100, rowHeight: H, shownFrom: 85 * H, shownTo: 105 * H }, 10);
    assert.deepEqual(bottom, { start: 70, end: 100, padTop: 70 * H, padBottom: 0 });
  });

  it('covers what is shown, keeps the height of the whole list, and moves in whole blocks', () => {
    for (let i = 0; i < 2000; i++) {
      const count = 51 + Math.floor(Math.random() * 500);
      const rowHeight = 20 + Math.random() * 40;
      const shownFrom = (Math.random() * 1.2 - 0.1) * count * rowHeight;
      const shownTo = shownFrom + Math.random() * 1500;
      const w = rowWindow({ count, rowHeight, shownFrom, shownTo }, 12);
      const firstShown = Math.max(0, Math.floor(shownFrom / rowHeight));
      const lastShown = Math.min(count, Math.ceil(shownTo / rowHeight));
      if (firstShown < lastShown) assert.ok(w.start <= firstShown && w.end >= lastShown, JSON.stringify(w));
      assert.ok(0 <= w.start && w.start <= w.end && w.end <= count);
      assert.ok(Math.abs(w.padTop + (w.end - w.start) * rowHeight + w.padBottom - count * rowHeight) < 1e-6);
      assert.ok((w.start % 12 === 0 || w.start === count) && (w.end % 12 === 0 || w.end === count));
      // A scroll down of less than a row never draws rows above the ones drawn before.
      const down = { shownFrom: shownFrom + rowHeight / 2, shownTo: shownTo + rowHeight / 2 };
      assert.ok(rowWindow({ count, rowHeight, ...down }, 12).start >= w.start);
    }
  });
});
