/**
 * Listening check: synthesizes a sentence through EspeakTts and writes the exact frames a caller would
 * hear as an 8 kHz μ-law WAV file.
 *   node --import tsx packages/adapters/src/tts-espeak/write-wav.ts [--out file.wav] [--voice en-us+f3] [text…]
 * Default output: $TMPDIR/livespace-tts.wav.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { concatFrames, frameEnergy } from '../media/mulaw';
import { mulawToWav } from '../media/wav';
import { EspeakTts } from './espeak.tts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: join(tmpdir(), 'livespace-tts.wav') },
    voice: { type: 'string', default: 'en-us' },
  },
});
const text =
  positionals.join(' ') ||
  'Hello, this is the clinic. Your appointment is confirmed for Tuesday at three in the afternoon.';

const tts = new EspeakTts();
try {
  const t0 = performance.now();
  const frames = await tts.synthesize(text, values.voice);
  const ms = performance.now() - t0;
  await writeFile(values.out, mulawToWav(concatFrames(frames)));
  const energies = frames.map(frameEnergy);
  const rms = Math.sqrt(energies.reduce((s, e) => s + e * e, 0) / Math.max(1, energies.length));
  console.log(
    `${values.out}: ${frames.length} frames = ${(frames.length * 0.02).toFixed(2)} s of 8 kHz μ-law, ` +
      `RMS ${rms.toFixed(0)}, peak frame RMS ${Math.max(0, ...energies).toFixed(0)}, synthesized in ${ms.toFixed(0)} ms (incl. worker start)`,
  );
} finally {
  await tts.close();
}
