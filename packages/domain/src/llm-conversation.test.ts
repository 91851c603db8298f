import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentBody, Flow, type TranscriptLine } from '@livespace/protocol';
import { onCallerLine, startFlow } from './flow-engine';
import { llmFailedStep, llmMessages, llmToolStep, LLM_TOOLS } from './llm-conversation';

const NOW = new Date('2026-11-24T15:00:00Z');
const flow = Flow.parse({
  start: 'chat',
  nodes: {
    chat: {
      type: 'llm',
      prompt: 'You help {{name}} with billing.',
      greeting: 'Hello {{name}}!',
      queue: 'billing',
      next: 'bye',
      fallback: 'One moment.',
      onError: 'human',
    },
    bye: { type: 'end', say: 'Goodbye.' },
    human: { type: 'human_handoff', queue: 'billing' },
  },
  variables: { name: 'Ann' },
});
const ada = { id: 'u1', name: 'Ada' };
let seq = 0;
const line = (
  speaker: TranscriptLine['speaker'],
  text: string,
  extra: Partial<TranscriptLine> = {},
): TranscriptLine => ({ seq: ++seq, lineId: `l${seq}`, speaker, text, at: NOW.toISOString(), ...extra });

test('an llm node greets, then waits; each caller line is a turn of the model', () => {
  const start = startFlow(flow, {}, NOW);
  assert.deepEqual(start.actions, [
    { type: 'node', node: 'chat' },
    { type: 'say', text: 'Hello Ann!', template: 'Hello {{name}}!' },
  ]);
  assert.equal(start.state.waiting, true);
  const turn = onCallerLine(flow, start.state, 'what do I owe?', NOW);
  assert.deepEqual(turn.actions, [{ type: 'llm_turn', node: 'chat' }]);
  assert.equal(turn.state, start.state);
});

test('without a greeting the model speaks first', () => {
  const f = Flow.parse({ start: 'c', nodes: { c: { type: 'llm', prompt: 'Hi' } } });
  assert.deepEqual(startFlow(f, {}, NOW).actions, [
    { type: 'node', node: 'c' },
    { type: 'llm_turn', node: 'c' },
  ]);
});

test('an LLM agent body becomes a one-node flow; a bad one names the field', () => {
  const body = AgentBody.parse({ name: 'Chat', llm: { prompt: 'Be kind.' } });
  assert.deepEqual(body.flow, {
    start: 'llm',
    nodes: { llm: { type: 'llm', prompt: 'Be kind.', queue: 'general' } },
    variables: {},
  });
  const bad = AgentBody.safeParse({ name: 'Chat', llm: { prompt: '' } });
  assert.equal(bad.success, false);
});

test('messages: prompt with variables, caller as user, AI as assistant, whispers, barges and human lines as system notes', () => {
  const transcript = [
    line('system', 'State: ai active', { kind: 'state' }),
    line('ai', 'Hello Ann!'),
    line('caller', 'I want to pay'),
    line('caller', 'I wa', { partial: true }),
    line('supervisor', 'offer the payment plan', { hidden: true, by: ada }),
    line('ai', 'Please hold.', { barge: true, by: ada }),
    line('system', 'State: human active by Ada', { kind: 'state' }),
    line('human', 'I can help with that.', { by: ada }),
    line('caller', 'thanks'),
    line('system', 'State: ai active by Ada', { kind: 'state' }),
    line('system', 'Outcome: paid', { kind: 'outcome' }),
    line('system', 'Flow node: chat', { kind: 'node' }),
  ];
  const m = llmMessages({ node: flow.nodes.chat as never, vars: flow.variables, channel: 'voice', transcript });
  assert.equal(m[0]!.role, 'system');
  assert.match(m[0]!.content, /^You help Ann with billing\.\n\nYou are speaking on a phone call/);
  assert.deepEqual(
    m.slice(1).map((x) => `${x.role}: ${x.content}`),
    [
      'assistant: Hello Ann!',
      'user: I want to pay',
      'system: Supervisor guidance (the caller must never learn of it): offer the payment plan',
      'system: A supervisor made you say the next line (barge): Ada. The caller heard it as yours.',
      'assistant: Please hold.',
      'system: A person of our team took over the conversation; you were paused.',
      'system: While you were paused, Ada of our team told the caller: "I can help with that."',
      'user: thanks',
      'system: The person handed the conversation back to you. Continue from where it stands, without repeating what was said.',
      'system: Outcome: paid',
    ],
  );
});

test('tools: every tool is offered with a JSON schema', () => {
  assert.deepEqual(
    LLM_TOOLS.map((t) => t.name),
    ['escalate_to_human', 'schedule_callback', 'set_outcome', 'end_call'],
  );
  for (const t of LLM_TOOLS) assert.equal(t.parameters.type, 'object');
});

test('tool calls: outcome and callback keep the model talking; hand-off and end stop it', () => {
  const state = startFlow(flow, {}, NOW).state;
  const call = (name: string, args: unknown) =>
    llmToolStep(
      flow,
      state,
      'chat',
      { id: 'c1', name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
      NOW,
      { timeZone: 'UTC' },
    );

  const outcome = call('set_outcome', { outcome: 'Promise to pay' });
  assert.deepEqual(outcome.step.actions, [{ type: 'outcome', outcome: 'promise_to_pay' }]);
  assert.equal(outcome.step.state.outcome, 'promise_to_pay');
  assert.equal(outcome.stop, false);

  const cb = call('schedule_callback', { at: 'tomorrow at 10am' });
  assert.deepEqual(cb.step.actions, [{ type: 'schedule_callback', at: '2026-11-25T10:00:00.000Z' }]);
  assert.match(cb.result, /^callback scheduled for Wednesday, November 25/);
  assert.match(call('schedule_callback', { at: 'whenever' }).result, /^error: could not understand/);

  const up = call('escalate_to_human', { reason: 'disputes the debt', priority: 'high' });
  assert.deepEqual(up.step.actions, [
    { type: 'handoff', queue: 'billing', priority: 'high', reason: 'disputes the debt' },
  ]);
  assert.equal(up.stop, true);
  assert.equal(up.step.state.done, true);

  const end = call('end_call', {});
  assert.deepEqual(end.step.actions, [
    { type: 'node', node: 'bye' },
    { type: 'say', text: 'Goodbye.', template: 'Goodbye.' },
    { type: 'end', reason: 'flow_end' },
  ]);
  assert.equal(end.stop, true);

  // Broken arguments and unknown tools are told to the model; nothing happens.
  const broken = call('set_outcome', '{not json');
  assert.deepEqual(broken.step.actions, []);
  assert.match(broken.result, /^error/);
  assert.match(call('transfer_money', {}).result, /no tool "transfer_money"/);
});

test('a failed model goes to onError, or waits for the caller', () => {
  const state = startFlow(flow, {}, NOW).state;
  assert.deepEqual(llmFailedStep(flow, state, 'chat').actions.at(-1), {
    type: 'handoff',
    queue: 'billing',
    priority: 'normal',
    reason: 'handoff',
    announced: false,
  });
  const f = Flow.parse({ start: 'c', nodes: { c: { type: 'llm', prompt: 'Hi', greeting: 'Hi' } } });
  const s = startFlow(f, {}, NOW).state;
  assert.deepEqual(llmFailedStep(f, s, 'c'), { state: s, actions: [] });
});
