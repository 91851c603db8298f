/**
 * Alert settings (mute, quiet hours) per user, kept on the server (`/api/me/preferences`) so they follow the person to
 * every browser, and in localStorage under `livespace.alerts.<user id>` so a page has them before the server answers
 * (and without it). Two people sharing a browser keep their own; a user's other tabs follow a change at once (the
 * `storage` event), their other browsers when their page is next shown. Settings chosen in a browser before they were
 * kept on the server are sent up the first time the server has none.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { UserPreferences } from '@livespace/protocol/preferences';
import { api } from '../api';
import { DEFAULT_ALERT_SETTINGS, normalizeSettings, type AlertSettings } from './alert-rules';

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

/** Keeps the settings in this browser and tells this tab's readers. */
function keepLocally(userId: string, next: AlertSettings): void {
  cache.set(userId, next);
  try {
    localStorage.setItem(PREFIX + userId, JSON.stringify(next));
  } catch {
    // Storage full or refused: the setting holds for this page.
  }
  for (const l of listeners) l();
}

const sendUp = (alerts: AlertSettings): Promise<unknown> =>
  api<{ preferences: UserPreferences }>('/api/me/preferences', { method: 'PUT', body: JSON.stringify({ alerts }) });

function saveAlertSettings(userId: string, patch: Partial<AlertSettings>): AlertSettings {
  const next = normalizeSettings({ ...read(userId), ...patch });
  keepLocally(userId, next);
  // Not kept on the server (offline, signed out meanwhile): this browser keeps them, and sends them up next time.
  sendUp(next).catch(() => undefined);
  return next;
}

const same = (a: AlertSettings, b: AlertSettings) => JSON.stringify(a) === JSON.stringify(b);

/** Reads the server's settings into this browser; the first time it has none, sends up what this browser had chosen. */
async function syncFromServer(userId: string): Promise<void> {
  const { preferences } = await api<{ preferences: UserPreferences }>('/api/me/preferences');
  const local = read(userId);
  if (preferences.alerts) {
    const server = normalizeSettings(preferences.alerts);
    if (!same(server, local)) keepLocally(userId, server);
  } else if (!same(local, DEFAULT_ALERT_SETTINGS)) {
    await sendUp(local);
  }
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
  // The server's word on arrival and whenever the page is shown again (another browser may have changed them).
  useEffect(() => {
    if (!userId) return;
    const sync = () => void syncFromServer(userId).catch(() => undefined);
    sync();
    const onVisible = () => {
      if (!document.hidden) sync();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [userId]);
  const change = useCallback(
    (patch: Partial<AlertSettings>) => {
      if (userId) saveAlertSettings(userId, patch);
    },
    [userId],
  );
  return [settings, change];
}
