/**
 * Our phone numbers, cached in memory so a ringing call finds its agent without waiting on the database; every process
 * reloads on a change.
 */
import type { NumberCarrier, NumberChannel, PhoneNumber } from '@livespace/protocol';
import { channel, publish, subscribe, type Bus, type Store } from '@livespace/app';

const NUMBERS_CHANNEL = channel<{ at: number }>('numbers');

export class NumberDirectory {
  private byNumber = new Map<string, PhoneNumber>();
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = await subscribe(this.bus, NUMBERS_CHANNEL, () => void this.reload().catch(() => {}));
  }

  async reload(): Promise<void> {
    this.byNumber = new Map((await this.store.listNumbers()).map((n) => [n.number, n]));
  }

  /** After a change on this process: reloads here, and tells the others. */
  async changed(): Promise<void> {
    await this.reload();
    await publish(this.bus, NUMBERS_CHANNEL, { at: Date.now() });
  }

  all(): PhoneNumber[] {
    return [...this.byNumber.values()];
  }
  get(number: string): PhoneNumber | undefined {
    return this.byNumber.get(number);
  }

  /** The agent that answers `number` on `channel`, when it is mapped for that channel. */
  agentFor(number: string, channel: NumberChannel): string | undefined {
    const n = this.byNumber.get(number);
    return n?.channels.includes(channel) ? n.agentId : undefined;
  }

  /** The carrier our calls from `number` go out on (unmapped numbers: the simulator). */
  carrierFor(number: string): NumberCarrier {
    return this.byNumber.get(number)?.carrier ?? 'simulator';
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
  }
}
