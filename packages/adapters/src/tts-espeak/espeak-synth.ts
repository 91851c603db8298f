/** One espeak-ng run inside the current thread: text in, 8 kHz μ-law out. The worker calls this. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import ESpeakNg from 'espeak-ng';
import { encodeMulaw } from '../media/mulaw';
import { resamplePcm16, trimSilence } from '../media/pcm';
import { parseWav } from '../media/wav';
import { TtsError } from '../speech/tts-error';

const OUT_FILE = '/out.wav';
/** Sample rate of the phone audio we produce. */
const PHONE_RATE = 8000;

/** Compiles the 18 MB espeak-ng WebAssembly once; every run then only instantiates it (~10 ms). */
export async function compileEspeak(): Promise<WebAssembly.Module> {
  const jsPath = createRequire(import.meta.url).resolve('espeak-ng');
  const wasmPath = jsPath.replace(/\.js$/, '.wasm');
  return WebAssembly.compile(await readFile(wasmPath));
}

/** Runs the espeak-ng CLI once on a fresh instance and returns the WAV file it wrote. */
async function espeakWav(wasm: WebAssembly.Module, voice: string, text: string): Promise<Uint8Array> {
  // Without text espeak would read stdin; callers filter empty lines, this guards the invariant.
  if (!text.trim()) throw new TtsError('TTS_SYNTHESIS_FAILED', 'empty text');
  const stderr: string[] = [];
  let status = 0;
  // The module is a debug build: start-up throws hundreds of FS errors and reads each one's stack,
  // which (more so with tsx's source maps) costs over half of a run. None of those traces is needed.
  const stackLimit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = () => '';
  try {
    const mod = await ESpeakNg({
      // A fresh array each run: the runtime unshifts the program name into it. `--` ends the options,
      // so text starting with '-' is spoken rather than parsed.
      arguments: ['-v', voice, '-w', OUT_FILE, '--', text],
      thisProgram: 'espeak-ng',
      instantiateWasm(imports, done) {
        const instance = new WebAssembly.Instance(wasm, imports);
        done(instance, wasm);
        return instance.exports;
      },
      stdin: () => null,
      print: () => {},
      printErr: (line) => stderr.push(line),
      // The default quit sets process.exitCode; keep the status to ourselves instead.
      quit: (code, toThrow) => {
        status = code;
        throw toThrow;
      },
    });
    if (status !== 0) {
      const unknownVoice = stderr.some((l) => /voice does not exist/i.test(l));
      throw new TtsError(
        unknownVoice ? 'TTS_VOICE_UNAVAILABLE' : 'TTS_SYNTHESIS_FAILED',
        unknownVoice ? `espeak-ng has no voice '${voice}'` : `espeak-ng exited with status ${status}`,
      );
    }
    return mod.FS.readFile(OUT_FILE);
  } finally {
    Error.stackTraceLimit = stackLimit;
    Error.prepareStackTrace = prepare;
  }
}

/** Synthesizes `text` and returns trimmed 8 kHz μ-law bytes (not yet cut into frames). */
export async function synthesizeMulaw(wasm: WebAssembly.Module, voice: string, text: string): Promise<Uint8Array> {
  return wavToPhoneMulaw(await espeakWav(wasm, voice, text));
}

/** espeak's WAV (22.05 kHz PCM) → phone audio: 8 kHz μ-law with the silence around the speech trimmed. */
export function wavToPhoneMulaw(wavBytes: Uint8Array): Uint8Array {
  const wav = parseWav(wavBytes);
  const pcm8k = resamplePcm16(wav.samples, wav.sampleRate, PHONE_RATE);
  return encodeMulaw(trimSilence(pcm8k, PHONE_RATE));
}
