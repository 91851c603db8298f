/**
 * The Stt port over any OpenAI-compatible transcription endpoint (POST {baseUrl}/audio/transcriptions:
 * OpenAI's whisper-1, faster-whisper or whisper.cpp servers…). A batch endpoint hears whole recordings, so
 * the WebRTC VAD (SpeechVad: it ends utterances on a noisy line too) cuts the caller's audio into utterances
 * (with 200 ms before the start) and each one is sent as a μ-law WAV when the caller stops. There are no partials from
 * a batch endpoint: onPartial is never called. Utterances are transcribed one at a time, in order; a failed one is
 * reported and dropped.
 */
import OpenAI, { toFile } from 'openai';
import type { Stt, SttHandlers, SttOptions, SttStream } from '@livespace/app';
import { concatFrames } from '../media/mulaw';
import { SpeechVad, type SpeechVadOptions, type Vad } from '../media/vad';
import { mulawToWav } from '../media/wav';

export interface OpenAiSttOptions {
  baseUrl: string;
  apiKey?: string;
  /** Default 'whisper-1'. */
  model?: string;
  /** An utterance not transcribed by then is reported as an error and dropped (default 8000 ms). */
  timeoutMs?: number;
  /**
   * How utterances are cut (defaults of SpeechVad: WebRTC VAD mode 2, 6 frames to start, 500 ms without speech to end).
   */
  vad?: SpeechVadOptions;
}

const FRAME_MS = 20;
/** Audio kept before the frames that confirmed speech, so a soft onset is not clipped. */
const PRE_ROLL_MS = 200;
/** Quiet kept after the last speech frame; the rest of the VAD's end silence is not sent. */
const TAIL_MS = 200;

export class OpenAiStt implements Stt {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private readonly streams = new Set<TranscriptionStream>();
  private closed = false;

  constructor(private readonly opts: OpenAiSttOptions) {
    // A retry would come after the caller expects an answer: a failed utterance is reported instead.
    this.client = new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey || 'none', maxRetries: 0 });
  }

  open(handlers: SttHandlers, opts: SttOptions = {}): SttStream {
    if (this.closed) {
      queueMicrotask(() => handlers.onError(new Error('the transcription recognizer is closed')));
      return { write() {}, close() {} };
    }
    const language = (opts.language ?? 'en-US').split('-')[0]!.toLowerCase();
    const stream: TranscriptionStream = new TranscriptionStream(
      new SpeechVad(this.opts.vad),
      (audio) => this.transcribe(audio, language),
      handlers,
      () => this.streams.delete(stream),
    );
    this.streams.add(stream);
    return stream;
  }

  /** Transcribes what the open streams still hold, then stops. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.streams].map((s) => s.end()));
  }

  /** One request: the μ-law audio as a WAV file, the text of the answer. */
  private async transcribe(mulaw: Uint8Array, language: string): Promise<string> {
    const timeoutMs = this.opts.timeoutMs ?? 8000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let answer: { text?: unknown } | undefined;
    try {
      answer = await this.client.audio.transcriptions.create(
        {
          file: await toFile(mulawToWav(mulaw), 'speech.wav', { type: 'audio/wav' }),
          model: this.opts.model ?? 'whisper-1',
          language,
          response_format: 'json',
        },
        { signal: controller.signal },
      );
    } catch (err) {
      throw toSttError(err, controller.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    if (typeof answer?.text !== 'string') throw new Error('the transcription service answered without a text');
    return answer.text;
  }
}

class TranscriptionStream implements SttStream {
  /** While no one speaks: the last frames, to prepend when speech starts. */
  private history: Uint8Array[] = [];
  private readonly historyFrames: number;
  private utterance: Uint8Array[] | null = null;
  /** Transcriptions run one after another on this chain. */
  private chain: Promise<void> = Promise.resolve();
  private ending = false;
  private finished = false;
  private done: Promise<void> | undefined;

  constructor(
    private readonly vad: Vad & { close?(): void },
    private readonly transcribe: (mulaw: Uint8Array) => Promise<string>,
    private readonly handlers: SttHandlers,
    private readonly onFinished: () => void,
  ) {
    this.historyFrames = vad.startFrames + PRE_ROLL_MS / FRAME_MS;
  }

  write(frame: Uint8Array): void {
    if (this.ending) return;
    const event = this.vad.push(frame);
    if (this.utterance) {
      this.utterance.push(frame);
      if (event === 'end') {
        const drop = Math.floor(Math.max(0, this.vad.trailingQuietMs - TAIL_MS) / FRAME_MS);
        this.send(this.utterance.slice(0, this.utterance.length - drop));
        this.utterance = null;
      }
      return;
    }
    this.history.push(frame);
    if (this.history.length > this.historyFrames) this.history.shift();
    if (event === 'start') {
      this.utterance = this.history;
      this.history = [];
    }
  }

  close(): void {
    void this.end();
  }

  /** Sends the utterance under way, if any, and resolves once every transcription has been reported. */
  end(): Promise<void> {
    if (!this.done) {
      this.ending = true;
      this.vad.close?.();
      if (this.utterance) this.send(this.utterance);
      this.utterance = null;
      this.history = [];
      this.done = this.chain.then(() => {
        this.finished = true;
        this.onFinished();
      });
    }
    return this.done;
  }

  private send(frames: Uint8Array[]): void {
    const audio = concatFrames(frames);
    this.chain = this.chain.then(async () => {
      try {
        const text = (await this.transcribe(audio)).trim();
        if (text && !this.finished) safely(() => this.handlers.onFinal(text));
      } catch (err) {
        if (!this.finished) safely(() => this.handlers.onError(err as Error));
      }
    });
  }
}

function toSttError(err: unknown, timedOut: boolean, timeoutMs: number): Error {
  if (timedOut) return new Error(`the transcription service did not answer within ${timeoutMs} ms`);
  if (err instanceof OpenAI.APIError && err.status)
    return new Error(`the transcription service answered HTTP ${err.status}`);
  if (err instanceof OpenAI.APIConnectionError) return new Error('the transcription service could not be reached');
  return new Error(`the transcription failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** Runs a handler of the call; a throwing one must not stop the transcriptions after it. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // The session's handlers report their own failures.
  }
}
