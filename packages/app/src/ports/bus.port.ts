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

/** A committed batch as it travels to the other processes; `from`: the process that committed it (it delivered them itself). */
export interface SessionEventsMessage {
  from: string;
  batch: EventWrite[];
}
