/** A tiny history router: the URL is the source of truth for the open session and the filters. */
import { useMemo, useSyncExternalStore } from 'react';

const NAV_EVENT = 'livespace:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAV_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAV_EVENT, listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
}

/** Re-renders whenever the path or the query changes. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    return { pathname: url.pathname, search: url.searchParams };
  }, [href]);
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAV_EVENT));
}

/** `path` plus the query, without an empty `?`. */
export function withQuery(path: string, search: URLSearchParams): string {
  const q = search.toString();
  return q ? `${path}?${q}` : path;
}

/** `/sessions/<id>` → id. */
export function sessionIdFromPath(pathname: string): string | null {
  const m = /^\/sessions\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** `/callbacks/sessions/<id>` → id: a session opened from Scheduled Calls (its drawer beside the list). */
export function callbackSessionIdFromPath(pathname: string): string | null {
  const m = /^\/callbacks\/sessions\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** `/messages/sessions/<id>` → id: a conversation opened from Messages (its drawer beside the list). */
export function messagesSessionIdFromPath(pathname: string): string | null {
  const m = /^\/messages\/sessions\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** `/history/sessions/<id>` → id: an ended session opened from History (its drawer beside the results). */
export function historySessionIdFromPath(pathname: string): string | null {
  const m = /^\/history\/sessions\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The app's sections, one per top-bar entry. */
export type Section =
  | 'live'
  | 'messages'
  | 'queues'
  | 'callbacks'
  | 'campaigns'
  | 'numbers'
  | 'history'
  | 'team'
  | 'analytics'
  | 'agent';

/**
 * Which section a path belongs to: `/messages…`, `/queues`, `/callbacks…`, `/campaigns…`, `/numbers`, `/history…`,
 * `/team`, `/analytics`, `/agent`; everything else (`/`, `/sessions/<id>`) is Live Calls.
 */
export function sectionOf(pathname: string): Section {
  if (/^\/messages(\/|$)/.test(pathname)) return 'messages';
  if (/^\/queues\/?$/.test(pathname)) return 'queues';
  if (/^\/numbers\/?$/.test(pathname)) return 'numbers';
  if (/^\/callbacks(\/|$)/.test(pathname)) return 'callbacks';
  if (/^\/campaigns(\/|$)/.test(pathname)) return 'campaigns';
  if (/^\/history(\/|$)/.test(pathname)) return 'history';
  if (/^\/team\/?$/.test(pathname)) return 'team';
  if (/^\/analytics\/?$/.test(pathname)) return 'analytics';
  if (/^\/agent\/?$/.test(pathname)) return 'agent';
  return 'live';
}

/** Where a role starts: human agents in their workspace, supervisors and admins on Live Calls. */
export function homeFor(role: string | null | undefined): string {
  return role === 'agent' ? '/agent' : '/';
}
