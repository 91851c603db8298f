import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignClaims,
  GOODBYE_BEFORE_MS,
  handleTimeMs,
  heldStep,
  outcomeFor,
  SAY_EVERY_MS,
  simulatedRoster,
  type FreeHumanAgent,
  type Held,
  type WaitingItem,
} from './demo-agents-plan';

const QUEUES = ['collections', 'front_desk', 'sales'];

describe('the simulated agents roster', () => {
  it('is marked simulated in every name and email', () => {
    for (const a of simulatedRoster(12, QUEUES)) {
      assert.match(a.name, / \(simulated\)$/);
      assert.match(a.email, /^sim-[a-z0-9]+@demo\.livespace\.local$/);
    }
    const emails = simulatedRoster(12, QUEUES).map((a) => a.email);
    assert.equal(new Set(emails).size, 12, 'emails are unique (names repeat after ten)');
  });

  // [count, each agent's queues]: a specialist per queue in turn, then one who works them all.
  const cases: Array<[number, string[][]]> = [
    [0, []],
    [1, [['collections']]],
    [3, [['collections'], ['front_desk'], ['sales']]],
    [4, [['collections'], ['front_desk'], ['sales'], QUEUES]],
    [6, [['collections'], ['front_desk'], ['sales'], QUEUES, ['collections'], ['front_desk']]],
  ];
  for (const [count, queues] of cases) {
    it(`${count} agents over three queues → ${JSON.stringify(queues)}`, () => {
      assert.deepEqual(
        simulatedRoster(count, QUEUES).map((a) => a.queues),
        queues,
      );
    });
  }

  it('is empty without queues (no agent has a flow that hands off)', () => {
    assert.deepEqual(simulatedRoster(4, []), []);
  });
});

describe('which free simulated agent claims which waiting escalation', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  const waited = (id: string, queue: string, seconds: number): WaitingItem => ({
    id,
    queue,
    waitingSince: new Date(now - seconds * 1000).toISOString(),
  });
  const free = (userId: string, queues: string[], freeForSeconds = 0): FreeHumanAgent => ({
    userId,
    queues,
    freeSince: now - freeForSeconds * 1000,
  });
  const cases: Array<[string, WaitingItem[], FreeHumanAgent[], Array<[string, string]>]> = [
    ['nothing waits', [], [free('a', ['sales'])], []],
    ['nobody free', [waited('e1', 'sales', 30)], [], []],
    ['too fresh: a person gets the first chance', [waited('e1', 'sales', 2)], [free('a', ['sales'])], []],
    ['waited long enough', [waited('e1', 'sales', 4)], [free('a', ['sales'])], [['a', 'e1']]],
    ['only agents of its queue', [waited('e1', 'front_desk', 10)], [free('a', ['sales'])], []],
    [
      'the specialist before the generalist',
      [waited('e1', 'sales', 10)],
      [free('all', QUEUES, 60), free('s', ['sales'])],
      [['s', 'e1']],
    ],
    [
      'the one free longest among equals',
      [waited('e1', 'sales', 10)],
      [free('s1', ['sales'], 5), free('s2', ['sales'], 50)],
      [['s2', 'e1']],
    ],
    [
      "one call each, in the queue's order",
      [waited('e1', 'sales', 20), waited('e2', 'sales', 10)],
      [free('s', ['sales'])],
      [['s', 'e1']],
    ],
    [
      'the generalist takes what the specialist cannot',
      [waited('e1', 'sales', 20), waited('e2', 'sales', 10), waited('e3', 'collections', 10)],
      [free('s', ['sales']), free('all', QUEUES)],
      [
        ['s', 'e1'],
        ['all', 'e2'],
      ],
    ],
  ];
  for (const [name, waiting, agents, want] of cases) {
    it(name, () => {
      assert.deepEqual(
        assignClaims(waiting, agents, now, 4000).map((c) => [c.userId, c.escalationId]),
        want,
      );
    });
  }
});

describe('what a simulated agent holding a call does next', () => {
  const held = (over: Partial<Held> = {}): Held => ({
    claimedAt: 0,
    doneAt: 60_000,
    lastSaidAt: 0,
    saidGoodbye: false,
    ...over,
  });
  const cases: Array<[string, Held, number, boolean, string]> = [
    ['just claimed: waits', held(), 1000, false, 'wait'],
    ['a while without a word: says something', held(), SAY_EVERY_MS, false, 'say'],
    ['said something lately: waits', held({ lastSaidAt: 15_000 }), 30_000, false, 'wait'],
    ['near the end: goodbye', held({ lastSaidAt: 50_000 }), 60_000 - GOODBYE_BEFORE_MS, false, 'goodbye'],
    ['after the goodbye: waits for the end', held({ lastSaidAt: 56_000, saidGoodbye: true }), 58_000, false, 'wait'],
    ['time is up: completes', held({ saidGoodbye: true }), 60_000, false, 'complete'],
    ['the caller hung up mid-call: completes at once, to follow up', held(), 10_000, true, 'complete:follow_up'],
  ];
  for (const [name, h, now, ended, want] of cases) {
    it(name, () => {
      const step = heldStep(h, now, ended, 0.1);
      const got =
        step.type === 'say'
          ? step.goodbye
            ? 'goodbye'
            : 'say'
          : step.type === 'complete' && ended
            ? `complete:${step.resolution}`
            : step.type;
      assert.equal(got, want);
    });
  }

  it('the goodbye makes the caller hang up: then it completes with its outcome, not as hung up on', () => {
    const step = heldStep(held({ saidGoodbye: true }), 58_000, true, 0.1);
    assert.deepEqual(step.type === 'complete' && step.resolution, 'resolved');
  });
});

describe('outcomes and handle times', () => {
  const outcomes: Array<[number, string]> = [
    [0, 'resolved'],
    [0.74, 'resolved'],
    [0.75, 'follow_up'],
    [0.92, 'follow_up'],
    [0.93, 'unresolved'],
    [0.999, 'unresolved'],
  ];
  for (const [rnd, want] of outcomes) it(`rnd ${rnd} → ${want}`, () => assert.equal(outcomeFor(rnd).resolution, want));

  it('a handle time stays in its range', () => {
    assert.equal(handleTimeMs([20_000, 90_000], 0), 20_000);
    assert.equal(handleTimeMs([20_000, 90_000], 0.5), 55_000);
    assert.ok(handleTimeMs([20_000, 90_000], 0.9999) <= 90_000);
  });
});
