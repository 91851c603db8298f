/** The words of a line heard so far, in proportion to how much of its audio has played. */
export function partialText(text: string, playedMs: number, totalMs: number): string {
  if (totalMs <= 0 || playedMs >= totalMs) return text;
  const words = text.split(/\s+/).filter(Boolean);
  const n = Math.max(1, Math.floor((words.length * playedMs) / totalMs));
  return words.slice(0, n).join(' ');
}

/** Milliseconds between partial transcript updates of one line (about three a second). */
export const PARTIAL_INTERVAL_MS = 300;
