/** Worker thread entry: runs espeak-ng jobs one at a time so synthesis never blocks the server's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { synthesizeMulaw } from './espeak.synth';
import { NativeEspeak, ROUTINE_NICENESS } from './native.synth';
import { TtsError } from './tts-error';

/** A job sent to the worker. */
export interface SynthJob {
  id: number;
  voice: string;
  text: string;
  /** Someone is waiting for these words (a barge, a person's own): the program runs at normal priority, the AI's lines below it. */
  urgent: boolean;
}

/** The worker's answer: μ-law bytes (transferred, not copied) or an error code. */
export type SynthReply =
  | { id: number; ok: true; mulaw: Uint8Array }
  | { id: number; ok: false; code: string; message: string };

/** Data handed to the worker at start: the espeak-ng program to run, or the WebAssembly module compiled once by the parent. */
export type SynthWorkerData = { program: string } | { wasm: WebAssembly.Module };

const port = parentPort;
if (port) {
  const data = workerData as SynthWorkerData;
  const native = 'program' in data ? new NativeEspeak(data.program) : null;
  port.on('message', (job: SynthJob) => {
    const run = native ? native.synthesize(job.voice, job.text, job.urgent ? 0 : ROUTINE_NICENESS) : synthesizeMulaw((data as { wasm: WebAssembly.Module }).wasm, job.voice, job.text);
    run.then(
      (mulaw) => port.postMessage({ id: job.id, ok: true, mulaw } satisfies SynthReply, [mulaw.buffer as ArrayBuffer]),
      (err: unknown) => {
        const code = err instanceof TtsError ? err.code : 'TTS_SYNTHESIS_FAILED';
        const message = err instanceof Error ? err.message : String(err);
        port.postMessage({ id: job.id, ok: false, code, message } satisfies SynthReply);
      },
    );
  });
}
