/**
 * Background threads (a contacts CSV read, password hashing) run at a lower CPU priority than the threads that serve
 * calls. On Linux a thread's nice value is its own, so a worker thread lowers only itself. At 10 the kernel gives a
 * thread at 0 (the main loop, the media clock, a barge's synthesis) about nine times a background thread's share of a
 * busy core. bench:mixed measured a 50,000-row import and 60 sign-ins as the tail of a barge's first frame (p99
 * 140 ms with either, 260 ms with both).
 */
import { setPriority } from 'node:os';

const BACKGROUND_NICENESS = 10;

/** Lowers the calling thread's CPU priority; where the system refuses, the thread goes on as it was. */
export function runInBackground(): void {
  try {
    setPriority(BACKGROUND_NICENESS);
  } catch {
    // Some systems keep one priority per process or refuse the change: background work then competes as before.
  }
}
