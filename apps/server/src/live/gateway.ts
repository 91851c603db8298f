/**
 * Live gateway: committed session events from the bus → subscribed WebSocket clients, snapshot first, then in order.
 */
import type { WebSocket } from 'ws';
import {
  applyToSummary,
  ClientMessage,
  detailFromEvents,
  may,
  sessionIdOfTopic,
  type HumanAgentPresence,
  type SessionsView,
  type Conversation,
  type Campaign,
  type CampaignsTopicEvent,
  type Escalation,
  type EscalationInfo,
  type EscalationsTopicEvent,
  type PresenceTopicEvent,
  type QueueStats,
  type QueuesTopicEvent,
  type ServerMessage,
  type SessionDetail,
  type SessionEvent,
  type SessionSummary,
} from '@livespace/protocol';
import {
  CALLBACKS_CHANNEL,
  CAMPAIGNS_CHANNEL,
  mayReadSession,
  PRESENCE_CHANNEL,
  SESSION_EVENTS_CHANNEL,
  subscribe,
  type Bus,
  type EventWrite,
  type Store,
  type UserRecord,
} from '@livespace/app';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import { LiveClient, SharedChunk, type ClientLimits, type FrameCache } from './live-client';
import { SessionsTopic } from './sessions-topic';
import { SessionsViews } from './sessions-views';
import { KeyedTopic } from './keyed-topic';
import { CallbacksTopic } from './callbacks-topic';
import { ConversationsTopic } from './conversations-topic';

export interface GatewayOptions extends ClientLimits {
  /**
   * Each client's pending messages go out together, at most this often; the `sessions` topic coalesces each session's
   * changes over the same tick.
   */
  flushMs: number;
  ringSize: number;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  flushMs: 10,
  ringSize: 20_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxOutbox: 50_000,
};

/** Close code for a client that fell too far behind; it reconnects with `since` and loses nothing. */
export const SLOW_CLIENT_CLOSE = 4008;
/**
 * Close code when the login ended (signed out, expired, password reset, user disabled): the app goes to the login page.
 */
const SIGNED_OUT_CLOSE = 4401;
/** Close code when the user's role, queues or name changed: the app reads who it is again and reconnects. */
const ACCOUNT_CHANGED_CLOSE = 4409;

/** The login a WebSocket was opened with: its token's hash and when it expires. */
export interface LiveLogin {
  tokenHash: string;
  expiresAt: Date;
}

export class LiveGateway {
  private readonly clients = new Set<LiveClient>();
  /** Sessions whose missed events are being read from the store: their newer events wait here, in order. */
  private readonly repairing = new Map<string, EventWrite[]>();
  /**
   * The newest seq delivered of each session (kept a minute after it ended): what a late or repeated event is checked
   * against.
   */
  private readonly delivered = new Map<string, number>();
  /**
   * The seq of the newest summary the lists show of each session (kept a minute after it ended): older ones are not
   * applied.
   */
  private readonly listed = new Map<string, number>();
  /** Sessions whose repair must run again when the one running ends (they moved on meanwhile). */
  private readonly repairAgain = new Set<string>();
  /** The login each client connected with, and the timer that closes it when the login expires. */
  private readonly logins = new Map<LiveClient, { tokenHash: string; expiry: NodeJS.Timeout }>();
  private readonly subscribers = new Map<string, Set<LiveClient>>();
  /**
   * This tick's events of each `session:<id>` topic, shared by its watchers: each member's outbox holds the chunk
   * once, and every client with the same topics gets the same frame. A member's value: its `ownPushes` when it joined
   * (once it got a message of its own, later events go to it on their own, so its order holds).
   */
  private readonly ticking = new Map<string, { chunk: SharedChunk; members: Map<LiveClient, number> }>();
  private readonly sessions: SessionsTopic;
  /** `sessions` clients that asked for a view: only their window's rows and the counts. */
  private readonly sessionsViews: SessionsViews;
  /**
   * Waiting and claimed escalations (from the sessions' summaries), agents' presence (from the bus), queue figures (set
   * by the server).
   */
  private readonly escalations: KeyedTopic<Escalation>;
  private readonly presence: KeyedTopic<HumanAgentPresence>;
  private readonly queues: KeyedTopic<QueueStats>;
  /** Scheduled callbacks: open ones and the latest finished (from the bus). */
  private readonly callbacks: CallbacksTopic;
  /** Campaigns with their progress (from the bus, counted by the process that changed them). */
  private readonly campaigns: KeyedTopic<Campaign>;
  private readonly conversations: ConversationsTopic;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: Array<() => Promise<void>> = [];
  /** Called when an escalation (with it) or a presence (without) changed: the queue figures follow. */
  onQueuesMoved: (escalation?: EscalationInfo) => void = () => {};
  /** Called when a user's WebSocket connects (a human agent shown offline comes back to their chosen status). */
  onUserConnected: (user: UserRecord) => void = () => {};
  /** Called with every session a client of this process watches (`session:<id>`), when that set changes. */
  onWatchingChanged: (sessionIds: string[]) => void = () => {};
  /** Adds to a session's snapshot what is kept beside its events (its recording). */
  decorateDetail: ((detail: SessionDetail) => Promise<void>) | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly opts: GatewayOptions = DEFAULT_GATEWAY_OPTIONS,
  ) {
    this.sessions = new SessionsTopic({ ringSize: opts.ringSize });
    this.sessionsViews = new SessionsViews(() => this.sessions.snapshot().items);
    this.escalations = new KeyedTopic('escalations', { ringSize: opts.ringSize });
    this.presence = new KeyedTopic('presence', { ringSize: 5000 });
    this.queues = new KeyedTopic('queues', { ringSize: 5000 });
    this.callbacks = new CallbacksTopic({ ringSize: 5000 });
    this.campaigns = new KeyedTopic('campaigns', { ringSize: 5000 });
    this.conversations = new ConversationsTopic({ ringSize: opts.ringSize });
  }

  /**
   * Starts taking events: this process's own come through `deliver` (from its event log, at once), the
   * other processes' over the bus (`localNode`: this process, whose own batches on the bus are skipped).
   */
  async start(localNode = ''): Promise<void> {
    this.unsubscribe.push(
      await subscribe(this.bus, SESSION_EVENTS_CHANNEL, (msg) => {
        if (msg.from === localNode && localNode !== '') return;
        this.onRemote(msg.batch);
        if (msg.summaries) this.onRemoteSummaries(msg.summaries);
      }),
    );
    // Back from a bus outage: what was published while this process was not subscribed is read from the store.
    this.bus.onReconnect?.(
      () =>
        void this.reconcile().catch((err: unknown) =>
          this.log.error({ err }, 'catching up after the bus came back failed'),
        ),
    );
    this.unsubscribe.push(await subscribe(this.bus, PRESENCE_CHANNEL, (m) => this.onPresence(m)));
    this.unsubscribe.push(await subscribe(this.bus, CALLBACKS_CHANNEL, (m) => this.callbacks.upsert(m)));
    for (const c of await this.store.listCallbacks()) this.callbacks.upsert(c);
    this.callbacks.drain();
    this.unsubscribe.push(await subscribe(this.bus, CAMPAIGNS_CHANNEL, (m) => this.onCampaign(m)));
    for (const c of await this.store.listCampaigns()) this.onCampaign(c);
    this.campaigns.drain();
    const live = await this.store.listSessions({ live: true });
    this.sessions.load(live);
    for (const s of live) {
      this.trackEscalation(s);
      this.conversations.update(s);
    }
    this.conversations.drain();
    for (const r of await this.store.listEscalations(['waiting', 'claimed'])) {
      if (!this.escalations.has(r.id)) this.escalations.set(r.id, { ...r, lastLine: null }, null);
    }
    for (const p of await this.store.listPresence()) this.onPresence(p);
    this.presence.drain();
    this.escalations.drain();
    this.timers.push(setInterval(() => this.flush(), this.opts.flushMs));
  }

  /** An open (waiting or claimed) escalation as this process sees it now, from the committed events. */
  openEscalation(id: string): Escalation | undefined {
    return this.escalations.get(id);
  }

  /** Live WhatsApp and SMS conversations as this process sees them now; with `attention`, those that need a person. */
  liveConversations(attention: boolean): Conversation[] {
    return this.conversations.list(attention);
  }

  /** Every human agent's presence as this process sees it now. */
  allPresence(): HumanAgentPresence[] {
    return this.presence.snapshot().items;
  }

  /** A human agent's presence as this process sees it now. */
  presenceOf(userId: string): HumanAgentPresence | undefined {
    return this.presence.get(userId);
  }

  /** Users with a live connection to this process (their presence is kept fresh). */
  connectedUserIds(): string[] {
    return [...new Set([...this.clients].map((c) => c.user.id))];
  }

  /** New queue figures: changed queues go out at the next tick. */
  setQueues(stats: readonly QueueStats[]): void {
    for (const q of stats) {
      const known = this.queues.get(q.name);
      if (known && JSON.stringify(known) === JSON.stringify(q)) continue;
      this.queues.set(q.name, q, { type: 'upsert', queue: q } satisfies QueuesTopicEvent);
    }
  }

  private onCampaign(c: Campaign): void {
    const known = this.campaigns.get(c.id);
    if (known && JSON.stringify(known) === JSON.stringify(c)) return;
    this.campaigns.set(c.id, c, { type: 'upsert', campaign: c } satisfies CampaignsTopicEvent);
  }

  /**
   * A user's account changed: their presence is read again (a disabled user, or one no longer an agent, leaves the
   * topic).
   */
  async accountChanged(userId: string): Promise<void> {
    const p = await this.store.getPresence(userId);
    if (p) this.onPresence(p);
    else if (this.presence.get(userId)) {
      this.presence.remove(userId, { type: 'remove', userId } satisfies PresenceTopicEvent);
      this.onQueuesMoved();
    }
  }

  private onPresence(p: HumanAgentPresence): void {
    this.presence.set(p.userId, p, { type: 'upsert', presence: p } satisfies PresenceTopicEvent);
    this.onQueuesMoved();
  }

  /** A summary's escalation, open (waiting, claimed) or not, on the `escalations` topic. */
  private trackEscalation(s: SessionSummary): void {
    const x = s.escalation;
    if (!x) return;
    // A claimed escalation stays after the caller hangs up: its agent still completes it.
    if (x.status === 'waiting' || x.status === 'claimed') {
      const item: Escalation = {
        ...x,
        sessionId: s.id,
        channel: s.channel,
        callerNumber: s.callerNumber,
        agentName: s.agentName,
        lastLine: s.lastLine,
      };
      this.escalations.set(x.id, item, { type: 'upsert', escalation: item } satisfies EscalationsTopicEvent);
    } else {
      this.escalations.remove(x.id, { type: 'remove', id: x.id, status: x.status } satisfies EscalationsTopicEvent);
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const u of this.unsubscribe.splice(0)) await u();
    for (const c of this.clients) c.ws.close(1001, 'server shutting down');
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Takes a new authenticated WebSocket; `login`: the login it came with (closed when that login ends or expires). */
  connect(ws: WebSocket, user: UserRecord, batch: boolean, login: LiveLogin | null = null): void {
    const client = new LiveClient(ws, user, batch, this.opts);
    if (login) {
      // Node's timers hold at most ~24.8 days; a login lives hours.
      const expiry = setTimeout(
        () => this.signOut(client),
        Math.min(2 ** 31 - 1, Math.max(0, login.expiresAt.getTime() - Date.now())),
      );
      expiry.unref();
      this.logins.set(client, { tokenHash: login.tokenHash, expiry });
    }
    this.clients.add(client);
    this.metrics.wsClients.set(this.clients.size);
    this.onUserConnected(user);
    ws.on('message', (data, isBinary) => this.onMessage(client, isBinary ? null : data.toString()));
    ws.on('close', () => this.drop(client));
    ws.on('error', () => this.drop(client));
  }

  /**
   * Logins ended (signed out, password changed): the WebSockets opened with them close now (4401), so nothing more
   * reaches them.
   */
  closeLogins(tokenHashes: Iterable<string>): void {
    const ended = new Set(tokenHashes);
    for (const [client, l] of this.logins) if (ended.has(l.tokenHash)) this.signOut(client);
  }

  /**
   * A user's account changed: every WebSocket of theirs closes — 4401 when their logins ended (disabled,
   * password reset), 4409 when they stay signed in with a new role, queues or name (the app reconnects as they are
   * now).
   */
  closeUser(userId: string, how: 'signed_out' | 'changed'): void {
    for (const client of [...this.clients]) {
      if (client.user.id !== userId) continue;
      if (how === 'signed_out') this.signOut(client);
      else {
        client.ws.close(ACCOUNT_CHANGED_CLOSE, 'account changed');
        this.drop(client);
      }
    }
  }

  /**
   * Closes the WebSockets whose login ended meanwhile without word reaching this process (a bus outage):
   * each distinct login is asked once.
   */
  async recheckLogins(valid: (tokenHash: string) => Promise<boolean>): Promise<void> {
    const distinct = new Set([...this.logins.values()].map((l) => l.tokenHash));
    const ended: string[] = [];
    // a store hiccup is not a sign-out
    for (const hash of distinct) if (!(await valid(hash).catch(() => true))) ended.push(hash);
    this.closeLogins(ended);
  }

  private signOut(client: LiveClient): void {
    client.ws.close(SIGNED_OUT_CLOSE, 'signed out');
    this.drop(client);
  }

  private drop(client: LiveClient): void {
    if (client.closed) return;
    client.closed = true;
    clearTimeout(this.logins.get(client)?.expiry);
    this.logins.delete(client);
    for (const t of client.topics) this.removeSubscriber(t, client);
    this.sessionsViews.leave(client);
    this.clients.delete(client);
    this.metrics.wsClients.set(this.clients.size);
  }

  private reply(client: LiveClient, msg: ServerMessage): void {
    if (!client.send(msg)) this.tooSlow(client);
  }

  private onMessage(client: LiveClient, text: string | null): void {
    let raw: unknown;
    try {
      raw = text === null ? undefined : JSON.parse(text);
    } catch {
      return this.reply(client, { type: 'error', code: 'malformed_message', message: 'Messages must be JSON text' });
    }
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) {
      return this.reply(client, {
        type: 'error',
        code: 'invalid_message',
        message: parsed.error.issues[0]?.message ?? 'invalid message',
      });
    }
    const msg = parsed.data;
    if (msg.type === 'ping') return this.reply(client, { type: 'pong' });
    if (msg.type === 'unsubscribe') {
      this.unsubscribeTopic(client, msg.topic);
      return this.reply(client, { type: 'unsubscribed', topic: msg.topic });
    }
    if (msg.view && msg.topic !== 'sessions') {
      return this.reply(client, {
        type: 'error',
        topic: msg.topic,
        code: 'invalid_message',
        message: 'Only the sessions topic takes a view',
      });
    }
    void this.subscribe(client, msg.topic, msg.since, msg.view).catch((err: unknown) => {
      this.log.error({ err, topic: msg.topic }, 'subscribe failed');
      this.unsubscribeTopic(client, msg.topic);
      this.reply(client, {
        type: 'error',
        topic: msg.topic,
        code: 'internal',
        message: 'Could not load the topic; try again',
      });
    });
  }

  private unsubscribeTopic(client: LiveClient, topic: string): void {
    const tick = this.ticking.get(topic);
    // What it has of this tick's events stays; what comes after its leaving does not.
    if (tick?.members.delete(client)) client.freeze(tick.chunk);
    client.topics.delete(topic);
    client.loading.delete(topic);
    this.removeSubscriber(topic, client);
    if (topic === 'sessions') this.sessionsViews.leave(client);
  }

  private async subscribe(
    client: LiveClient,
    topic: string,
    since: number | undefined,
    view?: SessionsView,
  ): Promise<void> {
    if (client.topics.has(topic)) this.unsubscribeTopic(client, topic);
    if (topic === 'sessions' && view) {
      client.topics.add(topic);
      const snap = this.sessionsViews.join(client, view);
      return this.reply(client, { type: 'snapshot', topic, seq: snap.seq, data: snap.data });
    }
    if (topic === 'sessions') return this.subscribeKeyed(client, this.sessions, since);
    if (topic === 'escalations') return this.subscribeKeyed(client, this.escalations, since);
    if (topic === 'presence') return this.subscribeKeyed(client, this.presence, since);
    if (topic === 'queues') return this.subscribeKeyed(client, this.queues, since);
    if (topic === 'callbacks') return this.subscribeKeyed(client, this.callbacks, since);
    if (topic === 'campaigns') return this.subscribeKeyed(client, this.campaigns, since);
    if (topic === 'conversations') return this.subscribeKeyed(client, this.conversations, since);
    const sessionId = sessionIdOfTopic(topic);
    if (!sessionId) {
      return this.reply(client, { type: 'error', topic, code: 'unknown_topic', message: `Unknown topic ${topic}` });
    }
    const pending: Array<{ seq: number; encoded: string }> = [];
    client.topics.add(topic);
    client.loading.set(topic, pending);
    // Who may not read every session (a human agent) reads this one only when live or handled by them.
    if (!may(client.user.role, 'sessions.read')) {
      const allowed = await mayReadSession(this.store, client.user, sessionId);
      // An unsubscribe while that was checked, or a later subscribe to the same topic, ends this one.
      if (client.closed || client.loading.get(topic) !== pending) return;
      if (!allowed) {
        this.unsubscribeTopic(client, topic);
        return this.reply(client, {
          type: 'error',
          topic,
          code: 'forbidden',
          message: 'Human agents read live sessions and, once ended, only those they handled',
        });
      }
    }
    // Register before reading the store: whatever is published meanwhile waits in `loading` and is de-duplicated by
    // seq.
    const first = !this.subscribers.get(topic)?.size;
    this.addSubscriber(topic, client);
    const events = await this.store.sessionEvents(sessionId, since ?? 0);
    if (client.closed || client.loading.get(topic) === undefined) return;
    let last: number;
    if (since !== undefined) {
      if (events.length === 0 && !(await this.store.getSession(sessionId))) return this.notFound(client, topic);
      this.reply(client, { type: 'subscribed', topic, since });
      for (const e of events) this.reply(client, { type: 'event', topic, seq: e.seq, event: e });
      last = events.at(-1)?.seq ?? since;
    } else {
      const detail = detailFromEvents(events);
      if (!detail) return this.notFound(client, topic);
      await this.decorateDetail?.(detail).catch((err: unknown) =>
        this.log.warn({ err, sessionId }, "reading the session's recording failed"),
      );
      if (client.closed || client.loading.get(topic) === undefined) return;
      this.reply(client, { type: 'snapshot', topic, seq: detail.seq, data: detail });
      last = detail.seq;
    }
    // The first watcher here: what it read is what this process has delivered of the session (its events came as
    // summaries while nobody here watched), so the next events are checked against it.
    if (first) this.delivered.set(sessionId, Math.max(this.delivered.get(sessionId) ?? 0, last));
    const waiting = client.loading.get(topic) ?? [];
    client.loading.delete(topic);
    for (const w of waiting) if (w.seq > last && !client.push(w.encoded)) return this.tooSlow(client);
  }

  private notFound(client: LiveClient, topic: string): void {
    this.unsubscribeTopic(client, topic);
    this.reply(client, { type: 'error', topic, code: 'not_found', message: 'No such session' });
  }

  /** A collection topic: what was missed since `since` when the ring still has it, else a snapshot. */
  private subscribeKeyed(client: LiveClient, topic: KeyedTopic<unknown>, since: number | undefined): void {
    client.topics.add(topic.name);
    this.addSubscriber(topic.name, client);
    const missed = since === undefined ? null : topic.since(since);
    if (missed) {
      this.reply(client, { type: 'subscribed', topic: topic.name, since: since! });
      for (const m of missed) if (!client.push(m.encoded)) return this.tooSlow(client);
      return;
    }
    const snap = topic.snapshot();
    this.reply(client, { type: 'snapshot', topic: topic.name, seq: snap.seq, data: { items: snap.items } });
  }

  private addSubscriber(topic: string, client: LiveClient): void {
    let set = this.subscribers.get(topic);
    if (!set) this.subscribers.set(topic, (set = new Set()));
    set.add(client);
    if (set.size === 1 && sessionIdOfTopic(topic)) this.watchingChanged();
  }

  private removeSubscriber(topic: string, client: LiveClient): void {
    const set = this.subscribers.get(topic);
    if (!set?.delete(client) || set.size > 0) return;
    this.subscribers.delete(topic);
    if (sessionIdOfTopic(topic)) this.watchingChanged();
  }

  private watchingChanged(): void {
    const ids: string[] = [];
    for (const [topic, set] of this.subscribers) {
      const id = sessionIdOfTopic(topic);
      if (id && set.size > 0) ids.push(id);
    }
    this.onWatchingChanged(ids);
  }

  /** Whether a client of this process watches the session. */
  private watched(sessionId: string): boolean {
    return (this.subscribers.get(`session:${sessionId}`)?.size ?? 0) > 0;
  }

  /**
   * Another process's batch. A session whose events jump a seq lost some on the way (published while this
   * process was not subscribed, in a bus outage): its missed events are read from the store and delivered
   * first, and its later ones wait for them, so every client's stream stays gap-free and in order.
   */
  private onRemote(batch: EventWrite[]): void {
    const ready: EventWrite[] = [];
    for (const w of batch) {
      const held = this.repairing.get(w.sessionId);
      if (held) {
        held.push(w);
        continue;
      }
      // Nobody here watches it (its owner has not heard yet): the lists take the summary; the events are not needed.
      if (!this.watched(w.sessionId)) {
        this.applySummary(w.summary, w.event.type !== 'line.partial');
        continue;
      }
      const known = this.delivered.get(w.sessionId) ?? this.sessions.get(w.sessionId)?.seq;
      // Already delivered (read from the store while the bus was away, then published again): once is enough.
      if (known !== undefined && w.event.seq <= known) continue;
      if (known !== undefined && w.event.seq > known + 1) {
        this.repairing.set(w.sessionId, [w]);
        void this.repair(w.sessionId, known);
        continue;
      }
      ready.push(w);
    }
    if (ready.length > 0) this.onCommitted(ready);
  }

  /**
   * Other processes' sessions nobody here watches: only their newest summaries came, for the lists. A session a
   * client here does watch (it started watching before its owner heard so) has its missed events read from the store.
   */
  private onRemoteSummaries(summaries: SessionSummary[]): void {
    for (const s of summaries) {
      this.applySummary(s);
      if (this.watched(s.id) && s.seq > (this.delivered.get(s.id) ?? 0)) this.catchUp(s.id);
    }
  }

  /** A session's events this process's watchers lack are read from the store (again, when a repair is running). */
  private catchUp(id: string): void {
    if (this.repairing.has(id)) {
      this.repairAgain.add(id);
      return;
    }
    this.repairing.set(id, []);
    void this.repair(id, this.delivered.get(id) ?? this.listed.get(id) ?? 0);
  }

  /**
   * Delivers a session's events after `known` from the store to its watchers, then what waited for them; the lists
   * take the summary those events lead to (when newer than what they show).
   */
  private async repair(id: string, known: number): Promise<void> {
    let events: SessionEvent[] = [];
    try {
      events = await this.store.sessionEvents(id, known);
    } catch (err) {
      this.log.error({ err, sessionId: id }, 'reading missed session events failed');
    }
    let summary = this.sessions.get(id);
    const topic = `session:${id}`;
    let last = Math.max(known, this.delivered.get(id) ?? 0);
    for (const event of events) {
      if (summary) summary = applyToSummary(summary, event);
      if (event.seq <= last) continue;
      last = event.seq;
      this.toWatchers(topic, event);
    }
    if (last > known) this.delivered.set(id, last);
    if (summary) this.applySummary(summary);
    const held = this.repairing.get(id) ?? [];
    this.repairing.delete(id);
    // What waited goes out after them, as it is: the store had nothing more to fill any gap with.
    const later = held.filter((w) => w.event.seq > last);
    if (later.length > 0) this.onCommitted(later);
    if (this.repairAgain.delete(id)) this.catchUp(id);
  }

  /** After a bus outage: every live session this process shows is compared with the store, and caught up. */
  private async reconcile(): Promise<void> {
    const fresh = new Map((await this.store.listSessions({ live: true })).map((s) => [s.id, s]));
    for (const known of this.sessions.snapshot().items) {
      const now = fresh.get(known.id);
      if (now && now.seq <= known.seq) continue;
      if (!now) {
        // Ended meanwhile: its watchers get the rest of its events; the lists drop it.
        this.catchUp(known.id);
        continue;
      }
      this.applySummary(now);
      if (this.watched(known.id)) this.catchUp(known.id);
    }
    // Sessions that started meanwhile.
    for (const s of fresh.values()) if (!this.sessions.get(s.id)) this.applySummary(s);
  }

  /** A batch this process committed (its event log hands it over at once, whatever the bus is doing). */
  deliver(batch: EventWrite[]): void {
    this.onCommitted(batch);
  }

  /** A committed batch: each event encoded once, queued for its topic's clients; the lists take each summary. */
  private onCommitted(batch: EventWrite[]): void {
    for (const w of batch) {
      this.delivered.set(w.sessionId, Math.max(w.event.seq, this.delivered.get(w.sessionId) ?? 0));
      // An escalation's item changes with the escalation and its preview line, not with every partial word.
      this.applySummary(w.summary, w.event.type !== 'line.partial');
      this.toWatchers(`session:${w.sessionId}`, w.event);
    }
  }

  /** An event to the clients watching its session (those still loading keep it until their snapshot is in). */
  private toWatchers(topic: string, event: SessionEvent): void {
    const subs = this.subscribers.get(topic);
    if (!subs || subs.size === 0) return;
    const encoded = JSON.stringify({ type: 'event', topic, seq: event.seq, event });
    let tick = this.ticking.get(topic);
    if (!tick) this.ticking.set(topic, (tick = { chunk: new SharedChunk([]), members: new Map() }));
    const { chunk, members } = tick;
    const opening = chunk.messages.length === 0;
    for (const c of subs) {
      const waiting = c.loading.get(topic);
      if (waiting) {
        waiting.push({ seq: event.seq, encoded });
        continue;
      }
      const joined = members.get(c);
      let ok: boolean;
      if (joined === c.ownPushes) ok = c.grew();
      else if (joined === undefined && opening) {
        members.set(c, c.ownPushes);
        ok = c.pushShared(chunk) && c.grew();
      } else {
        // It got messages of its own since it joined: what it has of the chunk stays, this and later events follow
        // them.
        if (joined !== undefined) {
          members.delete(c);
          c.freeze(chunk);
        }
        ok = c.push(encoded);
      }
      if (!ok) this.tooSlow(c);
    }
    chunk.messages.push(encoded);
  }

  /**
   * A session's summary, newer than what the lists show: the sessions, conversations and escalations topics and
   * the queue figures follow it. `escalationItem`: whether its escalation's item (with its preview line) is updated.
   */
  private applySummary(s: SessionSummary, escalationItem = true): void {
    if ((this.listed.get(s.id) ?? -1) >= s.seq) return;
    const before = this.sessions.get(s.id)?.escalation;
    this.listed.set(s.id, s.seq);
    if (s.state === 'ended') {
      setTimeout(() => {
        this.listed.delete(s.id);
        this.delivered.delete(s.id);
      }, 60_000).unref();
    }
    this.sessions.update(s);
    this.conversations.update(s);
    const x = s.escalation;
    if (!x) return;
    const moved = !before || before.id !== x.id || before.status !== x.status;
    if (escalationItem || moved) this.trackEscalation(s);
    if (moved) this.onQueuesMoved(x);
  }

  private publishKeyed(topic: KeyedTopic<unknown>): void {
    const events = topic.drain();
    const subs = this.subscribers.get(topic.name);
    if (events.length === 0 || !subs || subs.size === 0) return;
    // Every subscriber gets the same events: join (and for most, encode) them once for all.
    const chunk = new SharedChunk(events.map((e) => topic.encoded(e)));
    for (const c of subs) if (!c.pushShared(chunk)) this.tooSlow(c);
  }

  /** One tick: the collection topics' coalesced changes (and each `sessions` view's), then every client's outbox. */
  private flush(): void {
    const sessionsChanged = this.sessionsViews.size > 0 ? new Map(this.sessions.pending()) : null;
    for (const t of [
      this.sessions,
      this.escalations,
      this.presence,
      this.queues,
      this.callbacks,
      this.campaigns,
      this.conversations,
    ] as KeyedTopic<unknown>[])
      this.publishKeyed(t);
    if (sessionsChanged)
      this.sessionsViews.publish(sessionsChanged, (c, chunk) => {
        if (!c.pushShared(chunk)) this.tooSlow(c);
      });
    const frames: FrameCache = new Map();
    for (const c of this.clients) {
      const n = c.flush(frames);
      if (n < 0) this.tooSlow(c);
      else if (n > 0) this.metrics.wsMessagesSent.inc(n);
    }
    this.ticking.clear();
  }

  /** A slow client never holds the others back: it is closed, and reconnects with `since`. */
  private tooSlow(client: LiveClient): void {
    if (client.closed) return;
    this.metrics.wsSlowDropped.inc();
    this.log.warn({ userId: client.user.id, pending: client.pending }, 'closing slow live client');
    this.drop(client);
    client.ws.close(SLOW_CLIENT_CLOSE, 'too slow; reconnect with since');
    // The close frame queues behind the unsent data; a client that never reads it is cut off.
    setTimeout(() => client.ws.terminate(), 2000).unref();
  }
}
