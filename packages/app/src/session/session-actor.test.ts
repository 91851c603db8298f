/**
 * The actor in-process, with a fake leg whose lines play for 60 ms each: what each intervention does to
 * the line playing, the lines queued, the flow's position and the whispers, and what the caller hears next.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentBody, type Agent, type TranscriptLine } from '@livespace/protocol';
import { seedAgent } from '@livespace/domain';
import type { EventWrite } from '../ports/index';
import { SessionActor, type BargeStages, type SessionActorDeps } from './session-actor';
import { FakeLeg } from './testing/fake-leg';

const ANN = { id: 'u1', name: 'Ann' };
const BEA = { id: 'u2', name: 'Bea' };
const quiet = { info() {}, warn() {}, error() {} };

function agent(key: 'collections' | 'clinic'): Agent {
  const body = AgentBody.parse(seedAgent(key));
  return { id: `agent-${key}`, name: body.name, voice: body.voice ?? 'en-us', flow: body.flow } as Agent;
}

function start(
  key: 'collections' | 'clinic' = 'collections',
  channel: 'voice' | 'whatsapp' = 'voice',
  extra: Partial<SessionActorDeps> = {},
) {
  const leg = new FakeLeg(channel);
  const events: EventWrite[] = [];
  let n = 0;
  const actor = new SessionActor({
    id: 'ses-1',
    agent: agent(key),
    leg,
    clock: { now: () => new Date() },
    newId: (p = 'ln') => `${p}-${++n}`,
    eventLog: { append: (w) => events.push(w) },
    tts: null,
    llm: null,
    logger: quiet,
    partialIntervalMs: 10,
    onEnded: () => {},
    ...extra,
  });
  actor.start();
  return { leg, actor, events };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, f: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
const finals = (a: SessionActor, speaker = 'ai'): TranscriptLine[] =>
  a.detail.transcript.filter((l) => l.speaker === speaker && !l.partial);
const heardFully = (leg: FakeLeg) => leg.heard.filter((h) => h.result === 'done').map((h) => h.text);
const PAY_FULL = 'Are you able to pay the full amount today?';

describe('session actor: barge', () => {
  for (const mode of ['interrupt', 'after_sentence'] as const) {
    it(`${mode} during the greeting: the barge line, then the AI asks its question; never silence`, async () => {
      const { leg, actor } = start();
      await until('the greeting to play', () => leg.current?.startsWith('Hi, this is Ava') ?? false);
      assert.deepEqual(actor.barge('A supervisor is joining.', { mode, endCall: false }, ANN), { ok: true });
      await until('the question after the barge', () => heardFully(leg).includes(PAY_FULL));
      const order = leg.heardTexts();
      assert.ok(order.indexOf('A supervisor is joining.') < order.lastIndexOf(PAY_FULL));
      const greeting = leg.heard.find((h) => h.text.startsWith('Hi, this is Ava'))!;
      assert.equal(
        greeting.result,
        mode === 'interrupt' ? 'interrupted' : 'done',
        'interrupt cuts the line playing; after_sentence lets it finish',
      );
      assert.equal(actor.state, 'ai_active');
      assert.equal(leg.sent.filter((t) => t === PAY_FULL).length, 1, 'asked once, not twice');
    });
  }

  it('while the AI waits for an answer: the barge line, then the open question again', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.barge('We can waive the late fee.', { mode: 'interrupt', endCall: false }, ANN);
    await until('the question again', () => heardFully(leg).filter((t) => t === PAY_FULL).length === 2);
    assert.deepEqual(heardFully(leg).slice(-2), ['We can waive the late fee.', PAY_FULL]);
  });

  it('on the Clinic agent, whose greeting is its question, the question is asked again after the barge', async () => {
    const { leg, actor } = start('clinic');
    await until('the greeting', () => leg.current !== null);
    const question = leg.current!;
    actor.barge('Sorry for the wait.', { mode: 'interrupt', endCall: false }, ANN);
    await until('the question again', () => heardFully(leg).includes(question));
    assert.deepEqual(heardFully(leg), ['Sorry for the wait.', question]);
  });

  it('a second barge interrupts the first at once', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.barge('First words of the supervisor.', { mode: 'interrupt', endCall: false }, ANN);
    await until('the first barge to play', () => leg.current === 'First words of the supervisor.');
    const t0 = Date.now();
    actor.barge('Second words.', { mode: 'interrupt', endCall: false }, ANN);
    await until('the second barge to play', () => leg.current === 'Second words.');
    assert.ok(Date.now() - t0 < 40, 'without waiting for the first line to finish');
    assert.equal(leg.heard.find((h) => h.text === 'First words of the supervisor.')?.result, 'interrupted');
    await until('the question again', () => heardFully(leg).at(-1) === PAY_FULL);
    assert.ok(
      finals(actor).some((l) => l.barge && l.text.endsWith('—')),
      'the first barge is in the transcript as far as it was heard',
    );
  });

  it("measures where a barge's time went: the sentence it waited for, its synthesis, its send", async () => {
    const heard: Array<{ ms: number; stages: BargeStages }> = [];
    const synthesis = 30;
    const tts = {
      synthesize: async () => {
        await sleep(synthesis);
        return [new Uint8Array(160)];
      },
      close: async () => {},
    };
    const { leg, actor } = start('collections', 'voice', {
      tts,
      onBargeHeard: (ms, stages) => heard.push({ ms, stages }),
    });
    await until('the greeting to play', () => leg.current?.startsWith('Hi, this is Ava') ?? false);
    const receivedAt = performance.now();
    actor.barge('One moment please.', { mode: 'after_sentence', endCall: false, receivedAt }, ANN);
    await until('the barge to be heard', () => heard.length === 1);
    const [{ ms, stages }] = heard as [{ ms: number; stages: BargeStages }];
    assert.ok(Math.abs(stages.request + stages.synthesis + stages.send - ms) < 0.01, 'the stages add up');
    assert.ok(stages.synthesis >= synthesis - 2, `synthesis ${stages.synthesis} ms`);
    // after_sentence: the greeting's rest (a 60 ms line, just started) is the barge's wait before its words are made.
    assert.ok(stages.request >= 20, `request ${stages.request} ms`);
    assert.ok(stages.send < 20, `send ${stages.send} ms`);
  });

  it('with endCall the call ends right after the line', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.barge('Goodbye from the team.', { mode: 'after_sentence', endCall: true }, ANN);
    await until('the end', () => actor.isEnded);
    assert.equal(heardFully(leg).at(-1), 'Goodbye from the team.');
    assert.equal(actor.detail.endReason, 'ended_by_supervisor');
  });

  it('a barge during the end line: the call still ends after it (the flow goes on)', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.onCallerFinal('Yes, I can pay.');
    await until('the end line to play', () => leg.current?.includes('payment link') ?? false);
    actor.barge('Thanks from the team too.', { mode: 'interrupt', endCall: false }, ANN);
    await until('the end', () => actor.isEnded);
    assert.equal(heardFully(leg).at(-1), 'Thanks from the team too.');
    assert.equal(actor.detail.outcome, 'paid');
  });
});

describe('session actor: take over', () => {
  it('right after a barge during the end line: nothing more is said, the call stays up, resume asks the question again', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.onCallerFinal('Yes');
    await until('the end line to play', () => leg.current?.includes('payment link') ?? false);
    actor.barge('One moment please.', { mode: 'interrupt', endCall: false }, ANN);
    assert.deepEqual(actor.takeover(ANN), { ok: true });
    await sleep(300);
    assert.equal(actor.isEnded, false, "the flow's end never happens while a person holds the call");
    assert.equal(leg.hungUp, null);
    assert.ok(
      !heardFully(leg).some((t) => /payment link|One moment/.test(t)),
      'neither the end line nor the barge played on',
    );
    assert.equal(actor.state, 'human_active');
    const before = leg.heard.length;
    actor.onCallerFinal('Hello? Anyone?');
    await sleep(200);
    assert.equal(leg.heard.length, before, 'the AI says nothing while taken over');
    assert.deepEqual(actor.resume(ANN, false), { ok: true });
    await until('the question again', () => heardFully(leg).at(-1) === PAY_FULL);
    assert.equal(actor.state, 'ai_active');
  });

  it('during the greeting: the line is cut, the queued lines dropped, and a line being synthesized never plays', async () => {
    const { leg, actor } = start();
    await until('the greeting', () => leg.current !== null);
    actor.takeover(ANN);
    await sleep(250);
    assert.deepEqual(
      leg.heard.map((h) => h.result),
      ['interrupted'],
    );
    assert.ok(!leg.sent.includes(PAY_FULL));
  });

  it("refusals: a second takeover names the holder, say is the holder's, wrong states refuse", async () => {
    const { leg, actor } = start();
    await until('the greeting', () => leg.current !== null);
    assert.deepEqual(actor.resume(ANN, false).ok, false);
    actor.takeover(ANN);
    assert.deepEqual(actor.takeover(BEA), { ok: false, code: 'takeover_held', message: 'Ann holds the takeover' });
    assert.equal((actor.say('Not me', BEA) as { code: string }).code, 'not_holder');
    assert.equal((actor.resume(BEA, false) as { code: string }).code, 'not_holder');
    assert.deepEqual(actor.resume(BEA, true), { ok: true }, "a supervisor may hand back someone else's takeover");
    actor.end(ANN);
    const r = actor.takeover(ANN);
    assert.equal(r.ok, false);
    assert.equal((r as { code: string }).code, 'wrong_state');
    assert.match((r as { message: string }).message, /ended/);
  });
});

describe('session actor: whisper', () => {
  const CONFIRM = 'Can we take care of the $420.00 today? I can text you a secure payment link right now.';

  it('after the question: the AI asks for the branch at once; a question from the caller records nothing', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.whisper("The caller's account is overdue — prioritize payment", ANN);
    await until('the steered question', () => heardFully(leg).includes(CONFIRM));
    actor.onCallerFinal('Hi, what is this call about?');
    await until('the reprompt', () => heardFully(leg).some((t) => /missed that/.test(t)));
    assert.equal(actor.detail.outcome, null);
    assert.equal(actor.isEnded, false);
    assert.ok(!leg.heard.some((h) => /prioritize/.test(h.text)));
    actor.onCallerFinal('Yes please');
    await until('the end', () => actor.isEnded);
    assert.equal(actor.detail.outcome, 'paid');
  });

  it('while the question is asked: steering waits for the question to finish, then the AI asks', async () => {
    const { leg, actor } = start();
    await until('the question to play', () => leg.current === PAY_FULL);
    actor.whisper('prioritize payment', ANN);
    await until('the steered question', () => heardFully(leg).includes(CONFIRM));
    assert.deepEqual(heardFully(leg).slice(-2), [PAY_FULL, CONFIRM]);
    assert.equal(leg.heard.find((h) => h.text === PAY_FULL)?.result, 'done', 'a whisper never cuts the AI');
  });

  it('before the question (during the greeting): variables are used in the next sentence', async () => {
    const { leg, actor } = start();
    await until('the greeting', () => leg.current?.startsWith('Hi, this is Ava') ?? false);
    actor.whisper('balance: $120', ANN);
    await until('the balance line', () => heardFully(leg).some((t) => /overdue balance/.test(t)));
    assert.ok(heardFully(leg).includes('Our records show an overdue balance of $120.'));
    assert.ok(actor.detail.transcript.some((l) => l.kind === 'whisper_applied' && /set balance/.test(l.text)));
  });

  it('a branch that only asks something is taken at once', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.whisper('offer them the payment plan', ANN);
    await until('the plan question', () => heardFully(leg).some((t) => /three monthly payments/.test(t)));
    assert.equal(actor.detail.outcome, null);
  });

  it('while a person holds the call: kept, and it steers the AI when it has the call again', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.takeover(ANN);
    actor.whisper('prioritize payment', BEA);
    await sleep(150);
    assert.ok(!leg.sent.includes(CONFIRM));
    actor.resume(ANN, false);
    await until('the steered question', () => heardFully(leg).at(-1) === CONFIRM);
  });

  it('names nothing: noted, and the transcript says so', async () => {
    const { leg, actor } = start();
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.whisper('be kind, they sound upset', ANN);
    await until('the note', () => actor.detail.transcript.some((l) => l.kind === 'whisper_applied'));
    assert.match(actor.detail.transcript.find((l) => l.kind === 'whisper_applied')!.text, /noted/);
  });
});

describe('session actor: messages', () => {
  it('a barge on a conversation is one message; the question is not sent twice', async () => {
    const { leg, actor } = start('collections', 'whatsapp');
    await until('the question', () => heardFully(leg).includes(PAY_FULL));
    actor.barge('A supervisor is reading along.', { mode: 'interrupt', endCall: false }, ANN);
    await until('the barge', () => heardFully(leg).includes('A supervisor is reading along.'));
    await sleep(150);
    assert.equal(leg.sent.filter((t) => t === PAY_FULL).length, 1);
  });
});
