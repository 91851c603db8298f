/** Reads figures out of the server's Prometheus text (`GET /metrics`). */

/**
 * Sum of every series of `name` whose labels include all of `labels` (exact name: no _bucket/_sum suffix confusion).
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    if (!hasLabels(m[2] ?? '', labels)) continue;
    sum += Number(m[3]);
    found = true;
  }
  return found ? sum : Number.NaN;
}

/** Whether a series' `{…}` label text holds every one of `labels`. */
function hasLabels(have: string, labels: Record<string, string>): boolean {
  return Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`));
}

/** The server's metrics; a server too loaded to answer within `timeoutMs` fails the run with that said. */
export async function scrape(baseUrl: string, timeoutMs = 60_000): Promise<string> {
  const r = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) }).catch((err: unknown) => {
    if ((err as Error | null)?.name !== 'TimeoutError') throw err;
    throw new Error(`GET /metrics did not answer within ${timeoutMs / 1000} s: the server is overloaded`);
  });
  if (!r.ok) throw new Error(`GET /metrics: ${r.status}`);
  return r.text();
}

/**
 * Cumulative bucket counts of histogram `name` (the series with all of `labels`), by upper bound (seconds), +Inf last.
 */
function buckets(text: string, name: string, labels: Record<string, string> = {}): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = new RegExp(`^${name}_bucket(\\{[^}]*\\})\\s+(\\S+)`, 'gm');
  for (const m of text.matchAll(re)) {
    const have = m[1]!;
    const le = /le="([^"]+)"/.exec(have)?.[1];
    if (le === undefined || !hasLabels(have, labels)) continue;
    out.push([le === '+Inf' ? Infinity : Number(le), Number(m[2])]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Quantile `q` of what histogram `name` observed between two scrapes, interpolated linearly inside its bucket
 * (as PromQL's histogram_quantile does); the largest finite bound when it falls in +Inf; NaN when empty.
 */
export function histogramQuantile(
  before: string,
  after: string,
  name: string,
  q: number,
  labels: Record<string, string> = {},
): number {
  const b0 = new Map(buckets(before, name, labels));
  const delta = buckets(after, name, labels).map(([le, n]) => [le, n - (b0.get(le) ?? 0)] as const);
  const total = delta.at(-1)?.[1] ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevN = 0;
  for (const [le, n] of delta) {
    if (n >= rank) return le === Infinity ? prevLe : prevLe + ((le - prevLe) * (rank - prevN)) / Math.max(1, n - prevN);
    prevLe = le;
    prevN = n;
  }
  return prevLe;
}

/** Share of the observations between two scrapes at or below bucket bound `le` (seconds, as printed). */
export function histogramShare(before: string, after: string, name: string, le: string): number {
  const delta = (labels: Record<string, string>) =>
    metricValue(after, `${name}_bucket`, labels) - metricValue(before, `${name}_bucket`, labels);
  return delta({ le }) / delta({ le: '+Inf' });
}
