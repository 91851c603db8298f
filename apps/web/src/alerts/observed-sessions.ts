/**
 * The live sessions this page already follows, as summaries, for the alerts: the Live Calls rows (`sessions`), the
 * message conversations (`conversations`, which the top bar always holds) and each open session (`session:<id>`: the
 * drawer, the workspace's held calls). Fed by a LiveSocket observer, so the alerts add no subscription of their own
 * (the socket keeps one per topic: a second one would take the screens' place). What a topic's subscriber stops
 * following (it left, or the server asked for a resync) is forgotten with it.
 *
 * Changes are told at most every `minEmitMs`: at a thousand live calls the rows change hundreds of times a second.
 */
import type { Conversation, ConversationsTopicEvent } from '@livespace/protocol/health';
import type { SessionsSnapshot, SessionsTopicEvent } from '@livespace/protocol/live';
import type { SessionEvent, SessionSummary } from '@livespace/protocol/session';
import { applyToSummary } from '@livespace/protocol/transcript';
import type { TopicObserver } from '../live/live-socket';

/** `session:<id>` → id, else null (as the protocol's `sessionIdOfTopic`, whose module brings zod into the page). */
export function sessionIdOfTopic(topic: string): string | null {
  return topic.startsWith('session:') && topic.length > 8 ? topic.slice(8) : null;
}

/** The fields of a summary, copied out of a session's full detail (which its subscriber changes in place). */
function summaryOf(d: SessionSummary): SessionSummary {
  return {
    id: d.id,
    channel: d.channel,
    direction: d.direction,
    agentId: d.agentId,
    agentName: d.agentName,
    callerNumber: d.callerNumber,
    callerName: d.callerName ?? null,
    state: d.state,
    startedAt: d.startedAt,
    endedAt: d.endedAt,
    endReason: d.endReason,
    currentNode: d.currentNode,
    lastLine: d.lastLine,
    takenOverBy: d.takenOverBy ?? null,
    listeners: d.listeners ?? [],
    health: d.health,
    seq: d.seq,
  };
}

export class ObservedSessions implements TopicObserver {
  private readonly rows = new Map<string, SessionSummary>();
  private readonly conversations = new Map<string, SessionSummary>();
  private readonly details = new Map<string, SessionSummary>();
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastEmit = -Infinity;

  constructor(private readonly minEmitMs = 250) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes with every told change: a snapshot value for useSyncExternalStore. */
  getVersion = (): number => this.version;

  /** Every session known, once each (the newest of what the topics said about it). */
  all(): SessionSummary[] {
    const out = new Map<string, SessionSummary>();
    for (const source of [this.rows, this.conversations, this.details]) {
      for (const [id, s] of source) {
        const known = out.get(id);
        if (!known || s.seq > known.seq) out.set(id, s);
      }
    }
    return [...out.values()];
  }

  snapshot(topic: string, data: unknown): void {
    if (topic === 'sessions') {
      this.rows.clear();
      for (const s of (data as SessionsSnapshot | null)?.items ?? []) this.rows.set(s.id, s);
    } else if (topic === 'conversations') {
      this.conversations.clear();
      for (const c of (data as { items?: Conversation[] } | null)?.items ?? [])
        this.conversations.set(c.summary.id, c.summary);
    } else {
      const id = sessionIdOfTopic(topic);
      if (!id || !data) return;
      this.details.set(id, summaryOf(data as SessionSummary));
    }
    this.changed();
  }

  event(topic: string, event: unknown): void {
    if (topic === 'sessions') {
      const e = event as SessionsTopicEvent;
      if (e.type === 'upsert') this.upsert(this.rows, e.summary);
      else if (e.type === 'remove') this.rows.delete(e.id);
      else return;
    } else if (topic === 'conversations') {
      const e = event as ConversationsTopicEvent;
      if (e.type === 'upsert') this.upsert(this.conversations, e.conversation.summary);
      else if (e.type === 'remove') this.conversations.delete(e.id);
      else return;
    } else {
      const id = sessionIdOfTopic(topic);
      const known = id ? this.details.get(id) : undefined;
      const e = event as SessionEvent;
      if (!id || !known || e.seq <= known.seq) return;
      this.details.set(id, applyToSummary(known, e));
    }
    this.changed();
  }

  cleared(topic: string): void {
    if (topic === 'sessions') this.rows.clear();
    else if (topic === 'conversations') this.conversations.clear();
    else {
      const id = sessionIdOfTopic(topic);
      if (!id || !this.details.delete(id)) return;
    }
    this.changed();
  }

  private upsert(map: Map<string, SessionSummary>, s: SessionSummary): void {
    const known = map.get(s.id);
    if (known && s.seq < known.seq) return;
    if (s.state === 'ended') map.delete(s.id);
    else map.set(s.id, s);
  }

  private changed(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastEmit + this.minEmitMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastEmit = Date.now();
      this.version++;
      for (const l of this.listeners) l();
    }, wait);
  }
}
