/**
 * The dialer's pace: a cursor marks when the next call may start; each call moves it one interval
 * (60 s / callsPerMinute) on. A late tick may catch up on at most `CATCH_UP_MS` of missed starts, so the
 * pace holds over time without a burst after a pause. Concurrency caps the count too.
 */

/** Starts missed by a late tick that may still be made up (bounded burst). */
export const CATCH_UP_MS = 1000;

export interface PaceInput {
  /** When the next call may start (ms since epoch), as stored; null before the first call. */
  cursor: number | null;
  now: number;
  callsPerMinute: number;
  maxConcurrent: number;
  /** Calls of the campaign in progress now. */
  active: number;
}

/** How many calls may start now, and the cursor once `started` of them did (`advance`). */
export function dialBudget(p: PaceInput): { allowed: number; advance(started: number): number } {
  const interval = 60_000 / p.callsPerMinute;
  const floor = p.now - Math.max(interval, CATCH_UP_MS);
  const cursor = p.cursor === null ? p.now : Math.max(p.cursor, floor);
  const free = Math.max(0, p.maxConcurrent - p.active);
  const byPace = cursor > p.now ? 0 : Math.floor((p.now - cursor) / interval) + 1;
  return {
    allowed: Math.min(free, byPace),
    advance: (started) => cursor + started * interval,
  };
}
