/**
 * For tests and benchmarks: a local stand-in for Twilio that speaks its real wire formats. It accepts
 * the REST calls (create a call, end it, send a message) with basic auth; it plays phones: it posts
 * webhooks signed with the `twilio` package, reads the TwiML answer, opens the Media Stream WebSocket
 * and streams the caller's μ-law audio in real time (20 ms frames), plays what it receives at real
 * time too (echoing marks when the audio before them has played, dropping it on `clear`), and posts
 * status callbacks. What each phone heard is recorded.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { json, listenLocal, readBody } from '../../testing/stand-in-http';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import WebSocket from 'ws';
import { frameEnergy, SILENCE_FRAME } from '../../media/mulaw';

/**
 * How a number we call answers (`no-stream`: a person answers, but the Media Stream never connects, and Twilio ends the
 * call).
 */
export type CalleeBehavior = 'human' | 'machine' | 'busy' | 'no-answer' | 'failed' | 'no-stream';

export interface StandInOptions {
  accountSid: string;
  authToken: string;
  /** Outbound calls: ring this long before answering (default 300 ms). */
  ringMs?: number;
}

export interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  at: number;
}

/** What a phone heard: every frame played to it, and the marks echoed. */
export interface Heard {
  frames: number;
  /** Frames louder than silence. */
  speechFrames: number;
  marks: string[];
  clears: number;
}

const SID_HEX = () => randomBytes(16).toString('hex');
const LOUD = 200;

/** One phone on a call, with its Media Stream. */
export class StandInPhone {
  readonly heard: Heard = { frames: 0, speechFrames: 0, marks: [], clears: 0 };
  /** Times (performance.now) at which loud frames arrived from the server. */
  readonly speechArrivals: number[] = [];
  status = 'queued';
  answeredBy: string | null = null;
  /** Sees every frame of the caller's audio as it is sent (benchmarks time them). */
  onFrameSent: ((frame: Uint8Array) => void) | null = null;
  streamParameters: Record<string, string> = {};
  private ws: WebSocket | null = null;
  private streamSid = `MZ${SID_HEX()}`;
  private seq = 0;
  private chunk = 0;
  private outgoing: Uint8Array[] = [];
  /** Audio received and not yet played, with marks in between. */
  private playback: Array<Uint8Array | string> = [];
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private closedResolve!: () => void;
  /** Resolves when the stream has closed. */
  readonly closed = new Promise<void>((r) => (this.closedResolve = r));

  constructor(
    readonly sid: string,
    readonly from: string,
    readonly to: string,
    private readonly standIn: TwilioStandIn,
    readonly statusCallback: string | null,
  ) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Opens the Media Stream the TwiML named, signed like Twilio signs it, and starts streaming. */
  async connect(twiml: string): Promise<void> {
    const stream = parseStreamTwiml(twiml);
    if (!stream) throw new Error(`TwiML without <Connect><Stream>: ${twiml.slice(0, 200)}`);
    this.streamParameters = stream.parameters;
    const signature = twilio.getExpectedTwilioSignature(this.standIn.authToken, stream.url, {});
    const ws = new WebSocket(stream.url, { headers: { 'x-twilio-signature': signature } });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`media stream upgrade refused: ${res.statusCode}`)),
      );
    });
    ws.on('message', (data) => this.onServerMessage(String(data)));
    ws.on('close', () => this.stopStreaming());
    ws.on('error', () => {});
    this.sendJson({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.sendJson({
      event: 'start',
      sequenceNumber: String(++this.seq),
      streamSid: this.streamSid,
      start: {
        streamSid: this.streamSid,
        accountSid: this.standIn.accountSid,
        callSid: this.sid,
        tracks: ['inbound'],
        customParameters: stream.parameters,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
    this.status = 'in-progress';
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), 20);
  }

  /** The caller says this audio (20 ms μ-law frames), after what is already queued. */
  say(frames: readonly Uint8Array[]): void {
    this.outgoing.push(...frames);
  }

  /** Milliseconds of the caller's audio still to send. */
  get pendingMs(): number {
    return this.outgoing.length * 20;
  }

  /** The caller presses keys. */
  press(digits: string): void {
    for (const digit of digits)
      this.sendJson({
        event: 'dtmf',
        streamSid: this.streamSid,
        sequenceNumber: String(++this.seq),
        dtmf: { track: 'inbound_track', digit },
      });
  }

  /** Sends a raw text frame on the stream (tests of malformed input). */
  sendRaw(text: string): void {
    this.ws?.send(text);
  }

  /** The caller hangs up: the stream stops, and Twilio reports the call completed. */
  async hangup(): Promise<void> {
    if (this.status === 'completed') return;
    this.sendJson({
      event: 'stop',
      sequenceNumber: String(++this.seq),
      streamSid: this.streamSid,
      stop: { accountSid: this.standIn.accountSid, callSid: this.sid },
    });
    this.end('completed');
    await this.standIn.postStatus(this, 'completed');
  }

  /** Twilio ends the call (REST update, or the caller hung up). */
  end(status: string): void {
    this.status = status;
    this.stopStreaming();
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close();
    if (!this.ws) this.closedResolve();
  }

  private stopStreaming(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.ws?.readyState === WebSocket.CLOSED || this.ws?.readyState === WebSocket.CLOSING) this.closedResolve();
  }

  /** Every 20 ms: one frame of the caller's audio out, one frame of what we received played. */
  private tick(): void {
    if (!this.connected) return;
    const frame = this.outgoing.shift() ?? SILENCE_FRAME;
    this.onFrameSent?.(frame);
    this.sendJson({
      event: 'media',
      sequenceNumber: String(++this.seq),
      streamSid: this.streamSid,
      media: {
        track: 'inbound',
        chunk: String(++this.chunk),
        timestamp: String(Math.round(performance.now() - this.startedAt)),
        payload: Buffer.from(frame).toString('base64'),
      },
    });
    // Marks right at the head have played: everything before them is heard.
    while (typeof this.playback[0] === 'string') this.echoMark(this.playback.shift() as string);
    const played = this.playback.shift();
    if (played instanceof Uint8Array) {
      this.heard.frames++;
      if (frameEnergy(played) > LOUD) this.heard.speechFrames++;
    }
    while (typeof this.playback[0] === 'string') this.echoMark(this.playback.shift() as string);
  }

  private echoMark(name: string): void {
    this.heard.marks.push(name);
    this.sendJson({ event: 'mark', sequenceNumber: String(++this.seq), streamSid: this.streamSid, mark: { name } });
  }

  private onServerMessage(text: string): void {
    let m: { event?: string; streamSid?: string; media?: { payload?: string }; mark?: { name?: string } };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      this.standIn.protocolErrors.push(`not JSON: ${text.slice(0, 80)}`);
      return;
    }
    if (m.streamSid !== this.streamSid) this.standIn.protocolErrors.push(`wrong streamSid on ${m.event ?? '?'}`);
    if (m.event === 'media' && m.media?.payload) {
      const frame = new Uint8Array(Buffer.from(m.media.payload, 'base64'));
      if (frame.length !== 160) this.standIn.protocolErrors.push(`media of ${frame.length} bytes`);
      if (frameEnergy(frame) > LOUD) this.speechArrivals.push(performance.now());
      this.playback.push(frame);
    } else if (m.event === 'mark' && m.mark?.name) {
      this.playback.push(m.mark.name);
    } else if (m.event === 'clear') {
      this.heard.clears++;
      const marks = this.playback.filter((x): x is string => typeof x === 'string');
      this.playback = [];
      for (const name of marks) this.echoMark(name);
    } else {
      this.standIn.protocolErrors.push(`unknown event ${m.event ?? '?'}`);
    }
  }

  private sendJson(m: unknown): void {
    if (this.connected) this.ws!.send(JSON.stringify(m));
  }
}

/** The stand-in itself: REST API, phones, webhooks. */
export class TwilioStandIn {
  readonly accountSid: string;
  readonly authToken: string;
  readonly requests: RestRequest[] = [];
  readonly phones = new Map<string, StandInPhone>();
  /** Things our server sent that Twilio would not accept. */
  readonly protocolErrors: string[] = [];
  /** Status callbacks posted, with the server's HTTP answer. */
  readonly statusPosts: Array<{ sid: string; status: string; code: number }> = [];
  /** How numbers we are asked to call answer (default human). */
  readonly callees = new Map<string, CalleeBehavior>();
  /** Sign webhooks with this token instead (tests of bad signatures). */
  signingToken: string;
  private server: Server | null = null;
  private url = '';
  private readonly ringMs: number;
  private readonly newPhone: Array<(p: StandInPhone) => void> = [];

  constructor(opts: StandInOptions) {
    this.accountSid = opts.accountSid;
    this.authToken = opts.authToken;
    this.signingToken = opts.authToken;
    this.ringMs = opts.ringMs ?? 300;
  }

  async start(): Promise<string> {
    const { server, url } = await listenLocal(
      (req, res) =>
        void this.handle(req, res).catch((err: unknown) => {
          res.writeHead(500).end(String(err));
        }),
    );
    this.server = server;
    this.url = url;
    return url;
  }

  async stop(): Promise<void> {
    for (const p of this.phones.values()) p.end('completed');
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Resolves with the next phone a call creates (outbound calls placed through the REST API). */
  nextPhone(): Promise<StandInPhone> {
    return new Promise((r) => this.newPhone.push(r));
  }

  /** A caller dials one of our numbers: the voice webhook is asked for TwiML, then the Media Stream connects. */
  async call(opts: { voiceUrl: string; from: string; to: string; statusCallback?: string }): Promise<StandInPhone> {
    const phone = new StandInPhone(`CA${SID_HEX()}`, opts.from, opts.to, this, opts.statusCallback ?? null);
    this.phones.set(phone.sid, phone);
    const r = await this.webhook(opts.voiceUrl, {
      CallSid: phone.sid,
      AccountSid: this.accountSid,
      From: opts.from,
      To: opts.to,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    });
    if (r.status !== 200) throw new Error(`voice webhook answered ${r.status}: ${r.body}`);
    await phone.connect(r.body);
    return phone;
  }

  /** Posts a form webhook signed like Twilio signs it; answers the server's status and body. */
  async webhook(
    url: string,
    params: Record<string, string>,
    signature?: string,
  ): Promise<{ status: number; body: string }> {
    const sig = signature ?? twilio.getExpectedTwilioSignature(this.signingToken, url, params);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text() };
  }

  async postStatus(phone: StandInPhone, status: string, extra: Record<string, string> = {}): Promise<void> {
    if (!phone.statusCallback) return;
    const r = await this.webhook(phone.statusCallback, {
      CallSid: phone.sid,
      AccountSid: this.accountSid,
      From: phone.from,
      To: phone.to,
      CallStatus: status,
      Direction: 'outbound-api',
      ApiVersion: '2010-04-01',
      ...extra,
    }).catch(() => ({ status: 0, body: '' }));
    this.statusPosts.push({ sid: phone.sid, status, code: r.status });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', this.url).pathname;
    const params = Object.fromEntries(new URLSearchParams(body));
    this.requests.push({ method: req.method ?? '', path, params, at: Date.now() });
    if (!this.authorized(req)) return json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    const base = `/2010-04-01/Accounts/${this.accountSid}`;
    if (req.method === 'POST' && path === `${base}/Calls.json`) return json(res, 201, this.createCall(params));
    const update = path.match(new RegExp(`^${base}/Calls/(CA[0-9a-f]{32})\\.json$`));
    if (req.method === 'POST' && update) {
      const phone = this.phones.get(update[1]!);
      if (!phone) return json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      const status = params.Status === 'canceled' ? 'canceled' : 'completed';
      phone.end(status);
      void this.postStatus(phone, status);
      return json(res, 200, { sid: phone.sid, status });
    }
    if (req.method === 'POST' && path === `${base}/Messages.json`) {
      return json(res, 201, {
        sid: `SM${SID_HEX()}`,
        status: 'queued',
        to: params.To,
        from: params.From,
        body: params.Body,
      });
    }
    json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  }

  private authorized(req: IncomingMessage): boolean {
    const want = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    return req.headers.authorization === want;
  }

  /** Calls.json: the call is queued; then it rings and the callee does what its number is set to do. */
  private createCall(p: Record<string, string>): Record<string, unknown> {
    const phone = new StandInPhone(`CA${SID_HEX()}`, p.From ?? '', p.To ?? '', this, p.StatusCallback ?? null);
    this.phones.set(phone.sid, phone);
    for (const r of this.newPhone.splice(0)) r(phone);
    const behavior = this.callees.get(phone.to) ?? 'human';
    const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
    void (async () => {
      await later(20);
      if (phone.status !== 'queued') return;
      if (behavior === 'busy' || behavior === 'failed') return this.finish(phone, behavior);
      phone.status = 'ringing';
      await this.postStatus(phone, 'ringing');
      await later(behavior === 'no-answer' ? this.ringMs * 2 : this.ringMs);
      if (phone.status !== 'ringing') return;
      if (behavior === 'no-answer') return this.finish(phone, 'no-answer');
      phone.status = 'in-progress';
      await this.postStatus(phone, 'in-progress');
      const amd: Record<string, string> = p.MachineDetection
        ? { AnsweredBy: behavior === 'machine' ? 'machine_end_beep' : 'human' }
        : {};
      phone.answeredBy = amd.AnsweredBy ?? null;
      const r = await this.webhook(p.Url ?? '', {
        CallSid: phone.sid,
        AccountSid: this.accountSid,
        From: phone.from,
        To: phone.to,
        CallStatus: 'in-progress',
        Direction: 'outbound-api',
        ...amd,
      });
      if (r.status !== 200) return this.finish(phone, 'failed');
      if (behavior === 'no-stream') return this.finish(phone, 'completed');
      await phone.connect(r.body);
    })().catch((err: unknown) => this.protocolErrors.push(`call ${phone.sid}: ${String(err)}`));
    return {
      sid: phone.sid,
      status: 'queued',
      to: phone.to,
      from: phone.from,
      account_sid: this.accountSid,
      direction: 'outbound-api',
    };
  }

  private async finish(phone: StandInPhone, status: string): Promise<void> {
    phone.end(status);
    await this.postStatus(phone, status);
  }
}

/** The stream URL and parameters of `<Connect><Stream>` TwiML. */
function parseStreamTwiml(twiml: string): { url: string; parameters: Record<string, string> } | null {
  const stream = twiml.match(/<Connect>\s*<Stream\b[^>]*\burl="([^"]+)"/);
  if (!stream) return null;
  const parameters: Record<string, string> = {};
  for (const m of twiml.matchAll(/<Parameter\b[^>]*\bname="([^"]*)"[^>]*\bvalue="([^"]*)"/g))
    parameters[unxml(m[1]!)] = unxml(m[2]!);
  return { url: unxml(stream[1]!), parameters };
}

function unxml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
