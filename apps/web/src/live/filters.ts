/** Live Calls filters, kept in the URL query (`?channel=&agent=&state=`). */
import type { Channel, SessionState, SessionSummary } from '@livespace/protocol/session';
import { CHANNELS } from '@livespace/protocol/session';
import { LIVE_STATES } from '../format';

export interface Filters {
  channel: Channel | null;
  agent: string | null;
  state: SessionState | null;
}

export const NO_FILTERS: Filters = { channel: null, agent: null, state: null };

export function filtersFromQuery(q: URLSearchParams): Filters {
  const channel = q.get('channel');
  const state = q.get('state');
  const agent = q.get('agent');
  return {
    channel: channel && (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : null,
    state: state && (LIVE_STATES as readonly string[]).includes(state) ? (state as SessionState) : null,
    agent: agent || null,
  };
}

/** The query with these filters set (other parameters kept). */
export function filtersToQuery(f: Filters, base: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams(base);
  for (const key of ['channel', 'agent', 'state'] as const) {
    const v = f[key];
    if (v) q.set(key, v);
    else q.delete(key);
  }
  return q;
}

export function isFiltered(f: Filters): boolean {
  return f.channel !== null || f.agent !== null || f.state !== null;
}

export function matches(s: SessionSummary, f: Filters): boolean {
  return (!f.channel || s.channel === f.channel) && (!f.agent || s.agentId === f.agent) && (!f.state || s.state === f.state);
}
