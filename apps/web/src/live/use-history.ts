/**
 * History's results: the first page of ended sessions for the filters and, asked beside it, their count (shown when it
 * comes: the list never waits for it), asked again when they change,
 * and the next pages appended by "Show more" (keyset cursor). Ended sessions do not change, so nothing is live here:
 * an answer to filters that have since changed is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryItem, HistoryPage, HistoryTotal } from '@livespace/protocol/history';
import { api, ApiError } from '../api';
import { filtersToQuery, historyApiPath, historyCountPath, type HistoryFilters } from '../history-query';

export interface HistoryResults {
  /** `loading`: the first page of these filters is on its way (the rows shown, if any, are the previous filters'). */
  status: 'loading' | 'ready' | 'error';
  items: HistoryItem[];
  total: HistoryTotal | null;
  nextCursor: string | null;
  /** Why the first page failed (a 422 names its field). */
  error: ApiError | null;
  loadingMore: boolean;
  /** Why the last "Show more" failed. */
  moreError: string | null;
}

const START: HistoryResults = {
  status: 'loading',
  items: [],
  total: null,
  nextCursor: null,
  error: null,
  loadingMore: false,
  moreError: null,
};

const asApiError = (e: unknown) =>
  e instanceof ApiError ? e : new ApiError(0, 'network', e instanceof Error ? e.message : 'The request failed');

export function useHistory(filters: HistoryFilters): HistoryResults & { loadMore(): void } {
  const key = filtersToQuery(filters).toString();
  /** The results, and the filters they are for. */
  const [state, setState] = useState<HistoryResults & { forKey: string | null }>({ ...START, forKey: null });
  /** The filters the state is for; answers for other ones are dropped. */
  const current = useRef(key);
  current.current = key;

  useEffect(() => {
    setState((s) => ({
      ...s,
      forKey: key,
      status: 'loading',
      total: null,
      error: null,
      loadingMore: false,
      moreError: null,
    }));
    const f = Object.fromEntries(new URLSearchParams(key)) as HistoryFilters;
    // The count comes when it comes (before or after the page); a failed count leaves the list without one.
    let total: HistoryTotal | null = null;
    api<HistoryTotal>(historyCountPath(f))
      .then((t) => {
        if (current.current !== key) return;
        total = t;
        setState((s) => ({ ...s, total: t }));
      })
      .catch(() => undefined);
    api<HistoryPage>(historyApiPath(f, null))
      .then((page) => {
        if (current.current !== key) return;
        setState({
          forKey: key,
          status: 'ready',
          items: page.items,
          total,
          nextCursor: page.nextCursor,
          error: null,
          loadingMore: false,
          moreError: null,
        });
      })
      .catch((e: unknown) => {
        if (current.current !== key) return;
        setState({ ...START, forKey: key, status: 'error', error: asApiError(e) });
      });
  }, [key]);

  const stateRef = useRef(state);
  stateRef.current = state;
  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (s.status !== 'ready' || !s.nextCursor || s.loadingMore) return;
    const forKey = current.current;
    setState((x) => ({ ...x, loadingMore: true, moreError: null }));
    const f = Object.fromEntries(new URLSearchParams(forKey)) as HistoryFilters;
    api<HistoryPage>(historyApiPath(f, s.nextCursor))
      .then((page) => {
        if (current.current !== forKey) return;
        setState((x) => {
          const seen = new Set(x.items.map((i) => i.id));
          return {
            ...x,
            items: [...x.items, ...page.items.filter((i) => !seen.has(i.id))],
            nextCursor: page.nextCursor,
            loadingMore: false,
          };
        });
      })
      .catch((e: unknown) => {
        if (current.current !== forKey) return;
        setState((x) => ({ ...x, loadingMore: false, moreError: asApiError(e).message }));
      });
  }, []);

  // In the render where the filters change, before the effect above has run, the state is still the previous
  // filters': say so (loading, no count), so nothing — a person or a test — reads the old rows as these filters'.
  const { forKey, ...results } = state;
  if (forKey !== key) return { ...results, status: 'loading', total: null, error: null, loadMore };
  return { ...results, loadMore };
}
