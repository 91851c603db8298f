/** Ordering by health, shared by the server and the web app (the rules that set health are in the domain). */
import type { HealthLevel, SessionHealth, SessionSummary } from './session';

const RANK: Record<HealthLevel, number> = { critical: 0, warning: 1, ok: 2 };

/**
 * Orders sessions that need attention first (critical, then warning); equal ones compare 0, so a stable sort keeps
 * their order.
 */
export function byAttention(a: { health?: SessionHealth }, b: { health?: SessionHealth }): number {
  return RANK[a.health?.level ?? 'ok'] - RANK[b.health?.level ?? 'ok'];
}

/** Why a message conversation needs a person (the Messages list, `GET /api/conversations?attention=true`). */
export type AttentionReason = 'escalated' | 'ai_paused' | 'unanswered';

/** A live WhatsApp or SMS conversation as the `conversations` topic carries it. */
export interface Conversation {
  summary: SessionSummary;
  attention: AttentionReason[];
}

export type ConversationsTopicEvent =
  | { type: 'upsert'; conversation: Conversation }
  | { type: 'remove'; id: string; reason: string };

/**
 * What a conversation needs from a person: it was sent to a person (waiting or claimed), a person took it
 * over (the AI is paused), or the customer has waited too long for any answer (the `unanswered` health reason).
 */
export function conversationAttention(s: SessionSummary): AttentionReason[] {
  const out: AttentionReason[] = [];
  if (s.state === 'queued' || s.state === 'claimed') out.push('escalated');
  if (s.state === 'human_active') out.push('ai_paused');
  if (s.health?.reasons.some((r) => r.code === 'unanswered')) out.push('unanswered');
  return out;
}
