/** Use case: the queues' live figures, recomputed from the store shortly after anything that moves them. */
import type { QueueStats } from '@livespace/protocol';
import { dayStart, queueMetrics, type QueueMetricsOptions } from '@livespace/domain';
import type { Clock, Store } from '../ports/index';

export class QueueStatsService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: {
    store: Store; clock: Clock; opts: QueueMetricsOptions;
    /** Queues named by the AI agents' flows, shown even before anything reached them. */
    knownQueues: () => readonly string[];
    /** Receives each fresh computation. */
    onStats: (stats: QueueStats[]) => void;
    onError: (err: unknown) => void;
    debounceMs?: number;
  }) {}

  /** Figures now, for `GET /api/queues`. */
  async compute(): Promise<QueueStats[]> {
    const { store, clock, opts } = this.deps;
    const now = clock.now();
    const [escalations, agents] = await Promise.all([store.escalationsSince(dayStart(now, opts.resetTime, opts.timeZone)), store.listPresence()]);
    const names = new Set<string>(this.deps.knownQueues());
    for (const a of agents) for (const q of a.queues) names.add(q);
    for (const e of escalations) names.add(e.queue);
    return queueMetrics([...names].sort(), escalations, agents, now, opts);
  }

  /** Something changed: recompute soon (changes within the debounce window make one computation). */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(async () => this.deps.onStats(await this.compute())).catch(this.deps.onError);
    }, this.deps.debounceMs ?? 100);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
