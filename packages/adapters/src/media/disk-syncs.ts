/**
 * Syncs of files to the disk, one at a time for the thread, each file waiting at most once.
 *
 * The recordings of a thousand calls ask for a sync every couple of seconds each. Run all at once, the syncs would
 * fill the thread pool and the disk's queue, and the database's commits on the same disk would wait behind them. Run
 * one at a time, they take what the disk gives: when it is slow, files wait longer for their turn and each sync then
 * writes more, so the syncs per second fall as the load grows while the unwritten data stays bounded by one round of
 * the queue.
 */
export class DiskSyncs {
  /** Who waits for a sync, in the order they asked; a file asking again while it waits keeps its place. */
  private readonly waiting = new Map<object, () => Promise<void>>();
  private running = false;
  private idleWaiters: Array<() => void> = [];
  /** Syncs run, ever (tests, figures). */
  done = 0;

  /** Asks for `sync` to run when `key`'s turn comes. A key already waiting is not queued twice. */
  want(key: object, sync: () => Promise<void>): void {
    if (this.waiting.has(key)) return;
    this.waiting.set(key, sync);
    if (!this.running) void this.run();
  }

  /** Takes back a key's waiting sync (its file is closing). */
  drop(key: object): void {
    this.waiting.delete(key);
  }

  /** How many wait for their turn. */
  get queued(): number {
    return this.waiting.size;
  }

  /** Resolves when no sync waits or runs. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    this.running = true;
    for (let next = this.waiting.entries().next(); !next.done; next = this.waiting.entries().next()) {
      const [key, sync] = next.value;
      this.waiting.delete(key);
      // A failed sync is its file's business (the recorder keeps its error); the queue goes on.
      await sync().catch(() => {});
      this.done++;
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** The syncs of this thread's recordings. */
export const recordingSyncs = new DiskSyncs();
