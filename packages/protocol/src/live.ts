/** Messages of the live WebSocket (`GET /api/live`). */
import { z } from 'zod';
import { CHANNELS, SESSION_STATES, type Channel, type SessionState, type SessionSummary } from './session';
import {
  MAX_VIEW_INTERVAL_MS,
  MAX_VIEW_LIMIT,
  MIN_VIEW_INTERVAL_MS,
  type SessionsCounts,
  type SessionsView,
} from './sessions-view';

/** A `sessions` subscription's view, checked: unknown fields, `ended` or a limit out of range are refused. */
export const SessionsViewSchema = z.strictObject({
  channel: z.enum(CHANNELS as [Channel, ...Channel[]]).optional(),
  agentId: z.string().min(1).max(200).optional(),
  state: z
    .enum(
      SESSION_STATES.filter((s) => s !== 'ended') as [
        Exclude<SessionState, 'ended'>,
        ...Array<Exclude<SessionState, 'ended'>>,
      ],
    )
    .optional(),
  attention: z.boolean().optional(),
  campaignId: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(MAX_VIEW_LIMIT),
  intervalMs: z.number().int().min(MIN_VIEW_INTERVAL_MS).max(MAX_VIEW_INTERVAL_MS).optional(),
}) satisfies z.ZodType<SessionsView>;

/** Client → server. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    topic: z.string().min(1).max(200),
    // A sequence number: PostgreSQL's integer, so anything larger is refused here rather than by the database.
    since: z.number().int().nonnegative().max(2_147_483_647).optional(),
    /**
     * `sessions` only: the filters and window this client shows; it then gets only those rows and the counts (no
     * `since`).
     */
    view: SessionsViewSchema.optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), topic: z.string().min(1).max(200) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Events of the `sessions` topic: live summaries, coalesced per session. */
export type SessionsTopicEvent =
  | { type: 'upsert'; summary: SessionSummary }
  /** `reason`: why it left — how the session ended, or `out_of_view` when it left a view's window but is still live. */
  | { type: 'remove'; id: string; reason: string }
  /** For a subscription with a view: the counts changed. */
  | { type: 'counts'; counts: SessionsCounts };

export interface SessionsSnapshot {
  items: SessionSummary[];
  /** With a view only. */
  counts?: SessionsCounts;
}

/**
 * Server → client. A frame holds one message, or a JSON array of messages when the client connected with `?batch=1`.
 */
export type ServerMessage =
  | { type: 'snapshot'; topic: string; seq: number; data: unknown }
  | { type: 'event'; topic: string; seq: number; event: unknown }
  | { type: 'subscribed'; topic: string; since: number }
  | { type: 'unsubscribed'; topic: string }
  | { type: 'resync'; topic: string; reason: string }
  | { type: 'error'; topic?: string; code: string; message: string }
  | { type: 'pong' };

/** `session:<id>` → id, else null. */
export function sessionIdOfTopic(topic: string): string | null {
  return topic.startsWith('session:') && topic.length > 8 ? topic.slice(8) : null;
}
