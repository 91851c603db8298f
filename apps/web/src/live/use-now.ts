/** One shared one-second clock for every ticking duration on screen. */
import { useSyncExternalStore } from 'react';

/**
 * Ticks fall this long after each whole second: the list's redraws (sessions-store) fall on the same quarter seconds,
 * so a second's tick and a redraw are drawn in one frame, not two.
 */
export const TICK_OFFSET_MS = 5;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | null = null;

function tick(): void {
  now = Date.now();
  for (const l of listeners) l();
  // Align to the next whole second so every duration changes together.
  timer = setTimeout(tick, 1000 - (now % 1000) + TICK_OFFSET_MS);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setTimeout(tick, 1000 - (now % 1000) + TICK_OFFSET_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/** Current time in ms, updated every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
