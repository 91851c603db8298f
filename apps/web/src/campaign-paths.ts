/**
 * The campaigns' addresses: `/campaigns`; one campaign's calls at `/campaigns/<id>/calls?outcome=…`, with a session
 * open beside them at `/campaigns/<id>/calls/sessions/<sessionId>?outcome=…` (as Live Calls opens `/sessions/<id>`).
 * Pure.
 */
import { callOutcomeOf, type CallOutcome } from './campaign-format';

export const CAMPAIGNS_PATH = '/campaigns';

/** `/campaigns` (and `/campaigns/`): the campaigns list. */
export function isCampaignsPath(pathname: string): boolean {
  return /^\/campaigns\/?$/.test(pathname);
}

const CALLS = /^\/campaigns\/([^/]+)\/calls(?:\/sessions\/([^/]+))?\/?$/;

function decode(part: string | undefined): string | null {
  if (!part) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** `/campaigns/<id>/calls` (and `…/calls/sessions/<sessionId>`) → id, else null. */
export function campaignIdFromCallsPath(pathname: string): string | null {
  return decode(CALLS.exec(pathname)?.[1]);
}

/** `/campaigns/<id>/calls/sessions/<sessionId>` → sessionId, else null. */
export function callSessionIdFromPath(pathname: string): string | null {
  return decode(CALLS.exec(pathname)?.[2]);
}

/** The calls of a campaign, filtered to an outcome (none: every call). */
export function campaignCallsPath(id: string, outcome: CallOutcome | null = null): string {
  const path = `${CAMPAIGNS_PATH}/${encodeURIComponent(id)}/calls`;
  return outcome ? `${path}?outcome=${outcome}` : path;
}

/** One call of a campaign open beside its calls (the query, with the outcome filter, is added by the caller). */
export function campaignCallPath(id: string, sessionId: string): string {
  return `${CAMPAIGNS_PATH}/${encodeURIComponent(id)}/calls/sessions/${encodeURIComponent(sessionId)}`;
}

/** The outcome filter of the calls view's query (`?outcome=`); unknown values mean no filter. */
export function outcomeFromQuery(q: URLSearchParams): CallOutcome | null {
  return callOutcomeOf(q.get('outcome'));
}

/** The query with this outcome (none: removed), other parameters kept. */
export function withOutcome(q: URLSearchParams, outcome: CallOutcome | null): URLSearchParams {
  const next = new URLSearchParams(q);
  if (outcome) next.set('outcome', outcome);
  else next.delete('outcome');
  return next;
}
