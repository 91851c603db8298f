/**
 * Why a conversation needs a person, as small chips: "Waiting for an answer 00:42" (ticking from the customer's
 * last message), "Escalated", "AI paused"; each chip's title says more (which queue, who took over).
 */
import type { AttentionReason, Conversation } from '@livespace/protocol/health';
import { elapsedSeconds, formatDuration } from '../format';
import { ATTENTION_LABEL, customerWaitingSince, describeReason, reasonsInOrder } from '../live/conversations';
import { useNow } from '../live/use-now';

export function AttentionChips({ conversation: c }: { conversation: Conversation }) {
  const reasons = reasonsInOrder(c);
  if (reasons.length === 0) return null;
  return (
    <span className="msg-reasons">
      {reasons.map((r) => (
        <Chip key={r} reason={r} c={c} />
      ))}
    </span>
  );
}

function Chip({ reason, c }: { reason: AttentionReason; c: Conversation }) {
  const since = reason === 'unanswered' ? customerWaitingSince(c) : null;
  return (
    <span
      className={`msg-reason msg-reason-${reason}`}
      data-testid="attention-reason"
      data-reason={reason}
      title={describeReason(c, reason)}
    >
      <span className="msg-reason-label">{ATTENTION_LABEL[reason] ?? reason}</span>
      {since && (
        <>
          <span className="msg-reason-sep" aria-hidden="true">
            ·
          </span>
          <WaitingFor since={since} />
        </>
      )}
    </span>
  );
}

/**
 * How long the customer has waited, ticking on the shared clock; read fresh when the chip appears (the clock may be
 * most of a second old).
 */
function WaitingFor({ since }: { since: string }) {
  const now = Math.max(useNow(), Date.now());
  const s = elapsedSeconds(since, now);
  return (
    <span className="duration" data-testid="waiting-for" data-seconds={s}>
      {formatDuration(s)}
    </span>
  );
}
