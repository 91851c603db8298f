/** G.711 μ-law helpers for 8 kHz phone audio cut into 20 ms frames of 160 bytes. */
import { createRequire } from 'node:module';
import { FRAME_BYTES } from '@livespace/app/ports/index';

// alawmulaw ships a UMD bundle whose named exports Node's ESM loader cannot see; require() gets them.
const { mulaw } = createRequire(import.meta.url)('alawmulaw') as typeof import('alawmulaw');

/** μ-law byte for linear 0 (digital silence). */
export const MULAW_SILENCE = 0xff;

/** One 20 ms frame of μ-law silence. Shared: treat as read-only. */
export const SILENCE_FRAME: Uint8Array = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);

// Lookup tables: mixing runs for every call on every tick, so decode/encode must cost one array read.
const DECODE = new Int16Array(256);
for (let b = 0; b < 256; b++) DECODE[b] = mulaw.decodeSample(b);
let encodeTable: Uint8Array | undefined;
function encodeLut(): Uint8Array {
  if (!encodeTable) {
    encodeTable = new Uint8Array(65536);
    // encodeSample returns a signed value (e.g. -1 for 0xFF); keep the low byte.
    for (let s = -32768; s < 32768; s++) encodeTable[s + 32768] = mulaw.encodeSample(s) & 0xff;
  }
  return encodeTable;
}

/** Linear 16-bit value of one μ-law byte. */
export function decodeMulawSample(byte: number): number {
  return DECODE[byte & 0xff]!;
}

/** Decodes μ-law bytes to linear 16-bit samples. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = DECODE[bytes[i]!]!;
  return out;
}

/** Encodes linear 16-bit samples to μ-law bytes. */
export function encodeMulaw(samples: Int16Array): Uint8Array {
  const lut = encodeLut();
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = lut[samples[i]! + 32768]!;
  return out;
}

/** Mixes μ-law frames: decode, sum with clipping, encode. Length is that of the longest frame. */
export function mixMulaw(frames: Uint8Array[]): Uint8Array {
  if (frames.length === 0) return SILENCE_FRAME;
  if (frames.length === 1) return frames[0]!;
  let len = 0;
  for (const f of frames) if (f.length > len) len = f.length;
  const lut = encodeLut();
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    let sum = 0;
    for (const f of frames) if (i < f.length) sum += DECODE[f[i]!]!;
    out[i] = lut[(sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum) + 32768]!;
  }
  return out;
}

/** RMS of the decoded samples of a frame (0 for silence, ~32124 at most): for tests and level meters. */
export function frameEnergy(frame: Uint8Array): number {
  if (frame.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < frame.length; i++) {
    const s = DECODE[frame[i]!]!;
    sum += s * s;
  }
  return Math.sqrt(sum / frame.length);
}

/** Cuts μ-law bytes into 160-byte frames (views, no copy); the last one is padded with silence. */
export function splitFrames(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const whole = bytes.length - (bytes.length % FRAME_BYTES);
  for (let i = 0; i < whole; i += FRAME_BYTES) frames.push(bytes.subarray(i, i + FRAME_BYTES));
  if (whole < bytes.length) {
    const last = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
    last.set(bytes.subarray(whole));
    frames.push(last);
  }
  return frames;
}

/** Encodes 8 kHz linear samples to μ-law and cuts them into 20 ms frames, last one padded with silence. */
export function pcm16ToFrames(samples: Int16Array): Uint8Array[] {
  return splitFrames(encodeMulaw(samples));
}

/** Joins frames back into one buffer (e.g. to write a file). */
export function concatFrames(frames: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const f of frames) len += f.length;
  const out = new Uint8Array(len);
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}
