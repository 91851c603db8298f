/**
 * Escape closes a view's session drawer — not while the user types in a field, not while a dialog is open (Escape is
 * the dialog's), not with a modifier, and not when something else already handled the key.
 */
import { useEffect, useRef } from 'react';

export function useEscapeCloses(open: boolean, close: () => void): void {
  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !openRef.current || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable))
        return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);
}
