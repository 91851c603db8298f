/**
 * Hooks onto a live collection topic: one KeyedStore and one subscription per topic, shared by every
 * component that shows it (the socket keeps one handler per topic), released when the last one unmounts.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { KeyedStore, type KeyedView } from './keyed-store';
import { useLiveSocket } from './live-context';
import type { LiveSocket } from './live-socket';

/** How a topic's events change its store. */
export interface TopicSpec<T> {
  key(item: T): string;
  apply(store: KeyedStore<T>, event: unknown): void;
}

interface Shared {
  store: KeyedStore<unknown>;
  refs: number;
  unsubscribe: (() => void) | null;
}

const shared = new WeakMap<LiveSocket, Map<string, Shared>>();

function entry<T>(socket: LiveSocket, topic: string, spec: TopicSpec<T>): Shared {
  let topics = shared.get(socket);
  if (!topics) shared.set(socket, (topics = new Map()));
  let e = topics.get(topic);
  if (!e)
    topics.set(
      topic,
      (e = { store: new KeyedStore<T>((i) => spec.key(i)) as KeyedStore<unknown>, refs: 0, unsubscribe: null }),
    );
  return e;
}

/** Holds the topic's subscription while at least one component uses it. */
function retain<T>(socket: LiveSocket, topic: string, spec: TopicSpec<T>): () => void {
  const e = entry(socket, topic, spec);
  const store = e.store as KeyedStore<T>;
  if (e.refs++ === 0) {
    e.unsubscribe = socket.subscribe(
      topic,
      {
        snapshot: (data) => store.applySnapshot(data),
        event: (event) => spec.apply(store, event),
        reset: () => store.reset(),
      },
      // Like the sessions list: a fresh snapshot of a small collection is cheap, and its seq belongs to one server
      // process.
      { resume: false, dedupeBySeq: false },
    );
  }
  return () => {
    if (--e.refs > 0) return;
    e.unsubscribe?.();
    e.unsubscribe = null;
    store.reset();
  };
}

/** The topic's current items, shared with every other component showing the same topic. */
export function useKeyedTopic<T>(topic: string, spec: TopicSpec<T>): KeyedView<T> & { store: KeyedStore<T> } {
  const socket = useLiveSocket();
  const store = entry(socket, topic, spec).store as KeyedStore<T>;
  // `spec` is a module constant per topic: the effect depends on the socket and the topic only.
  useEffect(() => retain(socket, topic, spec), [socket, topic]);
  const view = useSyncExternalStore(store.subscribe, store.getView);
  return { ...view, store };
}
