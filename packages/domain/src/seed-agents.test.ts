import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentBody, type FlowNode } from '@livespace/protocol';
import { onCallerLine, startFlow } from './flow-engine';
import { SEED_AGENTS, seedAgent, type SeedAgentKey } from './seed-agents';

const NOW = new Date('2025-03-12T15:00:00.000Z');

test('there are exactly the three demo agents, with distinct names', () => {
  assert.deepEqual(
    SEED_AGENTS.map((a) => a.key),
    ['collections', 'clinic', 'sales'],
  );
  assert.deepEqual(
    SEED_AGENTS.map((a) => a.body.name),
    ['Collections — overdue balance', 'Clinic reception', 'Sales outreach'],
  );
});

for (const { key, body } of SEED_AGENTS) {
  test(`${key}: validates with AgentBody.parse and parsing again changes nothing`, () => {
    assert.deepEqual(AgentBody.parse(body), body);
  });

  test(`${key}: every question offers a person first`, () => {
    const asks = Object.entries(body.flow.nodes).filter(
      (e): e is [string, Extract<FlowNode, { type: 'ask' }>] => e[1].type === 'ask',
    );
    assert.ok(asks.length > 0);
    for (const [id, node] of asks) assert.equal(node.intents[0]?.name, 'human', id);
  });

  test(`${key}: every node is reachable from start`, () => {
    const seen = new Set<string>();
    const queue = [body.flow.start];
    while (queue.length) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const node = body.flow.nodes[id]!;
      if ('next' in node && node.next) queue.push(node.next);
      if (node.type === 'ask') {
        queue.push(...node.intents.map((i) => i.next));
        if (node.fallback) queue.push(node.fallback);
      }
    }
    assert.deepEqual([...seen].sort(), Object.keys(body.flow.nodes).sort());
  });

  test(`${key}: every prompt is short (at most two sentences) and fills all its variables`, () => {
    const step = startFlow(body.flow, {}, NOW);
    for (const a of step.actions) if (a.type === 'say') assert.doesNotMatch(a.text, /\{\{|\s[.,]/, a.text);
    for (const node of Object.values(body.flow.nodes)) {
      const texts = [
        'text' in node ? node.text : undefined,
        'prompt' in node ? node.prompt : undefined,
        'reprompt' in node ? node.reprompt : undefined,
        'say' in node ? node.say : undefined,
      ].filter((t): t is string => !!t);
      for (const t of texts) {
        assert.ok((t.match(/[.!?](\s|$)/g) ?? []).length <= 2, t);
        for (const [, name] of t.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
          // Either a default variable or one captured by a datetime intent (<capture>Text).
          const captured = Object.values(body.flow.nodes).some(
            (n) =>
              n.type === 'ask' &&
              n.intents.some((i) => i.capture && (name === i.capture || name === `${i.capture}Text`)),
          );
          assert.ok(name! in body.flow.variables || captured, `${name} in ${t}`);
        }
      }
    }
  });
}

// [agent, caller lines, queue, priority]: "a person" works from any question.
const HANDOFFS: Array<[SeedAgentKey, string[], string, string]> = [
  ['collections', ['Can I talk to a real person?'], 'collections', 'high'],
  ['collections', ['no', 'let me speak to someone'], 'collections', 'high'],
  ['collections', ['no', 'no', 'get me a human'], 'collections', 'high'],
  ['clinic', ['an operator please'], 'front_desk', 'normal'],
  ['clinic', ['book an appointment', 'representative'], 'front_desk', 'normal'],
  ['sales', ['Are you an agent? I want a person'], 'sales', 'normal'],
  ['sales', ['yes', 'put me through to your manager'], 'sales', 'normal'],
];

for (const [key, lines, queue, priority] of HANDOFFS) {
  test(`${key}: ${JSON.stringify(lines)} hands off to ${queue} (${priority})`, () => {
    const flow = seedAgent(key).flow;
    let step = startFlow(flow, {}, NOW);
    for (const line of lines) step = onCallerLine(flow, step.state, line, NOW);
    const handoff = step.actions.find((a) => a.type === 'handoff');
    assert.ok(handoff?.type === 'handoff', JSON.stringify(step.actions));
    assert.deepEqual([handoff.queue, handoff.priority], [queue, priority]);
    assert.ok(handoff.reason.length > 0);
    assert.equal(step.state.done, true);
  });
}

test('collections: a caller who wants a plan straight away is offered one', () => {
  const flow = seedAgent('collections').flow;
  const step = onCallerLine(flow, startFlow(flow, {}, NOW).state, 'Can I do a payment plan?', NOW);
  assert.equal(step.state.node, 'offer_plan');
});

test('collections: the balance comes from the call variables when given', () => {
  const step = startFlow(seedAgent('collections').flow, { balance: '$99.10' }, NOW);
  assert.ok(step.actions.some((a) => a.type === 'say' && a.text.includes('$99.10')));
});

test('clinic: "call me back to schedule" is a callback, not an appointment', () => {
  const flow = seedAgent('clinic').flow;
  const step = onCallerLine(flow, startFlow(flow, {}, NOW).state, 'Can you call me back to schedule something?', NOW);
  assert.equal(step.state.node, 'ask_callback');
});
