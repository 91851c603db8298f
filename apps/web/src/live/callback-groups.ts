/**
 * The Scheduled Calls list in its three groups: upcoming soonest first, then the ones that need a person, then the
 * recent finished ones. Pure.
 */
import type { Callback, CallbackStatus } from '@livespace/protocol/outbound';

export interface CallbackGroups {
  /** Scheduled or dialing now: the soonest first (dialing ones lead, their time has come). */
  upcoming: Callback[];
  /** Missed or failed: a person should call now, reschedule or cancel them. Latest change first. */
  attention: Callback[];
  /** Completed or canceled: latest change first. */
  recent: Callback[];
}

const GROUP: Record<CallbackStatus, keyof CallbackGroups> = {
  dialing: 'upcoming',
  scheduled: 'upcoming',
  missed: 'attention',
  failed: 'attention',
  completed: 'recent',
  canceled: 'recent',
};

/** Statuses a person may still change (call now, reschedule, cancel); the server answers 409 for the others. */
export const CHANGEABLE: ReadonlySet<CallbackStatus> = new Set<CallbackStatus>(['scheduled', 'missed', 'failed']);

export function groupCallbacks(items: readonly Callback[]): CallbackGroups {
  const g: CallbackGroups = { upcoming: [], attention: [], recent: [] };
  for (const c of items) g[GROUP[c.status] ?? 'recent'].push(c);
  g.upcoming.sort(
    (a, b) =>
      Number(b.status === 'dialing') - Number(a.status === 'dialing') ||
      Date.parse(a.at) - Date.parse(b.at) ||
      a.id.localeCompare(b.id),
  );
  const latestFirst = (a: Callback, b: Callback) =>
    Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.id.localeCompare(b.id);
  g.attention.sort(latestFirst);
  g.recent.sort(latestFirst);
  return g;
}
