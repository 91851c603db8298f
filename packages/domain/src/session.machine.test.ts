import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_STATES, type SessionState } from '@livespace/protocol';
import {
  allowedCommands,
  transition,
  type Effect,
  type SessionCommand,
  type SessionCommandType,
} from './session.machine';

const NOW = new Date('2025-03-12T15:00:00.000Z');
const SINCE = NOW.toISOString();
const ANN = { id: 'u1', name: 'Ann' };

/** One command of each type, given by Ann (u1); the holder below is Ann too, so holder-only cells are accepted. */
const COMMANDS: Record<SessionCommandType, SessionCommand> = {
  ring: { type: 'ring' },
  answer: { type: 'answer' },
  caller_speech: { type: 'caller_speech' },
  whisper: { type: 'whisper', text: 'balance: $120' },
  barge: { type: 'barge', text: 'A supervisor here.', mode: 'interrupt', endCall: false },
  takeover: { type: 'takeover', userId: 'u1' },
  say: { type: 'say', text: 'Hello, Ann here.', userId: 'u1' },
  resume: { type: 'resume', userId: 'u1', force: false },
  escalate: { type: 'escalate', queue: 'collections', priority: 'high', reason: 'asked for a person', byPerson: false },
  claim: { type: 'claim', agentUserId: 'agent-7' },
  transfer: {
    type: 'transfer',
    to: { queue: 'billing' },
    priority: 'normal',
    note: 'needs a refund',
    userId: 'u1',
    force: false,
  },
  return_to_ai: { type: 'return_to_ai' },
  complete: { type: 'complete', resolution: 'resolved', userId: 'u1', force: false },
  listen: { type: 'listen' },
  end: { type: 'end' },
  hangup: { type: 'hangup', reason: 'caller_hangup' },
};

// Every cell: the state reached (= stays), or the refusal. Written out in full so a changed cell shows up as a failing
// row.
const W = 'wrong_state' as const;
const H = 'takeover_held' as const;
type Cell = SessionState | typeof W | typeof H | 'already_ended';
const ROW = (cells: Partial<Record<SessionCommandType, Cell>>): Record<SessionCommandType, Cell> =>
  Object.fromEntries((Object.keys(COMMANDS) as SessionCommandType[]).map((t) => [t, cells[t] ?? W])) as Record<
    SessionCommandType,
    Cell
  >;
const EXPECTED: Record<SessionState, Record<SessionCommandType, Cell>> = {
  dialing: ROW({ ring: 'ringing', answer: 'ai_active', end: 'ended', hangup: 'ended' }),
  ringing: ROW({ answer: 'ai_active', listen: 'ringing', end: 'ended', hangup: 'ended' }),
  ai_active: ROW({
    caller_speech: 'ai_active',
    whisper: 'ai_active',
    barge: 'ai_active',
    takeover: 'human_active',
    escalate: 'queued',
    listen: 'ai_active',
    end: 'ended',
    hangup: 'ended',
  }),
  human_active: ROW({
    whisper: 'human_active',
    barge: 'human_active',
    takeover: H,
    say: 'human_active',
    resume: 'ai_active',
    escalate: 'queued',
    transfer: 'queued',
    listen: 'human_active',
    end: 'ended',
    hangup: 'ended',
  }),
  queued: ROW({
    whisper: 'queued',
    barge: 'queued',
    claim: 'claimed',
    transfer: 'queued',
    return_to_ai: 'ai_active',
    listen: 'queued',
    end: 'ended',
    hangup: 'ended',
  }),
  claimed: ROW({
    whisper: 'claimed',
    say: 'claimed',
    transfer: 'queued',
    complete: 'wrap_up',
    listen: 'claimed',
    end: 'ended',
    hangup: 'ended',
  }),
  wrap_up: ROW({ end: 'ended', hangup: 'ended' }),
  ended: Object.fromEntries((Object.keys(COMMANDS) as SessionCommandType[]).map((t) => [t, 'already_ended'])) as Record<
    SessionCommandType,
    Cell
  >,
};

const REFUSALS = new Set<Cell>([W, H, 'already_ended']);

for (const state of SESSION_STATES) {
  for (const [type, cmd] of Object.entries(COMMANDS) as Array<[SessionCommandType, SessionCommand]>) {
    const expected = EXPECTED[state][type];
    test(`${state} + ${type} → ${expected}`, () => {
      const r = transition(state, cmd, NOW, ANN);
      if (REFUSALS.has(expected)) {
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.reason, expected);
          assert.match(r.message, /^(Cannot|You hold|\w+ holds)/);
        }
        return;
      }
      assert.equal(r.ok, true);
      if (!r.ok) return;
      assert.equal(r.state, expected);
      const publish = r.effects.filter((e) => e.type === 'publish_state');
      // A command that keeps the state announces nothing, but a transfer (a new queue or holder, in the same state).
      if (expected === state && type !== 'transfer')
        assert.deepEqual(publish, [], 'a command that keeps the state announces nothing');
      // Every move announces the new state, last.
      else assert.equal((r.effects.at(-1) as { state: SessionState }).state, expected);
    });
  }
}

test('allowedCommands lists exactly the cells that are not refused for the state', () => {
  for (const state of SESSION_STATES) {
    const accepted = (Object.keys(EXPECTED[state]) as SessionCommandType[]).filter(
      (t) => !REFUSALS.has(EXPECTED[state][t]) || EXPECTED[state][t] === H,
    );
    assert.deepEqual(allowedCommands(state).sort(), accepted.sort(), state);
  }
});

// What each accepted cell does, in order: [state, command, effects]. `publish_state` is last when the state moves.
const pub = (state: SessionState, reason?: string): Effect =>
  reason === undefined ? { type: 'publish_state', state } : { type: 'publish_state', state, reason };
const CUT: Effect = { type: 'silence_ai', playing: 'cut' };
const HOLD_FLOW: Effect = { type: 'hold_flow' };
const END_BY_PERSON: Effect[] = [
  CUT,
  { type: 'hangup', reason: 'ended_by_supervisor' },
  pub('ended', 'ended_by_supervisor'),
];
const HUNG_UP: Effect[] = [{ type: 'hangup', reason: 'caller_hangup' }, pub('ended', 'caller_hangup')];
const GUIDE: Effect[] = [{ type: 'guide_ai', text: 'balance: $120' }];
const TO_BILLING: Effect = {
  type: 'enqueue',
  queue: 'billing',
  priority: 'normal',
  reason: 'needs a refund',
  since: SINCE,
  announce: false,
};
const LEAVE: Effect[] = [
  { type: 'silence_ai', playing: 'finish' },
  HOLD_FLOW,
  { type: 'dequeue', reason: 'transferred' },
];

const EFFECTS: Array<[SessionState, SessionCommandType, Effect[]]> = [
  ['dialing', 'ring', [pub('ringing')]],
  ['dialing', 'answer', [{ type: 'start_ai' }, pub('ai_active')]],
  ['dialing', 'end', END_BY_PERSON],
  ['dialing', 'hangup', HUNG_UP],
  ['ringing', 'answer', [{ type: 'start_ai' }, pub('ai_active')]],
  ['ringing', 'listen', []],
  ['ringing', 'end', END_BY_PERSON],
  ['ringing', 'hangup', HUNG_UP],
  ['ai_active', 'caller_speech', [CUT]],
  ['ai_active', 'whisper', GUIDE],
  // The AI stops (cut or after its sentence), says the line, then goes on from where the conversation stands.
  ['ai_active', 'barge', [CUT, { type: 'speak_barge', text: 'A supervisor here.', mode: 'interrupt', then: 'go_on' }]],
  // Everything stops, end lines included, and the flow waits for the person.
  ['ai_active', 'takeover', [CUT, HOLD_FLOW, pub('human_active', 'takeover')]],
  [
    'ai_active',
    'escalate',
    [
      HOLD_FLOW,
      {
        type: 'enqueue',
        queue: 'collections',
        priority: 'high',
        reason: 'asked for a person',
        since: SINCE,
        announce: true,
      },
      { type: 'hold_audio', on: true },
      pub('queued', 'asked for a person'),
    ],
  ],
  ['ai_active', 'listen', []],
  ['ai_active', 'end', END_BY_PERSON],
  ['ai_active', 'hangup', HUNG_UP],
  ['human_active', 'whisper', GUIDE],
  [
    'human_active',
    'barge',
    [CUT, { type: 'speak_barge', text: 'A supervisor here.', mode: 'interrupt', then: 'stay' }],
  ],
  ['human_active', 'takeover', []],
  ['human_active', 'say', [{ type: 'speak_human', text: 'Hello, Ann here.' }]],
  ['human_active', 'resume', [{ type: 'ask_again' }, pub('ai_active', 'resume')]],
  [
    'human_active',
    'escalate',
    [
      HOLD_FLOW,
      {
        type: 'enqueue',
        queue: 'collections',
        priority: 'high',
        reason: 'asked for a person',
        since: SINCE,
        announce: true,
      },
      { type: 'hold_audio', on: true },
      pub('queued', 'asked for a person'),
    ],
  ],
  [
    'human_active',
    'transfer',
    [
      ...LEAVE,
      { ...TO_BILLING, announce: true } as Effect,
      { type: 'hold_audio', on: true },
      pub('queued', 'transferred'),
    ],
  ],
  ['human_active', 'listen', []],
  ['human_active', 'end', END_BY_PERSON],
  ['human_active', 'hangup', HUNG_UP],
  ['queued', 'whisper', GUIDE],
  ['queued', 'barge', [CUT, { type: 'speak_barge', text: 'A supervisor here.', mode: 'interrupt', then: 'stay' }]],
  ['queued', 'claim', [{ type: 'hold_audio', on: false }, { type: 'assign', agentUserId: 'agent-7' }, pub('claimed')]],
  ['queued', 'transfer', [...LEAVE, TO_BILLING, { type: 'hold_audio', on: true }, pub('queued', 'transferred')]],
  [
    'queued',
    'return_to_ai',
    [
      { type: 'hold_audio', on: false },
      { type: 'dequeue', reason: 'returned_to_ai' },
      { type: 'ask_again' },
      pub('ai_active', 'return_to_ai'),
    ],
  ],
  ['queued', 'listen', []],
  [
    'queued',
    'end',
    [
      CUT,
      { type: 'dequeue', reason: 'abandoned' },
      { type: 'hangup', reason: 'ended_by_supervisor' },
      pub('ended', 'ended_by_supervisor'),
    ],
  ],
  ['queued', 'hangup', [{ type: 'dequeue', reason: 'abandoned' }, ...HUNG_UP]],
  ['claimed', 'whisper', GUIDE],
  ['claimed', 'say', [{ type: 'speak_human', text: 'Hello, Ann here.' }]],
  ['claimed', 'transfer', [...LEAVE, TO_BILLING, { type: 'hold_audio', on: true }, pub('queued', 'transferred')]],
  ['claimed', 'complete', [{ type: 'hangup', reason: 'completed' }, pub('wrap_up', 'resolved')]],
  ['claimed', 'listen', []],
  ['claimed', 'end', END_BY_PERSON],
  ['claimed', 'hangup', HUNG_UP],
  ['wrap_up', 'end', END_BY_PERSON],
  ['wrap_up', 'hangup', HUNG_UP],
];

for (const [state, type, effects] of EFFECTS) {
  test(`effects of ${state} + ${type}`, () => {
    const r = transition(state, COMMANDS[type], NOW, ANN);
    if (EXPECTED[state][type] === H) return assert.equal(r.ok, false);
    assert.ok(r.ok);
    assert.deepEqual(r.effects, effects);
  });
}

test('the effects table covers every allowed cell', () => {
  const accepted = SESSION_STATES.flatMap((s) => allowedCommands(s).map((t) => `${s}:${t}`)).sort();
  assert.deepEqual(EFFECTS.map(([s, t]) => `${s}:${t}`).sort(), accepted);
});

test('a voicemail answering gets the voicemail policy, not the flow', () => {
  const r = transition('ringing', { type: 'answer', by: 'machine' }, NOW);
  assert.ok(r.ok);
  assert.deepEqual(r.effects, [{ type: 'leave_voicemail' }, pub('ai_active')]);
});

test('barge after the sentence lets the line playing finish; with endCall the line ends the call', () => {
  const r = transition('ai_active', { type: 'barge', text: 'Bye now.', mode: 'after_sentence', endCall: true }, NOW);
  assert.ok(r.ok);
  assert.deepEqual(r.effects, [
    { type: 'silence_ai', playing: 'finish' },
    { type: 'speak_barge', text: 'Bye now.', mode: 'after_sentence', then: 'hang_up' },
  ]);
  // Held by a person, an after-sentence barge does not cut the person's line.
  const held = transition(
    'human_active',
    { type: 'barge', text: 'Bye now.', mode: 'after_sentence', endCall: false },
    NOW,
    ANN,
  );
  assert.ok(held.ok);
  assert.deepEqual(held.effects, [{ type: 'speak_barge', text: 'Bye now.', mode: 'after_sentence', then: 'stay' }]);
});

test('a person escalating cuts the AI; the flow or the model handing off after its own words is not cut', () => {
  const byPerson = transition('ai_active', { ...COMMANDS.escalate, byPerson: true } as SessionCommand, NOW);
  assert.ok(byPerson.ok);
  assert.deepEqual(byPerson.effects[0], CUT);
  const announced = transition('ai_active', { ...COMMANDS.escalate, announced: true } as SessionCommand, NOW);
  assert.ok(announced.ok);
  assert.equal((announced.effects.find((e) => e.type === 'enqueue') as { announce: boolean }).announce, false);
});

test('only the holder says, resumes, completes or transfers, unless a supervisor forces it', () => {
  const bea = { id: 'u2', name: 'Bea' };
  for (const [state, cmd] of [
    ['human_active', COMMANDS.say],
    ['human_active', COMMANDS.resume],
    ['claimed', COMMANDS.say],
    ['claimed', COMMANDS.complete],
    ['claimed', COMMANDS.transfer],
    ['human_active', COMMANDS.transfer],
  ] as Array<[SessionState, SessionCommand]>) {
    const r = transition(state, cmd, NOW, bea);
    assert.equal(r.ok, false, `${state} + ${cmd.type}`);
    if (!r.ok) {
      assert.equal(r.reason, 'not_holder');
      assert.match(r.message, /Bea holds the call/);
    }
    if ('force' in cmd)
      assert.ok(
        transition(state, { ...cmd, force: true } as SessionCommand, NOW, bea).ok,
        `${state} + forced ${cmd.type}`,
      );
  }
  // say is the holder's own voice: nobody forces it.
  assert.equal(transition('claimed', COMMANDS.say, NOW, bea).ok, false);
});

test('takeover of a taken-over call names who holds it', () => {
  const mine = transition('human_active', COMMANDS.takeover, NOW, ANN);
  assert.ok(!mine.ok && mine.message === 'You hold the takeover');
  const other = transition('human_active', COMMANDS.takeover, NOW, { id: 'u2', name: 'Bea' });
  assert.ok(!other.ok && other.message === 'Bea holds the takeover');
});

test('transfer to a named agent: claimed by them at once, the call not on hold', () => {
  const r = transition(
    'claimed',
    { ...COMMANDS.transfer, to: { userId: 'u9', userName: 'Dee', queue: 'billing' } } as SessionCommand,
    NOW,
    ANN,
  );
  assert.ok(r.ok);
  assert.equal(r.state, 'claimed');
  assert.deepEqual(r.effects, [
    ...LEAVE,
    TO_BILLING,
    { type: 'hold_audio', on: false },
    { type: 'assign', agentUserId: 'u9' },
    pub('claimed', 'transferred'),
  ]);
});

test('complete with returnToAi hands the call back: the AI asks its open question again', () => {
  const r = transition('claimed', { ...COMMANDS.complete, returnToAi: true } as SessionCommand, NOW, ANN);
  assert.ok(r.ok);
  assert.deepEqual(r.effects, [{ type: 'ask_again' }, pub('ai_active', 'return_to_ai')]);
  const plain = transition('claimed', { type: 'complete', userId: 'u1', force: false }, NOW, ANN);
  assert.ok(plain.ok);
  assert.deepEqual(plain.effects.at(-1), pub('wrap_up', 'completed'));
});

test('refusals say what and why, in words', () => {
  const r = transition('ended', COMMANDS.takeover, NOW);
  assert.ok(!r.ok);
  assert.equal(r.message, 'Cannot take over: the session has ended');
  const q = transition('queued', COMMANDS.takeover, NOW);
  assert.ok(!q.ok);
  assert.equal(q.message, 'Cannot take over: the session is queued');
});

test('a full escalated call: ringing → ai → queued → claimed → wrap_up → ended', () => {
  const steps: SessionCommand[] = [
    COMMANDS.answer,
    COMMANDS.escalate,
    COMMANDS.claim,
    COMMANDS.complete,
    COMMANDS.hangup,
  ];
  let state: SessionState = 'ringing';
  const seen: SessionState[] = [];
  for (const cmd of steps) {
    const r = transition(state, cmd, NOW, ANN);
    assert.ok(r.ok, `${state} + ${cmd.type}`);
    state = r.state;
    seen.push(state);
  }
  assert.deepEqual(seen, ['ai_active', 'queued', 'claimed', 'wrap_up', 'ended']);
});
