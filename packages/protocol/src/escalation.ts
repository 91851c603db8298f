/** Escalations (a session waiting for a person), human agents' presence and the queues' live figures. */
import { z } from 'zod';
import type { Actor, Channel, LastLine } from './session';
import type { Priority } from './flow';

/** `transferred`: sent on to another queue or person (a new escalation follows it). */
export type EscalationStatus = 'waiting' | 'claimed' | 'resolved' | 'abandoned' | 'returned' | 'transferred';

/** How a claimed escalation ended. */
export const Resolution = z.enum(['resolved', 'unresolved', 'follow_up']);
export type Resolution = z.infer<typeof Resolution>;

/** A session's escalation, carried on its summary (and so on the `sessions` topic). */
export interface EscalationInfo {
  id: string;
  queue: string;
  priority: Priority;
  reason: string;
  status: EscalationStatus;
  waitingSince: string;
  claimedBy: Actor | null;
  claimedAt: string | null;
  endedAt: string | null;
  resolution: Resolution | null;
  notes: string | null;
}

/** An item of `GET /api/escalations` and of the `escalations` topic. */
export interface Escalation extends EscalationInfo {
  sessionId: string;
  channel: Channel;
  callerNumber: string;
  /** The customer's name as their channel gives it (a WhatsApp profile name), when it does. */
  callerName?: string | null;
  agentName: string;
  /** The newest line of the conversation (the topic's preview); the list's items also carry `transcript`. */
  lastLine: LastLine | null;
}

/** Events of the `escalations` topic (waiting and claimed escalations), coalesced per escalation. */
export type EscalationsTopicEvent =
  | { type: 'upsert'; escalation: Escalation }
  | { type: 'remove'; id: string; status: EscalationStatus };

const PresenceStatus = z.enum(['available', 'away', 'offline']);
/** What an agent sets; `busy` is set by the system on claim. */
export type PresenceChoice = z.infer<typeof PresenceStatus>;
export type Presence = PresenceChoice | 'busy';

export const PresenceBody = z.object({ status: PresenceStatus });

/** A human agent's presence: an item of `GET /api/presence` and of the `presence` topic. */
export interface HumanAgentPresence {
  userId: string;
  name: string;
  queues: string[];
  status: Presence;
  since: string;
}

/** `remove`: the user is no longer a human agent who can take work (disabled, or given another role). */
export type PresenceTopicEvent = { type: 'upsert'; presence: HumanAgentPresence } | { type: 'remove'; userId: string };

/**
 * `POST /api/escalations/:id/complete`: the outcome; `returnToAi` hands the call back to the AI instead of ending it.
 */
export const CompleteBody = z.object({
  resolution: Resolution,
  notes: z.string().trim().max(4000).optional(),
  returnToAi: z.boolean().default(false),
});
export type CompleteBody = z.infer<typeof CompleteBody>;

/** `POST /api/sessions/:id/escalate` (a supervisor sends a live session to a queue). */
export const EscalateBody = z.object({
  queue: z.string().trim().min(1).max(100),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
  reason: z.string().trim().min(1).max(200).default('supervisor'),
});

/**
 * `POST /api/sessions/:id/transfer`: send a call or conversation held by a person (or waiting in a queue) to
 * another queue, or straight to a named available human agent. Exactly one of `queue` and `userId`.
 */
export const TransferBody = z
  .object({
    queue: z.string().trim().min(1).max(100).optional(),
    userId: z.string().trim().min(1).max(100).optional(),
    note: z.string().trim().max(500).optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.queue === undefined) === (b.userId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [b.queue === undefined ? 'queue' : 'userId'],
        message: 'give exactly one of queue and userId',
      });
    }
  });
export type TransferBody = z.infer<typeof TransferBody>;

/** One queue's live figures: an item of `GET /api/queues` and of the `queues` topic. */
export interface QueueStats {
  name: string;
  waiting: number;
  longestWaitSeconds: number;
  /** When the longest-waiting escalation started waiting, so screens can tick without polling. */
  oldestWaitingSince: string | null;
  /** Average wait of the escalations answered (claimed) since the day's reset. */
  averageWaitSeconds: number;
  answered: number;
  availableAgents: number;
  busyAgents: number;
  /**
   * Share answered within the service-level threshold, of those answered or abandoned after the short-abandon limit;
   * null before any.
   */
  slaPercent: number | null;
  /** The queue's service-level threshold: answered within this many seconds counts as within it. */
  slaSeconds: number;
  /** Its place in the order an admin set (1 first); null for a queue nobody configured (after the configured ones). */
  priority: number | null;
  abandoned: number;
  /** When the day's figures started (the reset time in its timezone). */
  dayStart: string;
}

export type QueuesTopicEvent = { type: 'upsert'; queue: QueueStats };
