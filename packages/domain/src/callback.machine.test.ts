import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALLBACK_STATUSES, type Callback, type CallbackStatus } from '@livespace/protocol';
import { callbackTransition, type CallbackCommand, type CallbackCommandType } from './callback.machine';

const NOW = '2026-11-24T10:00:00.000Z';
const LATER = '2026-11-24T10:15:00.000Z';

function cb(status: CallbackStatus, attempts = 0, max = 3): Callback {
  return {
    id: 'cb1',
    to: '+14155550100',
    agentId: 'agt1',
    at: '2026-11-24T09:59:00.000Z',
    timeZone: null,
    status,
    maxAttempts: max,
    attempts: Array.from({ length: attempts }, (_, i) => ({
      sessionId: `ses${i + 1}`,
      startedAt: NOW,
      result: i < attempts - 1 || status !== 'dialing' ? ('no_answer' as const) : null,
    })),
    source: 'person',
    originSessionId: null,
    createdBy: null,
    note: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

const COMMANDS: Record<CallbackCommandType, (c: Callback) => CallbackCommand> = {
  dial: () => ({ type: 'dial', sessionId: 'sesN', now: NOW }),
  miss: () => ({ type: 'miss', now: NOW }),
  attempt_ended: (c) => ({
    type: 'attempt_ended',
    sessionId: c.attempts.at(-1)?.sessionId ?? 'x',
    result: 'answered',
    now: NOW,
    retryAt: LATER,
  }),
  attempt_lost: (c) => ({ type: 'attempt_lost', sessionId: c.attempts.at(-1)?.sessionId ?? 'x', now: NOW }),
  reschedule: () => ({ type: 'reschedule', at: LATER, now: NOW }),
  call_now: () => ({ type: 'call_now', now: NOW }),
  cancel: () => ({ type: 'cancel', now: NOW }),
};

// Every cell: the status reached, or refused (W). Written out so a changed cell shows here.
const W = 'refused' as const;
const EXPECTED: Record<CallbackStatus, Record<CallbackCommandType, CallbackStatus | typeof W>> = {
  scheduled: {
    dial: 'dialing',
    miss: 'missed',
    attempt_ended: W,
    attempt_lost: W,
    reschedule: 'scheduled',
    call_now: 'scheduled',
    cancel: 'canceled',
  },
  dialing: {
    dial: W,
    miss: W,
    attempt_ended: 'completed',
    attempt_lost: 'scheduled',
    reschedule: W,
    call_now: W,
    cancel: W,
  },
  missed: {
    dial: W,
    miss: W,
    attempt_ended: W,
    attempt_lost: W,
    reschedule: 'scheduled',
    call_now: 'scheduled',
    cancel: 'canceled',
  },
  failed: {
    dial: W,
    miss: W,
    attempt_ended: W,
    attempt_lost: W,
    reschedule: 'scheduled',
    call_now: 'scheduled',
    cancel: 'canceled',
  },
  completed: { dial: W, miss: W, attempt_ended: W, attempt_lost: W, reschedule: W, call_now: W, cancel: W },
  canceled: { dial: W, miss: W, attempt_ended: W, attempt_lost: W, reschedule: W, call_now: W, cancel: W },
};

for (const status of CALLBACK_STATUSES) {
  for (const [type, make] of Object.entries(COMMANDS) as Array<
    [CallbackCommandType, (c: Callback) => CallbackCommand]
  >) {
    const want = EXPECTED[status][type];
    test(`callback ${status} + ${type} → ${want}`, () => {
      const c = cb(status, status === 'dialing' || status === 'failed' ? 1 : 0);
      const r = callbackTransition(c, make(c));
      if (want === W) assert.equal(r.ok, false);
      else {
        assert.ok(r.ok);
        assert.equal(r.callback.status, want);
      }
    });
  }
}

test('a dial records the attempt with its session', () => {
  const r = callbackTransition(cb('scheduled'), { type: 'dial', sessionId: 'ses9', now: NOW });
  assert.ok(r.ok);
  assert.deepEqual(r.callback.attempts, [{ sessionId: 'ses9', startedAt: NOW, result: null }]);
});

test('no conversation: retried later while attempts remain, then failed', () => {
  const first = callbackTransition(cb('dialing', 1), {
    type: 'attempt_ended',
    sessionId: 'ses1',
    result: 'busy',
    now: NOW,
    retryAt: LATER,
  });
  assert.ok(first.ok);
  assert.equal(first.callback.status, 'scheduled');
  assert.equal(first.callback.at, LATER);
  assert.equal(first.callback.attempts[0]!.result, 'busy');
  const last = callbackTransition(cb('dialing', 3), {
    type: 'attempt_ended',
    sessionId: 'ses3',
    result: 'voicemail',
    now: NOW,
    retryAt: LATER,
  });
  assert.ok(last.ok);
  assert.equal(last.callback.status, 'failed');
});

test("an old attempt's news and a lost attempt of another session change nothing", () => {
  const c = cb('dialing', 2);
  assert.equal(
    callbackTransition(c, { type: 'attempt_ended', sessionId: 'ses1', result: 'answered', now: NOW, retryAt: LATER })
      .ok,
    false,
  );
  assert.equal(callbackTransition(c, { type: 'attempt_lost', sessionId: 'ses1', now: NOW }).ok, false);
  const lost = callbackTransition(c, { type: 'attempt_lost', sessionId: 'ses2', now: NOW });
  assert.ok(lost.ok);
  assert.equal(lost.callback.attempts.length, 1, 'the attempt that never dialed is forgotten');
});

test('a person calling a failed callback now gives it one more attempt', () => {
  const r = callbackTransition(cb('failed', 3), { type: 'call_now', now: LATER });
  assert.ok(r.ok);
  assert.equal(r.callback.status, 'scheduled');
  assert.equal(r.callback.at, LATER);
  assert.equal(r.callback.maxAttempts, 4);
});
