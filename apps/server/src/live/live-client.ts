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

/**
 * Messages that many clients receive alike (the `sessions` topic): joined and, for a client with
 * nothing else pending, turned into a frame once for all of them.
 */
export class SharedChunk {
  private frameBytes: Buffer | null = null;

  constructor(readonly messages: readonly string[]) {}

  /** The whole batch frame, encoded once. */
  frame(): Buffer {
    return (this.frameBytes ??= Buffer.from(`[${this.messages.join(',')}]`));
  }
}

export class LiveClient {
  /** Encoded messages (or shared chunks of them) waiting for the next flush. */
  private outbox: Array<string | SharedChunk> = [];
  private queued = 0;
  readonly topics = new Set<string>();
  /** Topics whose snapshot or catch-up is loading: live events wait here, by topic. */
  readonly loading = new Map<string, Array<{ seq: number; encoded: string }>>();
  closed = false;

  constructor(readonly ws: WebSocket, readonly user: UserRecord, readonly batch: boolean, private readonly limits: ClientLimits) {}

  /** Queues an already-encoded message; false when the client is too far behind (the caller drops it). */
  push(encoded: string): boolean {
    return this.enqueue(encoded, 1);
  }

  /** Queues messages shared with other clients. */
  pushShared(chunk: SharedChunk): boolean {
    return this.enqueue(chunk, chunk.messages.length);
  }

  send(msg: ServerMessage): boolean {
    return this.push(JSON.stringify(msg));
  }

  get pending(): number { return this.queued; }

  /** Writes the outbox (batch clients: few frames; others: one frame per message); -1 when the socket is backed up. */
  flush(): number {
    if (this.closed || this.outbox.length === 0) return 0;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) return -1;
    const items = this.outbox;
    const count = this.queued;
    this.outbox = [];
    this.queued = 0;
    if (this.batch) {
      // In order: a shared chunk goes out as the frame built once for every client, and the
      // client's own messages between chunks as one frame each run.
      let own: string[] = [];
      const sendOwn = () => {
        if (own.length > 0) this.ws.send(own.length === 1 ? own[0]! : `[${own.join(',')}]`);
        own = [];
      };
      for (const i of items) {
        if (typeof i === 'string') {
          own.push(i);
        } else {
          sendOwn();
          this.ws.send(i.frame(), { binary: false });
        }
      }
      sendOwn();
    } else {
      for (const i of items) {
        if (typeof i === 'string') this.ws.send(i);
        else for (const m of i.messages) this.ws.send(m);
      }
    }
    return count;
  }

  private enqueue(item: string | SharedChunk, n: number): boolean {
    if (this.closed) return true;
    this.outbox.push(item);
    this.queued += n;
    return this.queued <= this.limits.maxOutbox;
  }
}
