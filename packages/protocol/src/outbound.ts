/** Calls Live Space places: Dial Now and scheduled callbacks (campaigns build on the same attempt results). */
import { z } from 'zod';
import type { Actor } from './session';

/** How one outbound attempt ended, as far as the carrier can tell. */
export type AttemptResult = 'answered' | 'no_answer' | 'busy' | 'voicemail' | 'failed';

/** Why a session was placed: on its summary, so Live Calls can show and filter it. */
export interface OutboundInfo {
  kind: 'dial_now' | 'callback' | 'campaign';
  callbackId?: string;
  campaignId?: string;
  campaignName?: string;
  /** The person who dialed (Dial Now, a callback a person booked or called now). */
  by?: Actor;
}

const IsoTime = z
  .string()
  .trim()
  .refine(
    (s) => /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)),
    'must be an ISO 8601 time, e.g. 2026-11-25T10:00:00+01:00',
  );
const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone, e.g. Europe/Paris');
const Variables = z
  .record(z.string().regex(/^[\w.-]{1,64}$/, 'variable names are letters, digits, _ . -'), z.string().max(1000))
  .refine((v) => Object.keys(v).length <= 50, 'at most 50 variables');

/** `POST /api/calls`: an AI agent calls `to` at once. `persona` picks the virtual callee on the simulator. */
export const DialBody = z.object({
  agentId: z.string().trim().min(1).max(100),
  to: z.string().trim().min(1).max(40),
  persona: z.string().trim().min(1).max(40).optional(),
  variables: Variables.optional(),
});
export type DialBody = z.infer<typeof DialBody>;

export type CallbackStatus = 'scheduled' | 'dialing' | 'completed' | 'failed' | 'canceled' | 'missed';
export const CALLBACK_STATUSES: readonly CallbackStatus[] = [
  'scheduled',
  'dialing',
  'completed',
  'failed',
  'canceled',
  'missed',
];

/** One attempt of a callback: the session it placed and how it ended (null while it runs). */
interface CallbackAttempt {
  sessionId: string;
  startedAt: string;
  result: AttemptResult | null;
}

/** A scheduled callback: an item of `GET /api/callbacks` and of the `callbacks` topic. */
export interface Callback {
  id: string;
  to: string;
  agentId: string;
  /** When it is (or was) due; after a failed attempt, when the next one is due. */
  at: string;
  /** The callee's time zone, when known (the time was said in it). */
  timeZone: string | null;
  status: CallbackStatus;
  attempts: CallbackAttempt[];
  maxAttempts: number;
  /** Who asked for it: a flow node, the LLM's tool, or a person. */
  source: 'flow' | 'llm' | 'person';
  originSessionId: string | null;
  createdBy: Actor | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/callbacks`. */
export const CallbackBody = z.object({
  to: z.string().trim().min(1).max(40),
  agentId: z.string().trim().min(1).max(100),
  at: IsoTime,
  timeZone: TimeZone.optional(),
  note: z.string().trim().max(1000).optional(),
  maxAttempts: z.number().int().min(1).max(10).optional(),
});
export type CallbackBody = z.infer<typeof CallbackBody>;

/** `PATCH /api/callbacks/:id`: reschedule (a missed or failed callback is scheduled again, attempts kept). */
export const CallbackPatch = z.object({ at: IsoTime });
export type CallbackPatch = z.infer<typeof CallbackPatch>;

/**
 * Events of the `callbacks` topic: each change of a callback, whole; `remove` drops an old finished one from the list.
 */
export type CallbacksTopicEvent = { type: 'upsert'; callback: Callback } | { type: 'remove'; id: string };
