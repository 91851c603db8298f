/** The `sessions` topic: live summaries, bursts coalesced per session, a ring of recent events for `since`. */
import type { SessionSummary, SessionsTopicEvent } from '@livespace/protocol';

export interface SessionsTopicOptions {
  /** How many recent events are kept for clients resuming with `since`. */
  ringSize: number;
}

export class SessionsTopic {
  private readonly live = new Map<string, SessionSummary>();
  private readonly dirty = new Map<string, SessionsTopicEvent>();
  private readonly ring: Array<{ seq: number; encoded: string }> = [];
  seq = 0;

  constructor(private readonly opts: SessionsTopicOptions) {}

  /** Loads the live sessions known at start. */
  load(items: SessionSummary[]): void {
    for (const s of items) this.live.set(s.id, s);
  }

  /** Takes the newest summary of a session; only the last one per flush window is sent. */
  update(s: SessionSummary): void {
    const known = this.live.get(s.id);
    if (known && known.seq >= s.seq) return;
    if (s.state === 'ended') {
      if (!known && !this.dirty.has(s.id)) return;
      this.live.delete(s.id);
      this.dirty.set(s.id, { type: 'remove', id: s.id, reason: s.endReason ?? 'ended' });
    } else {
      this.live.set(s.id, s);
      this.dirty.set(s.id, { type: 'upsert', summary: s });
    }
  }

  /** Turns the coalesced changes into numbered, encoded events (also kept in the ring). */
  drain(): Array<{ seq: number; encoded: string }> {
    if (this.dirty.size === 0) return [];
    const out: Array<{ seq: number; encoded: string }> = [];
    for (const event of this.dirty.values()) {
      const seq = ++this.seq;
      out.push({ seq, encoded: JSON.stringify({ type: 'event', topic: 'sessions', seq, event }) });
    }
    this.dirty.clear();
    this.ring.push(...out);
    if (this.ring.length > this.opts.ringSize) this.ring.splice(0, this.ring.length - this.opts.ringSize);
    return out;
  }

  snapshot(): { seq: number; items: SessionSummary[] } {
    return { seq: this.seq, items: [...this.live.values()] };
  }

  /** Events after `since`, or null when the ring no longer reaches back that far (or `since` is from another run). */
  since(since: number): Array<{ seq: number; encoded: string }> | null {
    if (since > this.seq) return null;
    if (since === this.seq) return [];
    const first = this.ring[0];
    if (!first || first.seq > since + 1) return null;
    return this.ring.slice(since + 1 - first.seq);
  }
}
