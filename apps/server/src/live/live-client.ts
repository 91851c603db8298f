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

let chunkIds = 0;

/**
 * Messages that many clients receive alike: a `sessions` tick, or one `session:<id>` topic's events of a tick (those
 * are appended to while the tick lasts). Clients whose outboxes hold the same chunks get one frame, built once.
 */
export class SharedChunk {
  readonly id = ++chunkIds;
  private frameBytes: Buffer | null = null;

  constructor(readonly messages: string[]) {}

  /** The whole batch frame, encoded once (when the tick is over: nothing is appended after). */
  frame(): Buffer {
    return (this.frameBytes ??= Buffer.from(`[${this.messages.join(',')}]`));
  }
}

/** Frames of runs of several shared chunks, built once a tick for every client whose outbox holds the same run. */
export type FrameCache = Map<string, Buffer>;

export class LiveClient {
  /** Encoded messages (or shared chunks of them) waiting for the next flush. */
  private outbox: Array<string | SharedChunk> = [];
  private queued = 0;
  /**
   * Messages of its own this client was given so far: a shared chunk takes more only while this has not moved since it
   * joined.
   */
  ownPushes = 0;
  readonly topics = new Set<string>();
  /** Topics whose snapshot or catch-up is loading: live events wait here, by topic. */
  readonly loading = new Map<string, Array<{ seq: number; encoded: string }>>();
  closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly user: UserRecord,
    readonly batch: boolean,
    private readonly limits: ClientLimits,
  ) {}

  /** Queues an already-encoded message; false when the client is too far behind (the caller drops it). */
  push(encoded: string): boolean {
    this.ownPushes++;
    return this.enqueue(encoded, 1);
  }

  /** Queues messages shared with other clients (the chunk may still grow this tick: see `grew`). */
  pushShared(chunk: SharedChunk): boolean {
    return this.enqueue(chunk, chunk.messages.length);
  }

  /** A shared chunk in the outbox took one more message; false when the client is now too far behind. */
  grew(): boolean {
    this.queued++;
    return this.queued <= this.limits.maxOutbox;
  }

  /** A shared chunk stops growing for this client: what it holds now is what the client gets (it left the topic). */
  freeze(chunk: SharedChunk): void {
    const i = this.outbox.indexOf(chunk);
    if (i >= 0) this.outbox[i] = new SharedChunk(chunk.messages.slice());
  }

  send(msg: ServerMessage): boolean {
    return this.push(JSON.stringify(msg));
  }

  get pending(): number {
    return this.queued;
  }

  /**
   * Writes the outbox (batch clients: few frames; others: one frame per message); -1 when the socket is backed up.
   * `frames`: this tick's frames of runs of shared chunks, so clients with the same run share one.
   */
  flush(frames: FrameCache = new Map()): number {
    if (this.closed || this.outbox.length === 0) return 0;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) return -1;
    const items = this.outbox;
    const count = this.queued;
    this.outbox = [];
    this.queued = 0;
    if (!this.batch) {
      for (const i of items) {
        if (typeof i === 'string') this.ws.send(i);
        else for (const m of i.messages) this.ws.send(m);
      }
      return count;
    }
    // In order: each run of shared chunks as one frame (built once for every client with the same run), and the
    // client's own messages between runs as one frame each run.
    let i = 0;
    while (i < items.length) {
      const first = items[i]!;
      if (typeof first === 'string') {
        let j = i + 1;
        while (j < items.length && typeof items[j] === 'string') j++;
        this.ws.send(j - i === 1 ? first : `[${(items.slice(i, j) as string[]).join(',')}]`);
        i = j;
        continue;
      }
      let j = i + 1;
      while (j < items.length && typeof items[j] !== 'string') j++;
      const run = items.slice(i, j) as SharedChunk[];
      i = j;
      const nonEmpty = run.filter((c) => c.messages.length > 0);
      if (nonEmpty.length === 0) continue;
      this.ws.send(nonEmpty.length === 1 ? nonEmpty[0]!.frame() : runFrame(nonEmpty, frames), { binary: false });
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

function runFrame(run: SharedChunk[], frames: FrameCache): Buffer {
  const key = run.map((c) => c.id).join(',');
  let frame = frames.get(key);
  if (!frame) {
    const parts: string[] = [];
    for (const c of run) parts.push(c.messages.join(','));
    frames.set(key, (frame = Buffer.from(`[${parts.join(',')}]`)));
  }
  return frame;
}
