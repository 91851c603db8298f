/**
 * Messages, pure: which live WhatsApp and SMS conversations need a person and why (in words), since when
 * the customer waits, and the order that lists those that need a person first (longest wait on top).
 */
import type { AttentionReason, Conversation } from '@livespace/protocol/health';

/** What each reason is called on the row (and in the reason's title, with more words). */
export const ATTENTION_LABEL: Record<AttentionReason, string> = {
  escalated: 'Escalated',
  ai_paused: 'AI paused',
  unanswered: 'Waiting for an answer',
};

/** The order the reasons are shown in: what the customer feels first. */
const REASON_ORDER: readonly AttentionReason[] = ['unanswered', 'escalated', 'ai_paused'];

/**
 * True when the conversation needs a person (escalated, the AI paused by a takeover, or a customer left unanswered).
 */
export function needsPerson(c: Conversation): boolean {
  return c.attention.length > 0;
}

/** The reasons, most pressing first; unknown codes (a newer server) are kept, last. */
export function reasonsInOrder(c: Conversation): AttentionReason[] {
  const rank = (r: AttentionReason) => {
    const i = REASON_ORDER.indexOf(r);
    return i === -1 ? REASON_ORDER.length : i;
  };
  return [...new Set(c.attention)].sort((a, b) => rank(a) - rank(b));
}

/**
 * When the customer wrote the last line nobody has answered yet (the summary's last line, when it is theirs), else
 * null.
 */
export function customerWaitingSince(c: Conversation): string | null {
  const last = c.summary.lastLine;
  return last && last.speaker === 'caller' ? last.at : null;
}

/** Escalated, or taken over: who has it and where, for the reason's title. */
export function describeReason(c: Conversation, reason: AttentionReason): string {
  const s = c.summary;
  switch (reason) {
    case 'escalated': {
      const x = s.escalation;
      if (s.state === 'claimed') {
        const who = x?.claimedBy?.name ?? s.takenOverBy?.name;
        return `Escalated to a person${who ? `: claimed by ${who}` : ''}${x ? ` (queue ${x.queue})` : ''}`;
      }
      return `Escalated to a person${x ? `: waiting in queue ${x.queue}` : ''}`;
    }
    case 'ai_paused':
      return `AI paused: ${s.takenOverBy ? `${s.takenOverBy.name} took over` : 'a person took over'} and answers the customer`;
    case 'unanswered':
      return 'The customer is waiting for an answer';
    default:
      return String(reason);
  }
}

/**
 * Conversations that need a person first (the customer waiting longest on top, then the others that need one,
 * longest-running first), then the rest, longest-running first so that rows do not jump as messages come in.
 */
export function orderConversations<R extends { item: Conversation }>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => compare(a.item, b.item));
}

function compare(a: Conversation, b: Conversation): number {
  const na = needsPerson(a) ? 0 : 1;
  const nb = needsPerson(b) ? 0 : 1;
  if (na !== nb) return na - nb;
  if (na === 0) {
    const wa = customerWaitingSince(a);
    const wb = customerWaitingSince(b);
    if (wa && !wb) return -1;
    if (wb && !wa) return 1;
    if (wa && wb && wa !== wb) return Date.parse(wa) - Date.parse(wb);
  }
  const d = Date.parse(a.summary.startedAt) - Date.parse(b.summary.startedAt);
  return d !== 0 ? d : a.summary.id < b.summary.id ? -1 : a.summary.id > b.summary.id ? 1 : 0;
}

/** How many of these conversations need a person (rows fading out do not count). */
export function needsPersonCount(rows: readonly { item: Conversation; leaving?: boolean }[]): number {
  let n = 0;
  for (const r of rows) if (!r.leaving && needsPerson(r.item)) n++;
  return n;
}
