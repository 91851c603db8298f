/**
 * Speech to text for real phone calls: the caller's 8 kHz μ-law audio in, words out (adapters: stt-deepgram,
 * stt-openai).
 */

/** What a recognition stream reports while the caller talks. */
export interface SttHandlers {
  /** Words of the utterance being spoken, as recognised so far (replaces the previous partial). */
  onPartial(text: string): void;
  /** A finished utterance: the caller stopped talking. Empty utterances are not reported. */
  onFinal(text: string): void;
  /**
   * The provider failed (connection refused or lost, HTTP error, timeout, bad answer). The stream keeps
   * going where it can (it reconnects, or drops the utterance); a failure never throws into the call.
   */
  onError(err: Error): void;
}

/** One call's recognition stream. */
export interface SttStream {
  /** One 20 ms frame of the caller's audio (160 bytes of G.711 μ-law), in order, as it arrives. */
  write(frame: Uint8Array): void;
  /** Ends the stream: what is already spoken may still be reported as final; then nothing more. */
  close(): void;
}

export interface SttOptions {
  /** BCP-47 language of the caller (default en-US). */
  language?: string;
}

export interface Stt {
  /** Provider name shown in health signals and logs (`deepgram`, `openai`). */
  readonly name: string;
  open(handlers: SttHandlers, opts?: SttOptions): SttStream;
  close(): Promise<void>;
}
