/**
 * Commits session events to the store in batches, then delivers them: to this process's gateway at once,
 * and to the other processes over the bus. Nothing is broadcast before it is durable, and a bus outage
 * never holds up commits or this process's own clients.
 */
import { validDeep, type SessionEvent, type SessionSummary } from '@livespace/protocol';
import type { Bus, EventWrite, SessionEventsMessage, Store } from '../ports/index';
import { SESSION_EVENTS_CHANNEL, StoreError } from '../ports/index';
import { OrderedPublisher } from './ordered-publisher';

export interface EventLogHooks {
  /** After each committed batch: how long each of its events waited from append to commit. */
  onCommit?(waitsMs: readonly number[]): void;
  /** Each committed batch, in order, for this process's own subscribers (the gateway). */
  deliver?(batch: EventWrite[]): void;
  /** `deliver` threw (a bug there): the log goes on. */
  onDeliverError?(err: unknown): void;
  /** The bus refused a batch for the other processes: it is kept and sent again, in order (`attempt` counts). */
  onPublishError?(err: unknown, attempt: number): void;
  /** A bus outage outlasted the backlog limit: this many events never reach the other processes live. */
  onPublishDropped?(events: number): void;
  onError?(err: unknown, attempt: number): void;
  /**
   * An event the store refused for what it holds (not for being down): it was written cleaned of invalid
   * text, or, when even that was refused, replaced by a note that keeps its place in the session's sequence.
   */
  onRepaired?(write: EventWrite, how: 'cleaned' | 'replaced', err: unknown): void;
}

/** At most this many events per transaction, so one huge burst never stalls the loop for long. */
const MAX_BATCH = 5000;

/** Events kept for the other processes while the bus is down (a minute of a busy process); older ones are dropped. */
const MAX_UNPUBLISHED = 500_000;

/** Options of the log. */
export interface EventLogOptions {
  /**
   * Commits in flight at once (default 1). Each session's events always go through the same lane, so they commit
   * in order; different sessions' events commit side by side, and store lag follows the database's own latency
   * instead of waiting behind one transaction at a time. Worth it on PostgreSQL (a pool of connections), not on
   * the embedded database (one connection).
   */
  lanes?: number;
  /**
   * Whether another process watches a session (`SessionInterest`): its events go to the others in full; of the
   * rest only each session's newest summary. Unset: every event in full.
   */
  watchedElsewhere?(sessionId: string): boolean;
}

export class EventLog {
  private readonly lanes: CommitLane[];
  /** Who waits for each lane to reach a count of done events. */
  private waiters: Array<{ upTo: number[]; resolve: () => void }> = [];
  private closed = false;
  private readonly publisher: OrderedPublisher<SessionEventsMessage>;

  /** `processId`: this server process, recorded as the owner of the sessions it starts. */
  constructor(
    store: Store,
    bus: Bus,
    private readonly hooks: EventLogHooks = {},
    private readonly processId?: string,
    private readonly opts: EventLogOptions = {},
  ) {
    this.publisher = new OrderedPublisher(bus, SESSION_EVENTS_CHANNEL, {
      maxQueued: MAX_UNPUBLISHED,
      onError: (err, attempt) => this.hooks.onPublishError?.(err, attempt),
      onDropped: (n) => this.hooks.onPublishDropped?.(n),
    });
    const count = Math.max(1, Math.floor(opts.lanes ?? 1));
    this.lanes = Array.from(
      { length: count },
      () => new CommitLane(store, hooks, processId, (committed) => this.committed(committed)),
    );
  }

  /** Events committed but not yet sent to the other processes (a bus outage). */
  get unpublished(): number {
    return this.publisher.backlog;
  }

  /** Queues an event; it will be committed and then published, in append order for its session. */
  append(write: EventWrite): void {
    if (this.closed) throw new Error('event log closed');
    this.lanes[this.laneIndex(write.sessionId)]!.append(write);
  }

  /**
   * Resolves true when everything appended so far is committed, false after `timeoutMs` (when given) if not. Later
   * appends do not hold it back, so it returns quickly under steady load too. With `sessionId`, only what was appended
   * so far to that session's lane: an answer about one call waits for its own commit, not for every lane's.
   */
  flushed(timeoutMs?: number, sessionId?: string): Promise<boolean> {
    const only = sessionId === undefined ? undefined : this.laneIndex(sessionId);
    const upTo = this.lanes.map((l, i) => (only === undefined || i === only ? l.appended : 0));
    if (this.lanes.every((l, i) => l.done >= upTo[i]!)) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.waiters.push({ upTo, resolve: () => resolve(true) });
      if (timeoutMs !== undefined) setTimeout(() => resolve(false), timeoutMs).unref();
    });
  }

  async close(): Promise<void> {
    await this.flushed();
    this.closed = true;
    // A stopping process gives the others its last events if the bus lets it within a few seconds.
    await Promise.race([this.publisher.idle(), new Promise((r) => setTimeout(r, 3000).unref())]);
  }

  get backlog(): number {
    return this.lanes.reduce((n, l) => n + l.backlog, 0);
  }

  /** How long the oldest event not yet committed has waited (0 when none waits): commits have stopped when it grows. */
  get oldestWaitMs(): number {
    return Math.max(...this.lanes.map((l) => l.oldestWaitMs));
  }

  /** The lane a session's events always go through. */
  private laneIndex(sessionId: string): number {
    return this.lanes.length === 1 ? 0 : laneOf(sessionId, this.lanes.length);
  }

  /** A lane committed a batch: deliver it here, send it to the other processes, wake who waited for it. */
  private committed(batch: EventWrite[]): void {
    if (batch.length > 0) {
      try {
        this.hooks.deliver?.(batch);
      } catch (err) {
        this.hooks.onDeliverError?.(err);
      }
      this.publisher.push(this.forOthers(batch), batch.length);
    }
    this.waiters = this.waiters.filter((w) =>
      this.lanes.every((l, i) => l.done >= w.upTo[i]!) ? (w.resolve(), false) : true,
    );
  }

  /** A committed batch as the other processes get it: in full for the sessions they watch, else newest summaries. */
  private forOthers(batch: EventWrite[]): SessionEventsMessage {
    const from = this.processId ?? '';
    const watched = this.opts.watchedElsewhere;
    if (!watched) return { from, batch };
    const full: EventWrite[] = [];
    const summaries = new Map<string, SessionSummary>();
    const inFull = new Map<string, boolean>();
    for (const w of batch) {
      let whole = inFull.get(w.sessionId);
      if (whole === undefined) inFull.set(w.sessionId, (whole = watched(w.sessionId)));
      if (whole) full.push(w);
      else summaries.set(w.sessionId, w.summary); // in commit order: the last one kept is the newest
    }
    return { from, batch: full, ...(summaries.size > 0 ? { summaries: [...summaries.values()] } : {}) };
  }
}

/** One line of commits: its events in append order, one transaction at a time. */
class CommitLane {
  private pending: EventWrite[] = [];
  private pendingSince: number[] = [];
  private running = false;
  /** Events appended and events done (committed, or skipped as already stored), ever. */
  appended = 0;
  done = 0;

  constructor(
    private readonly store: Store,
    private readonly hooks: EventLogHooks,
    private readonly processId: string | undefined,
    private readonly onCommitted: (written: EventWrite[]) => void,
  ) {}

  append(write: EventWrite): void {
    this.pending.push(write);
    this.pendingSince.push(performance.now());
    this.appended++;
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
  }

  get backlog(): number {
    return this.pending.length;
  }

  get oldestWaitMs(): number {
    const first = this.pendingSince[0];
    return first === undefined ? 0 : performance.now() - first;
  }

  /**
   * Writes a batch; returns what was written (all of it, unless some events were already stored or had to be repaired).
   */
  private async write(batch: EventWrite[]): Promise<EventWrite[]> {
    try {
      await this.store.appendEvents(batch, this.processId);
      return batch;
    } catch (err) {
      if (!isPermanent(err)) throw err;
      // Something in the batch can never be stored as it is (already stored, or data the database refuses):
      // the rest must not wait for it. Write one by one and deal with that one alone.
      this.hooks.onError?.(err, 0);
      return this.appendOneByOne(batch);
    }
  }

  /** Writes each event alone; duplicates are left out, refused data is repaired, outages go to the retry loop. */
  private async appendOneByOne(batch: readonly EventWrite[]): Promise<EventWrite[]> {
    const written: EventWrite[] = [];
    for (const w of batch) {
      try {
        await this.store.appendEvents([w], this.processId);
        written.push(w);
      } catch (err) {
        if (!isPermanent(err)) throw err;
        if (isDuplicate(err)) continue;
        written.push(await this.repair(w, err));
      }
    }
    return written;
  }

  /**
   * An event whose data the store refuses: cleaned of invalid text, else a note in its place (its seq kept, so clients
   * see no gap).
   */
  private async repair(w: EventWrite, err: unknown): Promise<EventWrite> {
    const cleaned = validDeep(w);
    if (cleaned !== w) {
      try {
        await this.store.appendEvents([cleaned], this.processId);
        this.hooks.onRepaired?.(w, 'cleaned', err);
        return cleaned;
      } catch (again) {
        if (!isPermanent(again)) throw again;
      }
    }
    const { seq, at } = w.event;
    const note: SessionEvent = {
      type: 'system',
      seq,
      at,
      lineId: `unstorable-${seq}`,
      kind: 'error',
      text: 'An event of this session could not be stored',
    };
    const replaced: EventWrite = { ...w, event: note, summary: { ...validDeep(w.summary), seq } };
    await this.store.appendEvents([replaced], this.processId);
    this.hooks.onRepaired?.(w, 'replaced', err);
    return replaced;
  }

  private async drain(): Promise<void> {
    let attempt = 0;
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, MAX_BATCH);
      let committed: EventWrite[];
      try {
        committed = await this.write(batch);
      } catch (err) {
        // Keep the events and retry: a transcript line is never dropped because the database hiccuped.
        attempt++;
        this.hooks.onError?.(err, attempt);
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** Math.min(attempt, 6))));
        continue;
      }
      attempt = 0;
      this.pending.splice(0, batch.length);
      const since = this.pendingSince.splice(0, batch.length);
      if (this.hooks.onCommit) {
        const now = performance.now();
        this.hooks.onCommit(since.map((t) => now - t));
      }
      this.done += batch.length;
      this.onCommitted(committed);
    }
    this.running = false;
  }
}

/** The lane of a session: a stable hash of its id. */
function laneOf(sessionId: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < sessionId.length; i++) h = (Math.imul(h, 31) + sessionId.charCodeAt(i)) | 0;
  return (h >>> 0) % lanes;
}

/** The row is already there, so writing it again can never succeed. */
function isDuplicate(err: unknown): boolean {
  return err instanceof StoreError && err.reason === 'duplicate';
}

/**
 * A refusal that retrying can never change (data the store cannot take: a NUL in text, an invalid byte
 * sequence, a row too large; or a duplicate). Anything else — a lost connection, a database restarting —
 * is an outage, retried until it passes.
 */
function isPermanent(err: unknown): boolean {
  return err instanceof StoreError;
}
