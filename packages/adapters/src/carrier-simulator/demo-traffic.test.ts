import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickPersona, type DemoPersona } from './demo-traffic';

describe('the demo picks a persona by weight, and callers who book a callback only while there is room', () => {
  const mix: DemoPersona[] = [
    { persona: 'overdue', weight: 5, booksCallback: false },
    { persona: 'callback', weight: 3, booksCallback: true },
    { persona: 'wants_human', weight: 2, booksCallback: false },
  ];
  // [rnd, room for a callback, persona]: weights 5 / 3 / 2 of 10; without room, 5 / 2 of 7.
  const cases: Array<[number, boolean, string | null]> = [
    [0, true, 'overdue'],
    [0.49, true, 'overdue'],
    [0.5, true, 'callback'],
    [0.79, true, 'callback'],
    [0.8, true, 'wants_human'],
    [0.999, true, 'wants_human'],
    [0, false, 'overdue'],
    [0.5, false, 'overdue'],
    [0.72, false, 'wants_human'],
    [0.999, false, 'wants_human'],
  ];
  for (const [rnd, room, want] of cases) {
    it(`rnd ${rnd}, ${room ? 'room' : 'no room'} → ${want}`, () => {
      assert.equal(pickPersona(mix, room, rnd)?.persona ?? null, want);
    });
  }

  it('none when every persona books one and there is no room', () => {
    assert.equal(pickPersona([{ persona: 'callback', weight: 1, booksCallback: true }], false, 0.3), null);
  });

  it('a weight of 0 is never picked', () => {
    const zero: DemoPersona[] = [
      { persona: 'busy', weight: 0, booksCallback: false },
      { persona: 'interested', weight: 1, booksCallback: false },
    ];
    for (const rnd of [0, 0.5, 0.99]) assert.equal(pickPersona(zero, true, rnd)?.persona, 'interested');
  });
});
