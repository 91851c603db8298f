/** Subscribes to the `queues` topic: each queue's live figures, pushed by the server (never polled). */
import type { QueueStats, QueuesTopicEvent } from '@livespace/protocol/escalation';
import { useKeyedTopic, type TopicSpec } from './use-keyed-topic';

const QUEUES: TopicSpec<QueueStats> = {
  key: (q) => q.name,
  apply(store, event) {
    const e = event as QueuesTopicEvent;
    if (e.type === 'upsert') store.upsert(e.queue);
  },
};

export function useQueues() {
  return useKeyedTopic('queues', QUEUES);
}
