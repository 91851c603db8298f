/** AI agents' names: the list from the API (pickers, names by id), and for the agent filter completed by names seen on live rows. */
import { useEffect, useMemo, useState } from 'react';
import type { Agent } from '@livespace/protocol/flow';
import type { SessionSummary } from '@livespace/protocol/session';
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
        if (active) setAgents(r.items.map((a) => ({ id: a.id, name: a.name })).sort((a, b) => a.name.localeCompare(b.name)));
      })
      .catch(() => undefined); // pickers stay empty; the agent filter still lists agents seen on live rows
    return () => {
      active = false;
    };
  }, []);

  return agents;
}

export function useAgentOptions(rows: readonly { summary: SessionSummary }[]): AgentOption[] {
  const agents = useAgents();
  const seenKey = rows.map((r) => `${r.summary.agentId}\u0000${r.summary.agentName}`).join('\u0001');
  return useMemo(() => {
    const byId = new Map<string, string>();
    for (const a of agents) byId.set(a.id, a.name);
    for (const r of rows) if (!byId.has(r.summary.agentId)) byId.set(r.summary.agentId, r.summary.agentName);
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [agents, seenKey]);
}
