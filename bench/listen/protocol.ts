/** Messages between the listeners bench (parent) and its listener child processes (Node IPC). */
import type { PeerCounts } from './listener-peer';

export type ToChild =
  /** Join one listener per session id, a few at a time; answered once they are all connected (or failed). */
  | { type: 'join'; url: string; token: string; sessionIds: string[] }
  /** Report every peer's cumulative counters. */
  | { type: 'stats' }
  /** Close every peer, then exit. */
  | { type: 'close' };

export type FromChild =
  /**
   * `failed`: listeners that could not join in three tries; `retried`: tries that failed before one worked or the last.
   */
  | { type: 'joined'; ok: number; failed: number; retried: number; firstError?: string }
  /** `at`: the child's clock (ms) when the counters were read, so rates use its own time. */
  | { type: 'stats'; at: number; peers: PeerCounts[] }
  | { type: 'closed' };
