/**
 * Bus over Redis pub/sub for several server processes; channels are prefixed so deployments (and test runs) never mix.
 */
import { Redis } from 'ioredis';
import type { Bus } from '@livespace/app/ports/index';

export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly handlers = new Map<string, Set<(m: unknown) => void>>();

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
  ) {
    sub.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      const name = channel.toString().slice(prefix.length);
      const set = this.handlers.get(name);
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(payload.toString());
      } catch {
        return;
      }
      for (const h of set) {
        try {
          h(message);
        } catch {
          /* isolate subscribers */
        }
      }
    });
  }

  static async open(url: string, prefix = 'livespace:'): Promise<RedisBus> {
    const opts = { lazyConnect: true, maxRetriesPerRequest: 3 };
    const pub = new Redis(url, opts);
    const sub = new Redis(url, opts);
    await Promise.all([pub.connect(), sub.connect()]);
    return new RedisBus(pub, sub, prefix);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.pub.publish(this.prefix + channel, JSON.stringify(message));
  }

  async subscribe(channel: string, handler: (m: unknown) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      await this.sub.subscribe(this.prefix + channel);
    }
    const entry = (m: unknown) => handler(m);
    set.add(entry);
    return async () => {
      set.delete(entry);
      if (set.size === 0) {
        this.handlers.delete(channel);
        await this.sub.unsubscribe(this.prefix + channel);
      }
    };
  }

  /** The subscriber connection is ready again after it was lost (ioredis has subscribed it anew by then). */
  onReconnect(handler: () => void): void {
    let lost = false;
    this.sub.on('close', () => {
      lost = true;
    });
    this.sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      handler();
    });
  }

  async ping(): Promise<void> {
    await this.pub.ping();
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
