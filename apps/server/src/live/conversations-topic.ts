/** The `conversations` topic: live WhatsApp and SMS sessions, each with what it needs from a person (Messages). */
import {
  conversationAttention,
  type Conversation,
  type ConversationsTopicEvent,
  type SessionSummary,
} from '@livespace/protocol';
import { KeyedTopic, type KeyedTopicOptions } from './keyed-topic';

export class ConversationsTopic extends KeyedTopic<Conversation> {
  constructor(opts: KeyedTopicOptions) {
    super('conversations', opts);
  }

  /** A session's newest summary; voice calls are not conversations. */
  update(s: SessionSummary): void {
    if (s.channel === 'voice') return;
    const known = this.get(s.id);
    if (known && known.summary.seq >= s.seq) return;
    if (s.state === 'ended') {
      if (known)
        this.remove(s.id, {
          type: 'remove',
          id: s.id,
          reason: s.endReason ?? 'ended',
        } satisfies ConversationsTopicEvent);
      return;
    }
    const conversation: Conversation = { summary: s, attention: conversationAttention(s) };
    this.set(s.id, conversation, { type: 'upsert', conversation } satisfies ConversationsTopicEvent);
  }

  /** Live conversations now; with `attention`, only those that need a person. */
  list(attention: boolean): Conversation[] {
    const items = this.snapshot().items;
    return attention ? items.filter((c) => c.attention.length > 0) : items;
  }
}
