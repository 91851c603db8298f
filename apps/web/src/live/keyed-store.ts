/**
 * A live collection topic (`escalations`, `presence`, `queues`) as a store: a snapshot `{items}`, then
 * upserts and removals by key, coalesced into one update per WebSocket frame.
 */

export interface KeyedView<T> {
  /** False until the first snapshot arrived (and again after a resync, until the next one). */
  ready: boolean;
  /** In arrival order; views sort them. A new array whenever something changed. */
  items: readonly T[];
}

export class KeyedStore<T> {
  private readonly items = new Map<string, T>();
  private readonly listeners = new Set<() => void>();
  private ready = false;
  private emitQueued = false;
  private view: KeyedView<T> = { ready: false, items: [] };

  constructor(private readonly key: (item: T) => string) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): KeyedView<T> => this.view;

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  applySnapshot(data: unknown): void {
    const items = (data as { items?: T[] } | null)?.items ?? [];
    this.items.clear();
    for (const item of items) this.items.set(this.key(item), item);
    this.ready = true;
    this.emit();
  }

  /** Adds the items the topic does not have (from another source, e.g. one HTTP read); never overwrites a live one. */
  fillMissing(items: readonly T[]): void {
    let changed = false;
    for (const item of items) {
      const k = this.key(item);
      if (this.items.has(k)) continue;
      this.items.set(k, item);
      changed = true;
    }
    if (changed) this.emit();
  }

  /** Set by a hook that completed the store once (see usePresence); cleared with the store. */
  completed = false;

  upsert(item: T): void {
    this.items.set(this.key(item), item);
    this.emit();
  }

  remove(key: string): void {
    if (this.items.delete(key)) this.emit();
  }

  /** Forget everything (a resync, or nobody shows the topic any more); a snapshot follows the next subscribe. */
  reset(): void {
    this.items.clear();
    this.ready = false;
    this.completed = false;
    this.emit();
  }

  /** Coalesces the changes of one WebSocket frame (a batch) into one update. */
  private emit(): void {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      this.view = { ready: this.ready, items: [...this.items.values()] };
      for (const l of this.listeners) l();
    });
  }
}
