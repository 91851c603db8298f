/**
 * The Stt port over Deepgram's live streaming API (wss://api.deepgram.com/v1/listen): one WebSocket per
 * call, the caller's μ-law frames sent as binary messages, JSON results back. Interim results become
 * partials; is_final segments add up to the utterance, reported by speech_final or UtteranceEnd. Audio
 * written while (re)connecting is buffered (the last 10 s); a lost connection is reopened with backoff.
 */
import WebSocket from 'ws';
import type { Stt, SttHandlers, SttOptions, SttStream } from '@livespace/app';

export interface DeepgramSttOptions {
  apiKey: string;
  /** Default wss://api.deepgram.com/v1/listen. */
  url?: string;
  /** Default 'nova-2-phonecall'. */
  model?: string;
  /** Silence that ends an utterance on Deepgram's side (default 300 ms). */
  endpointingMs?: number;
  /** A connection not open by then fails and is retried (default 5000 ms). */
  connectTimeoutMs?: number;
  /** A KeepAlive is sent after this long without audio (default 5000 ms; Deepgram hangs up after 10 s). */
  keepAliveMs?: number;
  /**
   * Frames sent per message (default 2: 40 ms). One 20 ms frame per message costs a socket write each:
   * 50 a second per call; two per message halves that for 20 ms more delay before the recogniser.
   */
  framesPerMessage?: number;
}

const DEFAULT_URL = 'wss://api.deepgram.com/v1/listen';
const MAX_BUFFERED_BYTES = 10 * 8000; // 10 s of 8 kHz μ-law
const CLOSE_WAIT_MS = 1500;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;
/** Upgrade statuses that a retry will not fix: the stream gives up after reporting them. */
const PERMANENT_STATUSES = new Set([400, 401, 402, 403, 404]);

export class DeepgramStt implements Stt {
  readonly name = 'deepgram';
  private readonly streams = new Set<DeepgramStream>();
  private closed = false;

  /** Throws on a URL that is not ws:// or wss:// (a configuration error, found at start-up rather than in a call). */
  constructor(private readonly opts: DeepgramSttOptions) {
    const { protocol } = new URL(opts.url ?? DEFAULT_URL);
    if (protocol !== 'ws:' && protocol !== 'wss:')
      throw new Error(`the Deepgram URL must be ws:// or wss://, not ${protocol}`);
  }

  open(handlers: SttHandlers, opts: SttOptions = {}): SttStream {
    if (this.closed) {
      queueMicrotask(() => handlers.onError(new Error('the Deepgram recognizer is closed')));
      return { write() {}, close() {} };
    }
    const url = new URL(this.opts.url ?? DEFAULT_URL);
    const query: Record<string, string> = {
      encoding: 'mulaw',
      sample_rate: '8000',
      channels: '1',
      interim_results: 'true',
      punctuate: 'true',
      smart_format: 'true',
      endpointing: String(this.opts.endpointingMs ?? 300),
      utterance_end_ms: '1000',
      vad_events: 'true',
      model: this.opts.model ?? 'nova-2-phonecall',
      language: opts.language ?? 'en-US',
    };
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const stream: DeepgramStream = new DeepgramStream(url.toString(), this.opts, handlers, () =>
      this.streams.delete(stream),
    );
    this.streams.add(stream);
    return stream;
  }

  /** Ends every open stream (each may still report what was spoken) and waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.streams].map((s) => s.end()));
  }
}

class DeepgramStream implements SttStream {
  private ws: WebSocket | null = null;
  private buffer: Uint8Array[] = [];
  /** Frames waiting to fill the next message (the connection is open). */
  private pending: Uint8Array[] = [];
  private bufferedBytes = 0;
  /** is_final segments of the utterance under way. */
  private segments: string[] = [];
  private lastPartial = '';
  private backoffMs = FIRST_BACKOFF_MS;
  private lastSentAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  /** close() was called: no more audio is taken. */
  private ending = false;
  /** Nothing more is reported. */
  private finished = false;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly url: string,
    private readonly opts: DeepgramSttOptions,
    private readonly handlers: SttHandlers,
    private readonly onFinished: () => void,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.connect();
  }

  write(frame: Uint8Array): void {
    if (this.ending || this.finished) return;
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.pending.push(frame);
      if (this.pending.length >= (this.opts.framesPerMessage ?? 2)) this.sendPending();
      return;
    }
    this.buffer.push(frame);
    this.bufferedBytes += frame.length;
    while (this.bufferedBytes > MAX_BUFFERED_BYTES) this.bufferedBytes -= this.buffer.shift()!.length;
  }

  close(): void {
    void this.end();
  }

  /** Asks Deepgram for its last results (CloseStream), reports them, and resolves once the stream is done. */
  end(): Promise<void> {
    if (this.ending || this.finished) return this.done;
    this.ending = true;
    if (this.retryTimer) {
      // Waiting to reconnect: there is no server to ask.
      this.flushUtterance();
      this.finish();
      return this.done;
    }
    this.closeTimer = setTimeout(() => {
      this.flushUtterance();
      this.finish();
    }, CLOSE_WAIT_MS);
    // Still connecting: the open handler sends the buffered audio, then CloseStream.
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.sendPending();
      this.sendJson({ type: 'CloseStream' });
    }
    return this.done;
  }

  private connect(): void {
    this.retryTimer = undefined;
    const connectTimeoutMs = this.opts.connectTimeoutMs ?? 5000;
    const ws = new WebSocket(this.url, { headers: { Authorization: `Token ${this.opts.apiKey}` } });
    this.ws = ws;
    let opened = false;
    let failure: string | undefined;
    let permanent = false;
    const connectTimer = setTimeout(() => {
      failure = `Deepgram did not accept the connection within ${connectTimeoutMs} ms`;
      ws.terminate();
    }, connectTimeoutMs);
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      permanent = PERMANENT_STATUSES.has(status);
      failure = `Deepgram refused the connection with HTTP ${status}${status === 401 || status === 403 ? ': check the API key' : ''}`;
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      clearTimeout(connectTimer);
      opened = true;
      this.onOpen(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (ws === this.ws && !isBinary) this.onMessage(data.toString());
    });
    // Always listened to: an 'error' without a listener would crash the process.
    ws.on('error', (err: NodeJS.ErrnoException) => {
      failure ??= opened ? `the connection to Deepgram failed: ${err.message}` : describeConnectError(err);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(connectTimer);
      if (ws !== this.ws) return;
      this.ws = null;
      clearInterval(this.keepAliveTimer);
      // Audio not sent yet waits for the next connection.
      for (const f of this.pending.splice(0)) {
        this.buffer.push(f);
        this.bufferedBytes += f.length;
      }
      if (this.finished) return;
      if (this.ending) {
        // The server answered CloseStream with its last results and hung up (or the socket died meanwhile).
        this.flushUtterance();
        this.finish();
        return;
      }
      const why = reason.length ? `${code}: ${reason.toString().slice(0, 100)}` : String(code);
      this.report(
        failure ??
          (opened
            ? `the connection to Deepgram was lost (code ${why})`
            : 'Deepgram closed the connection before it opened'),
      );
      // Words Deepgram already finalized were spoken; the interim rest is lost with the connection.
      this.flushUtterance();
      if (permanent) this.finish();
      else this.scheduleRetry();
    });
  }

  private onOpen(ws: WebSocket): void {
    if (this.finished) {
      ws.terminate();
      return;
    }
    this.backoffMs = FIRST_BACKOFF_MS;
    for (const frame of this.buffer) this.send(frame);
    this.buffer = [];
    this.bufferedBytes = 0;
    this.lastSentAt = Date.now();
    const keepAliveMs = this.opts.keepAliveMs ?? 5000;
    this.keepAliveTimer = setInterval(
      () => {
        if (Date.now() - this.lastSentAt >= keepAliveMs) this.sendJson({ type: 'KeepAlive' });
      },
      Math.max(20, Math.min(1000, keepAliveMs / 4)),
    );
    this.keepAliveTimer.unref();
    if (this.ending) this.sendJson({ type: 'CloseStream' });
  }

  private onMessage(text: string): void {
    let msg: DeepgramMessage;
    try {
      msg = JSON.parse(text) as DeepgramMessage;
    } catch {
      this.report('Deepgram sent a message that is not JSON');
      return;
    }
    if (msg?.type === 'Results') {
      const transcript = String(msg.channel?.alternatives?.[0]?.transcript ?? '').trim();
      if (msg.is_final) {
        if (transcript) this.segments.push(transcript);
        if (msg.speech_final) this.flushUtterance();
        else this.partial(this.segments.join(' '));
      } else {
        this.partial([...this.segments, transcript].join(' ').trim());
      }
    } else if (msg?.type === 'UtteranceEnd') {
      this.flushUtterance();
    }
    // SpeechStarted, Metadata and anything newer carry nothing for the port.
  }

  private partial(text: string): void {
    if (!text || text === this.lastPartial || this.finished) return;
    this.lastPartial = text;
    safely(() => this.handlers.onPartial(text));
  }

  private flushUtterance(): void {
    const text = this.segments.join(' ').trim();
    this.segments = [];
    this.lastPartial = '';
    if (text && !this.finished) safely(() => this.handlers.onFinal(text));
  }

  private report(message: string): void {
    if (!this.finished) safely(() => this.handlers.onError(new Error(message)));
  }

  private scheduleRetry(): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private sendPending(): void {
    if (this.pending.length === 0) return;
    const frames = this.pending;
    this.pending = [];
    this.send(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
  }

  private send(data: Uint8Array | string): void {
    try {
      this.ws?.send(data);
      this.lastSentAt = Date.now();
    } catch {
      // The socket is going away: its close event reports it.
    }
  }

  private sendJson(msg: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.send(JSON.stringify(msg));
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.closeTimer);
    clearInterval(this.keepAliveTimer);
    this.retryTimer = undefined;
    this.buffer = [];
    this.bufferedBytes = 0;
    const ws = this.ws;
    this.ws = null;
    ws?.terminate();
    this.onFinished();
    this.resolveDone();
  }
}

interface DeepgramMessage {
  type?: string;
  is_final?: boolean;
  speech_final?: boolean;
  channel?: { alternatives?: Array<{ transcript?: string }> };
}

function describeConnectError(err: NodeJS.ErrnoException): string {
  if (err.code === 'ECONNREFUSED') return 'Deepgram could not be reached: connection refused';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'Deepgram could not be reached: host not found';
  return `Deepgram could not be reached: ${err.message}`;
}

/** Runs a handler of the call; a throwing one must not break the socket's event handling. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // The session's handlers report their own failures.
  }
}
