/**
 * Subscribes to the `presence` topic: every human agent's status, kept current live. The topic lists an
 * agent once its presence changed since the server started; agents created since (still offline) are
 * completed once from `GET /api/presence`, which lists every agent.
 */
import { useEffect } from 'react';
import type { HumanAgentPresence, PresenceTopicEvent } from '@livespace/protocol/escalation';
import { api } from '../api';
import { useKeyedTopic, type TopicSpec } from './use-keyed-topic';

const PRESENCE: TopicSpec<HumanAgentPresence> = {
  key: (p) => p.userId,
  apply(store, event) {
    const e = event as PresenceTopicEvent;
    if (e.type === 'upsert') store.upsert(e.presence);
    else if (e.type === 'remove') store.remove(e.userId);
  },
};

export function usePresence() {
  const view = useKeyedTopic('presence', PRESENCE);
  const { ready, store } = view;

  useEffect(() => {
    if (!ready || store.completed) return;
    store.completed = true;
    api<{ items: HumanAgentPresence[] }>('/api/presence')
      .then((r) => store.fillMissing(r.items ?? []))
      .catch(() => {
        store.completed = false;
      });
  }, [ready, store]);

  return view;
}
