import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addWallDays, timeZoneOffsetMinutes, wallTimeAt, zonedInstant } from './zoned-time';

// [what, zone, wall time "YYYY-MM-DDTHH:MM", instant]. Gap: the first instant that exists after it; overlap: the first
// occurrence.
const WALL_TO_INSTANT: Array<[string, string, string, string]> = [
  ['ordinary day', 'America/New_York', '2026-06-15T09:00', '2026-06-15T13:00:00.000Z'],
  ['ordinary winter day', 'America/New_York', '2026-01-15T09:00', '2026-01-15T14:00:00.000Z'],
  ['New York gap 02:30', 'America/New_York', '2026-03-08T02:30', '2026-03-08T07:00:00.000Z'],
  ['New York gap 02:00 (its first minute)', 'America/New_York', '2026-03-08T02:00', '2026-03-08T07:00:00.000Z'],
  ['New York gap 02:59', 'America/New_York', '2026-03-08T02:59', '2026-03-08T07:00:00.000Z'],
  ['New York 01:59 before the gap', 'America/New_York', '2026-03-08T01:59', '2026-03-08T06:59:00.000Z'],
  ['New York 03:00 after the gap', 'America/New_York', '2026-03-08T03:00', '2026-03-08T07:00:00.000Z'],
  ['New York overlap 01:30 (EDT, not EST 06:30Z)', 'America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
  ['New York overlap 01:00', 'America/New_York', '2026-11-01T01:00', '2026-11-01T05:00:00.000Z'],
  ['New York 02:00 after the overlap', 'America/New_York', '2026-11-01T02:00', '2026-11-01T07:00:00.000Z'],
  ['Berlin gap 02:30', 'Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:00:00.000Z'],
  ['Berlin overlap 02:30 (CEST, not CET 01:30Z)', 'Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
  ['Kolkata +05:30', 'Asia/Kolkata', '2026-03-08T09:00', '2026-03-08T03:30:00.000Z'],
  ['Kolkata midnight', 'Asia/Kolkata', '2026-03-08T00:00', '2026-03-07T18:30:00.000Z'],
  ['Lord Howe 30-minute gap 02:15', 'Australia/Lord_Howe', '2026-10-04T02:15', '2026-10-03T15:30:00.000Z'],
  [
    'Lord Howe 30-minute overlap 01:45 (+11, not +10:30 15:15Z)',
    'Australia/Lord_Howe',
    '2026-04-05T01:45',
    '2026-04-04T14:45:00.000Z',
  ],
  ['Lord Howe ordinary summer day (+11)', 'Australia/Lord_Howe', '2026-01-15T09:00', '2026-01-14T22:00:00.000Z'],
  ['UTC', 'UTC', '2026-03-08T02:30', '2026-03-08T02:30:00.000Z'],
  ['unknown zone counts as UTC', 'Not/AZone', '2026-03-08T02:30', '2026-03-08T02:30:00.000Z'],
];

const wall = (s: string) => ({
  year: Number(s.slice(0, 4)),
  month: Number(s.slice(5, 7)),
  day: Number(s.slice(8, 10)),
  hour: Number(s.slice(11, 13)),
  minute: Number(s.slice(14, 16)),
});

for (const [what, zone, local, expected] of WALL_TO_INSTANT) {
  test(`zonedInstant: ${what} — ${local} in ${zone} → ${expected}`, () => {
    assert.equal(zonedInstant(zone, wall(local)).toISOString(), expected);
  });
}

test('wallTimeAt reads the clock in the zone, through both passes of an overlap', () => {
  assert.deepEqual(wallTimeAt(new Date('2026-11-01T05:30:00Z'), 'America/New_York'), {
    year: 2026,
    month: 11,
    day: 1,
    hour: 1,
    minute: 30,
    second: 0,
  });
  assert.deepEqual(wallTimeAt(new Date('2026-11-01T06:30:00Z'), 'America/New_York'), {
    year: 2026,
    month: 11,
    day: 1,
    hour: 1,
    minute: 30,
    second: 0,
  });
  assert.deepEqual(wallTimeAt(new Date('2026-03-08T03:29:00Z'), 'Asia/Kolkata'), {
    year: 2026,
    month: 3,
    day: 8,
    hour: 8,
    minute: 59,
    second: 0,
  });
  assert.deepEqual(wallTimeAt(new Date('2026-03-08T03:29:00Z'), 'Not/AZone'), {
    year: 2026,
    month: 3,
    day: 8,
    hour: 3,
    minute: 29,
    second: 0,
  });
});

test('addWallDays rolls over months and years', () => {
  assert.deepEqual(addWallDays({ year: 2026, month: 12, day: 31, hour: 9, minute: 0 }, 1), {
    year: 2027,
    month: 1,
    day: 1,
    hour: 9,
    minute: 0,
  });
  assert.deepEqual(addWallDays({ year: 2026, month: 3, day: 1, hour: 9, minute: 0 }, -1), {
    year: 2026,
    month: 2,
    day: 28,
    hour: 9,
    minute: 0,
  });
});

test('timeZoneOffsetMinutes: Lord Howe moves by 30 minutes, an unknown zone is UTC', () => {
  assert.equal(timeZoneOffsetMinutes('Australia/Lord_Howe', new Date('2026-10-03T15:29:00Z')), 630);
  assert.equal(timeZoneOffsetMinutes('Australia/Lord_Howe', new Date('2026-10-03T15:30:00Z')), 660);
  assert.equal(timeZoneOffsetMinutes('Not/AZone', new Date('2026-10-03T15:30:00Z')), 0);
});
