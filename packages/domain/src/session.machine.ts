/** The session lifecycle (one call or message conversation) as a pure transition table. */
import type { Priority, SessionState } from '@livespace/protocol';

/** A command or carrier signal that may move a session to another state. */
export type SessionCommand =
  /** An outbound call's far end rings. */
  | { type: 'ring' }
  | { type: 'answer' }
  | { type: 'takeover'; userId?: string }
  | { type: 'resume' }
  | { type: 'escalate'; queue: string; priority: Priority; reason: string }
  | { type: 'claim'; agentUserId: string }
  | { type: 'return_to_ai' }
  | { type: 'complete'; resolution?: string }
  | { type: 'hangup'; reason: string };

/** Type of a session command, e.g. `'takeover'`. */
export type SessionCommandType = SessionCommand['type'];

/** Work the app layer carries out after a transition; the machine itself does no I/O. */
export type Effect =
  | { type: 'publish_state'; state: SessionState; reason?: string }
  | { type: 'start_ai' }
  | { type: 'pause_ai' }
  | { type: 'resume_ai' }
  | { type: 'hangup'; reason: string }
  | { type: 'enqueue'; queue: string; priority: Priority; reason: string; since: string }
  | { type: 'dequeue'; reason: 'returned_to_ai' | 'abandoned' }
  | { type: 'assign'; agentUserId: string };

/** Why a transition was refused: HTTP maps `wrong_state` and `already_ended` to 409. */
export type TransitionRejection = 'wrong_state' | 'already_ended';

/** Result of `transition`: the new state and its effects, or a typed refusal. */
export type TransitionResult =
  | { ok: true; state: SessionState; effects: Effect[] }
  | { ok: false; reason: TransitionRejection; message: string };

type Handler<K extends SessionCommandType> = (
  cmd: Extract<SessionCommand, { type: K }>,
  now: Date,
) => { state: SessionState; effects: Effect[] };

type AnyHandler = (cmd: SessionCommand, now: Date) => { state: SessionState; effects: Effect[] };

type Row = { [K in SessionCommandType]?: Handler<K> };

/** Moves to `state` and announces it; extra effects run before the announcement. */
function to(state: SessionState, effects: Effect[] = [], reason?: string): { state: SessionState; effects: Effect[] } {
  const publish: Effect = reason === undefined ? { type: 'publish_state', state } : { type: 'publish_state', state, reason };
  return { state, effects: [...effects, publish] };
}

// Shared by every live state: the caller hung up, End Call was pressed, or the line failed.
const hangup: Handler<'hangup'> = (cmd) => to('ended', [{ type: 'hangup', reason: cmd.reason }], cmd.reason);

// A caller who hangs up while waiting in a queue counts as abandoned for queue statistics.
const hangupWhileQueued: Handler<'hangup'> = (cmd) =>
  to('ended', [{ type: 'dequeue', reason: 'abandoned' }, { type: 'hangup', reason: cmd.reason }], cmd.reason);

function escalate(pauseAi: boolean): Handler<'escalate'> {
  return (cmd, now) => {
    const enqueue: Effect = { type: 'enqueue', queue: cmd.queue, priority: cmd.priority, reason: cmd.reason, since: now.toISOString() };
    return to('queued', pauseAi ? [{ type: 'pause_ai' }, enqueue] : [enqueue], cmd.reason);
  };
}

/** The lifecycle: state → command → handler. A missing cell is a refused transition. */
export const SESSION_TABLE: Readonly<Record<SessionState, Row>> = {
  // An outbound call being placed; it ends here on busy, failure or no answer (the carrier's hangup reason).
  dialing: {
    ring: () => to('ringing'),
    answer: () => to('ai_active', [{ type: 'start_ai' }]),
    hangup,
  },
  ringing: {
    answer: () => to('ai_active', [{ type: 'start_ai' }]),
    hangup,
  },
  ai_active: {
    takeover: () => to('human_active', [{ type: 'pause_ai' }], 'takeover'),
    escalate: escalate(true),
    hangup,
  },
  human_active: {
    resume: () => to('ai_active', [{ type: 'resume_ai' }], 'resume'),
    // The AI is already paused while a human speaks.
    escalate: escalate(false),
    hangup,
  },
  queued: {
    claim: (cmd) => to('claimed', [{ type: 'assign', agentUserId: cmd.agentUserId }]),
    return_to_ai: () => to('ai_active', [{ type: 'dequeue', reason: 'returned_to_ai' }, { type: 'resume_ai' }], 'return_to_ai'),
    hangup: hangupWhileQueued,
  },
  claimed: {
    return_to_ai: () => to('ai_active', [{ type: 'resume_ai' }], 'return_to_ai'),
    // The agent is done with the caller: drop the line and keep the session open for notes.
    complete: (cmd) => to('wrap_up', [{ type: 'hangup', reason: 'completed' }], cmd.resolution ?? 'completed'),
    hangup,
  },
  // Left by `hangup`, which the carrier reports once the line has dropped (or the app sends after notes).
  wrap_up: {
    hangup,
  },
  ended: {},
};

/** Applies one command to a session state; pure, `now` stamps time-bearing effects. */
export function transition(state: SessionState, event: SessionCommand, now: Date): TransitionResult {
  if (state === 'ended') {
    return { ok: false, reason: 'already_ended', message: `session has ended; cannot ${event.type}` };
  }
  // The row type pairs each command type with its own handler; TS cannot correlate that through a lookup.
  const handler = SESSION_TABLE[state][event.type] as AnyHandler | undefined;
  if (!handler) {
    return { ok: false, reason: 'wrong_state', message: `cannot ${event.type} while the session is ${state}` };
  }
  const next = handler(event, now);
  return { ok: true, state: next.state, effects: next.effects };
}

/** Command types accepted in a state, e.g. to enable buttons in a UI. */
export function allowedCommands(state: SessionState): SessionCommandType[] {
  return Object.keys(SESSION_TABLE[state]) as SessionCommandType[];
}
