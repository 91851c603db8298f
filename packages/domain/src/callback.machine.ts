/** The lifecycle of a scheduled callback as a pure transition table. */
import type { AttemptResult, Callback, CallbackStatus } from '@livespace/protocol';
import { isRetryable } from './outbound';

/** A change asked of a callback: by the scheduler, by an attempt's end, or by a person. */
export type CallbackCommand =
  /** Its time came: an attempt starts with this session. */
  | { type: 'dial'; sessionId: string; now: string }
  /** Its time passed long ago (the server was down): a broken promise is shown, not dialed at a bad hour. */
  | { type: 'miss'; now: string }
  /** The attempt's call ended; `retryAt` is when the next attempt would be due. */
  | { type: 'attempt_ended'; sessionId: string; result: AttemptResult; now: string; retryAt: string }
  /** The attempt never dialed (its process died before the call was placed): as if it never started. */
  | { type: 'attempt_lost'; sessionId: string; now: string }
  | { type: 'reschedule'; at: string; now: string }
  | { type: 'call_now'; now: string }
  | { type: 'cancel'; now: string };

export type CallbackCommandType = CallbackCommand['type'];

export type CallbackTransition = { ok: true; callback: Callback } | { ok: false; code: 'wrong_state'; message: string };

type Handler<K extends CallbackCommandType> = (
  c: Callback,
  cmd: Extract<CallbackCommand, { type: K }>,
) => Callback | null;
type Row = { [K in CallbackCommandType]?: Handler<K> };

// A person asking again gives a failed callback one more attempt.
const again = (c: Callback, at: string, now: string): Callback => ({
  ...c,
  status: 'scheduled',
  at,
  maxAttempts: Math.max(c.maxAttempts, c.attempts.length + 1),
  updatedAt: now,
});

const byPerson: Row = {
  reschedule: (c, cmd) => again(c, cmd.at, cmd.now),
  call_now: (c, cmd) => again(c, cmd.now, cmd.now),
  cancel: (c, cmd) => ({ ...c, status: 'canceled', updatedAt: cmd.now }),
};

/** The current attempt, when `sessionId` is it (an old attempt's late news changes nothing). */
function current(c: Callback, sessionId: string): boolean {
  return c.attempts.at(-1)?.sessionId === sessionId;
}

/** status → command → handler; a missing cell is a refused change. A handler returning null refuses too. */
const CALLBACK_TABLE: Readonly<Record<CallbackStatus, Row>> = {
  scheduled: {
    dial: (c, cmd) => ({
      ...c,
      status: 'dialing',
      attempts: [...c.attempts, { sessionId: cmd.sessionId, startedAt: cmd.now, result: null }],
      updatedAt: cmd.now,
    }),
    miss: (c, cmd) => ({ ...c, status: 'missed', updatedAt: cmd.now }),
    ...byPerson,
  },
  dialing: {
    attempt_ended: (c, cmd) => {
      if (!current(c, cmd.sessionId)) return null;
      const attempts = c.attempts.map((a, i) => (i === c.attempts.length - 1 ? { ...a, result: cmd.result } : a));
      if (!isRetryable(cmd.result)) return { ...c, status: 'completed', attempts, updatedAt: cmd.now };
      if (attempts.length >= c.maxAttempts) return { ...c, status: 'failed', attempts, updatedAt: cmd.now };
      return { ...c, status: 'scheduled', attempts, at: cmd.retryAt, updatedAt: cmd.now };
    },
    attempt_lost: (c, cmd) =>
      current(c, cmd.sessionId)
        ? { ...c, status: 'scheduled', attempts: c.attempts.slice(0, -1), updatedAt: cmd.now }
        : null,
  },
  missed: byPerson,
  failed: byPerson,
  completed: {},
  canceled: {},
};

/** Applies one command to a callback; pure. */
export function callbackTransition(c: Callback, cmd: CallbackCommand): CallbackTransition {
  const handler = CALLBACK_TABLE[c.status][cmd.type] as
    | ((c: Callback, cmd: CallbackCommand) => Callback | null)
    | undefined;
  const next = handler?.(c, cmd) ?? null;
  if (!next)
    return {
      ok: false,
      code: 'wrong_state',
      message: `Cannot ${cmd.type.replace('_', ' ')}: the callback is ${c.status}`,
    };
  return { ok: true, callback: next };
}
