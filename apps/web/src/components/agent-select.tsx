/** The AI agent picker of the Dial Now, New callback and New campaign forms. */
import type { AgentOption } from '../live/use-agents';

export function AgentSelect({
  id,
  testId,
  value,
  agents,
  onChange,
}: {
  id?: string;
  testId: string;
  value: string;
  agents: readonly AgentOption[];
  onChange(agentId: string): void;
}) {
  return (
    <select
      id={id}
      data-testid={testId}
      value={value}
      disabled={agents.length === 0}
      onChange={(e) => onChange(e.target.value)}
    >
      {agents.length === 0 && <option value="">Loading agents…</option>}
      {agents.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </select>
  );
}
