/**
 * A list read over HTTP for a screen that has no live topic for it: fetched on mount and on `reload()` (after every
 * change made here), optionally again when the tab comes back into view. An answer overtaken by a newer request is
 * dropped; a 403 says `forbidden`; a failed reload keeps the list it had.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';

export interface FetchedList<T> {
  status: 'loading' | 'ready' | 'forbidden' | 'error';
  /** As `load` answers them; kept while a reload is under way. */
  items: T[];
  error: string | null;
  reload(): Promise<void>;
}

export function useFetchedList<T>(
  enabled: boolean,
  load: () => Promise<T[]>,
  opts: { reloadWhenShown?: boolean } = {},
): FetchedList<T> {
  const [state, setState] = useState<Omit<FetchedList<T>, 'reload'>>({ status: 'loading', items: [], error: null });
  /** Answers to older requests are dropped (a reload may overtake the first load). */
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const n = ++latest.current;
    try {
      const items = await loadRef.current();
      if (n === latest.current) setState({ status: 'ready', items, error: null });
    } catch (err) {
      if (n !== latest.current) return;
      if (err instanceof ApiError && err.status === 403) setState({ status: 'forbidden', items: [], error: null });
      else
        setState((s) => ({
          ...s,
          status: s.status === 'ready' ? 'ready' : 'error',
          error: err instanceof Error ? err.message : 'The server could not be reached',
        }));
    }
  }, []);

  const reloadWhenShown = opts.reloadWhenShown ?? false;
  useEffect(() => {
    if (!enabled) return;
    void reload();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    if (reloadWhenShown) document.addEventListener('visibilitychange', onVisible);
    return () => {
      if (reloadWhenShown) document.removeEventListener('visibilitychange', onVisible);
      latest.current++;
    };
  }, [enabled, reload, reloadWhenShown]);

  return { ...state, reload };
}
