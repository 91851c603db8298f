/**
 * espeak-ng as the system program (Debian `espeak-ng`): one short process per line, started before its line
 * comes, about 7 ms for a sentence against ~100 ms for the WebAssembly build, which sets itself up anew for every line.
 * Runs inside a synthesis worker, so spawning and converting never touch the server's event loop.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { wavToPhoneMulaw } from './espeak-synth';
import { TtsError } from '../speech/tts-error';

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

/** A started espeak-ng process waiting for its line on stdin, and what it was started for. */
interface Waiting {
  voice: string;
  niceness: number;
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  exited: boolean;
}

/**
 * Runs the espeak-ng program, one process per line, with the next line's process started ahead: it loads its voice
 * and phoneme tables while nothing waits and then waits for text on stdin, so a line costs ~7 ms instead of ~20 ms
 * (fork, exec and loading come off the line's time, and off the CPU the other calls share while a line is waited
 * for). The output is byte for byte that of `espeak-ng -v <voice> --stdout -- <text>`. One instance per synthesis
 * worker; it runs one line at a time. The process waiting when the worker ends reads end-of-file and exits.
 */
export class NativeEspeak {
  private waiting: Waiting | null = null;
  private running: Waiting | null = null;
  private closed = false;
  /** Processes started, and lines spoken by a process started ahead of them. */
  readonly counts = { started: 0, aheadOfLine: 0 };

  constructor(private readonly program: string) {}

  /** 8 kHz μ-law bytes of `text` in `voice`, the process at `niceness` (0: as the server). */
  synthesize(voice: string, text: string, niceness = 0): Promise<Uint8Array> {
    const line = this.take(voice, niceness) ?? this.start(voice, niceness);
    const result = collect(line.child, voice);
    this.running = line;
    line.child.stdin.end(`${text}\n`);
    // The next process starts once this line is done, so the two never compete for a core.
    const next = () => {
      if (this.running === line) this.running = null;
      if (!this.closed) this.waiting = this.start(voice, niceness);
    };
    result.then(next, next);
    return result;
  }

  /**
   * Ends the waiting process (it reads end-of-file and exits) and starts no more; a line running finishes, unless
   * `kill`.
   */
  close(kill = false): void {
    this.closed = true;
    this.waiting?.child.stdin.end();
    this.waiting = null;
    if (kill) this.running?.child.kill('SIGKILL');
  }

  /** The waiting process when it suits the line (its niceness raised when the line is routine), else null. */
  private take(voice: string, niceness: number): Waiting | null {
    const w = this.waiting;
    this.waiting = null;
    if (!w || w.exited) return null;
    if (w.voice === voice && (w.niceness === niceness || renice(w.child.pid, niceness))) {
      this.counts.aheadOfLine++;
      return w;
    }
    w.child.kill();
    return null;
  }

  private start(voice: string, niceness: number): Waiting {
    // No shell, and the text comes on stdin: nothing in it is read as an option.
    const child = spawn(this.program, ['-v', voice, '--stdout', '--stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const w: Waiting = { voice, niceness, child, exited: false };
    this.counts.started++;
    if (niceness !== 0) renice(child.pid, niceness);
    child.once('exit', () => {
      w.exited = true;
    });
    // A process that died before its line (a missing voice, say) fails that line in `collect`, not here.
    child.stdin.on('error', () => {});
    child.on('error', () => {
      w.exited = true;
    });
    return w;
  }
}

/** Sets a process's niceness; false when it cannot (gone, or lowering it needs a privilege we lack). */
function renice(pid: number | undefined, niceness: number): boolean {
  if (pid === undefined) return false;
  try {
    setPriority(pid, niceness);
    return true;
  } catch {
    return false;
  }
}

/**
 * Trimmed 8 kHz μ-law bytes of what `child` writes until it exits; the pool's timeout ends a stuck run with its worker.
 */
function collect(child: ChildProcessByStdio<Writable, Readable, Readable>, voice: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.once('error', (e) => reject(new TtsError('TTS_WORKER_FAILED', `cannot run espeak-ng: ${e.message}`, true)));
    child.once('close', (code) => {
      if (code !== 0) {
        reject(
          /voice does not exist/i.test(err)
            ? new TtsError('TTS_VOICE_UNAVAILABLE', `espeak-ng has no voice '${voice}'`)
            : new TtsError('TTS_SYNTHESIS_FAILED', `espeak-ng exited with status ${code}`),
        );
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
