/**
 * Analytics' periods in the viewer's zone: days from local midnight to local midnight (DST included), the URL, buckets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  apiQuery,
  bucketFor,
  bucketFromQuery,
  choiceFromQuery,
  choiceToQuery,
  daysBetween,
  defaultBucket,
  isDay,
  localDay,
  periodHours,
  periodLabel,
  resolvePeriod,
  startOfDay,
  type PeriodChoice,
  type ResolvedPeriod,
} from './analytics-period';

const ok = (r: ReturnType<typeof resolvePeriod>): ResolvedPeriod => {
  assert.equal(r.ok, true, JSON.stringify(r));
  return r as ResolvedPeriod;
};
const custom = (from: string, to: string): PeriodChoice => ({ kind: 'custom', from, to });
const TODAY: PeriodChoice = { kind: 'preset', preset: 'today' };

describe('days', () => {
  it('reads and adds calendar days', () => {
    assert.equal(isDay('2026-02-28'), true);
    assert.equal(isDay('2026-02-29'), false, 'not a leap year');
    assert.equal(isDay('2028-02-29'), true);
    assert.equal(isDay('2026-13-01'), false);
    assert.equal(isDay('26-01-01'), false);
    assert.equal(isDay(''), false);
    assert.equal(addDays('2026-03-31', 1), '2026-04-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(daysBetween('2026-03-01', '2026-05-01'), 61);
  });

  it('the local day of an instant is the zone’s', () => {
    assert.equal(localDay(new Date('2026-03-28T23:30:00Z'), 'Europe/Paris'), '2026-03-29');
    assert.equal(localDay(new Date('2026-03-28T23:30:00Z'), 'UTC'), '2026-03-28');
    assert.equal(localDay(new Date('2026-03-29T06:00:00Z'), 'America/Los_Angeles'), '2026-03-28');
  });

  it('a day starts at the zone’s midnight, also across DST changes and for half-hour and far offsets', () => {
    assert.equal(
      startOfDay('2026-03-29', 'Europe/Paris').toISOString(),
      '2026-03-28T23:00:00.000Z',
      'winter time: +01:00',
    );
    assert.equal(
      startOfDay('2026-03-30', 'Europe/Paris').toISOString(),
      '2026-03-29T22:00:00.000Z',
      'summer time: +02:00',
    );
    assert.equal(startOfDay('2026-10-25', 'Europe/Paris').toISOString(), '2026-10-24T22:00:00.000Z');
    assert.equal(startOfDay('2026-10-26', 'Europe/Paris').toISOString(), '2026-10-25T23:00:00.000Z');
    assert.equal(startOfDay('2026-01-01', 'UTC').toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(startOfDay('2026-01-01', 'Asia/Kolkata').toISOString(), '2025-12-31T18:30:00.000Z');
    assert.equal(startOfDay('2026-01-01', 'Pacific/Kiritimati').toISOString(), '2025-12-31T10:00:00.000Z', '+14:00');
    assert.equal(startOfDay('2026-01-01', 'Pacific/Pago_Pago').toISOString(), '2026-01-01T11:00:00.000Z', '−11:00');
    assert.equal(startOfDay('2026-03-08', 'America/Los_Angeles').toISOString(), '2026-03-08T08:00:00.000Z');
  });

  it('where DST skips midnight, the day starts at its first hour (Chile: 00:00 → 01:00)', () => {
    const start = startOfDay('2026-09-06', 'America/Santiago');
    assert.equal(start.toISOString(), '2026-09-06T04:00:00.000Z');
    assert.equal(localDay(start, 'America/Santiago'), '2026-09-06');
    assert.equal(localDay(start.getTime() - 1, 'America/Santiago'), '2026-09-05');
  });
});

describe('resolvePeriod', () => {
  it('today: from local midnight to the next local midnight; 23 hours on the spring-forward day in Paris', () => {
    const p = ok(resolvePeriod(TODAY, '2026-03-29', 'Europe/Paris'));
    assert.deepEqual([p.from, p.to], ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    assert.equal(periodHours(p), 23);
    assert.deepEqual(
      [p.firstDay, p.lastDay, p.days, p.includesToday, p.hoursAllowed],
      ['2026-03-29', '2026-03-29', 1, true, true],
    );
    assert.equal(periodHours(ok(resolvePeriod(TODAY, '2026-10-25', 'Europe/Paris'))), 25, 'fall back: 25 hours');
    assert.equal(periodHours(ok(resolvePeriod(TODAY, '2026-06-01', 'Europe/Paris'))), 24);
  });

  it('7 and 30 days: the last local days including today', () => {
    const week = ok(resolvePeriod({ kind: 'preset', preset: '7d' }, '2026-03-29', 'Europe/Paris'));
    assert.deepEqual([week.firstDay, week.lastDay, week.days], ['2026-03-23', '2026-03-29', 7]);
    assert.deepEqual([week.from, week.to], ['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    assert.equal(periodHours(week), 7 * 24 - 1);
    const month = ok(resolvePeriod({ kind: 'preset', preset: '30d' }, '2026-01-15', 'UTC'));
    assert.deepEqual(
      [month.firstDay, month.from, month.to, month.days],
      ['2025-12-17', '2025-12-17T00:00:00.000Z', '2026-01-16T00:00:00.000Z', 30],
    );
  });

  it('a custom period: both days included, whether it reaches today', () => {
    const p = ok(resolvePeriod(custom('2026-03-01', '2026-03-07'), '2026-03-29', 'America/New_York'));
    assert.deepEqual(
      [p.from, p.to, p.days, p.includesToday],
      ['2026-03-01T05:00:00.000Z', '2026-03-08T05:00:00.000Z', 7, false],
    );
    assert.equal(ok(resolvePeriod(custom('2026-03-28', '2026-03-30'), '2026-03-29', 'UTC')).includesToday, true);
    const one = ok(resolvePeriod(custom('2026-03-29', '2026-03-29'), '2026-04-10', 'Europe/Paris'));
    assert.deepEqual([one.days, periodHours(one)], [1, 23]);
  });

  it('refuses a custom period it cannot ask for, naming the field', () => {
    assert.deepEqual(resolvePeriod(custom('', '2026-03-07'), '2026-03-29', 'UTC'), {
      ok: false,
      field: 'from',
      message: 'Pick the first day',
    });
    assert.deepEqual(resolvePeriod(custom('2026-03-01', '2026-02-30'), '2026-03-29', 'UTC'), {
      ok: false,
      field: 'to',
      message: 'Pick the last day',
    });
    assert.deepEqual(resolvePeriod(custom('2026-03-07', '2026-03-01'), '2026-03-29', 'UTC'), {
      ok: false,
      field: 'to',
      message: 'The last day comes before the first',
    });
    assert.equal(
      resolvePeriod(custom('2025-01-01', addDays('2025-01-01', 399)), '2026-03-29', 'UTC').ok,
      true,
      '400 days',
    );
    assert.deepEqual(resolvePeriod(custom('2025-01-01', addDays('2025-01-01', 400)), '2026-03-29', 'UTC'), {
      ok: false,
      field: 'to',
      message: 'A period is at most 400 days',
    });
  });
});

describe('buckets', () => {
  it('hours for a single day, days otherwise; a picked bucket wins when the period allows it', () => {
    const today = ok(resolvePeriod(TODAY, '2026-03-29', 'UTC'));
    const week = ok(resolvePeriod({ kind: 'preset', preset: '7d' }, '2026-03-29', 'UTC'));
    assert.equal(defaultBucket(today), 'hour');
    assert.equal(defaultBucket(week), 'day');
    assert.equal(bucketFor(today, null), 'hour');
    assert.equal(bucketFor(today, 'day'), 'day');
    assert.equal(bucketFor(week, null), 'day');
    assert.equal(bucketFor(week, 'hour'), 'hour');
  });

  it('hours cover at most 62 × 24 hours: a 62-day period over the autumn change (one hour more) gets days', () => {
    const utc = ok(resolvePeriod(custom('2026-01-01', '2026-03-03'), '2026-06-01', 'UTC'));
    assert.equal(utc.days, 62);
    assert.equal(utc.hoursAllowed, true);
    assert.equal(bucketFor(utc, 'hour'), 'hour');
    assert.equal(
      ok(resolvePeriod(custom('2026-01-01', '2026-03-04'), '2026-06-01', 'UTC')).hoursAllowed,
      false,
      '63 days',
    );
    const autumn = ok(resolvePeriod(custom('2026-09-01', '2026-11-01'), '2026-12-01', 'Europe/Paris'));
    assert.deepEqual([autumn.days, periodHours(autumn), autumn.hoursAllowed], [62, 62 * 24 + 1, false]);
    assert.equal(bucketFor(autumn, 'hour'), 'day');
    const spring = ok(resolvePeriod(custom('2026-03-01', '2026-05-01'), '2026-12-01', 'Europe/Paris'));
    assert.deepEqual([spring.days, periodHours(spring), spring.hoursAllowed], [62, 62 * 24 - 1, true]);
  });
});

describe('the URL', () => {
  it('reads the period and the bucket, today by default', () => {
    assert.deepEqual(choiceFromQuery(new URLSearchParams('')), TODAY);
    assert.deepEqual(choiceFromQuery(new URLSearchParams('period=7d')), { kind: 'preset', preset: '7d' });
    assert.deepEqual(choiceFromQuery(new URLSearchParams('period=1y')), TODAY);
    assert.deepEqual(
      choiceFromQuery(new URLSearchParams('from=2026-03-01&to=2026-03-07')),
      custom('2026-03-01', '2026-03-07'),
    );
    assert.deepEqual(
      choiceFromQuery(new URLSearchParams('from=2026-03-01')),
      custom('2026-03-01', ''),
      'kept, so the form says what is missing',
    );
    assert.equal(bucketFromQuery(new URLSearchParams('bucket=hour')), 'hour');
    assert.equal(bucketFromQuery(new URLSearchParams('bucket=week')), null);
  });

  it('writes them back', () => {
    assert.equal(choiceToQuery({ kind: 'preset', preset: '30d' }).toString(), 'period=30d');
    assert.equal(
      choiceToQuery(custom('2026-03-01', '2026-03-07'), 'hour').toString(),
      'from=2026-03-01&to=2026-03-07&bucket=hour',
    );
    for (const q of ['period=today', 'period=7d&bucket=hour', 'from=2026-03-01&to=2026-03-07&bucket=day']) {
      const s = new URLSearchParams(q);
      assert.equal(choiceToQuery(choiceFromQuery(s), bucketFromQuery(s)).toString(), q);
    }
  });

  it('asks the API with the instants and the zone', () => {
    const p = ok(resolvePeriod(TODAY, '2026-03-29', 'Europe/Paris'));
    assert.equal(
      apiQuery(p, 'Europe/Paris', { bucket: 'hour' }),
      'from=2026-03-28T23%3A00%3A00.000Z&to=2026-03-29T22%3A00%3A00.000Z&tz=Europe%2FParis&bucket=hour',
    );
  });

  it('labels the period', () => {
    const label = (c: PeriodChoice) => periodLabel(c, ok(resolvePeriod(c, '2026-03-29', 'UTC')), 'en-GB');
    assert.equal(label(TODAY), 'Today');
    assert.equal(label({ kind: 'preset', preset: '7d' }), 'Last 7 days');
    assert.equal(label(custom('2026-03-02', '2026-03-08')), '2 Mar – 8 Mar 2026');
    assert.equal(label(custom('2025-12-30', '2026-01-02')), '30 Dec 2025 – 2 Jan 2026');
    assert.equal(label(custom('2026-03-02', '2026-03-02')), '2 Mar 2026');
    const c = custom('2026-03-02', '2026-03-08');
    const week = ok(resolvePeriod(c, '2026-03-29', 'UTC'));
    assert.equal(periodLabel(c, week, 'en-US'), 'Mar 2 – Mar 8, 2026', "the viewer's locale");
    assert.equal(periodLabel(c, week, 'de-DE'), '2. März – 8. März 2026');
  });
});
