/** Linear 16-bit PCM helpers: band-limited resampling and silence trimming. */

const TABLE_STEPS = 256; // kernel samples per input sample; linear interpolation in between
const ZERO_CROSSINGS = 8; // sinc lobes on each side: ~-60 dB stop band with the Blackman window
const CUTOFF = 0.9; // of the lower Nyquist, leaving room for the filter's transition band

/**
 * Resamples with a Blackman-windowed sinc low-pass (cut at 90% of the lower Nyquist), so downsampling
 * 22.05 kHz speech to 8 kHz does not fold the 4–11 kHz sibilants back into the phone band as hiss.
 */
export function resamplePcm16(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0 && toRate > 0)) throw new RangeError(`bad sample rates ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return input.slice();
  const ratio = toRate / fromRate;
  const fc = 0.5 * Math.min(1, ratio) * CUTOFF; // cycles per input sample
  const half = ZERO_CROSSINGS / (2 * fc); // kernel half-width in input samples
  const kernel = kernelTable(fc, half);
  const out = new Int16Array(Math.floor(input.length * ratio));
  const step = fromRate / toRate;
  const last = input.length - 1;
  for (let n = 0; n < out.length; n++) {
    const center = n * step;
    const from = Math.max(0, Math.ceil(center - half));
    const to = Math.min(last, Math.floor(center + half));
    let acc = 0;
    let wsum = 0;
    for (let i = from; i <= to; i++) {
      const pos = Math.abs(i - center) * TABLE_STEPS;
      const k = pos | 0;
      const frac = pos - k;
      const w = kernel[k]! + (kernel[k + 1]! - kernel[k]!) * frac;
      acc += w * input[i]!;
      wsum += w;
    }
    // Normalising by the weight sum keeps DC gain at 1, also where the kernel is cut at the edges.
    const v = wsum > 1e-9 ? acc / wsum : 0;
    out[n] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
  }
  return out;
}

function kernelTable(fc: number, half: number): Float64Array {
  const size = Math.ceil(half * TABLE_STEPS) + 2;
  const table = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const d = j / TABLE_STEPS;
    if (d >= half) break; // zero outside the window
    const x = 2 * fc * d;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const t = d / half;
    const blackman = 0.42 + 0.5 * Math.cos(Math.PI * t) + 0.08 * Math.cos(2 * Math.PI * t);
    table[j] = 2 * fc * sinc * blackman;
  }
  return table;
}

/** Options of {@link trimSilence}. */
export interface TrimOptions {
  /** Samples with |value| at or below this count as silence (default 100, about -50 dBFS). */
  threshold?: number;
  /** Silence kept before the first sound, so the onset is not clipped (default 30 ms). */
  keepLeadMs?: number;
  /** Silence kept after the last sound, so the decay is not cut (default 80 ms). */
  keepTailMs?: number;
}

/** Drops leading and trailing silence beyond small margins (returns a view); all-silent input gives an empty array. */
export function trimSilence(samples: Int16Array, rate: number, opts: TrimOptions = {}): Int16Array {
  const threshold = opts.threshold ?? 100;
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) <= threshold) first++;
  if (first === samples.length) return new Int16Array(0);
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) <= threshold) last--;
  const start = Math.max(0, first - Math.round(((opts.keepLeadMs ?? 30) * rate) / 1000));
  const end = Math.min(samples.length, last + 1 + Math.round(((opts.keepTailMs ?? 80) * rate) / 1000));
  return samples.subarray(start, end);
}
