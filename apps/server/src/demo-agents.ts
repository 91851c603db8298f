/**
 * Demo mode: simulated human agents ("… (simulated)", sim-…@demo.livespace.local) who work the queues as a person
 * would, through the same use cases as the HTTP API: they go available, claim a waiting escalation of their queues
 * (POST /api/escalations/:id/claim), talk to the caller (POST /api/sessions/:id/say), and complete it with an
 * outcome after a realistic handle time (POST /api/escalations/:id/complete). The claim's checks are a person's: an
 * escalation someone claimed is never taken, and a simulated agent holds one call at a time.
 */
import { randomBytes } from 'node:crypto';
import type { Clock, Escalations, PresenceService, Store, SupervisorActions } from '@livespace/app';
import type { Logger } from 'pino';
import type { UserAccounts } from './auth/user-accounts';
import { compareEscalations } from '@livespace/domain';
import {
  assignClaims,
  greeting,
  handleTimeMs,
  heldStep,
  simulatedRoster,
  type FreeHumanAgent,
  type Held,
} from './demo-agents-plan';

export interface DemoHumanAgentsOptions {
  count: number;
  /** Handle time range, ms. */
  handleMs: readonly [number, number];
  /** An escalation is claimed once it has waited this long. */
  pickupMs: number;
  tickMs?: number;
}

interface Agent {
  id: string;
  name: string;
  freeSince: number;
  held: (Held & { escalationId: string; sessionId: string }) | null;
}

export class DemoHumanAgents {
  private readonly agents = new Map<string, Agent>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly deps: {
      store: Store;
      accounts: UserAccounts;
      presence: PresenceService;
      escalations: Escalations;
      actions: SupervisorActions;
      clock: Clock;
      log: Logger;
      random?: () => number;
      opts: DemoHumanAgentsOptions;
    },
  ) {}

  private get random(): () => number {
    return this.deps.random ?? Math.random;
  }

  /**
   * Creates the simulated agents that are missing (an admin's later changes to them are kept), then starts their work.
   */
  async start(queues: readonly string[]): Promise<void> {
    const { store, accounts, presence, clock, log, opts } = this.deps;
    for (const spec of simulatedRoster(opts.count, queues)) {
      let user = await store.findUserByEmail(spec.email);
      if (!user) {
        // Nobody signs in as a simulated agent: its password is random and never shown.
        const created = await accounts.create({
          ...spec,
          role: 'agent',
          password: randomBytes(24).toString('base64url'),
        });
        if ('refused' in created) continue;
        user = created;
        await presence.announce(user.id);
      }
      if (user.role !== 'agent' || user.disabled) continue;
      this.agents.set(user.id, { id: user.id, name: user.name, freeSince: clock.now().getTime(), held: null });
    }
    // Calls a simulated agent held when the server stopped: completed, so it starts free.
    for (const e of await store.listEscalations(['claimed'], 500)) {
      const who = e.claimedBy && this.agents.get(e.claimedBy.id);
      if (who)
        await this.complete(who, e.id, { resolution: 'follow_up', notes: 'Simulated agent: the server restarted' });
    }
    log.info({ agents: this.agents.size }, 'demo: simulated human agents are working the queues');
    this.timer = setInterval(() => void this.tick(), opts.tickMs ?? 1000);
    this.timer.unref();
  }

  /** The simulated agents' ids: "connected" for the presence sweep, which otherwise takes them offline. */
  userIds(): string[] {
    return [...this.agents.keys()];
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: calls held move on, free agents become available and claim what waits. Rounds never overlap. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.work();
    } catch (err) {
      this.deps.log.warn({ err }, "demo: a simulated agents' round failed; the next one tries again");
    } finally {
      this.ticking = false;
    }
  }

  private async work(): Promise<void> {
    const { store, presence, clock } = this.deps;
    for (const a of this.agents.values()) if (a.held) await this.advance(a);
    // Presence as the store has it: a disabled agent (or one given another role) is left out, queues follow an admin's
    // changes.
    const present = new Map((await store.listPresence()).map((p) => [p.userId, p]));
    const free: FreeHumanAgent[] = [];
    for (const a of this.agents.values()) {
      const p = present.get(a.id);
      if (!p || a.held) continue;
      if (p.status === 'busy') continue; // given a call by a transfer: it shows in the claimed escalations below
      if (p.status !== 'available') await presence.setMine({ id: a.id, role: 'agent' }, 'available');
      free.push({ userId: a.id, queues: p.queues, freeSince: a.freeSince });
    }
    await this.adoptTransfers(present);
    if (free.length === 0) return;
    const waiting = await store.listEscalations(['waiting'], 200);
    waiting.sort(compareEscalations);
    for (const c of assignClaims(waiting, free, clock.now().getTime(), this.deps.opts.pickupMs)) {
      const agent = this.agents.get(c.userId)!;
      await this.claim(agent, present.get(c.userId)!.queues, c.escalationId);
    }
  }

  private async claim(a: Agent, queues: readonly string[], escalationId: string): Promise<void> {
    const r = await this.deps.escalations.claim(escalationId, { id: a.id, name: a.name, role: 'agent', queues });
    // Someone else (a person, or another process's simulated agent) claimed it first, or the caller left: no matter.
    if (!r.ok) return;
    const now = this.deps.clock.now().getTime();
    a.held = {
      escalationId,
      sessionId: r.escalation.sessionId,
      claimedAt: now,
      doneAt: now + handleTimeMs(this.deps.opts.handleMs, this.random()),
      lastSaidAt: now,
      saidGoodbye: false,
    };
    this.deps.log.debug(
      { escalationId, userId: a.id, queue: r.escalation.queue },
      'demo: a simulated agent claimed an escalation',
    );
    await this.say(a, greeting(a.name));
  }

  /** A call transferred straight to a simulated agent (a person sent it there): worked like one it claimed. */
  private async adoptTransfers(present: Map<string, { status: string }>): Promise<void> {
    const busyFree = [...this.agents.values()].filter((a) => !a.held && present.get(a.id)?.status === 'busy');
    if (busyFree.length === 0) return;
    const claimed = await this.deps.store.listEscalations(['claimed'], 500);
    const now = this.deps.clock.now().getTime();
    for (const a of busyFree) {
      const e = claimed.find((x) => x.claimedBy?.id === a.id);
      if (!e) {
        await this.deps.presence.completed(a.id); // busy with nothing: free again
        continue;
      }
      a.held = {
        escalationId: e.id,
        sessionId: e.sessionId,
        claimedAt: now,
        doneAt: now + handleTimeMs(this.deps.opts.handleMs, this.random()),
        lastSaidAt: 0,
        saidGoodbye: false,
      };
    }
  }

  private async advance(a: Agent): Promise<void> {
    const held = a.held!;
    const now = this.deps.clock.now().getTime();
    const session = await this.deps.store.getSession(held.sessionId);
    const escalation = session?.escalation;
    if (escalation && (escalation.id !== held.escalationId || escalation.status !== 'claimed')) {
      // A supervisor moved the call on (transferred or completed it): the agent is free, as the use case made its
      // presence.
      a.held = null;
      a.freeSince = now;
      return;
    }
    const step = heldStep(held, now, !session || session.state === 'ended', this.random());
    if (step.type === 'wait') return;
    if (step.type === 'say') {
      held.lastSaidAt = now;
      if (step.goodbye) held.saidGoodbye = true;
      await this.say(a, step.text);
      return;
    }
    await this.complete(a, held.escalationId, { resolution: step.resolution, notes: step.notes });
  }

  private async say(a: Agent, text: string): Promise<void> {
    // Refused when the call has just ended or was taken from the agent (a supervisor transferred it): the next round
    // sees it.
    await this.deps.actions.perform(
      a.held?.sessionId ?? '',
      { id: a.id, name: a.name, role: 'agent' },
      { action: 'say', text },
    );
  }

  private async complete(
    a: Agent,
    escalationId: string,
    body: { resolution: 'resolved' | 'unresolved' | 'follow_up'; notes: string },
  ): Promise<void> {
    const r = await this.deps.escalations.complete(
      escalationId,
      { id: a.id, name: a.name, role: 'agent' },
      { ...body, returnToAi: false },
    );
    // Not ok: it is no longer the agent's (transferred, or completed by a supervisor); the agent is free either way.
    if (r.ok)
      this.deps.log.debug(
        { escalationId, userId: a.id, resolution: body.resolution },
        'demo: a simulated agent completed an escalation',
      );
    a.held = null;
    a.freeSince = this.deps.clock.now().getTime();
  }
}
