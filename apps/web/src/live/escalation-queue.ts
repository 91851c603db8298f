/**
 * The escalation queue as the web app sees it, pure: which escalations a user works (their queues;
 * supervisors all), in the server's order, which calls they hold, and their own presence.
 */
import type { PublicUser } from '@livespace/protocol/http';
import type { HumanAgentPresence, Escalation } from '@livespace/protocol/escalation';
import { may } from '@livespace/protocol/policy';
import type { Actor, SessionState } from '@livespace/protocol/session';
import { PRIORITY_RANK } from '../format';

/** Urgent → low, then the longest wait first (as `GET /api/escalations` orders them). */
export function compareEscalations(a: Escalation, b: Escalation): number {
  return (
    PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] ||
    Date.parse(a.waitingSince) - Date.parse(b.waitingSince) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Supervisors and admins work every queue; a human agent only its own (`escalation.claim`: it holds its queues). */
export function worksQueue(user: PublicUser | null, queue: string): boolean {
  if (!user) return false;
  return may(user.role, 'escalation.claim', { holds: (user.queues ?? []).includes(queue) });
}

/** The waiting escalations `user` may claim, most pressing first. */
export function waitingFor(items: readonly Escalation[], user: PublicUser | null): Escalation[] {
  return items.filter((e) => e.status === 'waiting' && worksQueue(user, e.queue)).sort(compareEscalations);
}

/** The escalations `user` holds (claimed by them), the oldest claim first. */
export function heldBy(items: readonly Escalation[], user: PublicUser | null): Escalation[] {
  if (!user) return [];
  return items
    .filter((e) => e.status === 'claimed' && e.claimedBy?.id === user.id)
    .sort((a, b) => Date.parse(a.claimedAt ?? a.waitingSince) - Date.parse(b.claimedAt ?? b.waitingSince));
}

/**
 * Whether `me` holds the live call now (took it over, or claimed its escalation): then Say and Talk reach the caller.
 */
export function holdsCall(
  state: SessionState,
  takenOverBy: Actor | null | undefined,
  me: Pick<PublicUser, 'id'> | null,
): boolean {
  return !!me && (state === 'human_active' || state === 'claimed') && takenOverBy?.id === me.id;
}

/** The agent's own presence, or null (supervisors have none; before the snapshot). */
export function presenceOf(items: readonly HumanAgentPresence[], user: PublicUser | null): HumanAgentPresence | null {
  return (user && items.find((p) => p.userId === user.id)) ?? null;
}
