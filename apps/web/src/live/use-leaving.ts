/**
 * Keeps items that just left a list for a moment, marked `leaving`, so they fade out where they were
 * instead of vanishing under the reader's cursor (an escalation someone else claimed, a caller who hung up).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

export interface MaybeLeaving<T> {
  item: T;
  leaving: boolean;
}

interface Gone<T> {
  item: T;
  /** Where it was, to show it there while it fades. */
  index: number;
  /** When it goes for good (ms since epoch). */
  until: number;
}

export function useLeaving<T>(items: readonly T[], key: (item: T) => string, ms: number): MaybeLeaving<T>[] {
  const last = useRef<readonly T[]>(items);
  const keyRef = useRef(key);
  keyRef.current = key;
  const [gone, setGone] = useState<ReadonlyMap<string, Gone<T>>>(() => new Map());

  // Before paint: an item that vanished is shown (fading) in the same frame, never blinking out and back.
  useLayoutEffect(() => {
    const k = keyRef.current;
    const now = new Set(items.map(k));
    const vanished: Array<[string, Gone<T>]> = [];
    const until = Date.now() + ms;
    last.current.forEach((item, index) => {
      if (!now.has(k(item))) vanished.push([k(item), { item, index, until }]);
    });
    last.current = items;
    setGone((prev) => {
      const returned = [...prev.keys()].filter((id) => now.has(id));
      if (vanished.length === 0 && returned.length === 0) return prev;
      const next = new Map(prev);
      for (const id of returned) next.delete(id);
      for (const [id, g] of vanished) next.set(id, g);
      return next;
    });
  }, [items, ms]);

  // Each leaving item goes for good `ms` after it left.
  useEffect(() => {
    if (gone.size === 0) return;
    const first = Math.min(...[...gone.values()].map((g) => g.until));
    const t = setTimeout(
      () => {
        setGone((prev) => {
          const now = Date.now();
          const next = new Map([...prev].filter(([, g]) => g.until > now));
          return next.size === prev.size ? prev : next;
        });
      },
      Math.max(0, first - Date.now()) + 5,
    );
    return () => clearTimeout(t);
  }, [gone]);

  return useMemo(() => {
    const out: MaybeLeaving<T>[] = items.map((item) => ({ item, leaving: false }));
    const k = keyRef.current;
    const present = new Set(items.map(k));
    const leaving = [...gone.entries()].filter(([id]) => !present.has(id)).sort((a, b) => a[1].index - b[1].index);
    for (const [, g] of leaving) out.splice(Math.min(g.index, out.length), 0, { item: g.item, leaving: true });
    return out;
  }, [items, gone]);
}
