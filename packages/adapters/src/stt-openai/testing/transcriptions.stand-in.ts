/**
 * For tests: a local server for OpenAI's `POST /v1/audio/transcriptions`. It parses the multipart body,
 * checks the `file` part is a readable WAV (PCM or μ-law), records its format, duration and audio with the
 * `model`/`language`/`response_format` fields, and answers `{"text": …}` from a script (or an HTTP error,
 * or late). Malformed requests get a 400 and are listed in `invalid`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAiStandIn, openAiError } from '../../testing/openai-stand-in';
import { json, readBytes } from '../../testing/stand-in-http';

export interface TranscriptionReply {
  text?: string;
  /** Answer with this HTTP error instead. */
  status?: number;
  /** Wait before answering. */
  delayMs?: number;
}

/** What the WAV file of a request holds. */
interface ReceivedWav {
  /** 1 = PCM, 7 = μ-law. */
  format: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
  /** The bytes of the data chunk. */
  data: Uint8Array;
}

export interface RecordedTranscription {
  model: string | undefined;
  language: string | undefined;
  responseFormat: string | undefined;
  filename: string | undefined;
  wav: ReceivedWav;
  authorization: string | undefined;
  at: number;
  /** When the answer went out (0 until then). */
  answeredAt: number;
}

interface Part {
  headers: string;
  data: Buffer;
}

export class TranscriptionsStandIn extends OpenAiStandIn {
  readonly requests: RecordedTranscription[] = [];
  /** Why malformed requests were refused. */
  readonly invalid: string[] = [];
  /** Most requests in progress at once. */
  maxConcurrent = 0;
  private inProgress = 0;
  private script: Array<string | TranscriptionReply> = [];

  /** Queues the next answers, in order (a string is a text); with the script empty the text is 'hello'. */
  reply(...replies: Array<string | TranscriptionReply>): void {
    this.script.push(...replies);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBytes(req);
    const refuse = (why: string) => {
      this.invalid.push(why);
      json(res, 400, openAiError(why, 'invalid_request_error'));
    };
    if (req.method !== 'POST' || !req.url?.endsWith('/audio/transcriptions'))
      return refuse(`unexpected ${req.method} ${req.url}`);
    const parts = parseMultipart(body, req.headers['content-type'] ?? '');
    if (!parts) return refuse('the body is not multipart/form-data');
    const file = parts.get('file');
    if (!file) return refuse('no file part');
    let wav: ReceivedWav;
    try {
      wav = readWav(file.data);
    } catch (err) {
      return refuse(`the file is not a WAV: ${(err as Error).message}`);
    }
    const field = (name: string) => parts.get(name)?.data.toString('utf8');
    const request: RecordedTranscription = {
      model: field('model'),
      language: field('language'),
      responseFormat: field('response_format'),
      filename: /filename="([^"]*)"/i.exec(file.headers)?.[1],
      wav,
      authorization: req.headers.authorization,
      at: Date.now(),
      answeredAt: 0,
    };
    this.requests.push(request);
    const next = this.script.shift() ?? 'hello';
    const reply: TranscriptionReply = typeof next === 'string' ? { text: next } : next;
    this.maxConcurrent = Math.max(this.maxConcurrent, ++this.inProgress);
    try {
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    } finally {
      this.inProgress--;
    }
    request.answeredAt = Date.now();
    if (res.destroyed) return;
    if (reply.status) json(res, reply.status, openAiError('stand-in failure', 'server_error'));
    else json(res, 200, { text: reply.text ?? '' });
  }
}

/** The parts of a multipart/form-data body by field name, or null if it is not one. */
function parseMultipart(body: Buffer, contentType: string): Map<string, Part> | null {
  const boundary = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = new Map<string, Part>();
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) return null;
    const part = body.subarray(start + 2, next - 2); // after the delimiter's CRLF, before the next one's
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return null;
    const headers = part.subarray(0, split).toString('utf8');
    const name = /;\s*name="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) parts.set(name, { headers, data: part.subarray(split + 4) });
    at = next;
  }
  return null;
}

/** Reads a WAV header (PCM or μ-law) and finds its data; throws on anything else. */
function readWav(bytes: Buffer): ReceivedWav {
  const tag = (at: number) => bytes.toString('latin1', at, at + 4);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('no RIFF/WAVE header');
  let fmt: Omit<ReceivedWav, 'durationMs' | 'data'> | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = Math.min(bytes.readUInt32LE(at + 4), bytes.length - at - 8);
    if (tag(at) === 'fmt ') {
      fmt = {
        format: bytes.readUInt16LE(at + 8),
        channels: bytes.readUInt16LE(at + 10),
        sampleRate: bytes.readUInt32LE(at + 12),
        bitsPerSample: bytes.readUInt16LE(at + 22),
      };
    } else if (tag(at) === 'data') {
      if (!fmt) throw new Error('data before fmt');
      if (
        !((fmt.format === 1 && fmt.bitsPerSample === 16) || (fmt.format === 7 && fmt.bitsPerSample === 8)) ||
        fmt.channels < 1 ||
        !fmt.sampleRate
      ) {
        throw new Error(`unsupported format ${fmt.format} with ${fmt.bitsPerSample} bits`);
      }
      const data = new Uint8Array(bytes.subarray(at + 8, at + 8 + size));
      return { ...fmt, data, durationMs: (size / ((fmt.bitsPerSample / 8) * fmt.channels * fmt.sampleRate)) * 1000 };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}
