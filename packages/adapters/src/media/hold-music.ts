/** Hold audio: a soft three-note chime every two seconds, so a waiting caller knows the line is alive. */
import { encodeMulaw, splitFrames } from './mulaw';

const RATE = 8000;

function chime(): Int16Array {
  const notes = [523.25, 659.25, 783.99]; // C5 E5 G5
  const noteMs = 220;
  const total = new Int16Array((RATE * 2000) / 1000);
  notes.forEach((hz, n) => {
    const start = (n * noteMs * RATE) / 1000;
    const len = (noteMs * RATE) / 1000;
    for (let i = 0; i < len; i++) {
      // A gentle attack and decay, well below full scale.
      const env = Math.min(1, i / 80) * Math.exp((-3 * i) / len);
      total[start + i] = Math.round(3500 * env * Math.sin((2 * Math.PI * hz * i) / RATE));
    }
  });
  return total;
}

/** Two seconds of hold audio as 20 ms μ-law frames (made once, shared: read-only). */
const HOLD_FRAMES: readonly Uint8Array[] = splitFrames(encodeMulaw(chime()));

/**
 * A waiting caller's hold audio on one call: loops on the AI's track from `hold(true)` until `hold(false)`, a clear or
 * the call's end.
 */
export class HoldLoop {
  private on = false;

  constructor(
    private readonly media: {
      play(track: 'ai', frames: readonly Uint8Array[]): Promise<'done' | 'interrupted'>;
      clear(track: 'ai'): void;
    },
  ) {}

  hold(on: boolean): void {
    if (!on) {
      if (this.on) this.media.clear('ai');
      this.on = false;
      return;
    }
    if (this.on) return;
    this.on = true;
    void (async () => {
      while (this.on && (await this.media.play('ai', HOLD_FRAMES)) === 'done');
      this.on = false;
    })();
  }
}
