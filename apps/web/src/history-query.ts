/**
 * History's filters as the URL keeps them (shareable: the query names the same parameters the server takes), the API
 * query they make, and the result count as people read it. Pure; values stay the text the server checks, so a bad
 * one in a shared link comes back as the server's 422 beside its field.
 */
import type { HistorySort, HistoryTotal } from '@livespace/protocol/history';
import { formatCount, viewer, type Viewer } from './locale-format';

/** Every filter of the History view, in the order the URL lists them. */
export const HISTORY_FILTER_KEYS = [
  'from',
  'to',
  'channel',
  'agentId',
  'outcome',
  'endReason',
  'direction',
  'campaignId',
  'queue',
  'escalated',
  'handledBy',
  'health',
  'contact',
  'number',
  'q',
  'sort',
] as const;
export type HistoryFilterKey = (typeof HISTORY_FILTER_KEYS)[number];

/** The filters (trimmed, never empty strings); `from`/`to` are ISO instants. */
export type HistoryFilters = Partial<Record<HistoryFilterKey, string>>;

/** The list's orders, the default first (the server's default too: it is left out of the URL). */
export const SORT_OPTIONS: ReadonlyArray<{ value: HistorySort; label: string }> = [
  { value: '-started', label: 'Newest first' },
  { value: 'started', label: 'Oldest first' },
  { value: '-duration', label: 'Longest first' },
  { value: 'duration', label: 'Shortest first' },
];
const DEFAULT_SORT: HistorySort = '-started';

/** Rows asked for at first and by each "Show more". */
const HISTORY_PAGE = 50;

/** The filters a URL query names (other parameters are ignored). */
export function filtersFromQuery(search: URLSearchParams): HistoryFilters {
  const f: HistoryFilters = {};
  for (const key of HISTORY_FILTER_KEYS) {
    const v = search.get(key)?.trim();
    if (v) f[key] = v;
  }
  if (f.sort === DEFAULT_SORT) delete f.sort;
  return f;
}

/** The URL query of `f`: set filters only, in a fixed order; the default sort left out. */
export function filtersToQuery(f: HistoryFilters): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of HISTORY_FILTER_KEYS) {
    const v = f[key]?.trim();
    if (v && !(key === 'sort' && v === DEFAULT_SORT)) q.set(key, v);
  }
  return q;
}

/** `f` with one filter set (an empty value clears it). */
export function withFilter(f: HistoryFilters, key: HistoryFilterKey, value: string | null | undefined): HistoryFilters {
  const next = { ...f };
  const v = value?.trim();
  if (v) next[key] = v;
  else delete next[key];
  return next;
}

/** Whether any filter narrows the list (the order does not). */
export function isFiltered(f: HistoryFilters): boolean {
  return HISTORY_FILTER_KEYS.some((k) => k !== 'sort' && f[k] !== undefined);
}

/** `GET /api/sessions?…` for ended sessions matching `f`: the first page, or the one after `cursor`. */
export function historyApiPath(f: HistoryFilters, cursor: string | null, limit = HISTORY_PAGE): string {
  const q = filtersToQuery(f);
  q.set('state', 'ended');
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return `/api/sessions?${q.toString()}`;
}

/** How many sessions the filters match: `GET /api/sessions/count`, asked beside the first page (it may take longer). */
export function historyCountPath(f: HistoryFilters): string {
  const q = filtersToQuery(f);
  q.set('state', 'ended');
  return `/api/sessions/count?${q.toString()}`;
}

/**
 * "1 conversation", "1,234 conversations", "10,000+ conversations" (digits grouped the viewer's way: "1.234" in de-DE).
 */
export function countLabel(total: HistoryTotal, v: Viewer = viewer()): string {
  const n = formatCount(total.count, v);
  return `${n}${total.atLeast ? '+' : ''} ${total.count === 1 && !total.atLeast ? 'conversation' : 'conversations'}`;
}
