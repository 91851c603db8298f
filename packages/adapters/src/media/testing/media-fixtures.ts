/** For the media tests: a clock the test advances by hand, and tones as 8 kHz μ-law frames. */
import type { TickHandler, TickSource } from '../media-clock';
import { encodeMulaw } from '../mulaw';

/** A clock the test advances by hand. */
export class ManualClock implements TickSource {
  readonly handlers = new Set<TickHandler>();
  private n = 0;
  register(tick: TickHandler): () => void {
    this.handlers.add(tick);
    return () => this.handlers.delete(tick);
  }
  advance(ticks = 1): void {
    for (let i = 0; i < ticks; i++) {
      this.n++;
      for (const h of [...this.handlers]) h(this.n);
    }
  }
}

/** `frames` 20 ms frames of a sine of amplitude `amp` at `hz`. */
export function tone(frames: number, amp: number, hz = 400): Uint8Array[] {
  return Array.from({ length: frames }, (_, f) =>
    encodeMulaw(
      Int16Array.from({ length: 160 }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * (f * 160 + i)) / 8000))),
    ),
  );
}
