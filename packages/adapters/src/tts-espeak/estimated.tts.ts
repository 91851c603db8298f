/** A Tts without audio: silent frames as long as the line would take to say, for text-only load tests. */
import { FRAME_MS, type Tts } from '@livespace/app/ports/index';
import { SILENCE_FRAME } from '../media/mulaw';
import { estimateSpeechMs } from '../speech/estimate';
import { assertVoice } from './voice';

/** Frames of silence with the estimated length of the line; costs no CPU, so load tests measure the rest. */
export class EstimatedTts implements Tts {
  /** Shared silent frames, as many as the line would take to say. */
  async synthesize(text: string, voice: string): Promise<Uint8Array[]> {
    assertVoice(voice);
    const frames = Math.ceil(estimateSpeechMs(text) / FRAME_MS);
    return new Array<Uint8Array>(frames).fill(SILENCE_FRAME);
  }

  async close(): Promise<void> {}
}
