/**
 * A view of the `sessions` topic: which live sessions a client shows (filters) and how many (a window of the first
 * `limit` in list order), with the counts the screen shows beside them. The server sends a client that subscribed
 * with a view only the rows in its window and the counts; the web app orders and counts with the same functions.
 */
import { byAttention } from './health';
import type { Channel, SessionState, SessionSummary } from './session';

/** The most rows one view may ask for (a list is read a screen at a time; the counts cover the rest). */
export const MAX_VIEW_LIMIT = 2000;

/**
 * A `sessions` subscription's view (checked by `SessionsViewSchema` in `live.ts`; this file stays free of zod for the
 * web app).
 */
export interface SessionsView {
  channel?: Channel;
  /** The AI agent's id. */
  agentId?: string;
  /** A live state. */
  state?: Exclude<SessionState, 'ended'>;
  /** Only the sessions that need attention (warning or critical). */
  attention?: boolean;
  /** Only this campaign's calls. */
  campaignId?: string;
  /** How many rows, from the top of the list (1 to `MAX_VIEW_LIMIT`). */
  limit: number;
  /**
   * Send this view's changes at most every this many ms (`MIN_VIEW_INTERVAL_MS`–`MAX_VIEW_INTERVAL_MS`), a row's
   * changes in between coalesced; without it, every tick of the gateway (10 ms). A screen that draws its list a few
   * times a second asks for that (Live Calls: 250).
   */
  intervalMs?: number;
}

export const MIN_VIEW_INTERVAL_MS = 10;
export const MAX_VIEW_INTERVAL_MS = 1000;

/** What a Live Calls screen counts: every live session (tiles, agent filter), and those its filters match. */
export interface SessionsCounts {
  live: number;
  byState: Partial<Record<SessionState, number>>;
  byChannel: Partial<Record<Channel, number>>;
  /** AI agents with live sessions, by name. */
  agents: Array<{ id: string; name: string; count: number }>;
  /** Sessions every filter matches (the rows a view could show; it shows the first `limit`). */
  matched: number;
  /** Sessions the channel, agent, state and campaign filters match that need attention, and whether any is critical. */
  attention: { count: number; critical: boolean };
}

/** The snapshot of a `sessions` subscription with a view: the window's rows and the counts. */
export interface SessionsWindowSnapshot {
  items: SessionSummary[];
  counts: SessionsCounts;
}

/** Whether a session needs attention (warning or critical health). */
export function needsAttention(s: Pick<SessionSummary, 'health'>): boolean {
  return (s.health?.level ?? 'ok') !== 'ok';
}

/** Every filter but attention (the attention count is taken within these). */
function matchesViewBase(s: SessionSummary, v: Omit<SessionsView, 'limit'>): boolean {
  return (
    (!v.channel || s.channel === v.channel) &&
    (!v.agentId || s.agentId === v.agentId) &&
    (!v.state || s.state === v.state) &&
    (!v.campaignId || (s.outbound?.kind === 'campaign' && s.outbound.campaignId === v.campaignId))
  );
}

/** List order: critical, then warning, then the rest; within each, longest-running first (then by id). */
function byListOrder(a: SessionSummary, b: SessionSummary): number {
  const h = byAttention(a, b);
  if (h !== 0) return h;
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The counts that do not depend on a view (every live session). */
export function overallCounts(
  items: readonly SessionSummary[],
): Pick<SessionsCounts, 'live' | 'byState' | 'byChannel' | 'agents'> {
  let live = 0;
  const byState: Partial<Record<SessionState, number>> = {};
  const byChannel: Partial<Record<Channel, number>> = {};
  const agents = new Map<string, { id: string; name: string; count: number }>();
  for (const s of items) {
    if (s.state === 'ended') continue;
    live++;
    byState[s.state] = (byState[s.state] ?? 0) + 1;
    byChannel[s.channel] = (byChannel[s.channel] ?? 0) + 1;
    const a = agents.get(s.agentId);
    if (a) a.count++;
    else agents.set(s.agentId, { id: s.agentId, name: s.agentName, count: 1 });
  }
  return {
    live,
    byState,
    byChannel,
    agents: [...agents.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
  };
}

/**
 * A view's window over the live sessions: the first `limit` it matches in list order, how many it matches in all,
 * and its attention count. `overall` is passed in when several views share one pass over the sessions.
 */
export function viewWindow(
  items: readonly SessionSummary[],
  view: SessionsView,
  overall: Pick<SessionsCounts, 'live' | 'byState' | 'byChannel' | 'agents'> = overallCounts(items),
): SessionsWindowSnapshot {
  const first: SessionSummary[] = [];
  let matched = 0;
  let count = 0;
  let critical = false;
  for (const s of items) {
    if (s.state === 'ended' || !matchesViewBase(s, view)) continue;
    const attention = needsAttention(s);
    if (attention) {
      count++;
      if (s.health?.level === 'critical') critical = true;
    }
    if (view.attention && !attention) continue;
    matched++;
    keepFirst(first, s, view.limit);
  }
  return { items: first, counts: { ...overall, matched, attention: { count, critical } } };
}

/**
 * Puts `s` in `first` (the first `limit` rows so far, in list order) if it belongs there: one comparison for most
 * rows once it is full, so a window of 100 over thousands of sessions is not a sort of them all every tick.
 */
function keepFirst(first: SessionSummary[], s: SessionSummary, limit: number): void {
  if (first.length >= limit && byListOrder(s, first[first.length - 1]!) >= 0) return;
  let lo = 0;
  let hi = first.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byListOrder(first[mid]!, s) <= 0) lo = mid + 1;
    else hi = mid;
  }
  first.splice(lo, 0, s);
  if (first.length > limit) first.pop();
}
