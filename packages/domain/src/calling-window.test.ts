import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inCallingWindow, nextWindowOpen } from './calling-window';

const W = { start: '09:00', end: '20:00' };

test('one instant is inside the window in one zone and outside in another', () => {
  const at = new Date('2026-11-24T15:00:00Z'); // 10:00 New York, 16:00 Paris, 00:00 Tokyo (next day)
  assert.equal(inCallingWindow(at, 'America/New_York', W), true);
  assert.equal(inCallingWindow(at, 'Europe/Paris', W), true);
  assert.equal(inCallingWindow(at, 'Asia/Tokyo', W), false);
  assert.equal(inCallingWindow(at, 'America/Los_Angeles', W), false, '07:00 in Los Angeles');
  assert.equal(inCallingWindow(new Date('2026-11-24T19:59:00Z'), 'Europe/London', W), true);
  assert.equal(inCallingWindow(new Date('2026-11-24T20:00:00Z'), 'Europe/London', W), false, 'the end is exclusive');
});

test('nextWindowOpen: later today before the start, tomorrow after the end', () => {
  assert.equal(
    nextWindowOpen(new Date('2026-11-24T15:00:00Z'), 'America/Los_Angeles', W).toISOString(),
    '2026-11-24T17:00:00.000Z',
  );
  assert.equal(
    nextWindowOpen(new Date('2026-11-24T15:00:00Z'), 'Asia/Tokyo', W).toISOString(),
    '2026-11-25T00:00:00.000Z',
  );
  assert.equal(
    nextWindowOpen(new Date('2026-11-24T21:30:00Z'), 'Europe/London', W).toISOString(),
    '2026-11-25T09:00:00.000Z',
  );
});

test('across a daylight-saving change the window opens at 09:00 local on the new offset', () => {
  // New York: clocks go back on 2026-11-01 at 02:00 (EDT −4 → EST −5). At 21:00 EDT on Oct 31, next opening is 09:00
  // EST.
  assert.equal(
    nextWindowOpen(new Date('2026-11-01T01:00:00Z'), 'America/New_York', W).toISOString(),
    '2026-11-01T14:00:00.000Z',
  );
  // Paris: clocks go forward on 2026-03-29 (CET +1 → CEST +2).
  assert.equal(
    nextWindowOpen(new Date('2026-03-28T21:00:00Z'), 'Europe/Paris', W).toISOString(),
    '2026-03-29T07:00:00.000Z',
  );
});

// Daylight-saving edges. An opening inside a spring-forward gap opens at the first instant that exists after it;
// one inside a fall-back overlap opens at its first occurrence, and the window stays open through the repeated hour.
// [what, zone, window, now, next opening]
const NEXT_OPEN: Array<[string, string, { start: string; end: string }, string, string]> = [
  ['New York, ordinary day', 'America/New_York', W, '2026-06-15T12:00:00Z', '2026-06-15T13:00:00.000Z'],
  ['New York, ordinary day, after the end', 'America/New_York', W, '2026-06-16T00:00:00Z', '2026-06-16T13:00:00.000Z'],
  // 2026-03-08: 02:00 EST → 03:00 EDT at 07:00Z; 02:30 does not exist.
  [
    'New York, opening in the spring-forward gap (evening before)',
    'America/New_York',
    { start: '02:30', end: '20:00' },
    '2026-03-07T23:00:00Z',
    '2026-03-08T07:00:00.000Z',
  ],
  [
    'New York, opening in the spring-forward gap (same night)',
    'America/New_York',
    { start: '02:30', end: '20:00' },
    '2026-03-08T06:00:00Z',
    '2026-03-08T07:00:00.000Z',
  ],
  [
    'New York, opening at the start of the gap',
    'America/New_York',
    { start: '02:00', end: '20:00' },
    '2026-03-08T06:00:00Z',
    '2026-03-08T07:00:00.000Z',
  ],
  [
    'New York, opening just after the gap',
    'America/New_York',
    { start: '03:00', end: '20:00' },
    '2026-03-08T06:00:00Z',
    '2026-03-08T07:00:00.000Z',
  ],
  // 2026-11-01: 02:00 EDT → 01:00 EST at 06:00Z; 01:30 happens at 05:30Z and 06:30Z.
  [
    'New York, opening in the fall-back overlap',
    'America/New_York',
    { start: '01:30', end: '20:00' },
    '2026-10-31T22:00:00Z',
    '2026-11-01T05:30:00.000Z',
  ],
  // 2026-03-29: 02:00 CET → 03:00 CEST at 01:00Z.
  [
    'Berlin, opening in the spring-forward gap',
    'Europe/Berlin',
    { start: '02:30', end: '20:00' },
    '2026-03-28T20:00:00Z',
    '2026-03-29T01:00:00.000Z',
  ],
  ['Berlin, 09:00 on the spring-forward day', 'Europe/Berlin', W, '2026-03-28T20:00:00Z', '2026-03-29T07:00:00.000Z'],
  // 2026-10-25: 03:00 CEST → 02:00 CET at 01:00Z; 02:30 happens at 00:30Z and 01:30Z.
  [
    'Berlin, opening in the fall-back overlap',
    'Europe/Berlin',
    { start: '02:30', end: '20:00' },
    '2026-10-24T20:00:00Z',
    '2026-10-25T00:30:00.000Z',
  ],
  ['Berlin, 09:00 on the fall-back day', 'Europe/Berlin', W, '2026-10-24T20:00:00Z', '2026-10-25T08:00:00.000Z'],
  // UTC+05:30 all year.
  ['Kolkata (UTC+05:30), before the start', 'Asia/Kolkata', W, '2026-03-08T02:00:00Z', '2026-03-08T03:30:00.000Z'],
  ['Kolkata (UTC+05:30), after the end', 'Asia/Kolkata', W, '2026-03-08T14:30:00Z', '2026-03-09T03:30:00.000Z'],
  // Lord Howe moves its clocks by 30 minutes. 2026-10-04: 02:00 (+10:30) → 02:30 (+11) at 15:30Z on the 3rd.
  [
    'Lord Howe, opening in the 30-minute gap',
    'Australia/Lord_Howe',
    { start: '02:15', end: '20:00' },
    '2026-10-03T10:00:00Z',
    '2026-10-03T15:30:00.000Z',
  ],
  [
    'Lord Howe, 09:00 after the spring-forward',
    'Australia/Lord_Howe',
    W,
    '2026-10-03T10:00:00Z',
    '2026-10-03T22:00:00.000Z',
  ],
  // 2026-04-05: 02:00 (+11) → 01:30 (+10:30) at 15:00Z on the 4th; 01:45 happens at 14:45Z and 15:15Z.
  [
    'Lord Howe, opening in the 30-minute overlap',
    'Australia/Lord_Howe',
    { start: '01:45', end: '20:00' },
    '2026-04-04T10:00:00Z',
    '2026-04-04T14:45:00.000Z',
  ],
  [
    'Lord Howe, 09:00 after the fall-back',
    'Australia/Lord_Howe',
    W,
    '2026-04-04T10:00:00Z',
    '2026-04-04T22:30:00.000Z',
  ],
];

for (const [what, zone, window, now, expected] of NEXT_OPEN) {
  test(`nextWindowOpen DST table: ${what} (${zone} ${window.start}–${window.end}, now ${now}) → ${expected}`, () => {
    const open = nextWindowOpen(new Date(now), zone, window);
    assert.equal(open.toISOString(), expected);
    assert.equal(inCallingWindow(open, zone, window), true, 'the window is open at its opening');
    assert.equal(inCallingWindow(new Date(open.getTime() - 60_000), zone, window), false, 'and closed a minute before');
  });
}

// [what, zone, window, instant, inside?]
const INSIDE: Array<[string, string, { start: string; end: string }, string, boolean]> = [
  ['New York, ordinary day, opening', 'America/New_York', W, '2026-06-15T13:00:00Z', true],
  ['New York, ordinary day, a minute before the end', 'America/New_York', W, '2026-06-15T23:59:00Z', true],
  ['New York, ordinary day, the end', 'America/New_York', W, '2026-06-16T00:00:00Z', false],
  [
    'New York, gap day, 01:30 EST (before the 02:30 opening that becomes 03:00 EDT)',
    'America/New_York',
    { start: '02:30', end: '20:00' },
    '2026-03-08T06:30:00Z',
    false,
  ],
  ['New York, gap day, 01:59 EST', 'America/New_York', { start: '02:30', end: '20:00' }, '2026-03-08T06:59:00Z', false],
  ['New York, gap day, 03:00 EDT', 'America/New_York', { start: '02:30', end: '20:00' }, '2026-03-08T07:00:00Z', true],
  [
    'New York, window closing in the gap: closed from 03:00 EDT',
    'America/New_York',
    { start: '00:00', end: '02:30' },
    '2026-03-08T07:00:00Z',
    false,
  ],
  [
    'New York, window closing in the gap: open at 01:59 EST',
    'America/New_York',
    { start: '00:00', end: '02:30' },
    '2026-03-08T06:59:00Z',
    true,
  ],
  [
    'New York, overlap day, 01:29 EDT',
    'America/New_York',
    { start: '01:30', end: '20:00' },
    '2026-11-01T05:29:00Z',
    false,
  ],
  [
    'New York, overlap day, 01:30 EDT (first occurrence)',
    'America/New_York',
    { start: '01:30', end: '20:00' },
    '2026-11-01T05:30:00Z',
    true,
  ],
  [
    'New York, overlap day, 01:15 EST (the repeated hour, window already open)',
    'America/New_York',
    { start: '01:30', end: '20:00' },
    '2026-11-01T06:15:00Z',
    true,
  ],
  [
    'New York, overlap day, window closing at 01:30 stays closed in the repeated hour',
    'America/New_York',
    { start: '00:00', end: '01:30' },
    '2026-11-01T06:15:00Z',
    false,
  ],
  [
    'Berlin, overlap day, 02:15 CET (the repeated hour, window already open)',
    'Europe/Berlin',
    { start: '02:30', end: '20:00' },
    '2026-10-25T01:15:00Z',
    true,
  ],
  ['Berlin, gap day, 01:59 CET', 'Europe/Berlin', { start: '02:30', end: '20:00' }, '2026-03-29T00:59:00Z', false],
  ['Berlin, gap day, 03:00 CEST', 'Europe/Berlin', { start: '02:30', end: '20:00' }, '2026-03-29T01:00:00Z', true],
  ['Kolkata, 08:59', 'Asia/Kolkata', W, '2026-03-08T03:29:00Z', false],
  ['Kolkata, 09:00', 'Asia/Kolkata', W, '2026-03-08T03:30:00Z', true],
  ['Kolkata, 19:59', 'Asia/Kolkata', W, '2026-03-08T14:29:00Z', true],
  ['Kolkata, 20:00', 'Asia/Kolkata', W, '2026-03-08T14:30:00Z', false],
  [
    'Lord Howe, gap day, 02:30 (+11)',
    'Australia/Lord_Howe',
    { start: '02:15', end: '20:00' },
    '2026-10-03T15:30:00Z',
    true,
  ],
  [
    'Lord Howe, gap day, 01:59 (+10:30)',
    'Australia/Lord_Howe',
    { start: '02:15', end: '20:00' },
    '2026-10-03T15:29:00Z',
    false,
  ],
  [
    'Lord Howe, overlap day, 01:40 (+10:30, the repeated half hour)',
    'Australia/Lord_Howe',
    { start: '01:45', end: '20:00' },
    '2026-04-04T15:10:00Z',
    true,
  ],
];

// `24:00` ends a window at the next midnight: `00:00`–`24:00` is open around the clock, the last minute of the day
// included, on days of 23 and 25 hours too. (`23:59` as an end leaves the last minute closed.)
const ALL_DAY = { start: '00:00', end: '24:00' };
const EVENING = { start: '18:00', end: '24:00' };
const TO_MIDNIGHT: Array<[string, string, { start: string; end: string }, string, boolean]> = [
  ['UTC, 23:59:30', 'UTC', ALL_DAY, '2026-12-07T23:59:30Z', true],
  ['UTC, 00:00', 'UTC', ALL_DAY, '2026-12-08T00:00:00Z', true],
  ['UTC, 23:59:30 with 23:59 as the end', 'UTC', { start: '00:00', end: '23:59' }, '2026-12-07T23:59:30Z', false],
  ['New York, 23:59 EDT on the 23-hour day', 'America/New_York', ALL_DAY, '2026-03-09T03:59:00Z', true],
  ['New York, 23:59 EST on the 25-hour day', 'America/New_York', ALL_DAY, '2026-11-02T04:59:00Z', true],
  ['New York, 01:15 EST, the repeated hour', 'America/New_York', ALL_DAY, '2026-11-01T06:15:00Z', true],
  ['Kathmandu, 23:59 (+05:45)', 'Asia/Kathmandu', EVENING, '2026-12-07T18:14:00Z', true],
  ['Kathmandu, 00:00 (+05:45)', 'Asia/Kathmandu', EVENING, '2026-12-07T18:15:00Z', false],
  ['Kathmandu, 17:59 (+05:45)', 'Asia/Kathmandu', EVENING, '2026-12-07T12:14:00Z', false],
];

for (const [table, rows] of [
  ['DST table', INSIDE],
  ['to midnight', TO_MIDNIGHT],
] as const) {
  for (const [what, zone, window, at, inside] of rows) {
    test(`inCallingWindow ${table}: ${what} (${zone} ${window.start}–${window.end}, ${at}) → ${inside}`, () => {
      assert.equal(inCallingWindow(new Date(at), zone, window), inside);
    });
  }
}

test('00:00–24:00 is open all year in a zone with daylight saving: every half hour, every minute around the changes', () => {
  const HOUR = 3_600_000;
  const instants: number[] = [];
  for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += HOUR / 2)
    instants.push(t);
  // New York's two change days and the days after (23 and 25 hours long), minute by minute.
  for (const day of ['2026-03-08T05:00:00Z', '2026-11-01T04:00:00Z']) {
    for (let t = Date.parse(day); t < Date.parse(day) + 48 * HOUR; t += 60_000) instants.push(t);
  }
  const closed = instants.filter((t) => !inCallingWindow(new Date(t), 'America/New_York', ALL_DAY));
  assert.deepEqual(
    closed.map((t) => new Date(t).toISOString()),
    [],
  );
});

test('nextWindowOpen after an evening window ending at 24:00 is the next evening', () => {
  assert.equal(
    nextWindowOpen(new Date('2026-12-08T00:00:00Z'), 'UTC', EVENING).toISOString(),
    '2026-12-08T18:00:00.000Z',
  );
});
