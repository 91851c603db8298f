/**
 * Subscribes to the `conversations` topic: live WhatsApp and SMS conversations with what each needs from a person,
 * pushed by the server (never polled).
 */
import type { Conversation, ConversationsTopicEvent } from '@livespace/protocol/health';
import { useKeyedTopic, type TopicSpec } from './use-keyed-topic';

const CONVERSATIONS: TopicSpec<Conversation> = {
  key: (c) => c.summary.id,
  apply(store, event) {
    const e = event as ConversationsTopicEvent;
    if (e.type === 'upsert') {
      // The topic carries live conversations only; an ended one in an upsert is as good as removed.
      if (e.conversation.summary.state === 'ended') store.remove(e.conversation.summary.id);
      else {
        // Coalesced events can arrive out of order across a resubscribe: never go back to an older summary.
        const known = store.get(e.conversation.summary.id);
        if (!known || known.summary.seq <= e.conversation.summary.seq) store.upsert(e.conversation);
      }
    } else if (e.type === 'remove') store.remove(e.id);
  },
};

export function useConversations() {
  return useKeyedTopic('conversations', CONVERSATIONS);
}
