/** Small badges of the escalation queue: a priority, an agent's presence. */
import type { Presence } from '@livespace/protocol/escalation';
import type { Priority } from '@livespace/protocol/flow';
import { PRESENCE_LABEL, PRIORITY_LABEL } from '../format';

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <span className={`prio prio-${priority}`} data-testid="priority-badge" data-priority={priority} title={`${PRIORITY_LABEL[priority]} priority`}>
      {PRIORITY_LABEL[priority]}
    </span>
  );
}

export function PresenceBadge({ status }: { status: Presence }) {
  return (
    <span className={`presence presence-${status}`} data-testid="presence-badge" data-status={status}>
      <span className="presence-dot" aria-hidden="true" />
      {PRESENCE_LABEL[status]}
    </span>
  );
}
