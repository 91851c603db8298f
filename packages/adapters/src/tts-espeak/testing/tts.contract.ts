/** One contract for every Tts adapter. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FRAME_BYTES, type Tts } from '@livespace/app/ports/index';

export function ttsContract(name: string, open: () => Tts): void {
  describe(`Tts contract: ${name}`, () => {
    let tts: Tts;
    before(() => {
      tts = open();
    });
    after(async () => {
      await tts.close();
    });

    it('turns a sentence into 1–3 s of 160-byte frames', async () => {
      const frames = await tts.synthesize('Hello, this is the clinic.', 'en-us');
      assert.ok(frames.length >= 50 && frames.length <= 150, `${frames.length} frames`);
      assert.ok(frames.every((f) => f instanceof Uint8Array && f.length === FRAME_BYTES));
    });

    it('gives no frames for an empty line', async () => {
      assert.deepEqual(await tts.synthesize('  \n ', 'en-us'), []);
    });

    it('rejects a malformed voice with code TTS_INVALID_VOICE', async () => {
      for (const voice of ['', 'english', 'en us', 'en-us; rm -rf /', '-w', 'en-us+', '../en']) {
        await assert.rejects(tts.synthesize('Hello.', voice), { code: 'TTS_INVALID_VOICE' }, voice);
      }
    });

    it('accepts voice variants', async () => {
      for (const voice of ['en-gb+m3', 'en-us+f3', 'EN-US'])
        assert.ok((await tts.synthesize('Yes.', voice)).length > 0);
    });
  });
}
