/**
 * The session lifecycle (one call or message conversation) as a pure transition table: which commands
 * each state allows, who may give them, and what each one does to the AI's speech (the line playing,
 * the lines queued), to the flow's position, to guidance for the AI and to the people holding the call.
 * The session actor carries out the effects in order and keeps no rules of its own.
 */
import type { Priority, SessionState } from '@livespace/protocol';

/** A barge cuts the line playing (`interrupt`) or waits for it to finish (`after_sentence`). */
type BargeMode = 'interrupt' | 'after_sentence';

/** Where a transfer sends a session: a queue (anyone there claims it) or one named human agent. */
export type TransferTarget = { queue: string } | { userId: string; userName: string; queue: string };

/** A command, carrier signal or supervisor action that may change a session. */
export type SessionCommand =
  /** An outbound call's far end rings. */
  | { type: 'ring' }
  /** The call connected; an outbound call may be answered by a voicemail (`machine`). */
  | { type: 'answer'; by?: 'human' | 'machine' }
  /** The caller started talking over the AI (barge-in on a real call). */
  | { type: 'caller_speech' }
  /** Hidden guidance for the AI. */
  | { type: 'whisper'; text: string }
  /** The AI says `text` now; then goes on, or the call ends. */
  | { type: 'barge'; text: string; mode: BargeMode; endCall: boolean }
  | { type: 'takeover'; userId: string }
  /** The person holding the call speaks or writes. */
  | { type: 'say'; text: string; userId: string }
  /** Back to the AI; `force`: a supervisor may hand back a takeover someone else holds. */
  | { type: 'resume'; userId: string; force: boolean }
  /**
   * `byPerson`: a supervisor sent it (the AI is silenced at once); else the flow or the model handed off after
   * speaking.
   */
  | { type: 'escalate'; queue: string; priority: Priority; reason: string; byPerson: boolean; announced?: boolean }
  | { type: 'claim'; agentUserId: string }
  /** The holder (or a supervisor: `force`) sends the session to another queue or person. */
  | { type: 'transfer'; to: TransferTarget; priority: Priority; note: string | null; userId: string; force: boolean }
  /** A waiting escalation goes back to the AI without a person. */
  | { type: 'return_to_ai' }
  /** The holder is done: the call ends, or (`returnToAi`) the AI takes it again. */
  | { type: 'complete'; resolution?: string; returnToAi?: boolean; userId: string; force: boolean }
  | { type: 'listen' }
  /** End Call, by a person. */
  | { type: 'end' }
  /** The line dropped: the caller hung up, the carrier failed, or the flow ended the call. */
  | { type: 'hangup'; reason: string };

/** Type of a session command, e.g. `'takeover'`. */
export type SessionCommandType = SessionCommand['type'];

/** Work the actor carries out after a transition, in order; the machine itself does no I/O. */
export type Effect =
  | { type: 'publish_state'; state: SessionState; reason?: string }
  /** The flow starts: the agent speaks first. */
  | { type: 'start_ai' }
  /** A voicemail answered: the campaign's message, if any, then the call ends. */
  | { type: 'leave_voicemail' }
  /**
   * The AI stops: the model's answer in progress and every line it queued are dropped; the line playing is cut now or
   * finishes.
   */
  | { type: 'silence_ai'; playing: 'cut' | 'finish' }
  /**
   * The flow stays where it stands: a step in progress goes no further (no end line, no end, no hand-off) until the AI
   * has the call again.
   */
  | { type: 'hold_flow' }
  /**
   * Guidance: variables change at once; a named branch steers what the AI says or asks next, never an outcome,
   * callback, hand-off or end.
   */
  | { type: 'guide_ai'; text: string }
  /**
   * The AI says the barge line; then goes on from where the conversation stands, ends the call, or stays quiet (a
   * person holds it).
   */
  | { type: 'speak_barge'; text: string; mode: BargeMode; then: 'go_on' | 'hang_up' | 'stay' }
  /** The holder's words to the caller. */
  | { type: 'speak_human'; text: string }
  /**
   * The AI has the call again: it asks its open question again (or its model answers); with nothing open it closes the
   * call.
   */
  | { type: 'ask_again' }
  | { type: 'hangup'; reason: string }
  /** A new waiting escalation in `queue`; `announce`: the caller hears that a person is coming. */
  | { type: 'enqueue'; queue: string; priority: Priority; reason: string; since: string; announce: boolean }
  /** The waiting or held escalation ends this way. */
  | { type: 'dequeue'; reason: 'returned_to_ai' | 'abandoned' | 'transferred' }
  /** `agentUserId` holds the call now (a claim, or a transfer to them). */
  | { type: 'assign'; agentUserId: string }
  /** Hold audio for a caller waiting for a person. */
  | { type: 'hold_audio'; on: boolean };

/** Why a command was refused; every one is a conflict with the session's state (HTTP 409). */
type TransitionRejection = 'wrong_state' | 'already_ended' | 'takeover_held' | 'not_holder';

/** Result of `transition`: the new state and its effects, or a typed refusal. */
export type TransitionResult =
  | { ok: true; state: SessionState; effects: Effect[] }
  | { ok: false; reason: TransitionRejection; message: string };

/** What the table reads besides the state: who holds the call (took it over or claimed it). */
export interface SessionContext {
  state: SessionState;
  holder: { id: string; name: string } | null;
}

type Next = { state: SessionState; effects: Effect[] } | { refuse: TransitionRejection; message: string };

type Handler<K extends SessionCommandType> = (
  cmd: Extract<SessionCommand, { type: K }>,
  now: Date,
  ctx: SessionContext,
) => Next;

type AnyHandler = (cmd: SessionCommand, now: Date, ctx: SessionContext) => Next;

type Row = { [K in SessionCommandType]?: Handler<K> };

/** Moves to `state` and announces it; the other effects run before the announcement. */
function to(state: SessionState, effects: Effect[] = [], reason?: string): Next {
  const publish: Effect =
    reason === undefined ? { type: 'publish_state', state } : { type: 'publish_state', state, reason };
  return { state, effects: [...effects, publish] };
}

/** Stays in `state`: nothing is announced. */
const stay = (state: SessionState, effects: Effect[] = []): Next => ({ state, effects });

/** Refused unless `userId` holds the call, or a supervisor forces it. */
function holderOnly(ctx: SessionContext, userId: string, force: boolean, what: string): Next | null {
  if (force || ctx.holder?.id === userId) return null;
  return { refuse: 'not_holder', message: `Cannot ${what}: ${ctx.holder?.name ?? 'someone else'} holds the call` };
}

// Shared by every live state: the caller hung up, the carrier failed, or the flow ended the call.
const hangup: Handler<'hangup'> = (cmd) => to('ended', [{ type: 'hangup', reason: cmd.reason }], cmd.reason);

// A caller who hangs up while waiting in a queue counts as abandoned for queue statistics.
const hangupWhileQueued: Handler<'hangup'> = (cmd) =>
  to(
    'ended',
    [
      { type: 'dequeue', reason: 'abandoned' },
      { type: 'hangup', reason: cmd.reason },
    ],
    cmd.reason,
  );

// End Call: everything the AI was saying stops with the line.
const end: Handler<'end'> = () =>
  to(
    'ended',
    [
      { type: 'silence_ai', playing: 'cut' },
      { type: 'hangup', reason: 'ended_by_supervisor' },
    ],
    'ended_by_supervisor',
  );

const endWhileQueued: Handler<'end'> = () =>
  to(
    'ended',
    [
      { type: 'silence_ai', playing: 'cut' },
      { type: 'dequeue', reason: 'abandoned' },
      { type: 'hangup', reason: 'ended_by_supervisor' },
    ],
    'ended_by_supervisor',
  );

const whisper =
  (state: SessionState): Handler<'whisper'> =>
  (cmd) =>
    stay(state, [{ type: 'guide_ai', text: cmd.text }]);

const listen =
  (state: SessionState): Handler<'listen'> =>
  () =>
    stay(state);

/** While the AI holds the call the barge silences it, and after the line the AI goes on (or the call ends). */
const bargeAi: Handler<'barge'> = (cmd) =>
  stay('ai_active', [
    { type: 'silence_ai', playing: cmd.mode === 'interrupt' ? 'cut' : 'finish' },
    { type: 'speak_barge', text: cmd.text, mode: cmd.mode, then: cmd.endCall ? 'hang_up' : 'go_on' },
  ]);

/** While a person holds the call (or it waits for one) the AI says the line and stays quiet after it. */
const bargeHeld =
  (state: SessionState): Handler<'barge'> =>
  (cmd) =>
    stay(state, [
      ...(cmd.mode === 'interrupt' ? [{ type: 'silence_ai', playing: 'cut' } as const] : []),
      { type: 'speak_barge', text: cmd.text, mode: cmd.mode, then: cmd.endCall ? 'hang_up' : 'stay' },
    ]);

const say =
  (state: SessionState): Handler<'say'> =>
  (cmd, _now, ctx) =>
    holderOnly(ctx, cmd.userId, false, 'say') ?? stay(state, [{ type: 'speak_human', text: cmd.text }]);

function escalate(cmd: Extract<SessionCommand, { type: 'escalate' }>, now: Date, aiSpeaking: boolean): Next {
  const enqueue: Effect = {
    type: 'enqueue',
    queue: cmd.queue,
    priority: cmd.priority,
    reason: cmd.reason,
    since: now.toISOString(),
    announce: !cmd.announced,
  };
  // A person's hand-off cuts the AI at once; the flow's or the model's comes after their own words.
  const silence: Effect[] = aiSpeaking && cmd.byPerson ? [{ type: 'silence_ai', playing: 'cut' }] : [];
  return to('queued', [...silence, { type: 'hold_flow' }, enqueue, { type: 'hold_audio', on: true }], cmd.reason);
}

/** Sends a held or waiting session on: to a queue (waiting again) or straight to a named agent (claimed by them). */
const transfer =
  (from: SessionState): Handler<'transfer'> =>
  (cmd, now, ctx) => {
    const refused = from === 'queued' ? null : holderOnly(ctx, cmd.userId, cmd.force, 'transfer');
    if (refused) return refused;
    // The person who held it is free again: their presence is the use case's (as for claim and complete).
    const leave: Effect[] = [
      { type: 'silence_ai', playing: 'finish' },
      { type: 'hold_flow' },
      { type: 'dequeue', reason: 'transferred' },
    ];
    const reason = cmd.note ?? 'transferred';
    if ('userId' in cmd.to) {
      const enqueue: Effect = {
        type: 'enqueue',
        queue: cmd.to.queue,
        priority: cmd.priority,
        reason,
        since: now.toISOString(),
        announce: false,
      };
      return to(
        'claimed',
        [...leave, enqueue, { type: 'hold_audio', on: false }, { type: 'assign', agentUserId: cmd.to.userId }],
        'transferred',
      );
    }
    // From a takeover the caller hears that a person is coming; from a queue or an agent they are on hold already.
    const enqueue: Effect = {
      type: 'enqueue',
      queue: cmd.to.queue,
      priority: cmd.priority,
      reason,
      since: now.toISOString(),
      announce: from === 'human_active',
    };
    return to('queued', [...leave, enqueue, { type: 'hold_audio', on: true }], 'transferred');
  };

/** The lifecycle: state → command → handler. A missing cell is a refused transition (409). */
const SESSION_TABLE: Readonly<Record<SessionState, Row>> = {
  // An outbound call being placed; it ends here on busy, failure or no answer (the carrier's hangup reason).
  dialing: {
    ring: () => to('ringing'),
    answer: (cmd) => to('ai_active', [cmd.by === 'machine' ? { type: 'leave_voicemail' } : { type: 'start_ai' }]),
    end,
    hangup,
  },
  ringing: {
    answer: (cmd) => to('ai_active', [cmd.by === 'machine' ? { type: 'leave_voicemail' } : { type: 'start_ai' }]),
    listen: listen('ringing'),
    end,
    hangup,
  },
  ai_active: {
    // The caller is heard: what the AI was saying and about to say stops.
    caller_speech: () => stay('ai_active', [{ type: 'silence_ai', playing: 'cut' }]),
    whisper: whisper('ai_active'),
    barge: bargeAi,
    // Everything the AI said, queued or was about to queue stops, end lines included; the flow waits for the person.
    takeover: () => to('human_active', [{ type: 'silence_ai', playing: 'cut' }, { type: 'hold_flow' }], 'takeover'),
    escalate: (cmd, now) => escalate(cmd, now, true),
    listen: listen('ai_active'),
    end,
    hangup,
  },
  human_active: {
    whisper: whisper('human_active'),
    barge: bargeHeld('human_active'),
    takeover: (cmd, _now, ctx) => ({
      refuse: 'takeover_held',
      message: `${ctx.holder?.id === cmd.userId ? 'You hold' : `${ctx.holder?.name ?? 'Someone else'} holds`} the takeover`,
    }),
    say: say('human_active'),
    resume: (cmd, _now, ctx) =>
      holderOnly(ctx, cmd.userId, cmd.force, 'resume') ?? to('ai_active', [{ type: 'ask_again' }], 'resume'),
    // The AI is already silent while a person speaks.
    escalate: (cmd, now) => escalate(cmd, now, false),
    transfer: transfer('human_active'),
    listen: listen('human_active'),
    end,
    hangup,
  },
  queued: {
    whisper: whisper('queued'),
    barge: bargeHeld('queued'),
    claim: (cmd) =>
      to('claimed', [
        { type: 'hold_audio', on: false },
        { type: 'assign', agentUserId: cmd.agentUserId },
      ]),
    return_to_ai: () =>
      to(
        'ai_active',
        [{ type: 'hold_audio', on: false }, { type: 'dequeue', reason: 'returned_to_ai' }, { type: 'ask_again' }],
        'return_to_ai',
      ),
    transfer: transfer('queued'),
    listen: listen('queued'),
    end: endWhileQueued,
    hangup: hangupWhileQueued,
  },
  claimed: {
    whisper: whisper('claimed'),
    say: say('claimed'),
    complete: (cmd, _now, ctx) => {
      const refused = holderOnly(ctx, cmd.userId, cmd.force, 'complete');
      if (refused) return refused;
      if (cmd.returnToAi) return to('ai_active', [{ type: 'ask_again' }], 'return_to_ai');
      // The agent is done with the caller: drop the line and keep the session open for notes.
      return to('wrap_up', [{ type: 'hangup', reason: 'completed' }], cmd.resolution ?? 'completed');
    },
    transfer: transfer('claimed'),
    listen: listen('claimed'),
    end,
    hangup,
  },
  // Left by `hangup`, which the carrier reports once the line has dropped (or the app sends after notes).
  wrap_up: {
    end,
    hangup,
  },
  ended: {},
};

const STATE_WORDS: Record<SessionState, string> = {
  dialing: 'dialing',
  ringing: 'ringing',
  ai_active: 'with the AI',
  human_active: 'taken over by a person',
  queued: 'queued',
  claimed: 'claimed by an agent',
  wrap_up: 'in wrap-up',
  ended: 'ended',
};

const COMMAND_WORDS: Record<SessionCommandType, string> = {
  ring: 'ring',
  answer: 'answer',
  caller_speech: 'hear the caller',
  whisper: 'whisper',
  barge: 'barge',
  takeover: 'take over',
  say: 'say',
  resume: 'resume',
  escalate: 'escalate',
  claim: 'claim',
  transfer: 'transfer',
  return_to_ai: 'return to the AI',
  complete: 'complete',
  listen: 'listen',
  end: 'end',
  hangup: 'hang up',
};

/**
 * Applies one command to a session; pure, `now` stamps time-bearing effects. `ctx` defaults to nobody holding the call.
 */
export function transition(
  state: SessionState,
  cmd: SessionCommand,
  now: Date,
  holder: SessionContext['holder'] = null,
): TransitionResult {
  if (state === 'ended') {
    return { ok: false, reason: 'already_ended', message: `Cannot ${COMMAND_WORDS[cmd.type]}: the session has ended` };
  }
  // The row type pairs each command type with its own handler; TS cannot correlate that through a lookup.
  const handler = SESSION_TABLE[state][cmd.type] as AnyHandler | undefined;
  if (!handler) {
    return {
      ok: false,
      reason: 'wrong_state',
      message: `Cannot ${COMMAND_WORDS[cmd.type]}: the session is ${STATE_WORDS[state]}`,
    };
  }
  const next = handler(cmd, now, { state, holder });
  if ('refuse' in next) return { ok: false, reason: next.refuse, message: next.message };
  return { ok: true, state: next.state, effects: next.effects };
}

/** Command types accepted in a state (some only from the person holding the call), e.g. to enable buttons in a UI. */
export function allowedCommands(state: SessionState): SessionCommandType[] {
  return Object.keys(SESSION_TABLE[state]) as SessionCommandType[];
}
