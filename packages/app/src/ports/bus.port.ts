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
  /**
   * Calls `handler` each time the bus is back after an outage (messages published meanwhile were not delivered here).
   */
  onReconnect?(handler: () => void): void;
}

/**
 * A bus channel and the one kind of message it carries. Publish and subscribe through `publish` and `subscribe`
 * below, so a message's type is said once, where its channel is declared, and no subscriber casts what it hears.
 */
export interface Channel<T> {
  readonly name: string;
  /** Never set: carries the message type. */
  readonly message?: T;
}

export const channel = <T>(name: string): Channel<T> => ({ name });

export function publish<T>(bus: Bus, ch: Channel<T>, message: T): Promise<void> {
  return bus.publish(ch.name, message);
}

export function subscribe<T>(bus: Bus, ch: Channel<T>, handler: (message: T) => void): Promise<() => Promise<void>> {
  return bus.subscribe(ch.name, (m) => handler(m as T));
}

/** Channel carrying committed session events. */
export const SESSION_EVENTS_CHANNEL = channel<SessionEventsMessage>('session-events');

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

/** Channel on which each process says which sessions it watches, on change and every few seconds. */
export const SESSION_INTEREST_CHANNEL = channel<SessionInterestMessage>('session-interest');

export interface SessionInterestMessage {
  node: string;
  /** Every session a client of this process watches now (the whole set, not a change). */
  watching: string[];
}
