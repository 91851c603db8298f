/** Subscribes to the `escalations` topic: waiting and claimed escalations (all queues), kept current live. */
import type { Escalation, EscalationsTopicEvent } from '@livespace/protocol/escalation';
import { useKeyedTopic, type TopicSpec } from './use-keyed-topic';

const ESCALATIONS: TopicSpec<Escalation> = {
  key: (e) => e.id,
  apply(store, event) {
    const e = event as EscalationsTopicEvent;
    if (e.type === 'upsert') {
      // The topic carries open escalations only; a closed one in an upsert is as good as removed.
      if (e.escalation.status === 'waiting' || e.escalation.status === 'claimed') store.upsert(e.escalation);
      else store.remove(e.escalation.id);
    } else if (e.type === 'remove') store.remove(e.id);
  },
};

export function useEscalations() {
  return useKeyedTopic('escalations', ESCALATIONS);
}
