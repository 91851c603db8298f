/** Channel, agent and state filters (select elements; the URL keeps their values). */
import type { Channel, SessionState } from '@livespace/protocol/session';
import { CHANNELS } from '@livespace/protocol/session';
import { CHANNEL_LABEL, LIVE_STATES, STATE_LABEL } from '../format';
import { isFiltered, NO_FILTERS, type Filters } from '../live/filters';
import type { AgentOption } from '../live/use-agents';

interface Props {
  filters: Filters;
  agents: AgentOption[];
  shown: number;
  total: number;
  onChange(f: Filters): void;
}

export function FilterBar({ filters, agents, shown, total, onChange }: Props) {
  return (
    <div className="filter-bar" role="search">
      <label className="filter">
        <span>Channel</span>
        <select
          data-testid="filter-channel"
          value={filters.channel ?? ''}
          onChange={(e) => onChange({ ...filters, channel: (e.target.value || null) as Channel | null })}
        >
          <option value="">All channels</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABEL[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Agent</span>
        <select data-testid="filter-agent" value={filters.agent ?? ''} onChange={(e) => onChange({ ...filters, agent: e.target.value || null })}>
          <option value="">All agents</option>
          {filters.agent && !agents.some((a) => a.id === filters.agent) && <option value={filters.agent}>{filters.agent}</option>}
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>State</span>
        <select
          data-testid="filter-state"
          value={filters.state ?? ''}
          onChange={(e) => onChange({ ...filters, state: (e.target.value || null) as SessionState | null })}
        >
          <option value="">All states</option>
          {LIVE_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(filters) && (
        <button type="button" className="link-button" data-testid="filter-clear" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
      <span className="filter-summary" data-testid="filter-summary">
        {isFiltered(filters) ? `${shown} of ${total} shown` : `${total} shown`}
      </span>
      <span className="kbd-hint" aria-hidden="true">
        <kbd>↑</kbd>
        <kbd>↓</kbd> select · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
      </span>
    </div>
  );
}
