/** Messages of the live WebSocket (`GET /api/live`). */
import { z } from 'zod';
import type { SessionDetail, SessionEvent, SessionSummary } from './session';

/** Client → server. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    topic: z.string().min(1).max(200),
    // A sequence number: PostgreSQL's integer, so anything larger is refused here rather than by the database.
    since: z.number().int().nonnegative().max(2_147_483_647).optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), topic: z.string().min(1).max(200) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** Events of the `sessions` topic: live summaries, coalesced per session. */
export type SessionsTopicEvent =
  | { type: 'upsert'; summary: SessionSummary }
  | { type: 'remove'; id: string; reason: string };

export interface SessionsSnapshot {
  items: SessionSummary[];
}

/** Server → client. A frame holds one message, or a JSON array of messages when the client connected with `?batch=1`. */
export type ServerMessage =
  | { type: 'snapshot'; topic: string; seq: number; data: unknown }
  | { type: 'event'; topic: string; seq: number; event: unknown }
  | { type: 'subscribed'; topic: string; since: number }
  | { type: 'unsubscribed'; topic: string }
  | { type: 'resync'; topic: string; reason: string }
  | { type: 'error'; topic?: string; code: string; message: string }
  | { type: 'pong' };

export type SessionsSnapshotMessage = { type: 'snapshot'; topic: 'sessions'; seq: number; data: SessionsSnapshot };
export type SessionSnapshotMessage = { type: 'snapshot'; topic: `session:${string}`; seq: number; data: SessionDetail };
export type SessionEventMessage = { type: 'event'; topic: `session:${string}`; seq: number; event: SessionEvent };
export type SessionsEventMessage = { type: 'event'; topic: 'sessions'; seq: number; event: SessionsTopicEvent };

export const TOPICS = ['sessions', 'escalations', 'presence', 'queues', 'callbacks', 'conversations', 'campaigns'] as const;

/** `session:<id>` → id, else null. */
export function sessionIdOfTopic(topic: string): string | null {
  return topic.startsWith('session:') && topic.length > 8 ? topic.slice(8) : null;
}
