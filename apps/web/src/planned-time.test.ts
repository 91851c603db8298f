import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { calleeTime, formatPlanned, formatRelative, isoToLocalInput, localInputToIso, tomorrowAtTen } from './planned-time';

describe('planned times', () => {
  const at = '2026-11-25T15:00:00Z'; // 10:00 in New York, 16:00 in Paris

  it('formats a time in a zone as "Wed 25 Nov, 10:00"', () => {
    assert.equal(formatPlanned(at, 'America/New_York'), 'Wed 25 Nov, 10:00');
    assert.equal(formatPlanned(at, 'Europe/Paris'), 'Wed 25 Nov, 16:00');
    assert.equal(formatPlanned('nope'), '');
  });

  it("adds the callee's time when its zone is not the viewer's, with the day when it differs", () => {
    assert.equal(calleeTime(at, 'America/New_York', 'Europe/Paris'), '10:00 in America/New_York');
    assert.equal(calleeTime(at, 'America/New_York', 'America/New_York'), null);
    assert.equal(calleeTime(at, null, 'Europe/Paris'), null);
    assert.equal(calleeTime('2026-11-25T20:00:00Z', 'Asia/Tokyo', 'Europe/Paris'), 'Thu 26 Nov, 05:00 in Asia/Tokyo');
    assert.equal(calleeTime(at, 'Mars/Olympus', 'Europe/Paris'), null, 'an unknown zone adds nothing');
  });

  it('says how far away a time is, both ways', () => {
    const now = Date.parse(at);
    const plus = (s: number) => new Date(now + s * 1000).toISOString();
    assert.equal(formatRelative(plus(0.4), now), 'now');
    assert.equal(formatRelative(plus(40), now), 'in 40 s');
    assert.equal(formatRelative(plus(-180), now), '3 min ago');
    assert.equal(formatRelative(plus(2 * 3600 + 5 * 60 + 30), now), 'in 2 h 5 min');
    assert.equal(formatRelative(plus(3600), now), 'in 1 h');
    assert.equal(formatRelative(plus(-(27 * 3600)), now), '1 d 3 h ago');
    assert.equal(formatRelative(plus(48 * 3600), now), 'in 2 d');
  });

  describe('in a viewer zone with an offset', () => {
    const tz = process.env.TZ;
    after(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });

    it('reads a datetime-local value in the viewer zone and sends it with its offset', () => {
      process.env.TZ = 'Europe/Paris';
      assert.equal(localInputToIso('2026-11-25T10:00'), '2026-11-25T10:00:00+01:00');
      assert.equal(localInputToIso('2026-07-01T10:00'), '2026-07-01T10:00:00+02:00', 'summer time');
      assert.equal(Date.parse(localInputToIso('2026-11-25T10:00')!), Date.parse('2026-11-25T09:00:00Z'));
      assert.equal(localInputToIso(''), null);
      assert.equal(localInputToIso('tomorrow'), null);
      assert.equal(isoToLocalInput('2026-11-25T09:00:00Z'), '2026-11-25T10:00');
      assert.equal(tomorrowAtTen(Date.parse('2026-11-24T23:30:00Z')), '2026-11-26T10:00', 'after midnight in Paris');
    });
  });
});
