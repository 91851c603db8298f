import type { SessionSummary } from '@livespace/protocol';
import type { EventWrite } from './store.port';

/** Publish/subscribe between the session actors and the gateways, in one process (bus-memory) or many (bus-redis). */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  /** Delivers `message` to every subscriber of `channel`, on every node, in publish order. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Subscribes; returns a function that unsubscribes. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Calls `handler` each time the bus is back after an outage (messages published meanwhile were not delivered here). */
  onReconnect?(handler: () => void): void;
}

/** Channel carrying committed session events (`SessionEventsMessage`). */
export const SESSION_EVENTS_CHANNEL = 'session-events';

/**
 * A committed batch as it travels to the other processes; `from`: the process that committed it (it delivered them
 * itself). Events go in full only for sessions another process watches (a client on `session:<id>` there, see
 * `SESSION_INTEREST_CHANNEL`); of every other session in the batch only its newest summary goes (`summaries`),
 * which is all the lists need. A process that starts watching reads what it lacks from the store.
 */
export interface SessionEventsMessage {
  from: string;
  batch: EventWrite[];
  summaries?: SessionSummary[];
}

/** Channel on which each process says which sessions it watches (`SessionInterestMessage`), on change and every few seconds. */
export const SESSION_INTEREST_CHANNEL = 'session-interest';

export interface SessionInterestMessage {
  node: string;
  /** Every session a client of this process watches now (the whole set, not a change). */
  watching: string[];
}
