/**
 * Use case: human agents' presence. Agents choose available / away / offline; claims make them busy; a browser gone
 * for a minute, or signing out, makes them offline; coming back (a browser connected again) restores what they last
 * chose, so an agent keeps their status across sign-ins.
 */
import { may, type HumanAgentPresence, type PresenceChoice, type Role } from '@livespace/protocol';
import { presenceTransition, type PresenceEvent } from '@livespace/domain';
import { channel, publish, type Bus, type Clock, type Store } from '../ports/index';
import type { Refusal } from '../refusal';

/** Bus channel carrying each changed HumanAgentPresence to every process's gateway. */
export const PRESENCE_CHANNEL = channel<HumanAgentPresence>('presence');

export type PresenceOutcome = { ok: true; presence: HumanAgentPresence } | Refusal;

export class PresenceService {
  constructor(private readonly deps: { store: Store; bus: Bus; clock: Clock; goneAfterMs: number }) {}

  list(): Promise<HumanAgentPresence[]> {
    return this.deps.store.listPresence();
  }

  /** The agent's own choice; refused while busy (complete the call first). */
  async setMine(user: { id: string; role: Role }, status: PresenceChoice): Promise<PresenceOutcome> {
    if (!may(user.role, 'presence.set'))
      return { ok: false, kind: 'forbidden', code: 'forbidden', message: 'Only human agents have a presence' };
    const r = await this.apply(user.id, { type: 'set', status }, true);
    return (
      r ?? {
        ok: false,
        kind: 'conflict',
        code: 'busy',
        message: 'Cannot change your status while busy: complete the claimed call first',
      }
    );
  }

  /** A new user: when it is a human agent, everyone's screens learn of it (offline until it says otherwise). */
  async announce(userId: string): Promise<void> {
    const p = await this.deps.store.getPresence(userId);
    if (p) await publish(this.deps.bus, PRESENCE_CHANNEL, p);
  }

  /**
   * The agent claimed a call. `known`: their presence as the claim just read it (a claim is allowed from every status,
   * so the table's answer cannot depend on a newer one): spares the hand-over a round trip to the store.
   */
  async claimed(userId: string, known?: HumanAgentPresence | null): Promise<void> {
    await this.apply(userId, { type: 'claim' }, false, known);
  }

  /** The agent completed its call. */
  async completed(userId: string): Promise<void> {
    await this.apply(userId, { type: 'complete' });
  }

  /** These users' browsers are connected: agents shown offline come back to the status they last chose. */
  async returned(userIds: readonly string[]): Promise<void> {
    for (const r of await this.deps.store.returningHumanAgents(userIds))
      await this.apply(r.userId, { type: 'return', chosen: r.chosen });
  }

  /**
   * The agent signed out: offline now rather than a minute later (they come back to their choice when they sign in).
   */
  async signedOut(userId: string): Promise<void> {
    await this.apply(userId, { type: 'gone' }); // not a human agent: apply refuses, nothing changes
  }

  /** An admin disabled the agent: offline, so enabling them again does not show them available with no one there. */
  async disabled(userId: string): Promise<void> {
    await this.apply(userId, { type: 'disable' }); // not a human agent: apply refuses, nothing changes
  }

  /**
   * Marks the connected agents as seen, brings back those shown offline (signed out in one tab, still open in
   * another), and takes the others, once gone long enough, offline.
   */
  async sweep(connectedUserIds: readonly string[]): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.store.touchPresence(connectedUserIds, now);
    await this.returned(connectedUserIds);
    const connected = new Set(connectedUserIds);
    const gone = await this.deps.store.goneHumanAgents(new Date(now.getTime() - this.deps.goneAfterMs));
    for (const id of gone) if (!connected.has(id)) await this.apply(id, { type: 'gone' });
  }

  /**
   * Applies the presence table to the agent's current status (`known`, or read from the store); null when the table
   * refuses. `chosen`: the agent's own choice.
   */
  private async apply(
    userId: string,
    event: PresenceEvent,
    chosen = false,
    known?: HumanAgentPresence | null,
  ): Promise<PresenceOutcome | null> {
    const current = known ?? (await this.deps.store.getPresence(userId));
    if (!current)
      return { ok: false, kind: 'forbidden', code: 'forbidden', message: 'Only human agents have a presence' };
    const t = presenceTransition(current.status, event);
    if (!t.ok) return null;
    const now = this.deps.clock.now();
    if (t.status === current.status) {
      if (chosen) await this.deps.store.setPresence(userId, t.status, now, { chosen });
      return { ok: true, presence: current };
    }
    await this.deps.store.setPresence(userId, t.status, now, { chosen });
    const presence: HumanAgentPresence = { ...current, status: t.status, since: now.toISOString() };
    await publish(this.deps.bus, PRESENCE_CHANNEL, presence);
    return { ok: true, presence };
  }
}
