/**
 * espeak-ng as the system program (Debian `espeak-ng`): one short process per line, about 10 ms for a
 * sentence against ~100 ms for the WebAssembly build, which sets itself up anew for every line.
 * Runs inside a synthesis worker, so spawning and converting never touch the server's event loop.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { wavToPhoneMulaw } from './espeak.synth';
import { TtsError } from './tts-error';

/** The espeak-ng program on PATH, or null. */
export function findEspeakProgram(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'espeak-ng');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * The niceness the AI's own lines are synthesized at. On a busy machine the processes of 100 talking calls share the
 * cores with a barge's: at 10 the kernel gives a process at 0 (the barge) about nine times their share of CPU.
 */
export const ROUTINE_NICENESS = 10;

/**
 * Runs `program` once on `text` and returns trimmed 8 kHz μ-law bytes, the process at `niceness` (0: as the server).
 * The pool's timeout ends a stuck run with its worker.
 */
export function nativeMulaw(program: string, voice: string, text: string, niceness = 0): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // No shell: the text is one argument after `--`, never read as an option.
    const child = spawn(program, ['-v', voice, '--stdout', '--', text], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (niceness !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, niceness);
      } catch {
        // Gone already, or not allowed: it runs at the server's priority.
      }
    }
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('error', (e) => reject(new TtsError('TTS_WORKER_FAILED', `cannot run espeak-ng: ${e.message}`, true)));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(/voice does not exist/i.test(err)
          ? new TtsError('TTS_VOICE_UNAVAILABLE', `espeak-ng has no voice '${voice}'`)
          : new TtsError('TTS_SYNTHESIS_FAILED', `espeak-ng exited with status ${code}`));
        return;
      }
      try {
        resolve(wavToPhoneMulaw(new Uint8Array(Buffer.concat(out))));
      } catch (e) {
        reject(new TtsError('TTS_SYNTHESIS_FAILED', `espeak-ng wrote no usable audio: ${(e as Error).message}`));
      }
    });
  });
}
