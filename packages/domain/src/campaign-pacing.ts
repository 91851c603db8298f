/**
 * The dialer's pace. A cursor marks when the next call may start; each start moves it one interval
 * (60 s / callsPerMinute) on, so the average pace is exact even when a round runs late: a late round
 * starts the calls it missed (up to `CATCH_UP_MS` of them). Credit never piles up while the dialer does
 * not use it: a round that starts fewer calls than the pace allows (concurrency full, nothing due, paused)
 * leaves the cursor at now, so no burst follows a wait. The dialer wakes at the cursor.
 */

/** Most lateness made up at once (a server stalled or restarted may owe at most this much). */
const CATCH_UP_MS = 1000;

export interface PaceInput {
  /** When the next call may start (ms since epoch), as stored; null before the first call. */
  cursor: number | null;
  now: number;
  callsPerMinute: number;
  maxConcurrent: number;
  /** Calls of the campaign in progress now. */
  active: number;
}

export interface PaceBudget {
  /** Calls that may start now. */
  allowed: number;
  /** The cursor once `started` calls started now. */
  advance(started: number): number;
}

export function dialBudget(p: PaceInput): PaceBudget {
  const interval = 60_000 / p.callsPerMinute;
  const cursor = p.cursor === null ? p.now : Math.max(p.cursor, p.now - CATCH_UP_MS);
  const byPace = cursor > p.now ? 0 : Math.floor((p.now - cursor) / interval) + 1;
  const allowed = Math.min(byPace, Math.max(0, p.maxConcurrent - p.active));
  return {
    allowed,
    // Starting all the pace allowed keeps the schedule; starting fewer forfeits the rest (no credit for later).
    advance: (started) =>
      started >= byPace ? cursor + started * interval : Math.max(p.now, cursor + started * interval),
  };
}
