/**
 * `sessions` subscriptions with a view (filters and a window of the first N rows): each client gets only the rows
 * in its window and the counts, not every change of every live session. Clients with the same view share one
 * group: its window is worked out once a tick and its events encoded once for all of them.
 */
import {
  overallCounts,
  viewWindow,
  type SessionsCounts,
  type SessionsTopicEvent,
  type SessionsView,
  type SessionsWindowSnapshot,
  type SessionSummary,
} from '@livespace/protocol';
import { SharedChunk, type LiveClient } from './live-client';

interface ViewGroup {
  view: SessionsView;
  clients: Set<LiveClient>;
  /** The rows its clients have, as last sent, in list order. */
  window: Map<string, SessionSummary>;
  counts: SessionsCounts;
  countsJson: string;
  seq: number;
  /** With an interval: the changes not sent yet (the latest event of each session), and when they may go. */
  held: Map<string, unknown>;
  dueAt: number;
}

/**
 * A view with an interval sends this long before each multiple of it on the clock: a client on the same clock that
 * draws on those instants (the web app: on the quarter seconds) draws what came in its next frame.
 */
const VIEW_LEAD_MS = 25;

/** When a view with `intervalMs` may send next after `now`. */
export function nextDue(now: number, intervalMs: number): number {
  const at = (Math.floor((now + VIEW_LEAD_MS) / intervalMs) + 1) * intervalMs - VIEW_LEAD_MS;
  return at > now ? at : at + intervalMs;
}

export class SessionsViews {
  private readonly groups = new Map<string, ViewGroup>();
  private readonly groupOf = new Map<LiveClient, string>();

  /** `live`: the live sessions now (read when a new view needs its first window). */
  constructor(private readonly live: () => readonly SessionSummary[]) {}

  get size(): number {
    return this.groupOf.size;
  }

  /** A client starts showing `view` (leaving any view it had); returns the snapshot it is sent. */
  join(client: LiveClient, view: SessionsView): { seq: number; data: SessionsWindowSnapshot } {
    this.leave(client);
    const key = viewKey(view);
    let g = this.groups.get(key);
    if (!g) {
      const w = viewWindow(this.live(), view);
      g = {
        view,
        clients: new Set(),
        window: new Map(w.items.map((s) => [s.id, s])),
        counts: w.counts,
        countsJson: JSON.stringify(w.counts),
        seq: 0,
        held: new Map(),
        dueAt: 0,
      };
      this.groups.set(key, g);
    }
    g.clients.add(client);
    this.groupOf.set(client, key);
    // Exactly what the group's other clients have: the next tick's changes apply to it alike.
    return { seq: g.seq, data: { items: [...g.window.values()], counts: g.counts } };
  }

  leave(client: LiveClient): void {
    const key = this.groupOf.get(client);
    if (key === undefined) return;
    this.groupOf.delete(client);
    const g = this.groups.get(key);
    g?.clients.delete(client);
    if (g && g.clients.size === 0) this.groups.delete(key);
  }

  /**
   * One tick's changes (`changed`: each session that changed or left, with the topic's event for it): every view's
   * window again, and to its clients the rows that entered or changed in it, those that left it, and new counts. A
   * view with an interval holds its changes until it is due. `push` returns false for a client too far behind.
   */
  publish(
    changed: ReadonlyMap<string, unknown>,
    push: (client: LiveClient, chunk: SharedChunk) => void,
    now = Date.now(),
  ): void {
    if (this.groups.size === 0) return;
    let items: readonly SessionSummary[] | null = null;
    let overall: ReturnType<typeof overallCounts> | null = null;
    for (const g of this.groups.values()) {
      let changes = changed;
      const every = g.view.intervalMs;
      if (every !== undefined) {
        for (const [id, e] of changed) g.held.set(id, e);
        if (g.held.size === 0 || now < g.dueAt) continue;
        changes = g.held;
        g.held = new Map();
        g.dueAt = nextDue(now, every);
      } else if (changed.size === 0) continue;
      items ??= this.live();
      overall ??= overallCounts(items);
      this.send(g, changes, viewWindow(items, g.view, overall), push);
    }
  }

  /** To a group's clients, what changed in its window (`w`, now) since they were last sent it. */
  private send(
    g: ViewGroup,
    changed: ReadonlyMap<string, unknown>,
    w: ReturnType<typeof viewWindow>,
    push: (client: LiveClient, chunk: SharedChunk) => void,
  ): void {
    const next = new Map(w.items.map((s) => [s.id, s]));
    const events: SessionsTopicEvent[] = [];
    for (const id of g.window.keys()) {
      if (next.has(id)) continue;
      const left = changed.get(id) as SessionsTopicEvent | undefined;
      events.push(left?.type === 'remove' ? left : { type: 'remove', id, reason: 'out_of_view' });
    }
    for (const [id, s] of next) if (!g.window.has(id) || changed.has(id)) events.push({ type: 'upsert', summary: s });
    const countsJson = JSON.stringify(w.counts);
    if (countsJson !== g.countsJson) events.push({ type: 'counts', counts: w.counts });
    g.window = next;
    g.counts = w.counts;
    g.countsJson = countsJson;
    if (events.length === 0) return;
    const chunk = new SharedChunk(
      events.map((event) => JSON.stringify({ type: 'event', topic: 'sessions', seq: ++g.seq, event })),
    );
    for (const c of g.clients) push(c, chunk);
  }
}

/** The same view whatever order its fields came in. */
function viewKey(v: SessionsView): string {
  return JSON.stringify([
    v.limit,
    v.channel ?? null,
    v.agentId ?? null,
    v.state ?? null,
    v.attention ?? false,
    v.campaignId ?? null,
    v.intervalMs ?? null,
  ]);
}
