import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFlow, onCallerLine } from './flow.engine';
import { seedAgent } from './seed-agents';
import { applyWhisper } from './whisper';

const now = new Date('2026-11-24T10:00:00Z');
const collections = seedAgent('collections').flow;
const atPayFull = () => startFlow(collections, {}, now).state;

test('a whisper naming the payment branch moves the collections flow there', () => {
  const r = applyWhisper(collections, atPayFull(), "The caller's account is overdue — prioritize payment", now);
  assert.ok(r);
  assert.equal(r.intent, 'payment');
  assert.deepEqual(r.step.actions.filter((a) => a.type === 'outcome'), [{ type: 'outcome', outcome: 'paid' }]);
  assert.ok(r.step.actions.some((a) => a.type === 'say' && /payment link/.test(a.text)));
});

test('a whisper sets variables the flow knows, and only those', () => {
  const r = applyWhisper(collections, atPayFull(), 'balance: $120.50, mood = angry', now);
  assert.ok(r);
  assert.equal(r.intent, null);
  assert.deepEqual(r.variables, ['balance']);
  assert.equal(r.step.state.vars.balance, '$120.50');
  assert.equal(r.step.state.vars.mood, undefined);
  // The flow still waits at its question, now with the new balance in its reprompt.
  const next = onCallerLine(collections, r.step.state, 'hmm', now);
  assert.ok(next.actions.some((a) => a.type === 'say' && a.text.includes('$120.50')));
});

test('a whisper that matches nothing changes nothing', () => {
  assert.equal(applyWhisper(collections, atPayFull(), 'be nice to them', now), null);
});

test('a whisper never answers a catch-all question, nor a flow that is not waiting', () => {
  const flow = { start: 'q', variables: {}, nodes: {
    q: { type: 'ask' as const, prompt: 'Anything?', maxRetries: 2, intents: [{ name: 'any', when: { any: true as const }, next: 'bye' }] },
    bye: { type: 'end' as const },
  } };
  const s = startFlow(flow, {}, now).state;
  assert.equal(applyWhisper(flow, s, 'anything at all', now), null);
  const done = { ...s, done: true, waiting: false, node: null };
  assert.equal(applyWhisper(collections, done, 'prioritize payment', now), null);
});
