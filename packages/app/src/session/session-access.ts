/**
 * Who may read one session — its transcript, its live topic, its export and its recording. Admins and supervisors
 * read every session. A human agent reads every live session (Live Calls and Messages show the whole floor, so they
 * can see who needs a person) and, once it ended, only the sessions they held (took over, or claimed the escalation
 * of): a past conversation is not theirs to read unless they were part of it.
 */
import type { Role } from '@livespace/protocol';
import type { Store, UserRecord } from '../ports/index';

/** Admins and supervisors watch over every session and may act on one a human agent holds; human agents may not. */
export const supervises = (role: Role): boolean => role === 'admin' || role === 'supervisor';

export async function mayReadSession(store: Pick<Store, 'agentMayRead'>, user: Pick<UserRecord, 'id' | 'role'>, sessionId: string): Promise<boolean> {
  if (supervises(user.role)) return true;
  return store.agentMayRead(sessionId, user);
}
