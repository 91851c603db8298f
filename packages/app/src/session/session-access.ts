/**
 * Who may read one session — its transcript, its live topic, its export and its recording. Admins and supervisors
 * read every session. A human agent reads the sessions they held (took over, or claimed the escalation of, now or
 * before) and those waiting for a person in one of their queues (what they may claim: the queue card shows its
 * transcript). Anyone else's conversation is not theirs to read.
 */
import type { Store, UserRecord } from '../ports/index';

export async function mayReadSession(store: Pick<Store, 'agentMayRead'>, user: Pick<UserRecord, 'id' | 'role' | 'queues'>, sessionId: string): Promise<boolean> {
  if (user.role !== 'agent') return true;
  return store.agentMayRead(sessionId, user);
}
