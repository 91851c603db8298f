import type { EscalationInfo } from './escalation';
import type { OutboundInfo } from './outbound';
import type { RecordingInfo } from './recording';
/** Wire shapes of sessions (calls and message conversations), shared by server and web. */

export type Channel = 'voice' | 'sms' | 'whatsapp';
export type Direction = 'inbound' | 'outbound';
export type SessionState =
  | 'dialing'
  | 'ringing'
  | 'ai_active'
  | 'human_active'
  | 'queued'
  | 'claimed'
  | 'wrap_up'
  | 'ended';
export type Speaker = 'caller' | 'ai' | 'human' | 'supervisor' | 'system';

export const SESSION_STATES: readonly SessionState[] = [
  'dialing',
  'ringing',
  'ai_active',
  'human_active',
  'queued',
  'claimed',
  'wrap_up',
  'ended',
];
export const CHANNELS: readonly Channel[] = ['voice', 'sms', 'whatsapp'];

/** The last spoken or written line of a session, as shown in lists. */
export interface LastLine {
  speaker: Speaker;
  text: string;
  at: string;
}

/** Who did something: a logged-in user. */
export interface Actor {
  id: string;
  name: string;
}

export type HealthLevel = 'ok' | 'warning' | 'critical';
export type HealthReasonCode = 'provider_error' | 'long_silence' | 'no_match' | 'slow_ai' | 'unanswered';

/** Why a session needs attention. */
export interface HealthReason {
  code: HealthReasonCode;
  level: Exclude<HealthLevel, 'ok'>;
  text: string;
}

/** A live session's health: the worst of its reasons' levels (ok without any). */
export interface SessionHealth {
  level: HealthLevel;
  reasons: HealthReason[];
}

/** One row of Live Calls. */
export interface SessionSummary {
  id: string;
  channel: Channel;
  direction: Direction;
  agentId: string;
  agentName: string;
  /**
   * Who the customer is: their number (E.164; a Twilio short code or alphanumeric sender), or for a WhatsApp
   * customer who withholds their number, their business-scoped user id (`US.1349…`).
   */
  callerNumber: string;
  /** The customer's name as their channel gives it (a WhatsApp profile name), when it does. */
  callerName?: string | null;
  state: SessionState;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  currentNode: string | null;
  lastLine: LastLine | null;
  /**
   * The person holding the call: who took it over (state human_active) or claimed its escalation (state claimed);
   * else null. The wire name predates claims; in the code this is the call's holder.
   */
  takenOverBy?: Actor | null;
  /** Who is listening to the call's audio right now. */
  listeners?: Actor[];
  /** The session's escalation to a person, once it has one (newest state). */
  escalation?: EscalationInfo | null;
  /** Calls Live Space placed: why (Dial Now, a callback, a campaign). Absent on inbound sessions. */
  outbound?: OutboundInfo | null;
  /** When the far end answered (outbound calls); null while dialing or when it never did. */
  answeredAt?: string | null;
  /**
   * The outcome the AI or a person recorded (interested, not_interested, …), or the carrier's (no_answer, busy,
   * voicemail, failed).
   */
  outcome?: string | null;
  /**
   * Whether the session needs attention, and why (provider errors, long silences, repeated no-match, slow AI turns).
   */
  health?: SessionHealth;
  /** The call is recorded (voice only: LIVESPACE_RECORDING and the agent's `recording`). Set when it starts. */
  recorded?: boolean;
  /** After the session ended: what happened, in short (the public API's `summary`). */
  summary?: PostCallSummary | null;
  /** Sequence number of the session's newest domain event. */
  seq: number;
}

/** How the customer seemed over the conversation, as the chat model read it. */
export type Sentiment = 'positive' | 'neutral' | 'negative';
export const SENTIMENTS: readonly Sentiment[] = ['positive', 'neutral', 'negative'];

/**
 * A session's post-call summary, made once it ended: by the chat model when one is configured (`llm`: its summary,
 * the customer's sentiment and the agent's declared `fields` as it read them from the conversation), otherwise from
 * what the flow recorded (`flow`: outcome, captured variables, escalation and who handled it) — never invented.
 */
export interface PostCallSummary {
  text: string;
  source: 'llm' | 'flow';
  sentiment?: Sentiment;
  /** The agent's `summaryFields`, as the model found them (absent when it did not). */
  fields?: Record<string, string>;
}

/**
 * A transcript entry. `partial` lines are still being spoken and will be replaced by the final line with the same
 * lineId.
 */
export interface TranscriptLine {
  seq: number;
  lineId: string;
  speaker: Speaker;
  text: string;
  at: string;
  partial?: boolean;
  /** A whisper: shown to supervisors only, never sent to the caller. */
  hidden?: boolean;
  /** Words a supervisor made the AI say (barge). */
  barge?: boolean;
  /** Keys pressed on the phone. */
  dtmf?: boolean;
  /** Who wrote or caused the line (supervisor lines, barges, the human who took over). */
  by?: Actor;
  /** Messages: the customer edited this line; `text` is the new text. */
  edited?: { original: string; at: string };
  /** Messages: the customer deleted this line (its text is kept for the record, shown struck through). */
  deleted?: { at: string };
  /** Messages: the customer's reaction to this line (an emoji), until they remove it. */
  reaction?: string;
  /** For system lines: what happened (node, handoff, outcome, callback, state…). */
  kind?: string;
  data?: Record<string, unknown>;
}

/** Domain events of one session, each with the session's sequence number. */
/** Marks of a line beyond speaker and text. */
export interface LineMarks {
  hidden?: boolean;
  barge?: boolean;
  by?: Actor;
  /** Keys pressed on the phone, not words spoken. */
  dtmf?: boolean;
}

/**
 * What each kind of system event carries (a line in the transcript that no one said: what the flow, the AI or the
 * carrier did). The actor writes these shapes; events read back from the store are checked again where they are used.
 */
export interface SystemEventData {
  /** The far end picked up an outbound call (a person, or a voicemail). */
  answered: { by: 'human' | 'machine' };
  /** Messages: the customer edited, deleted or reacted to an earlier message (`target`: its line). */
  message_edited: { target: string | null; text: string };
  message_deleted: { target: string | null };
  reaction: { target: string | null; emoji: string | null };
  /** Messages: the customer's number or name changed. */
  customer: { callerNumber?: string; callerName?: string | null };
  /** WhatsApp: the customer opened the chat for the first time. */
  welcome: Record<string, never>;
  /** A provider or the flow failed (`source`: which provider, when one did). */
  error: { source?: string };
  outcome: { outcome: string };
  /** What became of a whisper: applied to the flow (variables, a branch) or given to the AI model. */
  whisper_applied: { applied: boolean; llm?: boolean; variables?: string[]; intent?: string; asks?: boolean };
  /** The AI model called a tool. */
  tool: { tool: string; arguments: unknown };
  no_match: { node: string };
  variable: { name: string; value: unknown; by?: 'whisper' };
  intent: { node: string; intent: string };
  handoff: { queue: string; priority: string; reason?: string };
  callback: { at: string; callbackId: string; timeZone?: string };
  /** Who listens to the call now (the whole list). */
  listeners: { listeners: Actor[] };
}
export type SystemKind = keyof SystemEventData;

/** A system event of one kind, with that kind's data. */
type SystemEventOf<K extends SystemKind> = {
  type: 'system';
  seq: number;
  at: string;
  lineId: string;
  kind: K;
  text: string;
  data?: SystemEventData[K];
  by?: Actor;
};
type SystemEvent = { [K in SystemKind]: SystemEventOf<K> }[SystemKind];

export type SessionEvent =
  /** `variables`: what the session starts with (the agent's, a campaign contact's columns). */
  | { type: 'session.started'; seq: number; at: string; summary: SessionSummary; variables?: Record<string, string> }
  | { type: 'session.state'; seq: number; at: string; state: SessionState; reason?: string; by?: Actor }
  | { type: 'health'; seq: number; at: string; health: SessionHealth }
  | ({ type: 'line.partial'; seq: number; at: string; lineId: string; speaker: Speaker; text: string } & LineMarks)
  | ({ type: 'line.final'; seq: number; at: string; lineId: string; speaker: Speaker; text: string } & LineMarks)
  | SystemEvent
  | { type: 'node'; seq: number; at: string; node: string }
  /** The escalation was created or changed (waiting, claimed, resolved, abandoned, returned). */
  | { type: 'escalation'; seq: number; at: string; escalation: EscalationInfo; by?: Actor }
  | { type: 'session.ended'; seq: number; at: string; reason: string; by?: Actor }
  /** After the end: the post-call summary (the session's last event). */
  | { type: 'session.summarized'; seq: number; at: string; summary: PostCallSummary };

/** Distributes Omit over a union. */
type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;
/** An event before the actor stamps it with seq and time. */
export type SessionEventInput = DistributiveOmit<SessionEvent, 'seq' | 'at'>;

/** Full session, as returned by GET /api/sessions/:id and the session:<id> snapshot. */
export interface SessionDetail extends SessionSummary {
  transcript: TranscriptLine[];
  variables: Record<string, string>;
  outcome: string | null;
  /** The call's recording, once there is one (GET /api/sessions/:id and the session:<id> snapshot). */
  recording?: RecordingInfo | null;
}
