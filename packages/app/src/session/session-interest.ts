/**
 * Which sessions the other processes watch (a client there on `session:<id>`), so a session's owner sends its events
 * in full only where someone reads them, and a summary elsewhere. Each process announces its whole set on change
 * and every `announceEveryMs`; a set not heard again within `expireMs` (a process gone) is forgotten. After a bus
 * outage each process announces again. A missed or late announcement costs nothing but a store read: a process that
 * gets only a summary of a session it watches reads the events it lacks from the store (the gateway does).
 */
import { publish, SESSION_INTEREST_CHANNEL, subscribe, type Bus, type SessionInterestMessage } from '../ports/index';

export interface SessionInterestOptions {
  announceEveryMs: number;
  expireMs: number;
  /** A change is announced this long after it (several subscriptions at once go out as one message). */
  debounceMs: number;
  onError?(err: unknown): void;
}

const DEFAULTS: SessionInterestOptions = { announceEveryMs: 5000, expireMs: 15_000, debounceMs: 20 };

export class SessionInterest {
  private readonly opts: SessionInterestOptions;
  /** Other processes' sets, and when each was last heard. */
  private readonly others = new Map<string, { watching: Set<string>; heardAt: number }>();
  private watching: string[] = [];
  private timers: NodeJS.Timeout[] = [];
  private pending: NodeJS.Timeout | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly bus: Bus,
    private readonly node: string,
    opts: Partial<SessionInterestOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  async start(): Promise<void> {
    this.unsubscribe = await subscribe(this.bus, SESSION_INTEREST_CHANNEL, (m) => this.heard(m));
    this.bus.onReconnect?.(() => this.announce());
    const beat = setInterval(() => this.announce(), this.opts.announceEveryMs);
    beat.unref();
    this.timers.push(beat);
    this.announce();
  }

  /** Whether another process (heard from lately) watches this session. */
  watchedElsewhere(sessionId: string): boolean {
    const now = Date.now();
    for (const [node, o] of this.others) {
      if (now - o.heardAt > this.opts.expireMs) this.others.delete(node);
      else if (o.watching.has(sessionId)) return true;
    }
    return false;
  }

  /** This process now watches these sessions (its whole set). */
  setWatching(ids: Iterable<string>): void {
    this.watching = [...ids];
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.announce();
    }, this.opts.debounceMs);
    this.pending.unref();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    if (this.pending) clearTimeout(this.pending);
    await this.unsubscribe?.();
  }

  private heard(m: SessionInterestMessage): void {
    if (m.node === this.node || !Array.isArray(m.watching)) return;
    this.others.set(m.node, { watching: new Set(m.watching), heardAt: Date.now() });
  }

  private announce(): void {
    publish(this.bus, SESSION_INTEREST_CHANNEL, {
      node: this.node,
      watching: this.watching,
      // announced again on the next beat and when the bus is back
    } satisfies SessionInterestMessage).catch((err: unknown) => this.opts.onError?.(err));
  }
}
