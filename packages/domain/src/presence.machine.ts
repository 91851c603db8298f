/** A human agent's presence as a transition table: what the agent chooses, and what claiming and completing do. */
import type { Presence } from '@livespace/protocol';

export type PresenceEvent =
  /** The agent sets available / away / offline. */
  | { type: 'set'; status: 'available' | 'away' | 'offline' }
  /** The agent claimed an escalation. */
  | { type: 'claim' }
  /** The agent completed its escalation. */
  | { type: 'complete' }
  /** The agent's browser has been gone for the grace period, or the agent signed out. */
  | { type: 'gone' }
  /** The agent is back (signed in again, browser connected): `chosen` is the status they last set themselves. */
  | { type: 'return'; chosen: 'available' | 'away' | 'offline' }
  /** An admin disabled the account: offline from anything, a call held included (a supervisor completes it). */
  | { type: 'disable' };

export type PresenceResult = { ok: true; status: Presence } | { ok: false; message: string };

type Row = Partial<Record<PresenceEvent['type'], (e: PresenceEvent) => Presence>>;
const chosen = (e: PresenceEvent) => (e as Extract<PresenceEvent, { type: 'set' }>).status;
const lastChosen = (e: PresenceEvent) => (e as Extract<PresenceEvent, { type: 'return' }>).chosen;

/** state → event → next state; a missing cell is refused. */
const PRESENCE_TABLE: Readonly<Record<Presence, Row>> = {
  available: {
    set: chosen,
    claim: () => 'busy',
    gone: () => 'offline',
    return: () => 'available',
    disable: () => 'offline',
  },
  away: { set: chosen, claim: () => 'busy', gone: () => 'offline', return: () => 'away', disable: () => 'offline' },
  // Back after being gone or signing out: the status they last chose, so an agent who left available comes back
  // available.
  offline: { set: chosen, claim: () => 'busy', return: lastChosen, disable: () => 'offline' },
  // Busy ends by completing: a person on a call does not drift to away, and keeps the call when the page reloads.
  busy: { complete: () => 'available', claim: () => 'busy', return: () => 'busy', disable: () => 'offline' },
};

export function presenceTransition(status: Presence, event: PresenceEvent): PresenceResult {
  const cell = PRESENCE_TABLE[status][event.type];
  if (!cell) {
    const what = event.type === 'set' ? `set ${event.status}` : event.type;
    return {
      ok: false,
      message: `Cannot ${what} while ${status}${status === 'busy' ? ': complete the claimed call first' : ''}`,
    };
  }
  return { ok: true, status: cell(event) };
}
