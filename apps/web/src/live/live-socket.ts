/**
 * The one WebSocket to `/api/live`: topic subscriptions, ordered delivery, reconnect with backoff,
 * and resume with `since` so that no event is lost or applied twice across reconnects.
 */
import type { ServerMessage } from '@livespace/protocol/live';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** What a subscriber is told about its topic. Calls arrive in server order. */
export interface TopicHandler {
  /** Full state of the topic; replaces whatever the subscriber had. */
  snapshot(data: unknown, seq: number): void;
  /** One event, newer than everything delivered before. */
  event(event: unknown, seq: number): void;
  /** Local state of the topic is void (server asked for a resync); a snapshot follows. */
  reset?(reason: string): void;
  error?(code: string, message: string): void;
}

/**
 * Sees what every topic's subscriber is given, after the same checks (for the alerts: they follow the sessions the
 * screens already hold, as the socket keeps one subscription per topic). An observer that throws breaks nothing else.
 */
export interface TopicObserver {
  snapshot?(topic: string, data: unknown): void;
  event?(topic: string, event: unknown): void;
  /** What the topic gave is void: a resync (a snapshot follows), or its subscriber left. */
  cleared?(topic: string): void;
}

export interface SubscribeOptions {
  /**
   * Resume after a reconnect with `since` = the last applied seq (transcripts), instead of
   * asking for a fresh snapshot (the sessions list, where a snapshot is cheap).
   */
  resume: boolean;
  /** Drop events whose topic seq is at or below the last one applied. */
  dedupeBySeq: boolean;
  /**
   * `sessions` only: the filters and window to be sent (see `SessionsView`); the server sends only those rows and the
   * counts.
   */
  view?: object;
}

interface Topic {
  name: string;
  handler: TopicHandler;
  opts: SubscribeOptions;
  /** Seq of the last snapshot or event applied; null before the first snapshot. */
  lastSeq: number | null;
  /** False while a snapshot is awaited: events before it are already part of it. */
  ready: boolean;
}

export interface LiveSocketOptions {
  token: string;
  /** Base URL, e.g. `ws://host`; defaults to this page's host. */
  baseUrl?: string;
  /** Called when connecting keeps failing: the app checks whether the token is still valid. */
  onConnectFailed?: () => void;
  /** Called on an `unauthorized` error from the server. */
  onUnauthorized?: () => void;
  /** Called when the server closed because this user's role, queues or name changed (4409); the socket reconnects. */
  onAccountChanged?: () => void;
}

/** Counters and a short log of what was sent, for the browser tests and for debugging. */
export interface LiveSocketStats {
  connects: number;
  frames: number;
  snapshots: number;
  /** Resumes the server accepted (`subscribed` after a subscribe with `since`). */
  resumed: number;
  events: number;
  duplicatesIgnored: number;
  /** Transcript events missing in the middle (a seq jump), asked for again. */
  gapsRepaired: number;
  resyncs: number;
  sent: string[];
}

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 5000;
const PING_EVERY_MS = 15_000;
/** No frame at all (not even a pong) for this long: the connection is dead, reconnect. */
const SILENCE_LIMIT_MS = 40_000;

export class LiveSocket {
  private ws: WebSocket | null = null;
  private readonly topics = new Map<string, Topic>();
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly observers = new Set<TopicObserver>();
  private statusValue: ConnectionStatus = 'connecting';
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private closed = false;
  /** Set by the test hook: stay disconnected until released. */
  private held = false;
  readonly stats: LiveSocketStats = {
    connects: 0,
    frames: 0,
    snapshots: 0,
    resumed: 0,
    events: 0,
    duplicatesIgnored: 0,
    gapsRepaired: 0,
    resyncs: 0,
    sent: [],
  };

  constructor(private readonly opts: LiveSocketOptions) {
    this.connect();
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  onStatus(listener: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Subscribes to a topic (replacing an earlier handler of it); returns the unsubscribe function. */
  subscribe(name: string, handler: TopicHandler, opts: SubscribeOptions): () => void {
    const topic: Topic = { name, handler, opts, lastSeq: null, ready: false };
    this.topics.set(name, topic);
    this.sendSubscribe(topic, false);
    return () => {
      if (this.topics.get(name) !== topic) return;
      this.topics.delete(name);
      this.send({ type: 'unsubscribe', topic: name });
      this.tell((o) => o.cleared?.(name));
    };
  }

  /** Adds an observer of every topic (see TopicObserver); returns the function that removes it. */
  observe(observer: TopicObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private tell(call: (o: TopicObserver) => void): void {
    for (const o of this.observers) {
      try {
        call(o);
      } catch {
        // An observer's failure is its own: the subscribers still get everything.
      }
    }
  }

  /** Shows another view of a topic (`sessions`): a new snapshot follows, and events until then are dropped. */
  setView(name: string, view: object): void {
    const topic = this.topics.get(name);
    if (!topic) return;
    topic.opts = { ...topic.opts, view };
    this.sendSubscribe(topic, false);
  }

  /** Stops for good (sign-out). */
  close(): void {
    this.closed = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      detach(ws);
      ws.close(1000, 'bye');
    }
    this.setStatus('closed');
  }

  /** Test hook: drops the connection as a network failure would. With `hold`, stays down until `resume()`. */
  dropConnection(hold = false): void {
    this.held = hold;
    const ws = this.ws;
    if (ws) {
      // Detach first: nothing that arrives on the dying socket may be applied.
      detach(ws);
      ws.close(4000, 'dropped');
      this.onClosed(ws);
    }
  }

  /** Test hook: ends a `dropConnection(true)` and reconnects at once. */
  resume(): void {
    this.held = false;
    if (!this.ws && !this.closed) {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.connect();
    }
  }

  private url(): string {
    const base = this.opts.baseUrl ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
    return `${base}/api/live?token=${encodeURIComponent(this.opts.token)}&batch=1`;
  }

  private connect(): void {
    if (this.closed || this.held) return;
    this.setStatus(this.stats.connects === 0 && this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect(false);
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      opened = true;
      this.attempt = 0;
      this.stats.connects++;
      this.lastFrameAt = Date.now();
      this.setStatus('live');
      for (const topic of this.topics.values()) this.sendSubscribe(topic, true);
      this.startHeartbeat();
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (this.ws !== ws) return;
      this.lastFrameAt = Date.now();
      this.stats.frames++;
      this.onFrame(ev.data);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      // The login ended (signed out elsewhere, expired): no reconnecting, back to the login page.
      if (ev.code === 4401) {
        this.close();
        this.opts.onUnauthorized?.();
        return;
      }
      // Still signed in, as someone a little different: the app reads who it is; the socket comes back at once.
      if (ev.code === 4409) {
        this.opts.onAccountChanged?.();
        this.attempt = 0;
      }
      this.onClosed(ws, opened);
    };
    ws.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
  }

  private onClosed(ws: WebSocket, opened = true): void {
    if (this.ws !== ws) return;
    this.ws = null;
    this.stopHeartbeat();
    if (this.closed) return;
    this.scheduleReconnect(opened);
  }

  private scheduleReconnect(wasOpen: boolean): void {
    this.setStatus('reconnecting');
    if (!wasOpen && this.attempt >= 1) this.opts.onConnectFailed?.();
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    if (this.held) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private sendSubscribe(topic: Topic, reconnecting: boolean): void {
    const since = reconnecting && topic.opts.resume && topic.lastSeq !== null ? topic.lastSeq : undefined;
    if (since === undefined) topic.ready = false;
    if (since !== undefined) this.send({ type: 'subscribe', topic: topic.name, since });
    else if (topic.opts.view) this.send({ type: 'subscribe', topic: topic.name, view: topic.opts.view });
    else this.send({ type: 'subscribe', topic: topic.name });
  }

  private send(msg: object): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return; // (re)sent on open
    const text = JSON.stringify(msg);
    ws.send(text);
    if ((msg as { type?: string }).type !== 'ping') {
      this.stats.sent.push(text);
      if (this.stats.sent.length > 50) this.stats.sent.shift();
    }
  }

  private onFrame(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return;
    }
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    for (const m of messages) {
      if (m && typeof m === 'object') this.onMessage(m as ServerMessage);
    }
  }

  private onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'snapshot': {
        const topic = this.topics.get(m.topic);
        if (!topic) return;
        topic.lastSeq = m.seq;
        topic.ready = true;
        this.stats.snapshots++;
        topic.handler.snapshot(m.data, m.seq);
        this.tell((o) => o.snapshot?.(m.topic, m.data));
        return;
      }
      case 'event': {
        const topic = this.topics.get(m.topic);
        if (!topic || !topic.ready) return;
        if (topic.opts.dedupeBySeq && topic.lastSeq !== null && m.seq <= topic.lastSeq) {
          this.stats.duplicatesIgnored++;
          return;
        }
        // A transcript's events come one seq after another: a jump means some never arrived (a server
        // process lost them on the way). Ask again from the last one applied; the server re-sends from the store.
        if (topic.opts.resume && topic.lastSeq !== null && m.seq > topic.lastSeq + 1) {
          this.stats.gapsRepaired++;
          topic.ready = false;
          this.send({ type: 'subscribe', topic: topic.name, since: topic.lastSeq });
          return;
        }
        topic.lastSeq = topic.lastSeq === null ? m.seq : Math.max(topic.lastSeq, m.seq);
        this.stats.events++;
        topic.handler.event(m.event, m.seq);
        this.tell((o) => o.event?.(m.topic, m.event));
        return;
      }
      case 'subscribed': {
        const topic = this.topics.get(m.topic);
        if (topic) topic.ready = true;
        this.stats.resumed++;
        return;
      }
      case 'resync': {
        const topic = this.topics.get(m.topic);
        if (!topic) return;
        this.stats.resyncs++;
        topic.lastSeq = null;
        topic.handler.reset?.(m.reason);
        this.tell((o) => o.cleared?.(m.topic));
        this.sendSubscribe(topic, false);
        return;
      }
      case 'error': {
        if (m.code === 'unauthorized') {
          this.opts.onUnauthorized?.();
          return;
        }
        const topic = m.topic ? this.topics.get(m.topic) : undefined;
        topic?.handler.error?.(m.code, m.message);
        return;
      }
      case 'pong':
      case 'unsubscribed':
        return;
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.pingTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws) return;
      if (Date.now() - this.lastFrameAt > SILENCE_LIMIT_MS) {
        detach(ws);
        ws.close(4000, 'silent');
        this.onClosed(ws);
        return;
      }
      this.send({ type: 'ping' });
    }, PING_EVERY_MS);
  }

  private stopHeartbeat(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private clearTimers(): void {
    this.stopHeartbeat();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setStatus(s: ConnectionStatus): void {
    if (s === this.statusValue) return;
    this.statusValue = s;
    for (const l of this.statusListeners) l(s);
  }
}

function detach(ws: WebSocket): void {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = null;
}
