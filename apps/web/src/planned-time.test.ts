import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  calleeTime,
  formatPlanned,
  formatRelative,
  isoToLocalInput,
  localInputToIso,
  tomorrowAtTen,
} from './planned-time';

describe('planned times', () => {
  const at = '2026-11-25T15:00:00Z'; // 10:00 in New York, 16:00 in Paris

  const plain = (t: string | null) => t?.replace(/[\u202f\u00a0]/g, ' ') ?? t;

  it("writes a planned time in the viewer's locale and zone, naming the zone", () => {
    assert.equal(
      plain(formatPlanned(at, { locale: 'en-US', timeZone: 'America/New_York' })),
      'Wed, Nov 25, 10:00 AM EST',
    );
    assert.equal(plain(formatPlanned(at, { locale: 'de-DE', timeZone: 'Europe/Paris' })), 'Mi., 25. Nov., 16:00 MEZ');
    assert.equal(formatPlanned('nope'), '');
  });

  it("adds the callee's time when its zone is not the viewer's, with the day when it differs", () => {
    const paris = { locale: 'en-US', timeZone: 'Europe/Paris' };
    assert.equal(plain(calleeTime(at, 'America/New_York', paris)), '10:00 AM in America/New_York');
    assert.equal(calleeTime(at, 'America/New_York', { locale: 'en-US', timeZone: 'America/New_York' }), null);
    assert.equal(calleeTime(at, null, paris), null);
    assert.equal(plain(calleeTime('2026-11-25T20:00:00Z', 'Asia/Tokyo', paris)), 'Thu, Nov 26, 5:00 AM in Asia/Tokyo');
    assert.equal(calleeTime(at, 'Mars/Olympus', paris), null, 'an unknown zone adds nothing');
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
