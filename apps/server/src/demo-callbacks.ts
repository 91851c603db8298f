/**
 * Demo mode: the callbacks its simulated callers book stay few. Every "call me back tomorrow at 10am" used to stay
 * pending until then, ~20 more a minute. The demo's traffic places callers who would book one only while there is
 * room (DemoTraffic's callbackRoom); the booking itself is the backstop for what the traffic does not place (the
 * demo campaign's contacts): past the bound it is not scheduled.
 */
import type { CallbackRequest, Store } from '@livespace/app';
import type { Logger } from 'pino';

/** Pending: still to be dialed. */
const PENDING = ['scheduled', 'dialing'] as const;

export class DemoCallbacks {
  private pending = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Bookings one at a time: two at once must not both see the last free place. */
  private booking: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { store: Store; bound: number; log: Logger }) {}

  /** Reads the pending count now and every second (DemoTraffic asks for it synchronously). */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(
      () =>
        void this.refresh().catch((err: unknown) =>
          this.deps.log.debug({ err }, 'demo: counting pending callbacks failed'),
        ),
      1000,
    );
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** How many more may be booked now. */
  room(): number {
    return this.deps.bound - this.pending;
  }

  /** Books through `book` while under the bound; past it the request is dropped (logged at debug). */
  book(request: CallbackRequest, book: (r: CallbackRequest) => Promise<void>): Promise<void> {
    const next = this.booking.then(async () => {
      await this.refresh();
      if (this.pending >= this.deps.bound) {
        this.deps.log.debug(
          { sessionId: request.originSessionId, bound: this.deps.bound },
          'demo: callback not scheduled, the demo keeps few pending',
        );
        return;
      }
      await book(request);
      this.pending++;
    });
    this.booking = next.catch(() => undefined);
    return next;
  }

  private async refresh(): Promise<void> {
    this.pending = (await this.deps.store.listCallbacks({ statuses: PENDING })).length;
  }
}
