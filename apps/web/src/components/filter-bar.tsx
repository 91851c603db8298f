/**
 * Channel, agent and state filters (select elements) and the Needs attention toggle with its count; the URL keeps their
 * values.
 */
import type { Channel, SessionState } from '@livespace/protocol/session';
import { CHANNELS } from '@livespace/protocol/session';
import { CHANNEL_LABEL, LIVE_STATES, STATE_LABEL } from '../format';
import { isFiltered, NO_FILTERS, type Filters } from '../live/filters';
import type { AgentOption } from '../live/use-agents';
import { HealthIcon } from './health-icon';
import '../health.css';

interface Props {
  filters: Filters;
  agents: AgentOption[];
  shown: number;
  total: number;
  /** Live sessions that need attention among those the other filters keep, and whether one of them is critical. */
  attention: { count: number; critical: boolean };
  onChange(f: Filters): void;
}

export function FilterBar({ filters, agents, shown, total, attention, onChange }: Props) {
  const level = attention.count === 0 ? 'none' : attention.critical ? 'critical' : 'warning';
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
        <select
          data-testid="filter-agent"
          value={filters.agent ?? ''}
          onChange={(e) => onChange({ ...filters, agent: e.target.value || null })}
        >
          <option value="">All agents</option>
          {filters.agent && !agents.some((a) => a.id === filters.agent) && (
            <option value={filters.agent}>{filters.agent}</option>
          )}
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
      <button
        type="button"
        className={`attention-toggle attention-${level}${filters.attention ? ' is-on' : ''}`}
        data-testid="filter-attention"
        data-count={attention.count}
        aria-pressed={filters.attention}
        title={
          filters.attention
            ? 'Showing only the sessions that need attention: click to show all'
            : 'Show only the sessions that need attention'
        }
        onClick={() => onChange({ ...filters, attention: !filters.attention })}
      >
        {level !== 'none' && <HealthIcon level={level} />}
        Needs attention
        <span className="attention-count" data-testid="attention-count">
          {attention.count}
        </span>
      </button>
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
