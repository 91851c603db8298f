/**
 * Calling windows in the callee's own time zone: whether now is inside, and when it next opens.
 *
 * A day's window is the span of instants from its opening to its closing, each a wall time turned into
 * an instant by `zonedInstant` (zoned-time.ts): an opening inside a spring-forward gap (02:30 in New York
 * on 2026-03-08) opens at the first instant that exists after it (03:00 EDT = 07:00Z); an opening inside
 * a fall-back overlap (01:30 in New York on 2026-11-01) opens at its first occurrence (01:30 EDT = 05:30Z),
 * and the window then stays open through the repeated hour. Closing times follow the same rules.
 */
import type { CallingWindow } from '@livespace/protocol';
import { addWallDays, wallTimeAt, zonedInstant, type WallTime } from './zoned-time';

const hhmm = (s: string) => ({ hour: Number(s.slice(0, 2)), minute: Number(s.slice(3, 5)) });

/** The instant `time` (HH:MM) of the local date `day` in `timeZone`. */
function onDay(day: WallTime, time: string, timeZone: string): Date {
  return zonedInstant(timeZone, { year: day.year, month: day.month, day: day.day, ...hhmm(time), second: 0 });
}

export function inCallingWindow(at: Date, timeZone: string, w: CallingWindow): boolean {
  const today = wallTimeAt(at, timeZone);
  const t = at.getTime();
  return t >= onDay(today, w.start, timeZone).getTime() && t < onDay(today, w.end, timeZone).getTime();
}

/**
 * The next time the window opens in `timeZone` after `at` (today's opening if still ahead, else tomorrow's), DST
 * included.
 */
export function nextWindowOpen(at: Date, timeZone: string, w: CallingWindow): Date {
  const today = wallTimeAt(at, timeZone);
  const open = onDay(today, w.start, timeZone);
  return open.getTime() > at.getTime() ? open : onDay(addWallDays(today, 1), w.start, timeZone);
}
