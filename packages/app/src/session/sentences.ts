/**
 * Cuts streamed model text into sentences, so a phone call hears the first sentence while the model
 * is still writing the rest. A sentence ends at . ! ? or … followed by a space, once it is long
 * enough not to be an abbreviation ("Dr. Lee") or a number ("3.5" never has the space).
 */
export class SentenceSplitter {
  private buffer = '';

  constructor(
    private readonly onSentence: (sentence: string) => void,
    private readonly minLength = 12,
  ) {}

  push(delta: string): void {
    this.buffer += delta;
    // The next sentence must have begun (capital, digit or quote), so "3 p.m. tomorrow" stays whole.
    const boundary = /[.!?…]+["')\]]*\s+(?=["'(\p{Lu}\d])/gu;
    let start = 0;
    for (let m = boundary.exec(this.buffer); m; m = boundary.exec(this.buffer)) {
      const end = m.index + m[0].length;
      const sentence = this.buffer.slice(start, end).trim();
      if (sentence.length < this.minLength) continue;
      this.onSentence(sentence);
      start = end;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** The rest, at the end of the stream. */
  flush(): void {
    const rest = this.buffer.trim();
    this.buffer = '';
    if (rest) this.onSentence(rest);
  }
}
