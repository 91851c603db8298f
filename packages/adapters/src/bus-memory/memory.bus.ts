/** The in-process bus of the embedded default: delivery is synchronous and in publish order. */
import type { Bus } from '@livespace/app/ports/index';

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly handlers = new Map<string, Set<(m: unknown) => void>>();

  async publish(channel: string, message: unknown): Promise<void> {
    for (const h of this.handlers.get(channel) ?? []) {
      try {
        h(message);
      } catch {
        // One failing subscriber must not keep the message from the others.
      }
    }
  }

  async subscribe(channel: string, handler: (m: unknown) => void): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    const entry = (m: unknown) => handler(m);
    set.add(entry);
    return async () => {
      set.delete(entry);
    };
  }

  async ping(): Promise<void> {}
  async close(): Promise<void> {
    this.handlers.clear();
  }
}
