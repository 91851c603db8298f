/** Text to speech: turns a line into 8 kHz μ-law audio cut into 20 ms frames. */
export interface Tts {
  /**
   * Synthesizes `text` with `voice`; each frame is 160 bytes of G.711 μ-law (20 ms at 8 kHz).
   * `urgent`: someone is waiting for these words (a barge, a person typing): they go before the AI's lines.
   */
  synthesize(text: string, voice: string, opts?: { urgent?: boolean }): Promise<Uint8Array[]>;
  close(): Promise<void>;
}

/** 20 ms of 8 kHz audio. */
export const FRAME_MS = 20;
export const FRAME_BYTES = 160;
