/**
 * Stereo 16-bit PCM WAV: the header of a call recording (written again as it grows), and reading its two channels back.
 */

/** Bytes before the samples of a canonical PCM WAV. */
export const WAV_HEADER_BYTES = 44;

/** A canonical 44-byte PCM header for `dataBytes` of 16-bit samples. */
export function pcmWavHeader(dataBytes: number, sampleRate = 8000, channels = 2): Uint8Array {
  const out = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, dataBytes, true);
  return out;
}

/** A 16-bit PCM WAV's channels, one Int16Array each. */
export interface WavChannels {
  sampleRate: number;
  /** What the header's data size says (may be less than the bytes present after a crash). */
  declaredDataBytes: number;
  channels: Int16Array[];
}

/**
 * Reads a canonical 16-bit PCM WAV (as written by the call recorder), keeping its channels apart; throws on anything
 * else.
 */
export function readWavChannels(bytes: Uint8Array): WavChannels {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (
    bytes.length < WAV_HEADER_BYTES ||
    tag(0) !== 'RIFF' ||
    tag(8) !== 'WAVE' ||
    tag(12) !== 'fmt ' ||
    tag(36) !== 'data'
  )
    throw new Error('not a canonical RIFF/WAVE file');
  const format = view.getUint16(20, true);
  const count = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const bits = view.getUint16(34, true);
  if (format !== 1 || bits !== 16 || count < 1)
    throw new Error(`unsupported WAV: format ${format}, ${bits} bits, ${count} channels`);
  const declaredDataBytes = view.getUint32(40, true);
  const frames = Math.floor(Math.min(declaredDataBytes, bytes.length - WAV_HEADER_BYTES) / (2 * count));
  const channels = Array.from({ length: count }, () => new Int16Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < count; c++) channels[c]![i] = view.getInt16(WAV_HEADER_BYTES + 2 * (i * count + c), true);
  }
  return { sampleRate, declaredDataBytes, channels };
}

/** RMS of samples[from, to): for tests and checks of which channel holds a voice. */
export function rms(samples: Int16Array, from = 0, to = samples.length): number {
  let sum = 0;
  const end = Math.min(to, samples.length);
  for (let i = from; i < end; i++) sum += samples[i]! * samples[i]!;
  return end > from ? Math.sqrt(sum / (end - from)) : 0;
}
