/**
 * A campaign's calls as one list: the pages read over HTTP (live and ended) merged with the live summaries of the
 * `sessions` topic, the newest summary of each call winning, filtered to an outcome, newest call first. Pure.
 */
import type { SessionSummary } from '@livespace/protocol/session';
import { matchesOutcome, type CallOutcome } from '../campaign-format';

/** Calls by id: the newest summary seen of each (by the session's seq). */
export type CallsById = ReadonlyMap<string, SessionSummary>;

/** `known` with `items` added where they are new or newer; the same map when nothing changed. */
export function addCalls(known: CallsById, items: readonly SessionSummary[]): CallsById {
  let next: Map<string, SessionSummary> | null = null;
  for (const s of items) {
    const had = (next ?? known).get(s.id);
    if (had && had.seq >= s.seq) continue;
    next ??= new Map(known);
    next.set(s.id, s);
  }
  return next ?? known;
}

/** Whether a summary is one of this campaign's calls. */
export function isCampaignCall(s: SessionSummary, campaignId: string): boolean {
  return s.outbound?.kind === 'campaign' && s.outbound.campaignId === campaignId;
}

/**
 * The rows to show: known calls and live ones of the campaign, the newer summary of each, under the outcome filter,
 * newest first.
 */
export function mergeCalls(
  known: CallsById,
  live: readonly SessionSummary[],
  campaignId: string,
  outcome: CallOutcome | null,
): SessionSummary[] {
  const byId = new Map(known);
  for (const s of live) {
    if (!isCampaignCall(s, campaignId)) continue;
    const had = byId.get(s.id);
    if (!had || s.seq > had.seq) byId.set(s.id, s);
  }
  return [...byId.values()].filter((s) => matchesOutcome(s, outcome)).sort(newestFirst);
}

function newestFirst(a: SessionSummary, b: SessionSummary): number {
  const d = Date.parse(b.startedAt) - Date.parse(a.startedAt);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The list fields of a full session (`GET /api/sessions/:id`), without its transcript and variables. */
export function summaryOf<T extends SessionSummary>(detail: T): SessionSummary {
  const { transcript: _t, variables: _v, ...summary } = detail as T & { transcript?: unknown; variables?: unknown };
  return summary;
}
