/**
 * The audit trail of supervisor actions. An action is done the moment the session takes it (the AI has the
 * whisper, the caller hears the barge), so its answer is never an error because the record could not be written
 * at that instant: a record the store refuses is kept here, in order, and written when the store is back.
 */
import type { ActionRecord } from '@livespace/protocol';
import type { Store } from '../ports/index';

export class ActionAudit {
  private readonly backlog: ActionRecord[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      store: Pick<Store, 'recordAction'>;
      /** A record waits for the store (`pending`: how many wait); `dropped` when the backlog was full. */
      onError?: (err: unknown, pending: number, dropped: boolean) => void;
      retryMs?: number;
      /** Most records kept while the store is down; older ones are dropped first. */
      maxPending?: number;
    },
  ) {}

  get pending(): number {
    return this.backlog.length;
  }

  /** Writes the record, or keeps it for later; never throws. True when it is stored now. */
  async keep(rec: ActionRecord): Promise<boolean> {
    if (this.backlog.length === 0) {
      try {
        await this.deps.store.recordAction(rec);
        return true;
      } catch (err) {
        this.hold(rec, err);
        return false;
      }
    }
    // Earlier records wait: this one goes behind them, so the trail keeps its order.
    this.hold(rec, null);
    return false;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private hold(rec: ActionRecord, err: unknown): void {
    const dropped = this.backlog.length >= (this.deps.maxPending ?? 10_000);
    if (dropped) this.backlog.shift();
    this.backlog.push(rec);
    if (err !== null || dropped) this.deps.onError?.(err, this.backlog.length, dropped);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.retry();
    }, this.deps.retryMs ?? 2000);
    this.timer.unref();
  }

  private async retry(): Promise<void> {
    while (this.backlog.length > 0) {
      try {
        await this.deps.store.recordAction(this.backlog[0]!);
      } catch {
        this.schedule();
        return;
      }
      this.backlog.shift();
    }
  }
}
