/**
 * The action bar's letter shortcuts (L listen, W whisper, B barge, T the take-over slot, E end), read from the
 * latest render. They work while the focus is not in a text field and no dialog is open; a key that does
 * something is not typed into the input it focuses.
 */
import { useEffect, useRef } from 'react';

export type BarShortcuts = Partial<Record<'l' | 'w' | 'b' | 't' | 'e', () => void>>;

export function useBarShortcuts(shortcuts: BarShortcuts, paused: boolean): void {
  const latest = useRef({ shortcuts, paused });
  latest.current = { shortcuts, paused };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable))
        return;
      const { shortcuts: keys, paused: off } = latest.current;
      if (off || document.querySelector('dialog[open]')) return;
      const run = keys[e.key.toLowerCase() as keyof BarShortcuts];
      if (!run) return;
      run();
      // Otherwise the letter would be typed into the input that just got the focus.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
