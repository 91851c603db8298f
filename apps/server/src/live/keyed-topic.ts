/**
 * A topic that is a live collection (sessions, escalations, presence, queues): the current items for
 * snapshots; changes coalesced per item until the next tick, numbered, and kept in a ring for `since`.
 * An event is encoded once, when first sent: a topic every client watches through a view (`sessions` on Live
 * Calls) encodes none of its events unless a client resumes with `since`.
 */
export interface KeyedTopicOptions {
  /** How many recent events are kept for clients resuming with `since`. */
  ringSize: number;
}

/** A numbered event of a topic; `encoded` once it has been sent (events are never changed once numbered). */
export interface TopicEvent {
  seq: number;
  event: unknown;
  encoded?: string;
}

export class KeyedTopic<T> {
  protected readonly items = new Map<string, T>();
  private readonly dirty = new Map<string, unknown>();
  private readonly ring: TopicEvent[] = [];
  seq = 0;

  constructor(
    readonly name: string,
    private readonly opts: KeyedTopicOptions,
  ) {}

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  /** Sets an item; `event` is what subscribers get (only the newest per key and tick is sent). */
  set(key: string, item: T, event: unknown): void {
    this.items.set(key, item);
    this.dirty.set(key, event);
  }

  /** Removes an item (a no-op for an unknown one, unless a change of it is still pending). */
  remove(key: string, event: unknown): void {
    if (!this.items.delete(key) && !this.dirty.has(key)) return;
    this.dirty.set(key, event);
  }

  /** The changes waiting for the next `drain`, by key (each the event its subscribers will get). */
  pending(): ReadonlyMap<string, unknown> {
    return this.dirty;
  }

  /** Turns the coalesced changes into numbered events (also kept in the ring). */
  drain(): TopicEvent[] {
    if (this.dirty.size === 0) return [];
    const out: TopicEvent[] = [];
    for (const event of this.dirty.values()) out.push({ seq: ++this.seq, event });
    this.dirty.clear();
    this.ring.push(...out);
    if (this.ring.length > this.opts.ringSize) this.ring.splice(0, this.ring.length - this.opts.ringSize);
    return out;
  }

  snapshot(): { seq: number; items: T[] } {
    return { seq: this.seq, items: [...this.items.values()] };
  }

  /** An event as clients get it (encoded the first time it is asked for). */
  encoded(e: TopicEvent): string {
    e.encoded ??= JSON.stringify({ type: 'event', topic: this.name, seq: e.seq, event: e.event });
    return e.encoded;
  }

  /** Events after `since`, or null when the ring no longer reaches back that far (or `since` is from another run). */
  since(since: number): Array<{ seq: number; encoded: string }> | null {
    if (since > this.seq) return null;
    if (since === this.seq) return [];
    const first = this.ring[0];
    if (!first || first.seq > since + 1) return null;
    return this.ring.slice(since + 1 - first.seq).map((e) => ({ seq: e.seq, encoded: this.encoded(e) }));
  }
}
