/**
 * Alert settings (mute, quiet hours) per user, per browser: in localStorage under `livespace.alerts.<user id>`, so
 * two people sharing a browser keep their own, and a user's other tabs follow a change (the `storage` event). They
 * are not sent to the server: a desk's sound is that desk's business, and a phone can stay quiet while the desk rings.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { normalizeSettings, type AlertSettings } from './alert-rules';

const PREFIX = 'livespace.alerts.';

const listeners = new Set<() => void>();
const cache = new Map<string, AlertSettings>();

function read(userId: string): AlertSettings {
  let cached = cache.get(userId);
  if (!cached) {
    let raw: unknown = null;
    try {
      raw = JSON.parse(localStorage.getItem(PREFIX + userId) ?? 'null');
    } catch {
      raw = null;
    }
    cached = normalizeSettings(raw);
    cache.set(userId, cached);
  }
  return cached;
}

export function alertSettingsOf(userId: string): AlertSettings {
  return read(userId);
}

export function saveAlertSettings(userId: string, patch: Partial<AlertSettings>): AlertSettings {
  const next = normalizeSettings({ ...read(userId), ...patch });
  cache.set(userId, next);
  try {
    localStorage.setItem(PREFIX + userId, JSON.stringify(next));
  } catch {
    // Storage full or refused: the setting holds for this page.
  }
  for (const l of listeners) l();
  return next;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== null && !e.key.startsWith(PREFIX)) return;
    cache.clear();
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const NONE = normalizeSettings(null);

/** The signed-in user's settings and a function that changes some of them; the defaults (and no-op) when nobody is. */
export function useAlertSettings(userId: string | null): [AlertSettings, (patch: Partial<AlertSettings>) => void] {
  const settings = useSyncExternalStore(subscribe, () => (userId ? read(userId) : NONE));
  const change = useCallback((patch: Partial<AlertSettings>) => {
    if (userId) saveAlertSettings(userId, patch);
  }, [userId]);
  return [settings, change];
}
