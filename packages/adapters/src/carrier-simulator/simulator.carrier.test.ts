/** The virtual phone network with real speech: what the caller hears and says, and the call's mixed audio. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { CallLeg, CallLegHandler } from '@livespace/app';
import { EspeakTts } from '../tts-espeak/espeak.tts';
import { concatFrames, frameEnergy, SILENCE_FRAME } from '../media/mulaw';
import { mulawToWav } from '../media/wav';
import { SimulatorCarrier, DEFAULT_SIM_TIMING } from './simulator.carrier';
import type { SimCall } from './sim-call';

/** Records what the session side receives. */
function recorder() {
  const got = { partials: [] as string[], finals: [] as string[], hangups: [] as string[], progress: [] as string[] };
  const handler: CallLegHandler = {
    onRinging: () => got.progress.push('ringing'),
    onAnswered: (by) => got.progress.push(`answered:${by}`),
    onCallerPartial: (t) => got.partials.push(t),
    onCallerFinal: (t) => got.finals.push(t),
    onCallerDigits: (d) => got.finals.push(`keys:${d}`),
    onConversationEvent: (e) => got.progress.push(`event:${e.kind}`),
    onCallerSpeech: () => got.progress.push('speech'),
    onProviderError: (source) => got.progress.push(`error:${source}`),
    onHangup: (r) => got.hangups.push(r),
  };
  return { got, handler };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SimulatorCarrier', () => {
  const tts = new EspeakTts();
  after(() => tts.close());

  it('plays agent and caller speech into one mixed 20 ms stream, in real time', async () => {
    const sim = new SimulatorCarrier(tts, { ...DEFAULT_SIM_TIMING, replyPauseMs: 200 });
    const { got, handler } = recorder();
    let leg!: CallLeg;
    sim.onIncoming((l) => {
      leg = l;
      l.attach(handler);
    });
    const call = sim.placeCall({ persona: 'interested', from: '+14155550100', channel: 'voice' }) as SimCall;
    const frames: Uint8Array[] = [];
    const off = leg.media!.subscribe((f) => frames.push(f));

    const question = 'Would you be interested in hearing more?';
    const aiFrames = await tts.synthesize(question, 'en-us');
    const started = Date.now();
    assert.equal(await leg.send({ text: question, frames: aiFrames, speaker: 'ai' }), 'done');
    const playedMs = Date.now() - started;
    assert.ok(
      playedMs >= aiFrames.length * 20 * 0.8,
      `paced in real time (${playedMs} ms for ${aiFrames.length} frames)`,
    );

    await until(() => got.finals.length === 1, 15_000);
    off();
    assert.deepEqual(
      call.heard.map((h) => h.text),
      [question],
    );
    assert.equal(got.finals[0], call.said[0]!.text);
    assert.match(got.finals[0]!, /yes|sure|yeah/i);
    assert.ok(got.partials.length >= 1, 'the caller line is shown while spoken');

    const loud = frames.filter((f) => frameEnergy(f) > 500).length;
    const silent = frames.filter((f) => f === SILENCE_FRAME || frameEnergy(f) < 50).length;
    assert.ok(loud > aiFrames.length / 3, `speech is audible in the mix (${loud} loud of ${frames.length})`);
    assert.ok(silent > 0, 'the pause between turns is silent');
    // Kept for a person to listen to: test-results/simulated-call.wav (8 kHz μ-law).
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/simulated-call.wav', mulawToWav(concatFrames(frames)));
    call.callerHangup();
    assert.deepEqual(got.hangups, ['caller_hangup']);
    assert.equal(await leg.send({ text: 'Hello?', speaker: 'ai' }), 'hungup');
  });

  it('lets a WhatsApp customer write first and answers without audio', async () => {
    const sim = new SimulatorCarrier(null, { ...DEFAULT_SIM_TIMING, typingMsPerChar: 1 });
    const { got, handler } = recorder();
    let leg!: CallLeg;
    sim.onIncoming((l) => {
      leg = l;
      l.attach(handler);
    });
    const call = sim.placeCall({ persona: 'wants_human', from: '+14155550101', channel: 'whatsapp' }) as SimCall;
    assert.equal(leg.media, undefined);
    assert.equal(got.finals.length, 1, 'the opening message arrives at once');
    assert.equal(await leg.send({ text: 'Hi! How can I help you today?', speaker: 'ai' }), 'done');
    await until(() => got.finals.length === 2, 5_000);
    assert.match(got.finals[1]!, /person|human|agent/i);
    assert.equal(got.partials.length, 0, 'messages arrive whole');
    call.callerHangup();
  });

  it('keeps a manual caller silent until told to speak', async () => {
    const sim = new SimulatorCarrier(null, { ...DEFAULT_SIM_TIMING, replyPauseMs: 10 });
    const { got, handler } = recorder();
    let leg!: CallLeg;
    sim.onIncoming((l) => {
      leg = l;
      l.attach(handler);
    });
    const call = sim.placeCall({ persona: 'manual', from: '+14155550102', channel: 'voice' }) as SimCall;
    await leg.send({ text: 'Hello?', speaker: 'ai' });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(got.finals.length, 0);
    await call.say('Just one word');
    assert.deepEqual(got.finals, ['Just one word']);
    leg.hangup('agent_ended');
    assert.equal(call.isEnded, true);
    assert.deepEqual(got.hangups, [], 'a hangup from our side is not reported back as the caller hanging up');
  });

  describe('outbound calls', () => {
    const timing = { ...DEFAULT_SIM_TIMING, ringMs: 80, noAnswerMs: 200, replyPauseMs: 10 };
    const dialed = (persona: string | undefined, to = '+14155550100') => {
      const sim = new SimulatorCarrier(null, timing);
      const leg = sim.outbound({ to, from: '+15550100000', detectMachine: true, ...(persona ? { persona } : {}) });
      const rec = recorder();
      leg.attach(rec.handler);
      return { sim, leg, ...rec };
    };

    it('does nothing on the wire until dial()', async () => {
      const { leg, got } = dialed('interested');
      assert.equal(leg.direction, 'outbound');
      await new Promise((r) => setTimeout(r, 150));
      assert.deepEqual(got.progress, []);
      leg.hangup('canceled');
    });

    const cases: Array<[string, string[], string[]]> = [
      ['interested', ['ringing', 'answered:human'], []],
      ['voicemail', ['ringing', 'answered:machine'], []],
      ['no_answer', ['ringing'], ['no_answer']],
      ['busy', [], ['busy']],
      ['failed', [], ['failed']],
    ];
    for (const [persona, progress, hangups] of cases) {
      it(`a ${persona} callee: ${[...progress, ...hangups].join(', ')}`, async () => {
        const { leg, got } = dialed(persona);
        leg.dial();
        await until(() => got.progress.length === progress.length && got.hangups.length === hangups.length, 3000);
        await new Promise((r) => setTimeout(r, 250));
        assert.deepEqual(got.progress, progress);
        assert.deepEqual(got.hangups, hangups);
        leg.hangup('done');
      });
    }

    it('a person who answers replies to what the agent says; without a persona the number picks one', async () => {
      const { sim, leg, got } = dialed(undefined, '+14155550108');
      assert.equal(sim.liveCalls()[0]!.persona, 'interested');
      leg.dial();
      await until(() => got.progress.includes('answered:human'), 3000);
      await leg.send({ text: 'Would you be interested in hearing more?', speaker: 'ai' });
      await until(() => got.finals.length === 1, 3000);
      assert.match(got.finals[0]!, /yes|sure|yeah/i);
      leg.hangup('done');
    });

    it('hanging up while it rings stops the call', async () => {
      const { leg, got } = dialed('interested');
      leg.dial();
      leg.hangup('ended_by_supervisor');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(got.progress, []);
      assert.deepEqual(got.hangups, []);
    });
  });
});
