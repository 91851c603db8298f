/** The words of a line heard so far, in proportion to how much of its audio has played. */
export function partialText(text: string, playedMs: number, totalMs: number): string {
  if (totalMs <= 0 || playedMs >= totalMs) return text;
  const words = text.split(/\s+/).filter(Boolean);
  const n = Math.max(1, Math.floor((words.length * playedMs) / totalMs));
  return words.slice(0, n).join(' ');
}

/** Milliseconds between partial transcript updates of one line (about three a second). */
export const PARTIAL_INTERVAL_MS = 300;

/**
 * A progress callback for a line being played that calls `emit` with the words heard so far, at most
 * once per `intervalMs` of played audio (audio time, not wall time, so timer jitter never skips an
 * update) and only when they changed. The finished line is left to the caller's final event.
 */
export function partialUpdates(
  text: string,
  intervalMs: number,
  emit: (words: string) => void,
): (playedMs: number, totalMs: number) => void {
  let shown = '';
  let shownAt = 0;
  return (played, total) => {
    if (played - shownAt < intervalMs) return;
    const words = partialText(text, played, total);
    if (words === shown || words === text) return;
    shownAt = played;
    shown = words;
    emit(words);
  };
}
