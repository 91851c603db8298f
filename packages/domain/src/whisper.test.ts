import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFlow, onCallerLine } from './flow-engine';
import { seedAgent } from './seed-agents';
import { steerByWhisper, whisperVariables } from './whisper';

const now = new Date('2026-11-24T10:00:00Z');
const collections = seedAgent('collections').flow;
const atPayFull = () => startFlow(collections, {}, now).state;
const said = (actions: Array<{ type: string; text?: string }>) =>
  actions.filter((a) => a.type === 'say').map((a) => a.text);

test('a whisper naming a branch that would record an outcome never takes it: the AI asks for it', () => {
  const r = steerByWhisper(collections, atPayFull(), "The caller's account is overdue — prioritize payment", now);
  assert.ok(r);
  assert.equal(r.kind, 'asks');
  assert.equal(r.intent, 'payment');
  assert.deepEqual(
    r.step.actions.map((a) => a.type),
    ['say'],
    'no outcome, no end: only a question',
  );
  assert.deepEqual(said(r.step.actions), [
    'Can we take care of the $420.00 today? I can text you a secure payment link right now.',
  ]);
  assert.equal(r.step.state.node, 'pay_full');
  assert.equal(r.step.state.waiting, true);
  assert.equal(r.step.state.outcome, null);
});

test("after the steered question, only the caller's yes takes the branch", () => {
  const asked = steerByWhisper(collections, atPayFull(), 'prioritize payment', now)!.step.state;
  const yes = onCallerLine(collections, asked, 'Yes, sure', now);
  assert.ok(yes.actions.some((a) => a.type === 'intent' && a.intent === 'payment'));
  assert.equal(yes.state.outcome, 'paid');
  // A question instead of an answer: nothing is recorded, the AI asks again.
  const what = onCallerLine(collections, asked, 'Hi, what is this call about?', now);
  assert.ok(!what.actions.some((a) => a.type === 'outcome' || a.type === 'end'));
  assert.equal(what.state.node, 'pay_full');
  assert.equal(what.state.steer, null, 'the steer is used once');
  // A no is answered as the question's own no (the plan).
  const no = onCallerLine(collections, asked, 'No, I cannot', now);
  assert.equal(no.state.node, 'offer_plan');
});

test('a whisper naming a branch that only asks or says something takes it at once', () => {
  const r = steerByWhisper(collections, atPayFull(), 'offer the payment plan', now);
  assert.ok(r);
  assert.equal(r.kind, 'took');
  assert.equal(r.intent, 'plan');
  assert.equal(r.step.state.node, 'offer_plan');
  assert.ok(said(r.step.actions).some((t) => /three monthly payments/.test(t!)));
});

test('without a confirm question of its own, a settling branch makes the AI ask its question again', () => {
  const flow = {
    start: 'q',
    variables: {},
    nodes: {
      q: {
        type: 'ask' as const,
        prompt: 'Shall we close your account?',
        maxRetries: 2,
        intents: [{ name: 'close', when: { keywords: ['close'] }, next: 'bye' }],
      },
      bye: { type: 'end' as const, say: 'Closed. Goodbye!' },
    },
  };
  const r = steerByWhisper(flow, startFlow(flow, {}, now).state, 'close it', now)!;
  assert.equal(r.kind, 'asks');
  assert.deepEqual(said(r.step.actions), ['Shall we close your account?']);
});

test('a whisper sets variables the flow knows, and only those', () => {
  const r = whisperVariables(atPayFull(), 'balance: $120.50, mood = angry');
  assert.deepEqual(r.names, ['balance']);
  assert.equal(r.vars.balance, '$120.50');
  assert.equal(r.vars.mood, undefined);
});

test('a whisper that names no branch steers nothing; nor does one to a flow that is not waiting, nor a catch-all', () => {
  assert.equal(steerByWhisper(collections, atPayFull(), 'be nice to them', now), null);
  const flow = {
    start: 'q',
    variables: {},
    nodes: {
      q: {
        type: 'ask' as const,
        prompt: 'Anything?',
        maxRetries: 2,
        intents: [{ name: 'any', when: { any: true as const }, next: 'bye' }],
      },
      bye: { type: 'end' as const },
    },
  };
  assert.equal(steerByWhisper(flow, startFlow(flow, {}, now).state, 'anything at all', now), null);
  const done = { ...atPayFull(), done: true, waiting: false, node: null };
  assert.equal(steerByWhisper(collections, done, 'prioritize payment', now), null);
});

test('say actions carry their template, so the session can fill it with variables changed since', () => {
  const step = startFlow(collections, {}, now);
  const balance = step.actions.find((a) => a.type === 'say' && /overdue balance/.test(a.text));
  assert.ok(balance && balance.type === 'say');
  assert.equal(balance.template, 'Our records show an overdue balance of {{balance}}.');
});
