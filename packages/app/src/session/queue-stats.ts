/**
 * Use case: the queues' live figures. The day's escalations are kept in memory (loaded once, then
 * followed from the committed escalation events every process sees), so a recomputation reads no
 * database; it runs shortly after anything that moves the figures.
 */
import type { HumanAgentPresence, EscalationInfo, QueueStats } from '@livespace/protocol';
import { dayStart, queueMetrics, type MetricsEscalation, type QueueMetricsOptions } from '@livespace/domain';
import type { Clock, Store } from '../ports/index';

export class QueueStatsService {
  private timer: NodeJS.Timeout | null = null;
  private readonly escalations = new Map<string, MetricsEscalation>();

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      opts: QueueMetricsOptions;
      /** Queues named by the AI agents' flows, shown even before anything reached them. */
      knownQueues: () => readonly string[];
      /** Queues an admin configured (their own service level), and the order queues are shown in. */
      configured: () => ReadonlyMap<string, { slaSeconds: number; priority: number }>;
      order: (names: Iterable<string>) => string[];
      /** Every human agent's presence now. */
      presence: () => readonly HumanAgentPresence[];
      /** Receives each fresh computation. */
      onStats: (stats: QueueStats[]) => void;
      onError: (err: unknown) => void;
      debounceMs?: number;
    },
  ) {}

  /** Loads the open escalations and those of the current day; events recorded meanwhile are newer and kept. */
  async load(): Promise<void> {
    const { opts, clock } = this.deps;
    for (const e of await this.deps.store.escalationsSince(dayStart(clock.now(), opts.resetTime, opts.timeZone))) {
      if (!this.escalations.has(e.id)) this.escalations.set(e.id, e);
    }
  }

  /** An escalation event was committed. */
  record(x: EscalationInfo): void {
    this.escalations.set(x.id, {
      queue: x.queue,
      status: x.status,
      waitingSince: x.waitingSince,
      claimedAt: x.claimedAt,
      endedAt: x.endedAt,
    });
    this.changed();
  }

  /** Figures now, for `GET /api/queues`, in the queues' order (configured ones by priority first). */
  compute(): QueueStats[] {
    const { clock, opts } = this.deps;
    const now = clock.now();
    this.forgetBefore(dayStart(now, opts.resetTime, opts.timeZone));
    return queueMetrics(this.names(), [...this.escalations.values()], this.deps.presence(), now, {
      ...opts,
      configured: this.deps.configured(),
    });
  }

  /**
   * Every queue with figures: named by a flow, worked by an agent, reached by one of the day's escalations, or
   * configured.
   */
  names(): string[] {
    const names = new Set<string>(this.deps.knownQueues());
    for (const a of this.deps.presence()) for (const q of a.queues) names.add(q);
    for (const e of this.escalations.values()) names.add(e.queue);
    for (const q of this.deps.configured().keys()) names.add(q);
    return this.deps.order(names);
  }

  /** Something changed: recompute soon (changes within the debounce window make one computation). */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.deps.onStats(this.compute());
      } catch (err) {
        this.deps.onError(err);
      }
    }, this.deps.debounceMs ?? 100);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** Closed escalations of earlier days count no more (open ones always do). */
  private forgetBefore(start: Date): void {
    const since = start.getTime();
    for (const [id, e] of this.escalations) {
      const open = e.status === 'waiting' || e.status === 'claimed';
      const last = Math.max(
        Date.parse(e.waitingSince),
        e.claimedAt ? Date.parse(e.claimedAt) : 0,
        e.endedAt ? Date.parse(e.endedAt) : 0,
      );
      if (!open && last < since) this.escalations.delete(id);
    }
  }
}
