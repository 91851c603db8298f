import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_STATES, type SessionState } from '@livespace/protocol';
import { allowedCommands, transition, type SessionCommand, type SessionCommandType } from './session.machine';

const NOW = new Date('2025-03-12T15:00:00.000Z');

const COMMANDS: Record<SessionCommandType, SessionCommand> = {
  ring: { type: 'ring' },
  answer: { type: 'answer' },
  takeover: { type: 'takeover', userId: 'u1' },
  resume: { type: 'resume' },
  escalate: { type: 'escalate', queue: 'collections', priority: 'high', reason: 'asked for a person' },
  claim: { type: 'claim', agentUserId: 'agent-7' },
  return_to_ai: { type: 'return_to_ai' },
  complete: { type: 'complete', resolution: 'paid by card' },
  hangup: { type: 'hangup', reason: 'caller_hangup' },
};

// Every cell of the lifecycle: the state reached, or the refusal. Written out in full so a
// changed cell in the machine shows up here as a failing row.
const W = 'wrong_state' as const;
const EXPECTED: Record<SessionState, Record<SessionCommandType, SessionState | 'wrong_state' | 'already_ended'>> = {
  dialing:      { ring: 'ringing', answer: 'ai_active', takeover: W, resume: W, escalate: W, claim: W, return_to_ai: W, complete: W, hangup: 'ended' },
  ringing:      { ring: W, answer: 'ai_active', takeover: W, resume: W, escalate: W, claim: W, return_to_ai: W, complete: W, hangup: 'ended' },
  ai_active:    { ring: W, answer: W, takeover: 'human_active', resume: W, escalate: 'queued', claim: W, return_to_ai: W, complete: W, hangup: 'ended' },
  human_active: { ring: W, answer: W, takeover: W, resume: 'ai_active', escalate: 'queued', claim: W, return_to_ai: W, complete: W, hangup: 'ended' },
  queued:       { ring: W, answer: W, takeover: W, resume: W, escalate: W, claim: 'claimed', return_to_ai: 'ai_active', complete: W, hangup: 'ended' },
  claimed:      { ring: W, answer: W, takeover: W, resume: W, escalate: W, claim: W, return_to_ai: 'ai_active', complete: 'wrap_up', hangup: 'ended' },
  wrap_up:      { ring: W, answer: W, takeover: W, resume: W, escalate: W, claim: W, return_to_ai: W, complete: W, hangup: 'ended' },
  ended: {
    ring: 'already_ended', answer: 'already_ended', takeover: 'already_ended', resume: 'already_ended', escalate: 'already_ended',
    claim: 'already_ended', return_to_ai: 'already_ended', complete: 'already_ended', hangup: 'already_ended',
  },
};

for (const state of SESSION_STATES) {
  for (const [type, cmd] of Object.entries(COMMANDS) as Array<[SessionCommandType, SessionCommand]>) {
    const expected = EXPECTED[state][type];
    test(`${state} + ${type} → ${expected}`, () => {
      const r = transition(state, cmd, NOW);
      if (expected === 'wrong_state' || expected === 'already_ended') {
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.reason, expected);
          assert.match(r.message, new RegExp(type));
        }
      } else {
        assert.equal(r.ok, true);
        if (r.ok) {
          assert.equal(r.state, expected);
          // Every accepted transition announces the new state, last.
          assert.deepEqual(r.effects.at(-1)?.type, 'publish_state');
          assert.equal((r.effects.at(-1) as { state: SessionState }).state, expected);
        }
      }
    });
  }
}

test('allowedCommands lists exactly the accepted cells', () => {
  for (const state of SESSION_STATES) {
    const accepted = (Object.keys(EXPECTED[state]) as SessionCommandType[]).filter((t) => !['wrong_state', 'already_ended'].includes(EXPECTED[state][t]));
    assert.deepEqual(allowedCommands(state).sort(), accepted.sort(), state);
  }
});

// Effects of the accepted cells: [state, command, effects].
const EFFECTS: Array<[SessionState, SessionCommandType, unknown[]]> = [
  ['dialing', 'ring', [{ type: 'publish_state', state: 'ringing' }]],
  ['dialing', 'answer', [{ type: 'start_ai' }, { type: 'publish_state', state: 'ai_active' }]],
  ['dialing', 'hangup', [{ type: 'hangup', reason: 'caller_hangup' }, { type: 'publish_state', state: 'ended', reason: 'caller_hangup' }]],
  ['ringing', 'answer', [{ type: 'start_ai' }, { type: 'publish_state', state: 'ai_active' }]],
  ['ringing', 'hangup', [{ type: 'hangup', reason: 'caller_hangup' }, { type: 'publish_state', state: 'ended', reason: 'caller_hangup' }]],
  ['ai_active', 'takeover', [{ type: 'pause_ai' }, { type: 'publish_state', state: 'human_active', reason: 'takeover' }]],
  ['ai_active', 'escalate', [
    { type: 'pause_ai' },
    { type: 'enqueue', queue: 'collections', priority: 'high', reason: 'asked for a person', since: '2025-03-12T15:00:00.000Z' },
    { type: 'publish_state', state: 'queued', reason: 'asked for a person' },
  ]],
  ['ai_active', 'hangup', [{ type: 'hangup', reason: 'caller_hangup' }, { type: 'publish_state', state: 'ended', reason: 'caller_hangup' }]],
  ['human_active', 'resume', [{ type: 'resume_ai' }, { type: 'publish_state', state: 'ai_active', reason: 'resume' }]],
  ['human_active', 'escalate', [
    { type: 'enqueue', queue: 'collections', priority: 'high', reason: 'asked for a person', since: '2025-03-12T15:00:00.000Z' },
    { type: 'publish_state', state: 'queued', reason: 'asked for a person' },
  ]],
  ['human_active', 'hangup', [{ type: 'hangup', reason: 'caller_hangup' }, { type: 'publish_state', state: 'ended', reason: 'caller_hangup' }]],
  ['queued', 'claim', [{ type: 'assign', agentUserId: 'agent-7' }, { type: 'publish_state', state: 'claimed' }]],
  ['queued', 'return_to_ai', [
    { type: 'dequeue', reason: 'returned_to_ai' }, { type: 'resume_ai' }, { type: 'publish_state', state: 'ai_active', reason: 'return_to_ai' },
  ]],
  ['queued', 'hangup', [
    { type: 'dequeue', reason: 'abandoned' }, { type: 'hangup', reason: 'caller_hangup' }, { type: 'publish_state', state: 'ended', reason: 'caller_hangup' },
  ]],
  ['claimed', 'return_to_ai', [{ type: 'resume_ai' }, { type: 'publish_state', state: 'ai_active', reason: 'return_to_ai' }]],
  ['claimed', 'complete', [{ type: 'hangup', reason: 'completed' }, { type: 'publish_state', state: 'wrap_up', reason: 'paid by card' }]],
  ['claimed', 'hangup', [{ type: 'hangup', reason: 'caller_hangup' }, { type: 'publish_state', state: 'ended', reason: 'caller_hangup' }]],
  ['wrap_up', 'hangup', [{ type: 'hangup', reason: 'caller_hangup' }, { type: 'publish_state', state: 'ended', reason: 'caller_hangup' }]],
];

for (const [state, type, effects] of EFFECTS) {
  test(`effects of ${state} + ${type}`, () => {
    const r = transition(state, COMMANDS[type], NOW);
    assert.ok(r.ok);
    assert.deepEqual(r.effects, effects);
  });
}

test('the effects table covers every accepted cell', () => {
  const accepted = SESSION_STATES.flatMap((s) => allowedCommands(s).map((t) => `${s}:${t}`)).sort();
  assert.deepEqual(EFFECTS.map(([s, t]) => `${s}:${t}`).sort(), accepted);
});

test('complete without a resolution reports "completed"', () => {
  const r = transition('claimed', { type: 'complete' }, NOW);
  assert.ok(r.ok);
  assert.deepEqual(r.effects.at(-1), { type: 'publish_state', state: 'wrap_up', reason: 'completed' });
});

test('a full escalated call: ringing → ai → queued → claimed → wrap_up → ended', () => {
  const steps: SessionCommand[] = [COMMANDS.answer, COMMANDS.escalate, COMMANDS.claim, COMMANDS.complete, COMMANDS.hangup];
  let state: SessionState = 'ringing';
  const seen: SessionState[] = [];
  for (const cmd of steps) {
    const r = transition(state, cmd, NOW);
    assert.ok(r.ok, `${state} + ${cmd.type}`);
    state = r.state;
    seen.push(state);
  }
  assert.deepEqual(seen, ['ai_active', 'queued', 'claimed', 'wrap_up', 'ended']);
});
