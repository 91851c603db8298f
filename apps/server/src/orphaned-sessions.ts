/** Sessions whose owning process died: they are over, and their transcripts say so. */
import type { Clock, EventLog, Store } from '@livespace/app';
import type { SessionSummary } from '@livespace/protocol';

/** Appends `session.ended` to each session through the event log, so live clients see them leave; answers their ids. */
async function endSessions(
  eventLog: EventLog,
  sessions: readonly SessionSummary[],
  clock: Clock,
  reason: string,
): Promise<string[]> {
  const at = clock.now().toISOString();
  for (const s of sessions) {
    const seq = s.seq + 1;
    // Two processes may end the same orphan at once: the store's unique (session, seq) lets one win, the log skips the
    // other.
    eventLog.append({
      sessionId: s.id,
      event: { type: 'session.ended', seq, at, reason },
      summary: { ...s, state: 'ended', endedAt: at, endReason: reason, seq },
    });
  }
  await eventLog.flushed();
  return sessions.map((s) => s.id);
}

/**
 * Ends what dead processes left open (a process silent for `staleMs` is taken for dead). Alone on the in-memory bus,
 * every live session in the store belonged to an earlier run of this process; with a shared bus, only those of silent
 * processes.
 */
export async function endOrphanedSessions(
  store: Store,
  eventLog: EventLog,
  clock: Clock,
  singleProcess: boolean,
  staleMs: number,
): Promise<string[]> {
  const orphans = singleProcess
    ? await store.listSessions({ live: true })
    : await store.orphanedSessions(new Date(clock.now().getTime() - staleMs));
  return endSessions(eventLog, orphans, clock, singleProcess ? 'server_restart' : 'server_lost');
}
