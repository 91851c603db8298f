/** The AI agents, cached in memory so a ringing call picks its agent without waiting on the database. */
import type { Agent } from '@livespace/protocol';
import { channel, publish, subscribe, type Bus, type Store } from '@livespace/app';

/** The queues the agents' flows hand off to (human_handoff and llm nodes). */
export function flowQueues(agents: readonly Agent[]): string[] {
  const queues = new Set<string>();
  for (const a of agents)
    for (const n of Object.values(a.flow.nodes))
      if (n.type === 'human_handoff' || n.type === 'llm') queues.add(n.queue);
  return [...queues];
}

/** Bus channel saying the agents changed: every process reloads them from the store. */
const AGENTS_CHANNEL = channel<{ at: number }>('agents');

/** Even without a word on the bus (one missed in an outage), the store is read again this often. */
const RELOAD_EVERY_MS = 30_000;

export class AgentDirectory {
  private agents: Agent[] = [];
  private unsubscribe: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly defaultAgent?: string,
  ) {}

  /** Loads the agents, then keeps them current: on every process's word of a change, and every 30 s from the store. */
  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = await subscribe(this.bus, AGENTS_CHANNEL, () => void this.reload().catch(() => {}));
    this.timer = setInterval(() => void this.reload().catch(() => {}), RELOAD_EVERY_MS);
    this.timer.unref();
  }

  async reload(): Promise<void> {
    this.agents = await this.store.listAgents();
  }

  /** After a change on this process: reloads here, and tells the others (a bus outage: they catch up within 30 s). */
  async changed(): Promise<void> {
    await this.reload();
    await publish(this.bus, AGENTS_CHANNEL, { at: Date.now() }).catch(() => {});
  }

  get(id: string): Agent | undefined {
    return this.agents.find((a) => a.id === id);
  }

  all(): readonly Agent[] {
    return this.agents;
  }

  /** LIVESPACE_DEFAULT_AGENT (an id or a name), else the first agent. */
  fallback(): Agent | undefined {
    const d = this.defaultAgent;
    return (d && this.agents.find((a) => a.id === d || a.name.toLowerCase() === d.toLowerCase())) || this.agents[0];
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.unsubscribe?.();
  }
}
