/** Small badges: an escalation's priority, an agent's presence, a callback's status. */
import type { Presence } from '@livespace/protocol/escalation';
import type { Priority } from '@livespace/protocol/flow';
import type { CallbackStatus } from '@livespace/protocol/outbound';
import { CALLBACK_STATUS_LABEL, PRESENCE_LABEL, PRIORITY_LABEL } from '../format';

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <span
      className={`prio prio-${priority}`}
      data-testid="priority-badge"
      data-priority={priority}
      title={`${PRIORITY_LABEL[priority]} priority`}
    >
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

export function CallbackStatusBadge({ status }: { status: CallbackStatus }) {
  return (
    <span className={`badge cb-status cb-${status}`} data-testid="callback-status" data-status={status}>
      {CALLBACK_STATUS_LABEL[status]}
    </span>
  );
}
