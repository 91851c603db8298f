/**
 * Calls Live Space placed, and how sessions ended up: the outbound marker ("↗ Dial Now", its title who dialed) and the
 * outcome badge.
 */
import type { OutboundInfo } from '@livespace/protocol/outbound';
import type { Direction } from '@livespace/protocol/session';
import { describeOutbound, humanize, outboundKindLabel } from '../format';
import { DirectionTag } from './channel-icon';

/** Outcomes that are the carrier's word (nobody talked): shown quieter than what a conversation decided. */
const CARRIER_OUTCOMES = new Set(['no_answer', 'busy', 'voicemail', 'failed']);

/**
 * An inbound session's direction as before; an outbound one says why it was placed ("↗ Dial Now",
 * "↗ Callback", "↗ <campaign>"), with the whole story ("Outbound · Dial Now by Ava") as its title, or
 * as its text with `full`.
 */
export function OutboundTag({
  direction,
  outbound,
  full = false,
}: {
  direction: Direction;
  outbound?: OutboundInfo | null;
  full?: boolean;
}) {
  if (direction !== 'outbound') return <DirectionTag direction={direction} />;
  const description = describeOutbound(outbound);
  return (
    <span
      className="direction direction-outbound outbound-tag"
      title={description}
      data-testid="outbound-tag"
      data-kind={outbound?.kind ?? ''}
    >
      <span aria-hidden="true">↗</span> {full ? description : outbound ? outboundKindLabel(outbound) : 'Out'}
    </span>
  );
}

/** A small arrow beside the number, for where the direction column is hidden (the drawer is open). */
export function OutboundMark({ outbound }: { outbound?: OutboundInfo | null }) {
  return (
    <span className="row-outbound" title={describeOutbound(outbound)} data-testid="row-outbound">
      ↗<span className="sr-only"> {describeOutbound(outbound)}</span>
    </span>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span
      className={`outcome-badge${CARRIER_OUTCOMES.has(outcome) ? ' is-carrier' : ''}`}
      data-testid="outcome-badge"
      data-outcome={outcome}
      title={`Outcome: ${humanize(outcome)}`}
    >
      {humanize(outcome)}
    </span>
  );
}
