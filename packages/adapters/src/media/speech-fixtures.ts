/**
 * For the speech recognition adapters' tests: real speech from espeak-ng as 8 kHz μ-law frames, silence,
 * a fast feeder, a waiter, and a recorder of what a recognition stream reports.
 */
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import type { SttHandlers, SttStream } from '@livespace/app';
import { pcm16ToFrames, SILENCE_FRAME } from './mulaw';
import { resamplePcm16, trimSilence } from './pcm';
import { parseWav } from './wav';
import { findEspeakProgram } from '../tts-espeak/native.synth';

const ESPEAK = findEspeakProgram();

/** Skips the test when the espeak-ng program is missing; true when it may go on. */
export function needsEspeak(t: TestContext): boolean {
  if (!ESPEAK) t.skip('espeak-ng is not installed (apt-get install espeak-ng)');
  return !!ESPEAK;
}

/** Real speech: espeak-ng's 22.05 kHz WAV, trimmed, resampled to 8 kHz and cut into μ-law frames. */
export function speak(text: string): Uint8Array[] {
  const { samples, sampleRate } = parseWav(new Uint8Array(execFileSync(ESPEAK!, ['--stdout', '-v', 'en-us', '--', text])));
  return pcm16ToFrames(resamplePcm16(trimSilence(samples, sampleRate), sampleRate, 8000));
}

export const silence = (frames: number) => Array<Uint8Array>(frames).fill(SILENCE_FRAME);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes frames about 10× faster than real time (the VADs count frames, not wall time). */
export async function feed(stream: SttStream, frames: Uint8Array[]): Promise<void> {
  for (let i = 0; i < frames.length; i += 25) {
    for (const f of frames.slice(i, i + 25)) stream.write(f);
    await sleep(5);
  }
}

export async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Handlers that keep everything a stream reports, in order. */
export function recorder() {
  const events: string[] = [];
  const finals: string[] = [];
  const errors: Error[] = [];
  const handlers: SttHandlers = {
    onPartial: (t) => events.push(`partial:${t}`),
    onFinal: (t) => { events.push(`final:${t}`); finals.push(t); },
    onError: (e) => { events.push(`error:${e.message}`); errors.push(e); },
  };
  return { events, finals, errors, handlers };
}
