/**
 * Worker thread entry: runs jobs of espeak-ng's WebAssembly build one at a time, so synthesis never blocks the
 * server's event loop. (The espeak-ng program runs from the espeak host process instead: espeak-host.ts.)
 */
import { parentPort, workerData } from 'node:worker_threads';
import { synthesizeMulaw } from './espeak-synth';
import { TtsError } from '../speech/tts-error';

/** A job sent to the worker. */
export interface SynthJob {
  id: number;
  voice: string;
  text: string;
  /**
   * Someone is waiting for these words (a barge, a person's own): the program runs at normal priority, the AI's lines
   * below it.
   */
  urgent: boolean;
}

/** The worker's answer: μ-law bytes (transferred, not copied) or an error code. */
export type SynthReply =
  | { id: number; ok: true; mulaw: Uint8Array }
  | { id: number; ok: false; code: string; message: string };

/** Data handed to the worker at start: the WebAssembly module compiled once by the parent. */
export interface SynthWorkerData {
  wasm: WebAssembly.Module;
}

const port = parentPort;
if (port) {
  const { wasm } = workerData as SynthWorkerData;
  port.on('message', (job: SynthJob) => {
    synthesizeMulaw(wasm, job.voice, job.text).then(
      (mulaw) => port.postMessage({ id: job.id, ok: true, mulaw } satisfies SynthReply, [mulaw.buffer as ArrayBuffer]),
      (err: unknown) => {
        const code = err instanceof TtsError ? err.code : 'TTS_SYNTHESIS_FAILED';
        const message = err instanceof Error ? err.message : String(err);
        port.postMessage({ id: job.id, ok: false, code, message } satisfies SynthReply);
      },
    );
  });
}
