import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatClock,
  formatCount,
  formatDateTime,
  formatDay,
  formatInstantsIn,
  formatSince,
  formatStamp,
  formatTime,
  sameDay,
  timeThere,
  type Viewer,
} from './locale-format';

const US: Viewer = { locale: 'en-US', timeZone: 'America/New_York' };
const DE: Viewer = { locale: 'de-DE', timeZone: 'Europe/Berlin' };
const GB: Viewer = { locale: 'en-GB', timeZone: 'UTC' };

// ICU may put a narrow no-break space before AM/PM; the tables compare with plain spaces.
const plain = (s: string | null) => s?.replace(/[\u202f\u00a0]/g, ' ') ?? s;

const at = '2026-12-05T15:00:05Z'; // a Saturday: 10:00 in New York, 16:00 in Berlin

describe('locale formats', () => {
  const table: Array<[string, (v: Viewer) => string | null, string, string, string]> = [
    // what, then en-US (New York), de-DE (Berlin), en-GB (UTC)
    ['time', (v) => formatTime(at, v), '10:00 AM', '16:00', '15:00'],
    ['time with zone', (v) => formatTime(at, v, { zone: true }), '10:00 AM EST', '16:00 MEZ', '15:00 UTC'],
    ['clock', (v) => formatClock(at, v), '10:00:05 AM', '16:00:05', '15:00:05'],
    ['day', (v) => formatDay(at, v), 'Dec 5', '5. Dez.', '5 Dec'],
    ['day with year', (v) => formatDay(at, v, { year: true }), 'Dec 5, 2026', '5. Dez. 2026', '5 Dec 2026'],
    ['date and time', (v) => formatDateTime(at, v), 'Sat, Dec 5, 10:00 AM', 'Sa., 5. Dez., 16:00', 'Sat 5 Dec, 15:00'],
    [
      'date and time with zone',
      (v) => formatDateTime(at, v, { zone: true }),
      'Sat, Dec 5, 10:00 AM EST',
      'Sa., 5. Dez., 16:00 MEZ',
      'Sat 5 Dec, 15:00 UTC',
    ],
    ['an early hour', (v) => formatTime('2026-12-05T08:05:00Z', v), '3:05 AM', '09:05', '08:05'],
    ['a count', (v) => formatCount(12345, v), '12,345', '12.345', '12,345'],
  ];
  for (const [what, f, us, de, gb] of table) {
    it(`${what}: en-US "${us}", de-DE "${de}", en-GB "${gb}"`, () => {
      assert.equal(plain(f(US)), us);
      assert.equal(plain(f(DE)), de);
      assert.equal(plain(f(GB)), gb);
    });
  }

  it('writes nothing for what is not an instant', () => {
    assert.equal(formatTime('nope', US), '');
    assert.equal(formatClock('', DE), '');
    assert.equal(formatDateTime('2026-13-45', US), '');
    assert.equal(formatStamp('nope', Date.now(), US), '');
  });

  it("stamps a transcript line with the time today, and the day first on another day (the viewer's day)", () => {
    const now = Date.parse('2026-12-05T22:00:00Z'); // 17:00 in New York, 23:00 in Berlin
    assert.equal(plain(formatStamp(at, now, US)), '10:00:05 AM');
    assert.equal(plain(formatStamp(at, now, DE)), '16:00:05');
    const yesterday = '2026-12-04T15:00:05Z';
    assert.equal(plain(formatStamp(yesterday, now, US)), 'Dec 4, 10:00:05 AM');
    assert.equal(plain(formatStamp(yesterday, now, DE)), '4. Dez., 16:00:05');
    // 23:30 UTC on the 5th is the 6th in Berlin already, still the 5th in New York.
    const late = '2026-12-05T23:30:00Z';
    assert.equal(plain(formatStamp(late, Date.parse('2026-12-05T23:45:00Z'), US)), '6:30:00 PM');
    assert.equal(sameDay(late, '2026-12-05T12:00:00Z', DE), false);
    assert.equal(sameDay(late, '2026-12-05T12:00:00Z', US), true);
    assert.equal(
      plain(formatStamp('2025-12-05T15:00:05Z', now, DE)),
      '5. Dez. 2025, 16:00:05',
      'the year when it is not this one',
    );
  });

  it('says since when with the zone, and the day first when it is not today here', () => {
    const utcMidnight = '2026-12-05T00:00:00Z'; // 7 PM the day before in New York, 1 AM in Berlin
    assert.equal(plain(formatSince(utcMidnight, Date.parse('2026-12-05T12:00:00Z'), US)), 'Dec 4, 7:00 PM EST');
    assert.equal(plain(formatSince(utcMidnight, Date.parse('2026-12-05T12:00:00Z'), DE)), '01:00 MEZ');
    assert.equal(plain(formatSince(utcMidnight, Date.parse('2026-12-05T12:00:00Z'), GB)), '00:00 UTC');
    assert.equal(formatSince('nope', 0, US), '');
  });

  it("gives the time in someone else's zone, with the day when it differs from the viewer's", () => {
    const ten = '2026-11-25T15:00:00Z'; // 10:00 in New York, 16:00 in Paris
    const paris = (locale: string): Viewer => ({ locale, timeZone: 'Europe/Paris' });
    assert.equal(plain(timeThere(ten, 'America/New_York', paris('en-US'))), '10:00 AM in America/New_York');
    assert.equal(plain(timeThere(ten, 'America/New_York', paris('de-DE'))), '10:00 in America/New_York');
    assert.equal(
      plain(timeThere('2026-11-25T20:00:00Z', 'Asia/Tokyo', paris('en-US'))),
      'Thu, Nov 26, 5:00 AM in Asia/Tokyo',
    );
    assert.equal(
      plain(timeThere('2026-11-25T20:00:00Z', 'Asia/Tokyo', paris('de-DE'))),
      'Do., 26. Nov., 05:00 in Asia/Tokyo',
    );
    assert.equal(timeThere(ten, 'Europe/Paris', paris('en-US')), null, 'the same zone adds nothing');
    assert.equal(timeThere(ten, null, paris('en-US')), null);
    assert.equal(timeThere(ten, 'Mars/Olympus', paris('en-US')), null, 'an unknown zone adds nothing');
  });

  it('writes ISO 8601 instants found in text for the viewer, with the zone, and leaves other text alone', () => {
    const table: Array<[string, Viewer, string]> = [
      ['Callback scheduled for 2026-12-10T14:00:00.000Z', US, 'Callback scheduled for Thu, Dec 10, 9:00 AM EST'],
      ['Callback scheduled for 2026-12-10T14:00:00.000Z', DE, 'Callback scheduled for Do., 10. Dez., 15:00 MEZ'],
      [
        'from 2026-12-10T09:00:00-05:00 to 2026-12-10T15:30Z',
        GB,
        'from Thu 10 Dec, 14:00 UTC to Thu 10 Dec, 15:30 UTC',
      ],
      ['Transferred to Team A', US, 'Transferred to Team A'],
      [
        'a date alone: 2026-12-10, a local time 2026-12-10T14:00',
        US,
        'a date alone: 2026-12-10, a local time 2026-12-10T14:00',
      ],
      ['id 2026-12-10T14:00:00Zabc', US, 'id 2026-12-10T14:00:00Zabc'],
    ];
    for (const [text, v, want] of table) assert.equal(plain(formatInstantsIn(text, v)), want, text);
  });
});
