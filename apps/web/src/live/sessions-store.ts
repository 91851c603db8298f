/**
 * The live sessions list as a projection of the `sessions` topic: snapshot, then upserts and
 * removals. Rows that end fade out briefly before they leave; new rows are stamped so the
 * view can highlight them. Subscribed with a view, the topic sends only the window's rows and
 * the counts: a row that leaves the window (`out_of_view`) goes at once.
 */
import type { SessionsSnapshot, SessionsTopicEvent } from '@livespace/protocol/live';
import type { SessionSummary } from '@livespace/protocol/session';
import type { SessionsCounts } from '@livespace/protocol/sessions-view';
import { TICK_OFFSET_MS } from './use-now';

export interface LiveRow {
  summary: SessionSummary;
  /** When the row appeared after the first snapshot (ms since epoch); null for rows already there. */
  arrivedAt: number | null;
  /** Set when the session ended: the row fades out and is then dropped. */
  leaving: boolean;
}

export interface SessionsView {
  /** False until the first snapshot arrived. */
  ready: boolean;
  /** Longest-running first (new rows join at the end, so rows do not jump), including rows fading out. */
  rows: readonly LiveRow[];
  /** With a view: every live session counted (the rows are only the window); null without one. */
  counts: SessionsCounts | null;
}

/** How long an ended row stays (fading) before it is removed. */
export const LEAVE_MS = 700;
/**
 * A row that appears is highlighted as new only when its session started this recently (not one that scrolled into a
 * window).
 */
const NEW_WITHIN_MS = 10_000;
const MAX_TOMBSTONES = 2000;

export class SessionsStore {
  private readonly rows = new Map<string, LiveRow>();
  /** Removed sessions and the seq they had, so a late, older upsert cannot bring one back. */
  private readonly tombstones = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly leaveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private ready = false;
  private counts: SessionsCounts | null = null;
  private emitQueued = false;
  private view: SessionsView = { ready: false, rows: [], counts: null };

  private lastEmit = -Infinity;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `minEmitMs`: the list is drawn again at most this often (changes meanwhile are gathered): at 1,000 live calls
   * a window's rows change hundreds of times a second, more than anyone reads and more than a tab should redraw.
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly minEmitMs = 0,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): SessionsView => this.view;

  applySnapshot(data: SessionsSnapshot): void {
    const windowed = data.counts !== undefined;
    this.counts = data.counts ?? null;
    const seen = new Set<string>();
    for (const s of data.items ?? []) {
      if (s.state === 'ended') continue;
      seen.add(s.id);
      this.tombstones.delete(s.id);
      const existing = this.rows.get(s.id);
      this.cancelLeave(s.id);
      this.rows.set(s.id, {
        summary: s,
        // After a reconnect, sessions that started while we were away are new to this supervisor.
        arrivedAt:
          existing && !existing.leaving ? existing.arrivedAt : this.ready && this.justStarted(s) ? this.now() : null,
        leaving: false,
      });
    }
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      // A new window (another filter, more rows): rows outside it simply are not shown.
      if (windowed) this.drop(id);
      else if (!row.leaving) this.markLeaving(id, row);
    }
    this.ready = true;
    // A snapshot answers a new view (another filter, more rows): drawn at once, not at the next redraw.
    this.emit(true);
  }

  applyEvent(e: SessionsTopicEvent): void {
    if (e.type === 'upsert') this.upsert(e.summary);
    else if (e.type === 'remove' && e.reason === 'out_of_view') this.drop(e.id);
    else if (e.type === 'remove') this.remove(e.id);
    else if (e.type === 'counts') {
      this.counts = e.counts;
      this.emit();
    }
  }

  /** Forget everything (the server asked for a resync); a snapshot follows. */
  reset(): void {
    for (const t of this.leaveTimers.values()) clearTimeout(t);
    this.leaveTimers.clear();
    this.rows.clear();
    this.ready = false;
    this.counts = null;
    this.emit();
  }

  dispose(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    for (const t of this.leaveTimers.values()) clearTimeout(t);
    this.leaveTimers.clear();
    this.listeners.clear();
  }

  private upsert(s: SessionSummary): void {
    if (s.state === 'ended') {
      this.remove(s.id, s.seq);
      return;
    }
    const tomb = this.tombstones.get(s.id);
    if (tomb !== undefined && s.seq <= tomb) return;
    const existing = this.rows.get(s.id);
    if (existing && !existing.leaving && s.seq < existing.summary.seq) return; // stale
    this.tombstones.delete(s.id);
    this.cancelLeave(s.id);
    this.rows.set(s.id, {
      summary: s,
      arrivedAt: existing && !existing.leaving ? existing.arrivedAt : this.justStarted(s) ? this.now() : null,
      leaving: false,
    });
    this.emit();
  }

  /** A live row that left a view's window: gone at once (no fade; it did not end). */
  private drop(id: string): void {
    this.cancelLeave(id);
    if (this.rows.delete(id)) this.emit();
  }

  private justStarted(s: SessionSummary): boolean {
    return this.now() - Date.parse(s.startedAt) < NEW_WITHIN_MS;
  }

  private remove(id: string, seq?: number): void {
    const row = this.rows.get(id);
    const lastSeq = Math.max(seq ?? 0, row?.summary.seq ?? 0);
    this.tombstones.set(id, Math.max(lastSeq, this.tombstones.get(id) ?? 0));
    if (this.tombstones.size > MAX_TOMBSTONES) {
      const oldest = this.tombstones.keys().next().value;
      if (oldest !== undefined) this.tombstones.delete(oldest);
    }
    if (!row || row.leaving) return;
    this.markLeaving(id, row);
    this.emit();
  }

  private markLeaving(id: string, row: LiveRow): void {
    this.rows.set(id, { ...row, leaving: true });
    this.cancelLeave(id);
    this.leaveTimers.set(
      id,
      setTimeout(() => {
        this.leaveTimers.delete(id);
        const current = this.rows.get(id);
        if (current?.leaving) {
          this.rows.delete(id);
          this.emit();
        }
      }, LEAVE_MS),
    );
  }

  private cancelLeave(id: string): void {
    const t = this.leaveTimers.get(id);
    if (t) clearTimeout(t);
    this.leaveTimers.delete(id);
  }

  /** Coalesces the changes of one WebSocket frame (a batch), and of frames within `minEmitMs`, into one update. */
  private emit(now = false): void {
    if (this.emitQueued && !(now && this.emitTimer)) return;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.emitQueued = true;
    const wait = now ? 0 : this.lastEmit + this.minEmitMs - performance.now();
    if (wait > 0) this.emitTimer = setTimeout(() => this.publish(), this.onTick(wait));
    else queueMicrotask(() => this.publish());
  }

  /**
   * A wait of about `wait` ms or more that ends on a multiple of `minEmitMs` of the wall clock (as the one-second clock
   * of use-now does): under load the list redraws on the quarter seconds, in the same frames as the durations' tick.
   */
  private onTick(wait: number): number {
    const t = this.now();
    // A timer fires a little late: the tick just after `wait` counts as on time (else every other tick is skipped).
    const slack = this.minEmitMs / 5;
    const at = Math.ceil((t + wait - TICK_OFFSET_MS - slack) / this.minEmitMs) * this.minEmitMs + TICK_OFFSET_MS;
    return Math.max(0, at - t);
  }

  private publish(): void {
    this.emitQueued = false;
    this.emitTimer = null;
    this.lastEmit = performance.now();
    const rows = [...this.rows.values()].sort(byStart);
    this.view = { ready: this.ready, rows, counts: this.counts };
    for (const l of this.listeners) l();
  }
}

function byStart(a: LiveRow, b: LiveRow): number {
  const d = Date.parse(a.summary.startedAt) - Date.parse(b.summary.startedAt);
  return d !== 0 ? d : a.summary.id < b.summary.id ? -1 : 1;
}
