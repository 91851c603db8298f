/** Latency histogram in whole milliseconds: cheap to fill in a client, small to send over IPC, exact to merge. */

/** Latencies above this land in the last bucket (reported as "≥ this"). */
const MAX_MS = 10_000;

export type Histogram = number[];

export function newHistogram(): Histogram {
  return new Array<number>(MAX_MS + 1).fill(0);
}

/** Records one latency; negative values (clock granularity: `at` has whole milliseconds) count as 0. */
export function record(h: Histogram, ms: number): void {
  const i = Math.min(MAX_MS, Math.max(0, Math.round(ms)));
  h[i] = (h[i] ?? 0) + 1;
}

export function merge(into: Histogram, from: Histogram): Histogram {
  for (let i = 0; i < from.length; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}

export function count(h: Histogram): number {
  let n = 0;
  for (const c of h) n += c;
  return n;
}

/** The smallest latency with at least a fraction `p` of the samples at or below it; NaN when empty. */
export function percentile(h: Histogram, p: number): number {
  const total = count(h);
  if (total === 0) return Number.NaN;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i] ?? 0;
    if (seen >= rank) return i;
  }
  return MAX_MS;
}
