/** Live Calls filters, kept in the URL query (`?channel=&agent=&state=&attention=1`). */
import type { Channel, SessionState, SessionSummary } from '@livespace/protocol/session';
import { CHANNELS } from '@livespace/protocol/session';
import { LIVE_STATES } from '../format';
import type { SessionsView } from '@livespace/protocol/sessions-view';
import { needsAttention } from './attention';

export interface Filters {
  channel: Channel | null;
  agent: string | null;
  state: SessionState | null;
  /** Only the sessions that need attention (warning or critical). */
  attention: boolean;
}

export const NO_FILTERS: Filters = { channel: null, agent: null, state: null, attention: false };

export function filtersFromQuery(q: URLSearchParams): Filters {
  const channel = q.get('channel');
  const state = q.get('state');
  const agent = q.get('agent');
  return {
    channel: channel && (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : null,
    state: state && (LIVE_STATES as readonly string[]).includes(state) ? (state as SessionState) : null,
    agent: agent || null,
    attention: q.get('attention') === '1',
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
  if (f.attention) q.set('attention', '1');
  else q.delete('attention');
  return q;
}

export function isFiltered(f: Filters): boolean {
  return f.channel !== null || f.agent !== null || f.state !== null || f.attention;
}

/**
 * Whether a live row passes these filters (the server's window already does; rows met between a filter change and its
 * answer may not).
 */
export function matches(s: SessionSummary, f: Filters): boolean {
  return (
    (!f.channel || s.channel === f.channel) &&
    (!f.agent || s.agentId === f.agent) &&
    (!f.state || s.state === f.state) &&
    (!f.attention || needsAttention(s))
  );
}

/** What the `sessions` topic is asked for: these filters, the first `limit` rows. */
export function viewOf(f: Filters, limit: number): SessionsView {
  return {
    limit,
    ...(f.channel && { channel: f.channel }),
    ...(f.agent && { agentId: f.agent }),
    ...(f.state && f.state !== 'ended' && { state: f.state }),
    ...(f.attention && { attention: true }),
  };
}
