/** Sessions a previous run left open: they are over, and their transcripts say so. */
import type { Clock, Store } from '@livespace/app';

export async function endOrphanedSessions(store: Store, clock: Clock, reason: string): Promise<number> {
  const live = await store.listSessions({ live: true });
  if (live.length === 0) return 0;
  const at = clock.now().toISOString();
  await store.appendEvents(live.map((s) => {
    const seq = s.seq + 1;
    return { sessionId: s.id, event: { type: 'session.ended' as const, seq, at, reason }, summary: { ...s, state: 'ended' as const, endedAt: at, endReason: reason, seq } };
  }));
  return live.length;
}
