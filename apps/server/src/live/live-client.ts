/** One WebSocket client of the gateway: a bounded outbox flushed on the gateway's tick. */
import type { WebSocket } from 'ws';
import type { UserRecord } from '@livespace/app';
import type { ServerMessage } from '@livespace/protocol';

export interface ClientLimits {
  /** Bytes the socket may hold unsent before the client counts as slow. */
  maxBufferedBytes: number;
  /** Messages the outbox may hold before the client counts as slow. */
  maxOutbox: number;
}

export class LiveClient {
  /** Encoded messages waiting for the next flush. */
  private outbox: string[] = [];
  readonly topics = new Set<string>();
  /** Topics whose snapshot or catch-up is loading: live events wait here, by topic. */
  readonly loading = new Map<string, Array<{ seq: number; encoded: string }>>();
  closed = false;

  constructor(readonly ws: WebSocket, readonly user: UserRecord, readonly batch: boolean, private readonly limits: ClientLimits) {}

  /** Queues an already-encoded message; false when the client is too far behind (the caller drops it). */
  push(encoded: string): boolean {
    if (this.closed) return true;
    this.outbox.push(encoded);
    return this.outbox.length <= this.limits.maxOutbox;
  }

  send(msg: ServerMessage): boolean {
    return this.push(JSON.stringify(msg));
  }

  get pending(): number { return this.outbox.length; }

  /** Writes the outbox as one frame (batch clients) or one frame per message; false when the socket is backed up. */
  flush(): number {
    if (this.closed || this.outbox.length === 0) return 0;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) return -1;
    const msgs = this.outbox;
    this.outbox = [];
    if (this.batch) {
      this.ws.send(msgs.length === 1 ? msgs[0]! : `[${msgs.join(',')}]`);
    } else {
      for (const m of msgs) this.ws.send(m);
    }
    return msgs.length;
  }
}
