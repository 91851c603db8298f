/**
 * For tests: a local server for OpenAI's `POST /v1/audio/speech`, answering a real 24 kHz 16-bit mono WAV
 * (the input spoken by espeak-ng, resampled; a tone about as long as the text when espeak-ng is missing)
 * and recording each request; switches for an HTTP error status and a delay.
 */
import { execFileSync } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAiStandIn, openAiError } from '../../testing/openai-stand-in';
import { json, readBytes } from '../../testing/stand-in-http';
import { resamplePcm16 } from '../../media/pcm';
import { parseWav } from '../../media/wav';
import { findEspeakProgram } from '../../tts-espeak/native-synth';

export interface RecordedSpeech {
  body: { model?: string; input?: string; voice?: string; response_format?: string };
  authorization: string | undefined;
  /** Length of the audio answered (0 when the answer was an error). */
  wavMs: number;
}

const RATE = 24_000;

export class SpeechStandIn extends OpenAiStandIn {
  readonly requests: RecordedSpeech[] = [];
  /** Answer every request with this HTTP status (null: answer with audio). */
  status: number | null = null;
  /** Wait this long before answering. */
  delayMs = 0;
  /** How the audio is made. */
  readonly source = findEspeakProgram() ? 'espeak-ng' : 'tone';

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBytes(req);
    const error = (status: number, message: string) => json(res, status, openAiError(message, 'invalid_request_error'));
    if (req.method !== 'POST' || !req.url?.endsWith('/audio/speech'))
      return error(404, `unexpected ${req.method} ${req.url}`);
    const request: RecordedSpeech = {
      body: JSON.parse(body.toString('utf8')),
      authorization: req.headers.authorization,
      wavMs: 0,
    };
    this.requests.push(request);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (res.destroyed) return;
    if (this.status) return error(this.status, 'stand-in failure');
    const { input, response_format: format } = request.body;
    if (!input || format !== 'wav') return error(400, 'the stand-in needs an input and response_format wav');
    const samples = this.source === 'espeak-ng' ? spoken(input) : tone(input);
    request.wavMs = (samples.length / RATE) * 1000;
    res.writeHead(200, { 'content-type': 'audio/wav' }).end(pcmWav(samples));
  }
}

function spoken(text: string): Int16Array {
  const { samples, sampleRate } = parseWav(
    new Uint8Array(execFileSync('espeak-ng', ['--stdout', '-v', 'en-us', '--', text])),
  );
  return resamplePcm16(samples, sampleRate, RATE);
}

/** 60 ms of 440 Hz per character. */
function tone(text: string): Int16Array {
  return Int16Array.from({ length: Math.round(text.length * 0.06 * RATE) }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / RATE)),
  );
}

/** A 16-bit mono PCM WAV at 24 kHz, as OpenAI answers. */
function pcmWav(samples: Int16Array): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(out.length - 8, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(RATE, 24);
  out.writeUInt32LE(RATE * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, 44 + 2 * i);
  return out;
}
