/** The audit list of one session's supervisor actions, fetched again whenever `trigger` changes. */
import { useCallback, useEffect, useReducer, useState } from 'react';
import type { ActionRecord } from '@livespace/protocol/http';
import { listActions } from './supervisor-actions';

/** Lines arriving together (a barge's partials, its final line, a state note) cause one fetch. */
const SETTLE_MS = 150;

export interface SessionActions {
  /** Newest first; null until the first answer. */
  items: ActionRecord[] | null;
  error: string | null;
  refresh(): void;
  /** Shows a record the server just returned, before the list is fetched again. */
  add(record: ActionRecord): void;
}

export function useSessionActions(sessionId: string, trigger: number, enabled: boolean): SessionActions {
  const [items, setItems] = useState<ActionRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, refresh] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    setItems(null);
    setError(null);
  }, [sessionId]);

  useEffect(() => {
    if (!enabled) return;
    let active = true;
    const timer = setTimeout(
      () => {
        listActions(sessionId)
          .then((list) => {
            if (!active) return;
            setItems(newestFirst(list));
            setError(null);
          })
          .catch((e: unknown) => {
            if (active) setError(e instanceof Error ? e.message : 'could not load the actions');
          });
      },
      trigger === 0 && tick === 0 ? 0 : SETTLE_MS,
    );
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [sessionId, trigger, tick, enabled]);

  const add = useCallback((record: ActionRecord) => {
    setItems((prev) => (prev?.some((a) => a.id === record.id) ? prev : newestFirst([...(prev ?? []), record])));
  }, []);

  return { items, error, refresh, add };
}

function newestFirst(list: ActionRecord[]): ActionRecord[] {
  return [...list].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
