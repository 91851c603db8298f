/** The `callbacks` topic: every open callback, and the latest finished ones (older finished ones leave the list). */
import type { Callback, CallbacksTopicEvent } from '@livespace/protocol';
import { KeyedTopic, type KeyedTopicOptions } from './keyed-topic';

const OPEN = new Set(['scheduled', 'dialing', 'missed']);

/** Finished callbacks (completed, failed, canceled) kept on the topic. */
const FINISHED_KEPT = 500;

export class CallbacksTopic extends KeyedTopic<Callback> {
  /** Finished callback ids, oldest change first. */
  private readonly finished = new Set<string>();

  constructor(opts: KeyedTopicOptions) {
    super('callbacks', opts);
  }

  /** A callback changed; an older copy (a late bus message) is ignored. */
  upsert(c: Callback): void {
    const known = this.get(c.id);
    if (known && known.updatedAt > c.updatedAt) return;
    this.set(c.id, c, { type: 'upsert', callback: c } satisfies CallbacksTopicEvent);
    this.finished.delete(c.id);
    if (OPEN.has(c.status)) return;
    this.finished.add(c.id);
    for (const id of this.finished) {
      if (this.finished.size <= FINISHED_KEPT) break;
      this.finished.delete(id);
      this.remove(id, { type: 'remove', id } satisfies CallbacksTopicEvent);
    }
  }
}
