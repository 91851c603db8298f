/**
 * The Tts port over any OpenAI-compatible speech endpoint (POST {baseUrl}/audio/speech: OpenAI's tts-1,
 * Kokoro or openedai-speech servers…): asks for a WAV, resamples it to 8 kHz and cuts 20 ms μ-law frames.
 * Agents carry espeak voice names ('en-us+f3'): a voice the endpoint does not know becomes defaultVoice.
 * Repeated lines come from an LRU cache; identical requests in flight are made once.
 */
import OpenAI from 'openai';
import type { Tts } from '@livespace/app';
import { pcm16ToFrames } from '../media/mulaw';
import { resamplePcm16 } from '../media/pcm';
import { parseWav } from '../media/wav';
import { LruCache } from '../speech/lru';
import { TtsError } from '../speech/tts-error';

/** OpenAI's built-in voices; any other name is replaced by the default voice. */
const OPENAI_VOICES: ReadonlySet<string> = new Set([
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'nova',
  'onyx',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
]);

export interface OpenAiTtsOptions {
  baseUrl: string;
  apiKey?: string;
  /** Default 'tts-1'. */
  model?: string;
  /** Used for voices that are not OpenAI voice names (default 'alloy'). */
  defaultVoice?: string;
  /** Whole request, audio included (default 10000 ms). */
  timeoutMs?: number;
  /** Finished lines kept, keyed by voice and text (default 500). */
  cacheEntries?: number;
}

/** OpenAI refuses longer input. */
const MAX_INPUT = 4096;

export class OpenAiTts implements Tts {
  private readonly client: OpenAI;
  private readonly cache: LruCache<string, Uint8Array[]>;
  private readonly inflight = new Map<string, Promise<Uint8Array[]>>();
  private closed = false;

  constructor(private readonly opts: OpenAiTtsOptions) {
    // The session decides what to do with a failed line; a retry would only delay that.
    this.client = new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey || 'none', maxRetries: 0 });
    this.cache = new LruCache(opts.cacheEntries ?? 500);
  }

  /** The OpenAI voice that speaks for `voice`. */
  voiceFor(voice: string): string {
    const v = voice.trim().toLowerCase();
    return OPENAI_VOICES.has(v) ? v : (this.opts.defaultVoice ?? 'alloy');
  }

  /** Frames of `text`; an empty line gives none. `urgent` changes nothing: requests run side by side. */
  async synthesize(text: string, voice: string, _opts?: { urgent?: boolean }): Promise<Uint8Array[]> {
    if (this.closed) throw new TtsError('TTS_CLOSED', 'TTS is closed');
    const line = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
    if (!line) return [];
    if (line.length > MAX_INPUT) throw new TtsError('TTS_TEXT_TOO_LONG', `text longer than ${MAX_INPUT} characters`);
    const v = this.voiceFor(voice);
    const key = `${v}\n${line}`;
    // Copies of the list, so a caller that shifts frames off it cannot damage the cache.
    const cached = this.cache.get(key);
    if (cached) return [...cached];
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.request(line, v).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const frames = await pending;
    if (!this.closed) this.cache.set(key, frames);
    return [...frames];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cache.clear();
  }

  private async request(input: string, voice: string): Promise<Uint8Array[]> {
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let wav: Uint8Array;
    try {
      const res = await this.client.audio.speech.create(
        { model: this.opts.model ?? 'tts-1', input, voice, response_format: 'wav' },
        { signal: controller.signal },
      );
      wav = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw toTtsError(err, controller.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    let audio: ReturnType<typeof parseWav>;
    try {
      audio = parseWav(wav);
    } catch (err) {
      throw new TtsError(
        'TTS_SYNTHESIS_FAILED',
        `the speech service answered audio that is not a 16-bit PCM WAV (${(err as Error).message})`,
      );
    }
    return pcm16ToFrames(resamplePcm16(audio.samples, audio.sampleRate, 8000));
  }
}

function toTtsError(err: unknown, timedOut: boolean, timeoutMs: number): TtsError {
  if (timedOut) return new TtsError('TTS_TIMEOUT', `the speech service did not answer within ${timeoutMs} ms`, true);
  if (err instanceof OpenAI.APIError && err.status) {
    return new TtsError(
      'TTS_SYNTHESIS_FAILED',
      `the speech service answered HTTP ${err.status}`,
      err.status === 429 || err.status >= 500,
    );
  }
  if (err instanceof OpenAI.APIConnectionError)
    return new TtsError('TTS_SYNTHESIS_FAILED', 'the speech service could not be reached', true);
  return new TtsError(
    'TTS_SYNTHESIS_FAILED',
    `the speech synthesis failed: ${err instanceof Error ? err.message : String(err)}`,
  );
}
