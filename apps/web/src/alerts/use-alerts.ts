/**
 * The signed-in page's alerts, mounted once (the top bar's alerts menu): follows the escalations and callbacks topics
 * and the sessions the page already holds (see observed-sessions.ts), asks alert-rules.ts what rings, then chimes,
 * shows desktop notifications, says each alert to screen readers, and keeps the tab title's count.
 *
 * Nothing rings until the escalations and callbacks have their first snapshot; that first state is the baseline (a
 * reload rings for nothing already there). While a topic resyncs after a reconnect, the last state stays the
 * baseline: what arrived meanwhile rings once it is back.
 *
 * The tab title: each section sets its own ("(12) Live Calls · Live Space"); a MutationObserver on <title> puts the
 * alerts' count in front again after every change (see `tabTitle`), so no section has to know about alerts.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { useLiveSocket } from '../live/live-context';
import { useCallbacks } from '../live/use-callbacks';
import { useEscalations } from '../live/use-escalations';
import { useLocation } from '../router';
import {
  baseTitle,
  decideAlerts,
  openSessionId,
  tabTitle,
  watchedSessions,
  type AlertSettings,
  type AlertState,
} from './alert-rules';
import { useAlertSettings } from './alert-settings';
import { armChimeOnGesture, playChime } from './chime';
import { notify } from './desktop-notifications';
import { ObservedSessions } from './observed-sessions';

/** What screen readers were told, newest last (a few kept: each new line is announced). */
interface Announcement {
  id: number;
  text: string;
}

export interface AlertsView {
  /** Callers waiting in my queues plus my watched sessions that are critical (the tab title's number). */
  count: number;
  announcements: readonly Announcement[];
  settings: AlertSettings;
  changeSettings(patch: Partial<AlertSettings>): void;
}

const KEEP_ANNOUNCEMENTS = 3;

export function useAlerts(user: PublicUser | null): AlertsView {
  const socket = useLiveSocket();
  const escalations = useEscalations();
  const callbacks = useCallbacks();
  const [observed] = useState(() => new ObservedSessions());
  useEffect(() => socket.observe(observed), [socket, observed]);
  const version = useSyncExternalStore(observed.subscribe, observed.getVersion);

  const { pathname } = useLocation();
  const openId = openSessionId(pathname);
  // `version` stands for the observed sessions, read through `observed`.
  const watched = useMemo(() => watchedSessions(observed.all(), user, openId), [observed, version, user, openId]);

  const [settings, changeSettings] = useAlertSettings(user?.id ?? null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  const ready = escalations.ready && callbacks.ready;
  const next = useMemo<AlertState | null>(
    () => (ready ? { escalations: escalations.items, watched, callbacks: callbacks.items } : null),
    [ready, escalations.items, watched, callbacks.items],
  );

  const prev = useRef<{ userId: string; state: AlertState } | null>(null);
  const alerted = useRef(new Set<string>());
  const said = useRef(0);
  const [count, setCount] = useState(0);
  const [announcements, setAnnouncements] = useState<Announcement[]>([]);

  useEffect(() => {
    if (!next || !user) return;
    const before = prev.current?.userId === user.id ? prev.current.state : null;
    const d = decideAlerts(before, next, user, settingsRef.current, new Date(), alerted.current);
    prev.current = { userId: user.id, state: next };
    setCount(d.count);
    if (d.alerts.length === 0) return;
    for (const a of d.alerts) alerted.current.add(a.key);
    setAnnouncements((list) =>
      [...list, ...d.alerts.map((a) => ({ id: ++said.current, text: `${a.title}: ${a.body}` }))].slice(
        -KEEP_ANNOUNCEMENTS,
      ),
    );
    if (d.sound) playChime();
    if (d.notify) for (const a of d.alerts) notify(a);
  }, [next, user]);

  // The sections set their own titles whenever they like: the count is put in front again after each change.
  const countRef = useRef(count);
  countRef.current = count;
  useEffect(() => {
    const apply = () => {
      const want = tabTitle(countRef.current, document.title);
      if (document.title !== want) document.title = want;
    };
    const el = document.querySelector('title');
    const mo = el ? new MutationObserver(apply) : null;
    mo?.observe(el!, { childList: true, characterData: true, subtree: true });
    return () => {
      mo?.disconnect();
      document.title = baseTitle(document.title);
    };
  }, []);
  useEffect(() => {
    const want = tabTitle(count, document.title);
    if (document.title !== want) document.title = want;
  }, [count]);

  useEffect(() => armChimeOnGesture(), []);

  return { count, announcements, settings, changeSettings };
}
