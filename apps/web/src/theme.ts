/**
 * The colour theme: System (the OS's light or dark, followed as it changes), Light or Dark; remembered in this
 * browser. Applied as `data-theme="light|dark"` on <html>, which styles.css reads; main.tsx applies it before the
 * first render, so no page paints in the other theme first (an inline script in index.html would break the
 * Content-Security-Policy).
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: ReadonlyArray<{ id: ThemeChoice; label: string }> = [
  { id: 'system', label: 'System' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

const KEY = 'livespace.theme';
const listeners = new Set<() => void>();
let choice: ThemeChoice = 'system';

function read(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

function osPrefersLight(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ?? false;
}

function apply(): void {
  document.documentElement.dataset.theme = choice === 'system' ? (osPrefersLight() ? 'light' : 'dark') : choice;
}

/** Once, before the first render: the remembered choice, and the OS's changes while it is System. */
export function startTheme(): void {
  choice = read();
  apply();
  window.matchMedia?.('(prefers-color-scheme: light)').addEventListener('change', () => {
    if (choice === 'system') apply();
  });
}

export function setTheme(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  } catch {
    // Storage refused (private mode): the choice holds for this page.
  }
  apply();
  for (const l of listeners) l();
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => choice,
  );
}
