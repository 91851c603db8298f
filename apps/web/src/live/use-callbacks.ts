/**
 * Subscribes to the `callbacks` topic: every open callback and the recent finished ones, pushed by the server (never
 * polled).
 */
import type { Callback, CallbacksTopicEvent } from '@livespace/protocol/outbound';
import { useKeyedTopic, type TopicSpec } from './use-keyed-topic';

const CALLBACKS: TopicSpec<Callback> = {
  key: (c) => c.id,
  apply(store, event) {
    const e = event as CallbacksTopicEvent;
    if (e.type === 'upsert') store.upsert(e.callback);
    else if (e.type === 'remove') store.remove(e.id);
  },
};

export function useCallbacks() {
  return useKeyedTopic('callbacks', CALLBACKS);
}
