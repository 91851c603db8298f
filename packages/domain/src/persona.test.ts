import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onCallerLine, startFlow, type FlowAction } from './flow-engine';
import {
  isPersona,
  MAX_PERSONA_TURNS,
  openingLine,
  PERSONAS,
  personaCallOutcome,
  personaForNumber,
  replyFor,
  type PersonaName,
  type PersonaReply,
} from './persona';
import { seedAgent, type SeedAgentKey } from './seed-agents';

// Wednesday 2025-03-12, 11:00 in New York.
const NOW = new Date('2025-03-12T15:00:00.000Z');
const TZ = 'America/New_York';
const TOMORROW_10AM = '2025-03-13T14:00:00.000Z';
const THURSDAY_2PM = '2025-03-13T18:00:00.000Z';
const FRIDAY_AFTERNOON = '2025-03-14T19:00:00.000Z';
const MAX_TURNS = 8;

interface Conversation {
  actions: FlowAction[];
  transcript: string[];
  /** What stopped the talk: the virtual caller hung up or fell silent, or the turn budget ran out. */
  stop: 'hangup' | 'silent' | 'turns';
  replies: number;
  flowDone: boolean;
}

/** Runs one persona against one seed agent with the real flow engine. */
function converse(persona: PersonaName, agent: SeedAgentKey, rnd: number): Conversation {
  const flow = seedAgent(agent).flow;
  let step = startFlow(flow, {}, NOW);
  const actions = [...step.actions];
  const transcript: string[] = [];
  let pending = step.actions;
  for (let turn = 0; turn < MAX_TURNS + 2; turn++) {
    const heard = pending
      .filter((a) => a.type === 'say')
      .map((a) => a.text)
      .join(' ');
    transcript.push(`AI: ${heard}`);
    const reply: PersonaReply = replyFor(persona, heard, turn, rnd);
    if (reply.type !== 'say')
      return { actions, transcript, stop: reply.type, replies: turn, flowDone: step.state.done };
    transcript.push(`CALLER: ${reply.text}`);
    step = onCallerLine(flow, step.state, reply.text, NOW, { timeZone: TZ });
    actions.push(...step.actions);
    pending = step.actions;
  }
  return { actions, transcript, stop: 'turns', replies: MAX_TURNS + 2, flowDone: step.state.done };
}

interface Expected {
  outcome?: string;
  handoff?: string;
  callbackAt?: string;
  /** `flow`: the agent finished (end or handoff); `caller`: the caller hung up first. */
  endedBy: 'flow' | 'caller';
}

const caller: Expected = { endedBy: 'caller' };
const EXPECTED: Record<Exclude<PersonaName, 'manual' | 'chatter'>, Record<SeedAgentKey, Expected>> = {
  overdue: {
    collections: { outcome: 'payment_plan', endedBy: 'flow' },
    clinic: { outcome: 'callback', callbackAt: FRIDAY_AFTERNOON, endedBy: 'flow' },
    sales: { outcome: 'not_interested', endedBy: 'flow' },
  },
  wants_human: {
    collections: { handoff: 'collections', endedBy: 'flow' },
    clinic: { handoff: 'front_desk', endedBy: 'flow' },
    sales: { handoff: 'sales', endedBy: 'flow' },
  },
  callback: {
    collections: { outcome: 'callback', callbackAt: TOMORROW_10AM, endedBy: 'flow' },
    clinic: { outcome: 'callback', callbackAt: TOMORROW_10AM, endedBy: 'flow' },
    sales: { outcome: 'interested', callbackAt: TOMORROW_10AM, endedBy: 'flow' },
  },
  interested: {
    collections: { outcome: 'paid', endedBy: 'flow' },
    clinic: { outcome: 'appointment_booked', endedBy: 'flow' },
    sales: { outcome: 'interested', callbackAt: THURSDAY_2PM, endedBy: 'flow' },
  },
  not_interested: {
    collections: caller,
    clinic: caller,
    sales: { outcome: 'not_interested', endedBy: 'flow' },
  },
  no_answer: { collections: caller, clinic: caller, sales: caller },
  busy: { collections: caller, clinic: caller, sales: caller },
  voicemail: { collections: caller, clinic: caller, sales: caller },
  failed: { collections: caller, clinic: caller, sales: caller },
};

// Every phrasing variant must lead to the same end, so run low, middle and high `rnd`.
for (const [persona, byAgent] of Object.entries(EXPECTED) as Array<[PersonaName, Record<SeedAgentKey, Expected>]>) {
  for (const [agent, want] of Object.entries(byAgent) as Array<[SeedAgentKey, Expected]>) {
    for (const rnd of [0, 0.5, 0.999]) {
      test(`${persona} calling ${agent} (rnd ${rnd}) ends ${want.endedBy === 'flow' ? 'by the agent' : 'by the caller'}`, () => {
        const c = converse(persona, agent, rnd);
        const why = c.transcript.join('\n');
        assert.ok(c.replies <= MAX_TURNS, `too many turns:\n${why}`);
        const outcomes = c.actions.flatMap((a) => (a.type === 'outcome' ? [a.outcome] : []));
        const handoffs = c.actions.flatMap((a) => (a.type === 'handoff' ? [a.queue] : []));
        const callbacks = c.actions.flatMap((a) => (a.type === 'schedule_callback' ? [a.at] : []));
        const ends = c.actions.flatMap((a) => (a.type === 'end' ? [a.reason] : []));
        assert.deepEqual(outcomes, want.outcome ? [want.outcome] : [], why);
        assert.deepEqual(handoffs, want.handoff ? [want.handoff] : [], why);
        assert.deepEqual(callbacks, want.callbackAt ? [want.callbackAt] : [], why);
        assert.ok(!c.actions.some((a) => a.type === 'error'), why);
        if (want.endedBy === 'flow') {
          assert.equal(c.flowDone, true, why);
          // After an end the caller hears goodbye and hangs up; after a handoff it waits on hold.
          assert.equal(c.stop, want.handoff ? 'silent' : 'hangup', why);
          assert.deepEqual(ends, want.handoff ? [] : ['flow_end'], why);
        } else {
          assert.equal(c.flowDone, false, why);
          assert.equal(c.stop, 'hangup', why);
        }
      });
    }
  }
}

test('interested books the clinic appointment for Thursday at 2pm', () => {
  const c = converse('interested', 'clinic', 0);
  assert.ok(c.actions.some((a) => a.type === 'variable' && a.name === 'appointmentAt' && a.value === THURSDAY_2PM));
});

test('manual never speaks by itself, whatever it hears', () => {
  for (const heard of ['', 'Hi! How can I help you today?', 'Goodbye!', 'Can you pay today?']) {
    for (const turn of [0, 3, MAX_PERSONA_TURNS + 1])
      assert.deepEqual(replyFor('manual', heard, turn, 0.3), { type: 'silent' });
  }
});

// [persona, heard, turn, expected reply type or text pattern]
const REPLIES: Array<[PersonaName, string, number, PersonaReply['type'] | RegExp]> = [
  ['interested', 'Thanks for calling. Goodbye!', 1, 'hangup'],
  ['interested', 'Have a good day!', 1, 'hangup'],
  ['interested', 'Would you be interested?', MAX_PERSONA_TURNS, 'hangup'],
  ['interested', 'One moment please.', 1, 'silent'],
  ['interested', '', 1, 'silent'],
  ['interested', 'Would you be interested?', 0, /^(Yes|Sure|Yeah)/],
  ['interested', 'What day and time would suit you?', 0, /Thursday at 2pm/],
  ['callback', "When's the best time to call?", 0, /tomorrow at 10am/i],
  ['overdue', 'Are you able to pay the full amount today?', 0, /no/i],
  ['overdue', 'We can split it into three monthly payments. Would that work for you?', 0, /^(Yes|Okay)/],
  ['overdue', 'Sorry, can you pay the full $420.00 today, yes or no?', 1, /no/i],
  ['not_interested', 'Sorry, which would you like?', 1, 'hangup'],
  ['wants_human', 'How can I help you today?', 0, /person|human|agent/],
  ['wants_human', 'Hi, this is Jordan. How can I help?', 3, /question about my account/],
  ['busy', 'Hello?', 0, /wrong number/],
  ['busy', 'Can you pay?', 1, 'hangup'],
  ['voicemail', 'Hello?', 1, 'hangup'],
];

for (const [persona, heard, turn, want] of REPLIES) {
  test(`${persona} hearing ${JSON.stringify(heard)} at turn ${turn}`, () => {
    const r = replyFor(persona, heard, turn, 0);
    if (typeof want === 'string') assert.equal(r.type, want);
    else {
      assert.equal(r.type, 'say');
      if (r.type === 'say') assert.match(r.text, want);
    }
  });
}

const OUTCOMES: Array<[PersonaName, string]> = [
  ['no_answer', 'no_answer'],
  ['busy', 'busy'],
  ['voicemail', 'voicemail'],
  ['failed', 'failed'],
  ['manual', 'answered'],
  ['overdue', 'answered'],
  ['wants_human', 'answered'],
  ['callback', 'answered'],
  ['interested', 'answered'],
  ['not_interested', 'answered'],
  ['chatter', 'answered'],
];

test('the load persona chatter keeps talking and never hangs up', () => {
  for (const heard of ['', 'Goodbye!', 'Would you like a plan?']) {
    for (const turn of [0, MAX_PERSONA_TURNS + 5]) assert.equal(replyFor('chatter', heard, turn, 0.5).type, 'say');
  }
});
test('personaCallOutcome covers every persona', () => {
  assert.deepEqual(OUTCOMES.map(([p]) => p).sort(), [...PERSONAS].sort());
  for (const [p, outcome] of OUTCOMES) assert.equal(personaCallOutcome(p), outcome, p);
});

test('personaForNumber: the last digit picks the persona, whatever the formatting', () => {
  const want: Array<[string, PersonaName]> = [
    ['+15550100000', 'interested'],
    ['+15550100001', 'not_interested'],
    ['+15550100002', 'callback'],
    ['+15550100003', 'no_answer'],
    ['+15550100004', 'busy'],
    ['+15550100005', 'voicemail'],
    ['+15550100006', 'overdue'],
    ['+15550100007', 'wants_human'],
    ['+15550100008', 'interested'],
    ['+15550100009', 'not_interested'],
    ['(555) 010-0103 ', 'no_answer'],
  ];
  for (const [n, p] of want) assert.equal(personaForNumber(n), p, n);
});

test('isPersona accepts exactly the persona names', () => {
  for (const p of PERSONAS) assert.equal(isPersona(p), true);
  for (const x of ['', 'Manual', 'robot', 1, null, undefined, {}]) assert.equal(isPersona(x), false);
});

test('openingLine: manual writes nothing; others write something fitting the agent', () => {
  assert.equal(openingLine('manual'), null);
  for (const p of PERSONAS.filter((x) => x !== 'manual')) assert.ok((openingLine(p) ?? '').length > 0, p);
  assert.match(openingLine('interested', 'clinic') ?? '', /appointment/);
  assert.match(openingLine('interested', 'collections') ?? '', /pay/);
  assert.match(openingLine('callback', 'sales') ?? '', /tomorrow at 10am/);
  assert.equal(openingLine('interested', 'unknown-agent'), openingLine('interested'));
});
