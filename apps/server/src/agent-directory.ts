/** The AI agents, cached in memory so a ringing call picks its agent without waiting on the database. */
import type { Agent } from '@livespace/protocol';
import type { Store } from '@livespace/app';

/** The queues the agents' flows hand off to (human_handoff and llm nodes). */
export function flowQueues(agents: readonly Agent[]): string[] {
  const queues = new Set<string>();
  for (const a of agents) for (const n of Object.values(a.flow.nodes)) if (n.type === 'human_handoff' || n.type === 'llm') queues.add(n.queue);
  return [...queues];
}

export class AgentDirectory {
  private agents: Agent[] = [];

  constructor(private readonly store: Store, private readonly defaultAgent?: string) {}

  async reload(): Promise<void> {
    this.agents = await this.store.listAgents();
  }

  get(id: string): Agent | undefined {
    return this.agents.find((a) => a.id === id);
  }

  all(): readonly Agent[] { return this.agents; }

  /** LIVESPACE_DEFAULT_AGENT (an id or a name), else the first agent. */
  fallback(): Agent | undefined {
    const d = this.defaultAgent;
    return (d && this.agents.find((a) => a.id === d || a.name.toLowerCase() === d.toLowerCase())) || this.agents[0];
  }
}
