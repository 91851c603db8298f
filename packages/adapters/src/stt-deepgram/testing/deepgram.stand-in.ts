/**
 * For tests: a local server speaking Deepgram's live streaming protocol (`/v1/listen` over WebSocket).
 * It checks the `Authorization: Token <key>` header, records each connection's query and audio, and finds
 * speech in the μ-law it receives with an energy VAD (the query's `endpointing` ms of quiet ends an
 * utterance). It cannot recognise words, so they come from a script, one text per detected utterance:
 * interim Results reveal them about one word per 250 ms of speech, then a final Results and UtteranceEnd.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { closeServer } from '../../testing/stand-in-http';
import { EnergyVad } from '../../media/vad';

/** What the stand-in saw of one accepted connection. */
export interface DeepgramStandInConnection {
  query: Record<string, string>;
  /** Audio bytes received. */
  bytes: number;
  keepAlives: number;
  /** A CloseStream message arrived. */
  closeStream: boolean;
  closed: boolean;
}

export interface DeepgramStandInOptions {
  /** The key clients must present (default 'dg-test-key'). */
  apiKey?: string;
  /**
   * Send an is_final (not speech_final) segment every this many revealed words, as Deepgram does in long speech
   * (default 0: never).
   */
  segmentWords?: number;
}

interface Utterance {
  words: string[];
  /** Words already sent in is_final segments. */
  done: number;
  /** Words revealed in interim results. */
  shown: number;
  startFrame: number;
}

const FRAME_BYTES = 160;
const WORD_MS = 250;

export class DeepgramStandIn {
  readonly connections: DeepgramStandInConnection[] = [];
  /** Texts sent as final, in order. */
  readonly utterances: string[] = [];
  /** Upgrades answered with an HTTP error (wrong key or rejectConnections). */
  rejected = 0;
  private readonly apiKey: string;
  private readonly segmentWords: number;
  private script: string[] = [];
  private rejectStatus: number | null = null;
  private dropAfter: number | null = null;
  private server: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(opts: DeepgramStandInOptions = {}) {
    this.apiKey = opts.apiKey ?? 'dg-test-key';
    this.segmentWords = opts.segmentWords ?? 0;
  }

  /** Queues the texts of the next utterances, in order; with the script empty, an utterance is 'hello'. */
  expect(...texts: string[]): void {
    this.script.push(...texts);
  }

  /** Answers every upgrade with this HTTP status until called with null. */
  rejectConnections(status: number | null): void {
    this.rejectStatus = status;
  }

  /** The next connection is cut (no close frame) once `n` frames of audio have arrived on it. */
  dropAfterFrames(n: number): void {
    this.dropAfter = n;
  }

  /** Listens on a random local port; returns the ws:// URL of `/v1/listen`. */
  async start(): Promise<string> {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req: IncomingMessage, socket, head) => {
      socket.on('error', () => {});
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const status =
        url.pathname !== '/v1/listen'
          ? 404
          : (this.rejectStatus ?? (req.headers.authorization === `Token ${this.apiKey}` ? 0 : 401));
      if (status) {
        this.rejected++;
        const body = JSON.stringify({
          err_code: status === 401 ? 'INVALID_AUTH' : 'STAND_IN',
          err_msg: STATUS_CODES[status] ?? 'error',
        });
        socket.end(
          `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, Object.fromEntries(url.searchParams)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/listen`;
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    await closeServer(this.server);
  }

  private accept(ws: WebSocket, query: Record<string, string>): void {
    const conn: DeepgramStandInConnection = { query, bytes: 0, keepAlives: 0, closeStream: false, closed: false };
    this.connections.push(conn);
    const dropAfter = this.dropAfter;
    this.dropAfter = null;
    const endpointing = Number(query.endpointing);
    const vad = new EnergyVad({ endSilenceMs: endpointing > 0 ? endpointing : 300 });
    const interim = query.interim_results === 'true';
    let frames = 0;
    let rest: Buffer = Buffer.alloc(0);
    let utt: Utterance | null = null;

    const send = (msg: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const results = (u: Utterance, text: string, isFinal: boolean, speechFinal: boolean) =>
      send({
        type: 'Results',
        channel_index: [0, 1],
        start: u.startFrame * 0.02,
        duration: (frames - u.startFrame) * 0.02,
        is_final: isFinal,
        speech_final: speechFinal,
        channel: { alternatives: [{ transcript: text, confidence: 0.98, words: [] }] },
      });
    const finish = () => {
      if (!utt) return;
      results(utt, utt.words.slice(utt.done).join(' '), true, true);
      this.utterances.push(utt.words.join(' '));
      if (query.utterance_end_ms) send({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: frames * 0.02 });
      utt = null;
    };
    const reveal = (u: Utterance) => {
      const target = Math.min(u.words.length, 1 + Math.floor(vad.utteranceMs / WORD_MS));
      if (!interim || target <= u.shown) return;
      u.shown = target;
      if (this.segmentWords > 0 && u.shown - u.done >= this.segmentWords && u.shown < u.words.length) {
        results(u, u.words.slice(u.done, u.shown).join(' '), true, false);
        u.done = u.shown;
      } else {
        results(u, u.words.slice(u.done, u.shown).join(' '), false, false);
      }
    };
    const onFrame = (frame: Uint8Array) => {
      frames++;
      const event = vad.push(frame);
      if (event === 'start') {
        const text = this.script.shift() ?? 'hello';
        utt = { words: text.split(/\s+/).filter(Boolean), done: 0, shown: 0, startFrame: frames - vad.startFrames };
        if (query.vad_events === 'true')
          send({ type: 'SpeechStarted', channel: [0], timestamp: utt.startFrame * 0.02 });
      }
      if (event === 'end') finish();
      else if (utt) reveal(utt);
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (!isBinary)
        return this.control(conn, buf.toString('utf8'), () => {
          finish();
          send({ type: 'Metadata', request_id: 'stand-in', duration: frames * 0.02, channels: 1 });
          ws.close(1000);
        });
      if (conn.closeStream) return;
      conn.bytes += buf.length;
      rest = rest.length ? Buffer.concat([rest, buf]) : buf;
      let at = 0;
      for (; at + FRAME_BYTES <= rest.length; at += FRAME_BYTES) {
        onFrame(rest.subarray(at, at + FRAME_BYTES));
        if (dropAfter !== null && frames >= dropAfter) {
          ws.terminate();
          return;
        }
      }
      rest = rest.subarray(at);
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      conn.closed = true;
    });
  }

  private control(conn: DeepgramStandInConnection, text: string, closeStream: () => void): void {
    let msg: { type?: string };
    try {
      msg = JSON.parse(text) as { type?: string };
    } catch {
      return;
    }
    if (msg.type === 'KeepAlive') conn.keepAlives++;
    else if (msg.type === 'CloseStream' && !conn.closeStream) {
      conn.closeStream = true;
      closeStream();
    }
  }
}
