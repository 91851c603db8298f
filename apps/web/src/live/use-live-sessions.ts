/**
 * Subscribes to the `sessions` topic, with a view (filters and a window: only those rows and the counts) or without
 * (every live session).
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SessionsSnapshot, SessionsTopicEvent } from '@livespace/protocol/live';
import type { SessionsView as TopicView } from '@livespace/protocol/sessions-view';
import { useLiveSocket } from './live-context';
import { SessionsStore, type SessionsView } from './sessions-store';

/**
 * The live list is drawn again at most this often: 4 times a second keeps it live to the eye at a fraction of the work.
 * A view asks the server for its changes as often (`intervalMs`), so the tab receives 4 frames a second, not ~45.
 */
const LIST_REDRAW_MS = 250;

export function useLiveSessions(filtersAndWindow?: Omit<TopicView, 'intervalMs'>): SessionsView {
  const socket = useLiveSocket();
  const [store] = useState(() => new SessionsStore(Date.now, LIST_REDRAW_MS));
  const view = filtersAndWindow && { ...filtersAndWindow, intervalMs: LIST_REDRAW_MS };
  const viewKey = view ? JSON.stringify(view) : '';
  const viewRef = useRef(view);
  viewRef.current = view;

  useEffect(() => {
    const unsubscribe = socket.subscribe(
      'sessions',
      {
        snapshot: (data) => store.applySnapshot(data as SessionsSnapshot),
        event: (event) => store.applyEvent(event as SessionsTopicEvent),
        reset: () => store.reset(),
      },
      // A fresh snapshot of the list is cheap; rows carry their own seq against stale upserts.
      { resume: false, dedupeBySeq: false, view: viewRef.current },
    );
    return unsubscribe;
  }, [socket, store]);

  // Another filter or window: the same subscription, a new snapshot.
  const firstKey = useRef(viewKey);
  useEffect(() => {
    if (viewKey === firstKey.current) return;
    firstKey.current = viewKey;
    if (viewRef.current) socket.setView('sessions', viewRef.current);
  }, [socket, viewKey]);

  useEffect(() => () => store.dispose(), [store]);

  return useSyncExternalStore(store.subscribe, store.getView);
}
