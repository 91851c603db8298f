/**
 * The dialer's pace: calls start at least 60 s / callsPerMinute apart (a carrier's calls-per-second limit
 * is a strict spacing too). A cursor marks when the next call may start; each start moves it one interval
 * on from the start it allowed. A start late by timer jitter (up to `slack`) keeps the schedule; a longer
 * wait (paused, blocked by concurrency, nothing due) earns no credit: no burst follows it. The dialer
 * wakes at the cursor, so the achieved pace is the configured one less that jitter.
 */

/** Lateness forgiven per start: at most 25 ms, and a quarter of the interval for very fast paces. */
export function paceSlackMs(intervalMs: number): number {
  return Math.min(25, intervalMs / 4);
}

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
  /** Calls that may start now: 0 or 1. */
  allowed: number;
  /** The cursor after `started` (0 or 1) calls started now: when the next may. */
  advance(started: number): number;
}

export function dialBudget(p: PaceInput): PaceBudget {
  const interval = 60_000 / p.callsPerMinute;
  // Late by jitter: keep the schedule. Later than that (idle, blocked): start the schedule again from now.
  const cursor = p.cursor === null || p.cursor < p.now - paceSlackMs(interval) ? p.now : p.cursor;
  const free = p.maxConcurrent - p.active;
  return {
    allowed: free > 0 && cursor <= p.now ? 1 : 0,
    advance: (started) => (started > 0 ? cursor + interval : cursor),
  };
}
