/**
 * Publishes messages on one bus channel in order, without making anyone wait: a bus outage (Redis down)
 * holds back only the messages for other processes, which go out in order once it is back. What waits
 * beyond `maxQueued` items is dropped, oldest first (reported), so an outage never grows memory without end.
 */
import { publish, type Bus, type Channel } from '../ports/index';

export interface OrderedPublisherOptions {
  maxQueued: number;
  onError(err: unknown, attempt: number): void;
  onDropped(items: number): void;
}

export class OrderedPublisher<M> {
  private readonly queue: Array<{ message: M; items: number }> = [];
  private queued = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly bus: Bus,
    private readonly channel: Channel<M>,
    private readonly opts: OrderedPublisherOptions,
  ) {}

  /** Queues `message` (counting as `items` toward the limit); published after every message queued before it. */
  push(message: M, items: number): void {
    this.queue.push({ message, items });
    this.queued += items;
    let dropped = 0;
    // The one being published (index 0) stays; the next oldest go.
    while (this.queued > this.opts.maxQueued && this.queue.length > 1) {
      const [old] = this.queue.splice(1, 1);
      this.queued -= old!.items;
      dropped += old!.items;
    }
    if (dropped > 0) this.opts.onDropped(dropped);
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once everything queued so far is published (or dropped). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Items waiting to be published. */
  get backlog(): number {
    return this.queued;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      try {
        await publish(this.bus, this.channel, head.message);
      } catch (err) {
        attempt++;
        this.opts.onError(err, attempt);
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** Math.min(attempt, 6))));
        continue;
      }
      attempt = 0;
      if (this.queue[0] === head) this.queue.shift();
      this.queued -= head.items;
    }
  }
}
