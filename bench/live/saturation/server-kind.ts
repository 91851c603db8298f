/** What the producer needs from each server under test. */
import type { EventWrite } from '@livespace/app';

export interface SatServer {
  port: number;
  /** Hands one batch of committed events to the server, as the bus would. */
  publish(batch: EventWrite[]): void;
  /** True while some client's queue is over the bound: the producer waits instead of piling up memory. */
  backedUp(): boolean;
  close(): Promise<void>;
}

/**
 * Same bounds for every server: at most ~1 MiB unsent in any socket and ~1,000 events queued per client
 * in the server. Well under the gateway's own limits (4 MiB, 50,000 messages), so no client is ever cut off.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
export const MAX_QUEUED_EVENTS = 1000;
