/**
 * Child process entry (not a thread): runs the espeak-ng program for the server's synthesis slots. Forking copies the
 * forking process's page tables: from the server, hundreds of MiB resident, a fork took ~30 ms (700 MiB: p50 33 ms) on
 * the thread that asked, slowing every other thread's memory writes meanwhile; from this small process it takes ~4 ms.
 * Speaks `HostRequest`/`HostReply` with espeak-host.ts over the IPC channel (advanced serialization: audio as bytes).
 * Named `.worker` so the server build bundles it beside the worker threads' entries.
 */
import { NativeEspeak, ROUTINE_NICENESS } from './native-synth';
import { TtsError } from '../speech/tts-error';

/** A line for slot `slot` (one at a time per slot), or the slot's end: its running line is killed. */
export type HostRequest =
  | { slot: number; id: number; voice: string; text: string; urgent: boolean }
  | { slot: number; stop: true };

/** A line's audio (8 kHz μ-law) or its error code. */
export type HostReply =
  | { slot: number; id: number; ok: true; mulaw: Uint8Array }
  | { slot: number; id: number; ok: false; code: string; message: string };

const [program] = process.argv.slice(2);
if (process.send && program) {
  const send = (r: HostReply) => process.send!(r);
  const slots = new Map<number, NativeEspeak>();
  process.on('message', (req: HostRequest) => {
    if ('stop' in req) {
      slots.get(req.slot)?.close(true);
      slots.delete(req.slot);
      return;
    }
    let espeak = slots.get(req.slot);
    if (!espeak) slots.set(req.slot, (espeak = new NativeEspeak(program)));
    espeak.synthesize(req.voice, req.text, req.urgent ? 0 : ROUTINE_NICENESS).then(
      (mulaw) => send({ slot: req.slot, id: req.id, ok: true, mulaw }),
      (err: unknown) =>
        send({
          slot: req.slot,
          id: req.id,
          ok: false,
          code: err instanceof TtsError ? err.code : 'TTS_SYNTHESIS_FAILED',
          message: err instanceof Error ? err.message : String(err),
        }),
    );
  });
  // The server went away: the processes waiting for a line read end-of-file as this one exits.
  process.on('disconnect', () => process.exit(0));
}
