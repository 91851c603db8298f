/** The `sessions` topic: live summaries, bursts coalesced per session, a ring of recent events for `since`. */
import type { SessionSummary, SessionsTopicEvent } from '@livespace/protocol';
import { KeyedTopic, type KeyedTopicOptions } from './keyed-topic';

export type SessionsTopicOptions = KeyedTopicOptions;

export class SessionsTopic extends KeyedTopic<SessionSummary> {
  constructor(opts: SessionsTopicOptions) {
    super('sessions', opts);
  }

  /** Loads the live sessions known at start. */
  load(items: SessionSummary[]): void {
    for (const s of items) this.items.set(s.id, s);
  }

  /** Takes the newest summary of a session; only the last one per flush window is sent. */
  update(s: SessionSummary): void {
    const known = this.get(s.id);
    if (known && known.seq >= s.seq) return;
    if (s.state === 'ended')
      this.remove(s.id, { type: 'remove', id: s.id, reason: s.endReason ?? 'ended' } satisfies SessionsTopicEvent);
    else this.set(s.id, s, { type: 'upsert', summary: s } satisfies SessionsTopicEvent);
  }
}
