/** Errors of the TTS adapters: infrastructure failures carry a `code` and whether a retry may help. */
export type TtsErrorCode =
  | 'TTS_INVALID_VOICE'
  | 'TTS_TEXT_TOO_LONG'
  | 'TTS_VOICE_UNAVAILABLE'
  | 'TTS_SYNTHESIS_FAILED'
  | 'TTS_WORKER_FAILED'
  | 'TTS_TIMEOUT'
  | 'TTS_OVERLOADED'
  | 'TTS_CLOSED';

/** A TTS failure with a stable `code`, mapped to HTTP/WS errors in one place. */
export class TtsError extends Error {
  override readonly name = 'TtsError';
  constructor(
    readonly code: TtsErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}
