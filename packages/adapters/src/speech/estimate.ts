/** A rough speaking time for a line, for silent stand-in audio and pacing without a synthesizer. */

// Fitted to espeak-ng at its default 175 words a minute: ~230 ms a word, pauses at punctuation, a short tail.
const MS_PER_WORD = 230;
const MS_PER_PAUSE = 150;
const MS_BASE = 250;

/** How long a line takes to say, roughly, in milliseconds (0 for an empty line). */
export function estimateSpeechMs(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu)?.length ?? 0;
  if (words === 0) return 0;
  const pauses = text.match(/[,;:.!?]+(?=\s|$)/g)?.length ?? 0;
  return MS_BASE + words * MS_PER_WORD + pauses * MS_PER_PAUSE;
}
