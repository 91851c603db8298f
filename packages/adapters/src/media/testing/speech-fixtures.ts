/**
 * For the speech recognition adapters' tests: real speech from espeak-ng as 8 kHz μ-law frames, silence,
 * seeded pink line noise to mix in, a fast feeder, a waiter, and a recorder of what a recognition stream reports.
 */
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import type { SttHandlers, SttStream } from '@livespace/app';
import { decodeMulaw, encodeMulaw, pcm16ToFrames, SILENCE_FRAME } from '../mulaw';
import { resamplePcm16, trimSilence } from '../pcm';
import { parseWav } from '../wav';
import { findEspeakProgram } from '../../tts-espeak/native-synth';

const ESPEAK = findEspeakProgram();

/** Skips the test when the espeak-ng program is missing; true when it may go on. */
export function needsEspeak(t: TestContext): boolean {
  if (!ESPEAK) t.skip('espeak-ng is not installed (apt-get install espeak-ng)');
  return !!ESPEAK;
}

/** Real speech: espeak-ng's 22.05 kHz WAV, trimmed, resampled to 8 kHz and cut into μ-law frames. */
export function speak(text: string): Uint8Array[] {
  const { samples, sampleRate } = parseWav(
    new Uint8Array(execFileSync(ESPEAK!, ['--stdout', '-v', 'en-us', '--', text])),
  );
  return pcm16ToFrames(resamplePcm16(trimSilence(samples, sampleRate), sampleRate, 8000));
}

export const silence = (frames: number) => Array<Uint8Array>(frames).fill(SILENCE_FRAME);

/** A seeded generator of uniform numbers in [0, 1) (mulberry32): the same noise on every run. */
function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Pink (1/f) noise: seeded white noise through Paul Kellet's filter (within ±0.05 dB of −3 dB/octave),
 * scaled so its RMS is `dbfs` (0 dBFS = 32768). Samples, not yet rounded.
 */
function pinkNoise(samples: number, dbfs: number, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(samples);
  let b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0,
    b4 = 0,
    b5 = 0,
    b6 = 0;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const w = random() * 2 - 1;
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    const x = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
    out[i] = x;
    sum += x * x;
  }
  const scale = (32768 * 10 ** (dbfs / 20)) / Math.sqrt(sum / Math.max(1, samples));
  for (let i = 0; i < samples; i++) out[i]! *= scale;
  return out;
}

/** The frames as heard on a line with pink noise at `dbfs` RMS (seeded): silence becomes noise, speech is mixed in. */
export function withLineNoise(frames: Uint8Array[], dbfs: number, seed = 1): Uint8Array[] {
  const total = frames.reduce((n, f) => n + f.length, 0);
  const noise = pinkNoise(total, dbfs, seed);
  let at = 0;
  return frames.map((frame) => {
    const mixed = decodeMulaw(frame);
    for (let i = 0; i < mixed.length; i++)
      mixed[i] = Math.max(-32768, Math.min(32767, Math.round(mixed[i]! + noise[at++]!)));
    return encodeMulaw(mixed);
  });
}
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
    onFinal: (t) => {
      events.push(`final:${t}`);
      finals.push(t);
    },
    onError: (e) => {
      events.push(`error:${e.message}`);
      errors.push(e);
    },
  };
  return { events, finals, errors, handlers };
}
