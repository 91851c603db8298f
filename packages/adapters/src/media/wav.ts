/** Minimal RIFF/WAVE reading (PCM 16-bit) and writing (G.711 μ-law), enough for TTS output and listening checks. */

/** Decoded PCM audio: mono 16-bit samples at `sampleRate`. */
export interface PcmAudio {
  sampleRate: number;
  /** Channels in the file; the samples are already down-mixed to mono. */
  channels: number;
  samples: Int16Array;
}

/** Reads a 16-bit PCM WAV, trusting its header rather than assumptions; throws on anything else. */
export function parseWav(bytes: Uint8Array): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    // Streaming writers leave 0 or 0x7fffffff in the size fields; the bytes present are the truth.
    const size = Math.min(view.getUint32(at + 4, true), bytes.length - at - 8);
    const body = at + 8;
    if (id === 'fmt ' && size >= 16) {
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data chunk before fmt chunk');
      // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE, which espeak does not write but is PCM for 16-bit.
      if ((fmt.format !== 1 && fmt.format !== 0xfffe) || fmt.bits !== 16 || fmt.channels < 1) {
        throw new Error(`unsupported WAV: format ${fmt.format}, ${fmt.bits} bits, ${fmt.channels} channels`);
      }
      return { sampleRate: fmt.rate, channels: fmt.channels, samples: readMono16(view, body, size, fmt.channels) };
    }
    at = body + size + (size & 1); // chunks are word-aligned
  }
  throw new Error('WAV without data chunk');
}

function readMono16(view: DataView, offset: number, size: number, channels: number): Int16Array {
  const count = Math.floor(size / (2 * channels));
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += view.getInt16(offset + 2 * (i * channels + c), true);
    out[i] = Math.round(sum / channels);
  }
  return out;
}

/** Wraps raw μ-law bytes in a WAV header (format 7, 8-bit, mono) that common players understand. */
export function mulawToWav(mulaw: Uint8Array, sampleRate = 8000): Uint8Array {
  const header = 12 + 26 + 12 + 8; // RIFF + fmt (18-byte body) + fact + data header
  const pad = mulaw.length & 1;
  const out = new Uint8Array(header + mulaw.length + pad);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 18, true);
  view.setUint16(20, 7, true); // WAVE_FORMAT_MULAW
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate, true); // bytes per second: one byte per sample
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  view.setUint16(36, 0, true); // no extra format bytes
  put(38, 'fact'); // non-PCM formats carry the sample count here
  view.setUint32(42, 4, true);
  view.setUint32(46, mulaw.length, true);
  put(50, 'data');
  view.setUint32(54, mulaw.length, true);
  out.set(mulaw, header);
  return out;
}
