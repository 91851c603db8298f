/**
 * Who may read one session — its transcript, its live topic, its export and its recording. Admins and supervisors
 * read every session. A human agent reads every live session (Live Calls and Messages show the whole floor, so they
 * can see who needs a person) and, once it ended, only the sessions they held (took over, or claimed the escalation
 * of): a past conversation is not theirs to read unless they were part of it.
 */
import { may } from '@livespace/protocol';
import type { Store, UserRecord } from '../ports/index';

/**
 * `sessions.read`: by role (admins and supervisors), else as a holder — the store knows whether it is live or they
 * handled it.
 */
export async function mayReadSession(
  store: Pick<Store, 'agentMayRead'>,
  user: Pick<UserRecord, 'id' | 'role'>,
  sessionId: string,
): Promise<boolean> {
  if (may(user.role, 'sessions.read')) return true;
  return may(user.role, 'sessions.read', { holds: await store.agentMayRead(sessionId, user) });
}
