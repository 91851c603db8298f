import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Flow } from '@livespace/protocol';
import {
  fillTemplate,
  MAX_NODES_PER_STEP,
  onCallerLine,
  startFlow,
  type FlowAction,
  type FlowState,
} from './flow-engine';

const NOW = new Date('2025-03-12T15:00:00.000Z');
const NY = 'America/New_York';

const says = (actions: FlowAction[]) => actions.filter((a) => a.type === 'say').map((a) => a.text);
const types = (actions: FlowAction[]) => actions.map((a) => a.type);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

// One flow exercising every node type.
const FLOW = Flow.parse({
  start: 'hello',
  variables: { company: 'Acme', balance: '$10' },
  nodes: {
    hello: { type: 'say', text: 'Hi, this is {{company}}{{nobody}}.', next: 'menu' },
    menu: {
      type: 'ask',
      prompt: 'You owe {{balance}}. Pay, plan, order or callback?',
      reprompt: 'Sorry? Say pay, plan, order or callback.',
      maxRetries: 2,
      fallback: 'human',
      intents: [
        { name: 'human', when: { keywords: ['person', 'human'] }, next: 'human' },
        { name: 'pay', when: { keywords: ['pay'] }, next: 'paid' },
        // Also contains "pay": only reached when "pay" is absent, since intents are tried in order.
        { name: 'plan', when: { keywords: ['plan', 'pay later'] }, next: 'plan' },
        { name: 'order', when: { regex: 'order (\\d+)' }, capture: 'order', next: 'confirm' },
        { name: 'callback', when: { keywords: ['callback'] }, next: 'when' },
      ],
    },
    paid: { type: 'set_outcome', outcome: 'paid', next: 'bye' },
    plan: { type: 'set_outcome', outcome: 'plan', next: 'bye' },
    confirm: {
      type: 'ask',
      prompt: 'Order {{order}}, right?',
      maxRetries: 0,
      intents: [{ name: 'yes', when: { yesno: 'yes' }, next: 'bye' }],
    },
    when: {
      type: 'ask',
      prompt: 'When?',
      intents: [
        { name: 'at', when: { datetime: true }, capture: 'cbAt', next: 'book' },
        { name: 'skip', when: { keywords: ['skip'] }, next: 'book' },
      ],
    },
    book: { type: 'schedule_callback', atVariable: 'cbAt', say: 'Calling you {{cbAtText}}.', next: 'bye' },
    human: { type: 'human_handoff', queue: 'billing', priority: 'high', reason: 'asked', say: 'Connecting you.' },
    bye: { type: 'end', say: 'Goodbye!' },
  },
});

function atMenu(): FlowState {
  return deepFreeze(startFlow(FLOW, {}, NOW).state);
}

test('startFlow runs say nodes up to the first ask, with variables filled and unknown ones empty', () => {
  const step = startFlow(FLOW, { balance: '$99' }, NOW);
  assert.deepEqual(step.actions, [
    { type: 'node', node: 'hello' },
    { type: 'say', text: 'Hi, this is Acme.', template: 'Hi, this is {{company}}{{nobody}}.' },
    { type: 'node', node: 'menu' },
    {
      type: 'say',
      text: 'You owe $99. Pay, plan, order or callback?',
      template: 'You owe {{balance}}. Pay, plan, order or callback?',
    },
  ]);
  assert.deepEqual(step.state, {
    node: 'menu',
    retries: 0,
    vars: { company: 'Acme', balance: '$99' },
    outcome: null,
    done: false,
    waiting: true,
  });
});

const TEMPLATES: Array<[string, Record<string, string>, string]> = [
  ['Hi {{name}}!', { name: 'Ann' }, 'Hi Ann!'],
  ['Hi {{ name }}!', { name: 'Ann' }, 'Hi Ann!'],
  ['Hi {{name}}!', {}, 'Hi !'],
  ['{{a}}{{b}}', { a: '1', b: '2' }, '12'],
  ['{single} {{}}', { single: 'x' }, '{single} {{}}'],
];
for (const [tpl, vars, out] of TEMPLATES) {
  test(`fillTemplate ${JSON.stringify(tpl)} → ${JSON.stringify(out)}`, () =>
    assert.equal(fillTemplate(tpl, vars), out));
}

// [caller line, intent matched, outcome, say lines, last action type, done]
const LINES: Array<[string, string, string | null, string[], FlowAction['type'], boolean]> = [
  ['I can pay now', 'pay', 'paid', ['Goodbye!'], 'end', true],
  ['a plan please', 'plan', 'plan', ['Goodbye!'], 'end', true],
  // First match wins: "pay later" also matches "pay", which comes first.
  ['pay later', 'pay', 'paid', ['Goodbye!'], 'end', true],
  ['a human please', 'human', null, ['Connecting you.'], 'handoff', true],
  ['order 42', 'order', null, ['Order 42, right?'], 'say', false],
  ['callback', 'callback', null, ['When?'], 'say', false],
];
for (const [line, intent, outcome, said, last, done] of LINES) {
  test(`at menu, ${JSON.stringify(line)} → intent ${intent}`, () => {
    const step = onCallerLine(FLOW, atMenu(), line, NOW);
    assert.deepEqual(step.actions[0], { type: 'intent', node: 'menu', intent });
    assert.equal(step.state.outcome, outcome);
    assert.deepEqual(says(step.actions), said);
    assert.equal(step.actions.at(-1)?.type, last);
    assert.equal(step.state.done, done);
    assert.equal(step.state.waiting, !done);
  });
}

test('a capture stores the match and reports it', () => {
  const step = onCallerLine(FLOW, atMenu(), 'about order 42', NOW);
  assert.deepEqual(step.actions.slice(0, 2), [
    { type: 'intent', node: 'menu', intent: 'order' },
    { type: 'variable', name: 'order', value: '42' },
  ]);
  assert.equal(step.state.vars.order, '42');
  assert.equal(step.state.node, 'confirm');
});

test('a datetime capture also stores a spoken form, and schedule_callback books that time', () => {
  const atWhen = onCallerLine(FLOW, atMenu(), 'callback', NOW).state;
  const step = onCallerLine(FLOW, atWhen, 'tomorrow at 10am', NOW, { timeZone: NY });
  assert.equal(step.state.vars.cbAt, '2025-03-13T14:00:00.000Z');
  assert.match(step.state.vars.cbAtText ?? '', /^Thursday, March 13\b.*10:00\sAM$/);
  assert.deepEqual(types(step.actions), [
    'intent',
    'variable',
    'variable',
    'node',
    'schedule_callback',
    'say',
    'node',
    'say',
    'end',
  ]);
  assert.deepEqual(step.actions[4], { type: 'schedule_callback', at: '2025-03-13T14:00:00.000Z' });
  assert.equal(says(step.actions)[0], `Calling you ${step.state.vars.cbAtText}.`);
  assert.deepEqual(step.actions.at(-1), { type: 'end', reason: 'flow_end' });
});

test('schedule_callback without a time reports an error, skips its promise and continues', () => {
  const atWhen = onCallerLine(FLOW, atMenu(), 'callback', NOW).state;
  const step = onCallerLine(FLOW, atWhen, 'skip', NOW);
  assert.deepEqual(types(step.actions), ['intent', 'node', 'error', 'node', 'say', 'end']);
  assert.match((step.actions[2] as { message: string }).message, /cbAt/);
  assert.deepEqual(says(step.actions), ['Goodbye!']);
});

test('no match reprompts up to maxRetries, then goes to the fallback', () => {
  let state = atMenu();
  for (const retries of [1, 2]) {
    const step = onCallerLine(FLOW, state, 'what?', NOW);
    assert.deepEqual(step.actions, [
      {
        type: 'say',
        text: 'Sorry? Say pay, plan, order or callback.',
        template: 'Sorry? Say pay, plan, order or callback.',
      },
    ]);
    assert.equal(step.state.retries, retries);
    assert.equal(step.state.waiting, true);
    state = step.state;
  }
  const step = onCallerLine(FLOW, state, 'what?', NOW);
  assert.deepEqual(types(step.actions), ['node', 'say', 'handoff']);
  assert.equal(step.state.done, true);
});

test('a match after a miss resets the retry count', () => {
  const missed = onCallerLine(FLOW, atMenu(), 'hmm', NOW).state;
  assert.equal(missed.retries, 1);
  const step = onCallerLine(FLOW, missed, 'order 7', NOW);
  assert.equal(step.state.retries, 0);
});

test('without reprompt the prompt is asked again; without fallback a second miss in a row hands off to a person', () => {
  const flow = Flow.parse({
    start: 'q',
    nodes: {
      q: {
        type: 'ask',
        prompt: 'Yes or no, {{name}}?',
        maxRetries: 1,
        intents: [{ name: 'y', when: { yesno: 'yes' }, next: 'e' }],
      },
      e: { type: 'end' },
    },
  });
  const s0 = startFlow(flow, { name: 'Bo' }, NOW).state;
  const s1 = onCallerLine(flow, s0, 'hmm', NOW);
  assert.deepEqual(s1.actions, [{ type: 'say', text: 'Yes or no, Bo?', template: 'Yes or no, {{name}}?' }]);
  const s2 = onCallerLine(flow, s1.state, 'hmm', NOW);
  assert.deepEqual(s2.actions, [{ type: 'handoff', queue: 'general', priority: 'normal', reason: 'no_match' }]);
  assert.deepEqual(
    { node: s2.state.node, done: s2.state.done, waiting: s2.state.waiting },
    { node: 'q', done: true, waiting: false },
    'the node stays, for a return to the AI',
  );
});

test('a caller who asks for a person is handed off, unless a branch of the flow takes that line', () => {
  const flow = Flow.parse({
    start: 'q',
    nodes: {
      q: { type: 'ask', prompt: 'Yes or no?', intents: [{ name: 'y', when: { yesno: 'yes' }, next: 'e' }] },
      e: { type: 'end' },
      h: { type: 'human_handoff', queue: 'care' },
    },
  });
  const s0 = startFlow(flow, {}, NOW).state;
  for (const line of [
    'Can I speak to a real person?',
    'get me a human',
    'Representative!',
    'I want to talk to an agent',
  ]) {
    assert.deepEqual(
      onCallerLine(flow, s0, line, NOW).actions,
      [{ type: 'handoff', queue: 'care', priority: 'normal', reason: 'asked_for_person' }],
      line,
    );
  }
  assert.deepEqual(
    onCallerLine(flow, s0, 'I am a person who says yes', NOW).actions.map((a) => a.type),
    ['intent', 'node', 'end'],
  );
  assert.deepEqual(onCallerLine(FLOW, atMenu(), 'a person', NOW).actions.at(-1), {
    type: 'handoff',
    queue: 'billing',
    priority: 'high',
    reason: 'asked',
    announced: true,
  });
});

test('a handoff finishes the flow without an end action, and later lines are ignored', () => {
  const step = onCallerLine(FLOW, atMenu(), 'a person', NOW);
  assert.deepEqual(step.actions.slice(1), [
    { type: 'node', node: 'human' },
    { type: 'say', text: 'Connecting you.', template: 'Connecting you.' },
    { type: 'handoff', queue: 'billing', priority: 'high', reason: 'asked', announced: true },
  ]);
  assert.ok(!step.actions.some((a) => a.type === 'end'));
  assert.deepEqual(onCallerLine(FLOW, step.state, 'pay', NOW), { state: step.state, actions: [] });
});

test('a line when the flow is not waiting does nothing', () => {
  const state: FlowState = { ...atMenu(), waiting: false };
  assert.deepEqual(onCallerLine(FLOW, state, 'pay', NOW).actions, []);
});

test('onCallerLine never mutates the state it is given', () => {
  const state = atMenu(); // frozen: a mutation would throw
  onCallerLine(FLOW, state, 'order 42', NOW);
  onCallerLine(FLOW, state, 'nothing useful', NOW);
  assert.deepEqual(state.vars, { company: 'Acme', balance: '$10' });
});

test(`a loop without questions stops after ${MAX_NODES_PER_STEP} nodes with reason loop`, () => {
  const flow = Flow.parse({
    start: 'a',
    nodes: { a: { type: 'say', text: 'A', next: 'b' }, b: { type: 'set_outcome', outcome: 'x', next: 'a' } },
  });
  const step = startFlow(flow, {}, NOW);
  assert.equal(step.actions.filter((a) => a.type === 'node').length, MAX_NODES_PER_STEP);
  assert.deepEqual(step.actions.at(-1), { type: 'end', reason: 'loop' });
  assert.equal(step.state.done, true);
});

test('a node pointing nowhere (an unvalidated flow) ends with invalid_flow', () => {
  const flow = { ...FLOW, start: 'missing' } as Flow;
  const step = startFlow(flow, {}, NOW);
  assert.deepEqual(types(step.actions), ['error', 'end']);
  assert.deepEqual(step.actions.at(-1), { type: 'end', reason: 'invalid_flow' });
});

test('a say made only of empty variables is not spoken', () => {
  const flow = Flow.parse({
    start: 's',
    nodes: { s: { type: 'say', text: '{{nothing}}', next: 'e' }, e: { type: 'end', say: 'Bye' } },
  });
  assert.deepEqual(says(startFlow(flow, {}, NOW).actions), ['Bye']);
});
