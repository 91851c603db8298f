/**
 * Analytics' period and bucket, pure: what the URL says (`?period=7d`, or `?from=YYYY-MM-DD&to=YYYY-MM-DD` with both
 * days included, and `&bucket=hour|day` when not the default), and the instants they mean in the viewer's zone. A day
 * is that zone's day: from its midnight to the next (23 or 25 hours across a DST change), so "today" and "7 days" are
 * the viewer's own days; the server gets the zone too, for its hour and day buckets.
 */
import { formatDay, viewer } from './locale-format';

/**
 * The server's longest period (`ANALYTICS_MAX_DAYS` in protocol/analytics.ts, not imported: that module brings zod).
 */
const ANALYTICS_MAX_DAYS = 400;

export type PeriodPreset = 'today' | '7d' | '30d';
export const PERIOD_PRESETS: ReadonlyArray<{ value: PeriodPreset; label: string; days: number }> = [
  { value: 'today', label: 'Today', days: 1 },
  { value: '7d', label: '7 days', days: 7 },
  { value: '30d', label: '30 days', days: 30 },
];

/** What the viewer picked: a preset, or two days (both included). */
export type PeriodChoice = { kind: 'preset'; preset: PeriodPreset } | { kind: 'custom'; from: string; to: string };

export type Bucket = 'hour' | 'day';

/** With no period in the URL: today. */
const DEFAULT_CHOICE: PeriodChoice = { kind: 'preset', preset: 'today' };

/** Hour buckets cover at most this long a period (the server's limit, in real time: 62 × 24 h). */
const HOUR_BUCKET_MAX_MS = 62 * 86_400_000;
/** The longest period the server answers. */
const PERIOD_MAX_MS = ANALYTICS_MAX_DAYS * 86_400_000;

/** A period the server can be asked about: `[from, to)` as ISO instants, and the days it covers (both included). */
export interface ResolvedPeriod {
  ok: true;
  from: string;
  to: string;
  /** First and last local day (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  days: number;
  /** Whether today (the viewer's) is one of its days: the figures still move. */
  includesToday: boolean;
  /** Hour buckets allowed (at most 62 × 24 h). */
  hoursAllowed: boolean;
}

/** A custom period that cannot be asked for, and why (the field it is about). */
export interface PeriodProblem {
  ok: false;
  field: 'from' | 'to';
  message: string;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` that is a real calendar day. */
export function isDay(value: string | null | undefined): value is string {
  const m = DAY_RE.exec(value ?? '');
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Calendar arithmetic on `YYYY-MM-DD` (no zone involved): 2026-03-31 + 1 → 2026-04-01. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (calendar days; b − a). */
export function daysBetween(a: string, b: string): number {
  const t = (day: string) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local day (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDay(instant: Date | number, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

/**
 * The first instant of a local day in `timeZone` (its midnight; where a DST change skips midnight, the first time
 * that day has). Found by bisection on the local day around the UTC midnight of that date: offsets are within ±14 h.
 */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d) / 1000;
  // In whole seconds (zone changes fall on them): before `day` at lo, `day` (or later) at hi; offsets are within ±14 h.
  let lo = utcMidnight - 15 * 3600;
  let hi = utcMidnight + 15 * 3600;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid * 1000, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return new Date(hi * 1000);
}

/** The choice a URL names; anything unreadable is the default (today). */
export function choiceFromQuery(search: URLSearchParams): PeriodChoice {
  const from = search.get('from');
  const to = search.get('to');
  if (from !== null || to !== null) return { kind: 'custom', from: from ?? '', to: to ?? '' };
  const p = search.get('period');
  if (p === 'today' || p === '7d' || p === '30d') return { kind: 'preset', preset: p };
  return DEFAULT_CHOICE;
}

/** The bucket a URL names, if any (`hour` or `day`). */
export function bucketFromQuery(search: URLSearchParams): Bucket | null {
  const b = search.get('bucket');
  return b === 'hour' || b === 'day' ? b : null;
}

/** The URL query of a choice (and a bucket other than the default one). */
export function choiceToQuery(choice: PeriodChoice, bucket: Bucket | null = null): URLSearchParams {
  const q = new URLSearchParams();
  if (choice.kind === 'preset') q.set('period', choice.preset);
  else {
    q.set('from', choice.from);
    q.set('to', choice.to);
  }
  if (bucket) q.set('bucket', bucket);
  return q;
}

/** The days a choice covers (first and last, both included), given today's local day. */
export function daysOf(choice: PeriodChoice, today: string): { first: string; last: string } {
  if (choice.kind === 'custom') return { first: choice.from, last: choice.to };
  const n = PERIOD_PRESETS.find((p) => p.value === choice.preset)!.days;
  return { first: addDays(today, -(n - 1)), last: today };
}

/**
 * The instants a choice means in `timeZone`, `today` being the viewer's local day: from the first day's midnight to the
 * midnight after the last. A custom period must be two real days in order, at most the server's 400 days.
 */
export function resolvePeriod(choice: PeriodChoice, today: string, timeZone: string): ResolvedPeriod | PeriodProblem {
  const { first, last } = daysOf(choice, today);
  if (!isDay(first)) return { ok: false, field: 'from', message: 'Pick the first day' };
  if (!isDay(last)) return { ok: false, field: 'to', message: 'Pick the last day' };
  if (last < first) return { ok: false, field: 'to', message: 'The last day comes before the first' };
  const from = startOfDay(first, timeZone);
  const to = startOfDay(addDays(last, 1), timeZone);
  const span = to.getTime() - from.getTime();
  if (span > PERIOD_MAX_MS)
    return { ok: false, field: 'to', message: `A period is at most ${ANALYTICS_MAX_DAYS} days` };
  return {
    ok: true,
    from: from.toISOString(),
    to: to.toISOString(),
    firstDay: first,
    lastDay: last,
    days: daysBetween(first, last) + 1,
    includesToday: first <= today && today <= last,
    hoursAllowed: span <= HOUR_BUCKET_MAX_MS,
  };
}

/** The bucket a period gets unless the viewer picks one: hours for a single day, days otherwise. */
export function defaultBucket(period: Pick<ResolvedPeriod, 'days'>): Bucket {
  return period.days <= 1 ? 'hour' : 'day';
}

/** The bucket shown: the one picked if the period allows it (hours only up to 62 days), else the default. */
export function bucketFor(period: Pick<ResolvedPeriod, 'days' | 'hoursAllowed'>, picked: Bucket | null): Bucket {
  const b = picked ?? defaultBucket(period);
  return b === 'hour' && !period.hoursAllowed ? 'day' : b;
}

/** Hours between two instants of a period (e.g. 23 for a spring-forward day). */
export function periodHours(p: Pick<ResolvedPeriod, 'from' | 'to'>): number {
  return (Date.parse(p.to) - Date.parse(p.from)) / 3_600_000;
}

/** The query string the analytics routes take: the period, the zone, and more (bucket, metric, format). */
export function apiQuery(
  p: Pick<ResolvedPeriod, 'from' | 'to'>,
  timeZone: string,
  more: Record<string, string> = {},
): string {
  return new URLSearchParams({ from: p.from, to: p.to, tz: timeZone, ...more }).toString();
}

/**
 * How a period reads, in the viewer's locale: "Today", "Last 7 days", "Mar 2 – Mar 8, 2026" (en-US), "2. März – 8. März
 * 2026" (de-DE).
 */
export function periodLabel(
  choice: PeriodChoice,
  period: Pick<ResolvedPeriod, 'firstDay' | 'lastDay'>,
  locale = viewer().locale,
): string {
  if (choice.kind === 'preset')
    return choice.preset === 'today'
      ? 'Today'
      : `Last ${PERIOD_PRESETS.find((p) => p.value === choice.preset)!.days} days`;
  const fmt = (day: string, year: boolean) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return formatDay(Date.UTC(y, m - 1, d), { locale, timeZone: 'UTC' }, { year });
  };
  if (period.firstDay === period.lastDay) return fmt(period.firstDay, true);
  const sameYear = period.firstDay.slice(0, 4) === period.lastDay.slice(0, 4);
  return `${fmt(period.firstDay, !sameYear)} – ${fmt(period.lastDay, true)}`;
}
