import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { wavToPhoneMulaw } from './espeak-synth';
import { findEspeakProgram, NativeEspeak, ROUTINE_NICENESS } from './native-synth';
import { TtsError } from '../speech/tts-error';

const PROGRAM = findEspeakProgram();

/** What `espeak-ng -v <voice> --stdout -- <text>` gives, converted as the adapter does. */
function oneOff(voice: string, text: string): Uint8Array {
  const r = spawnSync(PROGRAM!, ['-v', voice, '--stdout', '--', text]);
  return wavToPhoneMulaw(new Uint8Array(r.stdout));
}

describe("NativeEspeak (the espeak-ng program, each line's process started ahead)", {
  skip: PROGRAM ? false : 'espeak-ng is not installed',
}, () => {
  it('speaks each line exactly as a one-off run would, through voice and priority changes', async () => {
    const espeak = new NativeEspeak(PROGRAM!);
    after(() => espeak.close());
    const lines: Array<[string, string, number]> = [
      ['en-us', 'Please hold on, your account reference is 1007.', 0],
      ['en-us', 'It\'s "quoted" & <tagged> — café 3.5% off!', ROUTINE_NICENESS],
      ['en-us', '-v en-gb is text here, not an option', ROUTINE_NICENESS],
      ['en-gb+m3', 'A person types these words.', 0],
      ['en-gb+m3', 'And these.', 0],
      ['en-us', 'Back to the agent.', 0],
    ];
    for (const [voice, text, niceness] of lines) {
      assert.deepEqual(await espeak.synthesize(voice, text, niceness), oneOff(voice, text), `${voice}: ${text}`);
    }
    // Lines after the first in the same voice used the process started ahead; a change of voice starts a new one.
    assert.ok(espeak.counts.aheadOfLine >= 3, JSON.stringify(espeak.counts));
  });

  it('a voice that does not exist fails its line, and the next good line still speaks', async () => {
    const espeak = new NativeEspeak(PROGRAM!);
    after(() => espeak.close());
    await espeak.synthesize('en-us', 'First.');
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        espeak.synthesize('xx-nope', 'Nothing.'),
        (e: unknown) => e instanceof TtsError && e.code === 'TTS_VOICE_UNAVAILABLE',
      );
    }
    assert.deepEqual(await espeak.synthesize('en-us', 'Still here.'), oneOff('en-us', 'Still here.'));
  });
});
