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
export const HOLD_FRAMES: readonly Uint8Array[] = splitFrames(encodeMulaw(chime()));
