/**
 * AI agents' names: the list from the API (pickers, names by id), and for the agent filter completed by those with live
 * sessions.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Agent } from '@livespace/protocol/flow';
import { api } from '../api';

export interface AgentOption {
  id: string;
  name: string;
}

/** Every AI agent, by name; empty until `GET /api/agents` answers (and when it fails). */
export function useAgents(): AgentOption[] {
  const [agents, setAgents] = useState<AgentOption[]>([]);

  useEffect(() => {
    let active = true;
    api<{ items: Agent[] }>('/api/agents')
      .then((r) => {
        if (active)
          setAgents(r.items.map((a) => ({ id: a.id, name: a.name })).sort((a, b) => a.name.localeCompare(b.name)));
      })
      .catch(() => undefined); // pickers stay empty; the agent filter still lists agents seen on live rows
    return () => {
      active = false;
    };
  }, []);

  return agents;
}

/**
 * Every AI agent from the API, and any other one that has live sessions (`live`: the counts of the `sessions` topic).
 */
export function useAgentOptions(live: readonly AgentOption[]): AgentOption[] {
  const agents = useAgents();
  const seenKey = live.map((a) => `${a.id}\u0000${a.name}`).join('\u0001');
  return useMemo(() => {
    const byId = new Map<string, string>();
    for (const a of agents) byId.set(a.id, a.name);
    for (const a of live) if (!byId.has(a.id)) byId.set(a.id, a.name);
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [agents, seenKey]);
}
