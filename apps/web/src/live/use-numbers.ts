/** The numbers list from `GET /api/numbers`, fetched on mount and again after every change made here (there is no topic for it). */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PhoneNumber } from '@livespace/protocol/numbers';
import { ApiError } from '../api';
import { numbersApi } from './numbers-api';

export interface NumbersState {
  status: 'loading' | 'ready' | 'forbidden' | 'error';
  /** Sorted by number; kept while a reload is under way. */
  items: PhoneNumber[];
  error: string | null;
  reload(): Promise<void>;
}

export function useNumbers(enabled: boolean): NumbersState {
  const [state, setState] = useState<Omit<NumbersState, 'reload'>>({ status: 'loading', items: [], error: null });
  /** Answers to older requests are dropped (a reload may overtake the first load). */
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const n = ++latest.current;
    try {
      const items = (await numbersApi.list()).sort((a, b) => a.number.localeCompare(b.number));
      if (n === latest.current) setState({ status: 'ready', items, error: null });
    } catch (err) {
      if (n !== latest.current) return;
      if (err instanceof ApiError && err.status === 403) setState({ status: 'forbidden', items: [], error: null });
      else setState((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'error', error: err instanceof Error ? err.message : 'The server could not be reached' }));
    }
  }, []);

  useEffect(() => {
    if (!enabled) return;
    void reload();
    return () => {
      latest.current++;
    };
  }, [enabled, reload]);

  return { ...state, reload };
}
