import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { frameEnergy } from '../media/mulaw';
import { EspeakTts } from './espeak.tts';
import { findEspeakProgram } from './native-synth';
import { ttsContract } from './testing/tts.contract';

// Both engines where the espeak-ng program is installed (CI installs it); the WebAssembly build always.
const ENGINES = findEspeakProgram() ? (['wasm', 'native'] as const) : (['wasm'] as const);
if (ENGINES.length === 1) console.log('# espeak-ng is not installed: the native engine is not tested here');
for (const engine of ENGINES) {
  ttsContract(`espeak ${engine}`, () => new EspeakTts({ engine }));

  const CLINIC = 'Hello, this is the clinic.';

  describe(`EspeakTts (${engine})`, () => {
    let tts: EspeakTts;
    // Workers started first: the event-loop test measures synthesis, not a worker thread starting mid-way.
    before(async () => {
      tts = new EspeakTts({ engine, cacheEntries: 50 });
      await tts.warmUp();
    });
    after(async () => {
      await tts.close();
    });

    it('speaks a sentence: 1–3 s of audible 20 ms frames that start with speech, not silence', async () => {
      const frames = await tts.synthesize(CLINIC, 'en-us');
      assert.ok(frames.length >= 50 && frames.length <= 150, `${frames.length} frames`);
      assert.ok(frames.every((f) => f.length === 160));
      const energies = frames.map(frameEnergy);
      const loud = energies.filter((e) => e > 1000).length;
      assert.ok(loud > frames.length / 2, `${loud} of ${frames.length} frames are audible`);
      assert.ok(Math.max(...energies) > 3000);
      const firstSound = energies.findIndex((e) => e > 300);
      assert.ok(firstSound >= 0 && firstSound <= 5, `first sound in frame ${firstSound}`);
    });

    it('serves a repeated phrase from the cache: much faster, same frames, a list the caller may change', async () => {
      let t = performance.now();
      const fresh = await tts.synthesize('Your appointment is on Tuesday at three.', 'en-us+f3');
      const synthMs = performance.now() - t;
      t = performance.now();
      const again = await tts.synthesize('  Your appointment is on Tuesday   at three. ', 'EN-US+F3');
      const cachedMs = performance.now() - t;
      assert.deepEqual(again, fresh);
      assert.ok(cachedMs < 5 && cachedMs < synthMs / 10, `cached ${cachedMs} ms vs ${synthMs} ms`);
      again.length = 0;
      assert.equal((await tts.synthesize('Your appointment is on Tuesday at three.', 'en-us+f3')).length, fresh.length);
    });

    it('runs one synthesis for simultaneous requests of the same phrase', async () => {
      const before = tts.stats();
      const [a, b, c] = await Promise.all([
        tts.synthesize('Please hold the line.', 'en-gb+m3'),
        tts.synthesize('Please hold the line.', 'en-gb+m3'),
        tts.synthesize('Please hold the line.', 'en-gb+m3'),
      ]);
      const after = tts.stats();
      assert.equal(after.misses - before.misses, 1);
      assert.equal(after.shared - before.shared, 2);
      assert.deepEqual(a, b);
      assert.deepEqual(b, c);
    });

    it('keeps the event loop free while synthesizing', async () => {
      // Event-loop utilisation counts the main thread's own work, so a busy machine does not skew it.
      const start = performance.eventLoopUtilization();
      await Promise.all(
        ['One moment please.', 'Let me check that for you.', 'Is there anything else?'].map((l) =>
          tts.synthesize(l, 'en-us'),
        ),
      );
      const elu = performance.eventLoopUtilization(start);
      // Its own work only (a share of a short window says little on a loaded machine): three lines synthesized on this
      // thread would take ~300 ms (WebAssembly) or spawn three processes here; handing them to the workers takes a few
      // ms.
      assert.ok(
        elu.active < 80,
        `main thread busy ${elu.active.toFixed(1)} ms of ${(elu.idle + elu.active).toFixed(0)} ms`,
      );
    });

    it('speaks text that looks like an option instead of obeying it', async () => {
      assert.ok((await tts.synthesize('-w /tmp/x --help', 'en-us')).length > 20);
    });

    it('fails with codes: unknown voice, text too long, closed', async () => {
      await assert.rejects(tts.synthesize('Hello.', 'zz'), { code: 'TTS_VOICE_UNAVAILABLE' });
      await assert.rejects(tts.synthesize('a '.repeat(1500), 'en-us'), { code: 'TTS_TEXT_TOO_LONG' });
      const other = new EspeakTts({ engine });
      const pending = other.synthesize('This will not finish.', 'en-us');
      await other.close();
      await assert.rejects(pending, { code: 'TTS_CLOSED' });
      await assert.rejects(other.synthesize('Hello.', 'en-us'), { code: 'TTS_CLOSED' });
    });

    it('gives up on a stuck synthesis with TTS_TIMEOUT (retryable) and replaces the worker', async () => {
      const hasty = new EspeakTts({ engine, timeoutMs: 1 });
      try {
        await assert.rejects(hasty.synthesize('Too slow.', 'en-us'), { code: 'TTS_TIMEOUT', retryable: true });
        await assert.rejects(hasty.synthesize('Too slow again.', 'en-us'), { code: 'TTS_TIMEOUT' });
      } finally {
        await hasty.close();
      }
    });

    it('synthesizes urgent lines (a barge) before the routine lines waiting', async () => {
      const one = new EspeakTts({ engine, workers: 1 });
      try {
        await one.warmUp();
        const done: string[] = [];
        const line = (text: string, urgent = false) =>
          one.synthesize(text, 'en-us', { urgent }).then(() => {
            done.push(text);
          });
        await Promise.all([
          line('Routine line one.'),
          line('Routine line two.'),
          line('Routine line three.'),
          line('Routine line four.'),
          line('Urgent barge.', true),
        ]);
        assert.ok(done.indexOf('Urgent barge.') <= 1, done.join(' | '));
      } finally {
        await one.close();
      }
    });

    it('keeps a worker for urgent lines: a barge does not wait for the long AI line being synthesized', async () => {
      const one = new EspeakTts({ engine, workers: 1 });
      try {
        await one.warmUp();
        const done: string[] = [];
        const long = Array.from(
          { length: 25 },
          (_, i) => `This is sentence number ${i} of a long answer about your account.`,
        ).join(' ');
        const line = (text: string, urgent = false) =>
          one.synthesize(text, 'en-us', { urgent }).then(() => {
            done.push(text.slice(0, 12));
          });
        const routine = line(long);
        await new Promise((r) => setTimeout(r, 5));
        await Promise.all([routine, line('Urgent barge.', true)]);
        assert.deepEqual(done, ['Urgent barge', long.slice(0, 12)]);
      } finally {
        await one.close();
      }
    });

    it('evicts the least recently used phrase beyond the cache size', async () => {
      const small = new EspeakTts({ engine, cacheEntries: 2 });
      try {
        await small.synthesize('One.', 'en-us');
        await small.synthesize('Two.', 'en-us');
        await small.synthesize('One.', 'en-us'); // One is now the most recent
        await small.synthesize('Three.', 'en-us'); // evicts Two
        await small.synthesize('One.', 'en-us');
        assert.deepEqual(small.stats(), { hits: 2, shared: 0, misses: 3, cached: 2 });
        await small.synthesize('Two.', 'en-us');
        assert.equal(small.stats().misses, 4);
      } finally {
        await small.close();
      }
    });
  });
}
