/** Calling windows in the callee's own time zone: whether now is inside, and when it next opens. */
import type { CallingWindow } from '@livespace/protocol';
import { timeZoneOffsetMinutes } from './intent.matcher';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight in `timeZone` at `at`. */
function localMinutes(at: Date, timeZone: string): number {
  const local = new Date(at.getTime() + timeZoneOffsetMinutes(timeZone, at) * 60_000);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

export function inCallingWindow(at: Date, timeZone: string, w: CallingWindow): boolean {
  const m = localMinutes(at, timeZone);
  return m >= minutesOf(w.start) && m < minutesOf(w.end);
}

/** The next time the window opens in `timeZone` after `at` (today's opening if still ahead, else tomorrow's), DST included. */
export function nextWindowOpen(at: Date, timeZone: string, w: CallingWindow): Date {
  const offset = timeZoneOffsetMinutes(timeZone, at);
  const local = new Date(at.getTime() + offset * 60_000);
  const start = minutesOf(w.start);
  const dayShift = local.getUTCHours() * 60 + local.getUTCMinutes() < start ? 0 : 1;
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + dayShift, Math.floor(start / 60), start % 60);
  // The offset at the opening may differ from now's (a DST change in between): correct with the offset there.
  let utc = wall - offset * 60_000;
  const then = timeZoneOffsetMinutes(timeZone, new Date(utc));
  if (then !== offset) utc = wall - then * 60_000;
  return new Date(utc);
}
