/**
 * `GET /api/sessions?state=ended|all`: the history query checked at the edge (422 naming the field), who may read
 * what, and the opaque cursor (base64url JSON of the last row's sort key and id, tied to the sort it was made for).
 */
import { z } from 'zod';
import {
  HISTORY_ONLY_PARAMS,
  HISTORY_SORTS,
  HistoryQuerySchema,
  historyQueryOf,
  may,
  type HistoryPage,
  type HistorySort,
  type HistoryTotal,
} from '@livespace/protocol';
import type { HistoryPosition, Store, UserRecord } from '@livespace/app';
import { forbidden, HttpError, parseBody } from '../http/errors';

const invalid = (field: string, message: string) => new HttpError(422, 'invalid_input', `${field}: ${message}`, field);

const CursorSchema = z.object({
  s: z.enum(HISTORY_SORTS as [HistorySort, ...HistorySort[]]),
  k: z.union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
    z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER),
  ]),
  i: z.string().min(1).max(200),
});

function encodeCursor(sort: HistorySort, at: HistoryPosition): string {
  return Buffer.from(JSON.stringify({ s: sort, k: at.key, i: at.id })).toString('base64url');
}

/** The position a cursor stands for; 422 when it is not one this list made for `sort`. */
function decodeCursor(cursor: string, sort: HistorySort): HistoryPosition {
  let parsed: z.infer<typeof CursorSchema> | null = null;
  if (/^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      const r = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
      if (r.success) parsed = r.data;
    } catch {
      /* not JSON: refused below */
    }
  }
  const byDuration = sort.endsWith('duration');
  if (!parsed || typeof parsed.k !== (byDuration ? 'number' : 'string'))
    throw invalid('cursor', 'is not a cursor of this list');
  if (parsed.s !== sort)
    throw invalid('cursor', `was made for sort=${parsed.s}; ask again from the first page to change the order`);
  return { key: parsed.k, id: parsed.i };
}

/** Every key of a history query: its own, and those it shares with the older offset paging. */
const HISTORY_KEYS = [...HISTORY_ONLY_PARAMS, 'state', 'outcome', 'campaignId', 'limit'] as const;

/**
 * Who reads which history: the roles that may `sessions.read` (admins and supervisors) every session; a human agent
 * only the sessions they handled — took over, or claimed the escalation of — so their list is always narrowed to
 * `handledBy` = themselves, and asking for someone else's is refused (403). The live list (`state=live`) is not history
 * and stays as it is.
 */
export function historyScope(user: UserRecord, handledBy: string | undefined): string | undefined {
  if (may(user.role, 'sessions.read')) return handledBy;
  if (handledBy !== undefined && handledBy !== user.id)
    throw forbidden('Human agents see only the sessions they handled');
  return user.id;
}

/** A history query checked (422 naming the field) and narrowed to what `user` may read. */
function scopedQuery(user: UserRecord, query: Record<string, unknown>) {
  for (const key of HISTORY_KEYS) {
    if (Array.isArray(query[key])) throw invalid(key, 'give it once');
  }
  const { filter, sort, limit, cursor } = historyQueryOf(parseBody(HistoryQuerySchema, query));
  const handledBy = historyScope(user, filter.handledBy);
  return { filter: { ...filter, ...(handledBy ? { handledBy } : {}) }, sort, limit, cursor };
}

/** Answers one history request: a page, never held up by counting (that is `historyCount`, asked beside it). */
export async function historyPage(
  store: Store,
  user: UserRecord,
  query: Record<string, unknown>,
): Promise<HistoryPage> {
  const { filter, sort, limit, cursor } = scopedQuery(user, query);
  const after = cursor === null ? null : decodeCursor(cursor, sort);
  const page = await store.searchSessions({ ...filter, sort, limit, after });
  return { items: page.items, nextCursor: page.next ? encodeCursor(sort, page.next) : null };
}

/**
 * `GET /api/sessions/count`: how many sessions the same filters match (exact up to the cap, then the cap "at least").
 * Its own request, so a count that reads thousands of matches never delays the page.
 */
export async function historyCount(
  store: Store,
  user: UserRecord,
  query: Record<string, unknown>,
): Promise<HistoryTotal> {
  const { state = 'ended' } = query as { state?: unknown };
  if (state !== 'ended' && state !== 'all') throw invalid('state', 'must be "ended" or "all"');
  return store.countSessions(scopedQuery(user, { ...query, state }).filter);
}
