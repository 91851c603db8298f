/** Subscribes to the `sessions` topic and returns the live list. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SessionsSnapshot, SessionsTopicEvent } from '@livespace/protocol/live';
import { useLiveSocket } from './live-context';
import { SessionsStore, type SessionsView } from './sessions-store';

export function useLiveSessions(): SessionsView {
  const socket = useLiveSocket();
  const [store] = useState(() => new SessionsStore());

  useEffect(() => {
    const unsubscribe = socket.subscribe(
      'sessions',
      {
        snapshot: (data) => store.applySnapshot(data as SessionsSnapshot),
        event: (event) => store.applyEvent(event as SessionsTopicEvent),
        reset: () => store.reset(),
      },
      // A fresh snapshot of the list is cheap; rows carry their own seq against stale upserts.
      { resume: false, dedupeBySeq: false },
    );
    return unsubscribe;
  }, [socket, store]);

  useEffect(() => () => store.dispose(), [store]);

  return useSyncExternalStore(store.subscribe, store.getView);
}
