/**
 * Wall-clock time in an IANA time zone, on top of `@date-fns/tz` (the time-zone database lookups are
 * the library's; this module only decides what a wall time that does not exist, or exists twice, means).
 *
 * Decisions, shared by calling windows, callbacks booked in the caller's zone and the queues' day start:
 * - A wall time inside a spring-forward gap (02:30 on 2026-03-08 in New York never happens) means the
 *   first instant that exists after it: the moment of the change (03:00 EDT = 07:00Z).
 * - A wall time inside a fall-back overlap (01:30 on 2026-11-01 in New York happens twice) means its
 *   first occurrence (01:30 EDT = 05:30Z, not 01:30 EST = 06:30Z).
 * - An unknown zone counts as UTC (zones are validated at the edge).
 */
import { TZDate, tzOffset } from '@date-fns/tz';

/** A wall-clock reading; `month` is 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The zone itself, or UTC when the runtime does not know it. */
function knownZone(timeZone: string): string {
  return Number.isNaN(tzOffset(timeZone, new Date(0))) ? 'UTC' : timeZone;
}

/** Minutes east of UTC of `timeZone` at `at`; an unknown zone counts as UTC. */
export function timeZoneOffsetMinutes(timeZone: string, at: Date): number {
  const minutes = tzOffset(timeZone, at);
  return Number.isNaN(minutes) ? 0 : minutes;
}

/** What the clock on the wall in `timeZone` reads at `at`. */
export function wallTimeAt(at: Date, timeZone: string): WallTime {
  const d = new TZDate(at.getTime(), knownZone(timeZone));
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
  };
}

/**
 * The instant the clock in `timeZone` reads `wall`. Out-of-range fields roll over like `Date.UTC`
 * (day 32 is the 1st of the next month). Gap: the first instant after it; overlap: the first occurrence.
 */
export function zonedInstant(timeZone: string, wall: WallTime): Date {
  const zone = knownZone(timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const offsetAt = (t: number) => tzOffset(zone, new Date(t));
  // Offsets in force a day either side: a zone changes its offset at most once within that span.
  const before = offsetAt(asUtc - DAY);
  const after = offsetAt(asUtc + DAY);
  const candidates = [...new Set([before, after])]
    .map((offset) => ({ offset, t: asUtc - offset * MINUTE }))
    .filter(({ offset, t }) => offsetAt(t) === offset)
    .map(({ t }) => t)
    .sort((a, b) => a - b);
  // One candidate: an ordinary time. Two: the overlap, keep the first occurrence.
  if (candidates.length > 0) return new Date(candidates[0]!);
  // None: the wall time falls in a gap. The change happens in (asUtc − after, asUtc − before];
  // find it to the minute (every offset change since 1970 falls on a whole minute).
  let lo = Math.floor((asUtc - after * MINUTE) / MINUTE) * MINUTE;
  let hi = Math.ceil((asUtc - before * MINUTE) / MINUTE) * MINUTE;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/** Adds `days` calendar days to a wall date (the time of day is kept). */
export function addWallDays(wall: WallTime, days: number): WallTime {
  const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
