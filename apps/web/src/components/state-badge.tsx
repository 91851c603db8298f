import type { EscalationInfo } from '@livespace/protocol/escalation';
import type { Actor, SessionState } from '@livespace/protocol/session';
import { humanize, PRIORITY_LABEL, STATE_LABEL } from '../format';

interface Props {
  state: SessionState;
  /** The session's escalation and holder, to say where it waits and who has it. */
  escalation?: EscalationInfo | null;
  holder?: Actor | null;
}

export function StateBadge({ state, escalation, holder }: Props) {
  const label = STATE_LABEL[state] ?? state;
  const title = describe(state, escalation ?? null, holder ?? null);
  return (
    <span className={`badge state-${state}`} data-testid="state-badge" data-state={state} title={title}>
      {label}
      {title !== label && <span className="sr-only">{title.slice(label.length)}</span>}
    </span>
  );
}

/**
 * "Queued in collections · High priority · asked for person"; "Claimed by Ava (queue collections)"; "Human · taken over
 * by Ann". Starts with the label.
 */
function describe(state: SessionState, x: EscalationInfo | null, holder: Actor | null): string {
  const label = STATE_LABEL[state] ?? state;
  if (state === 'queued' && x)
    return `${label} in ${x.queue} · ${PRIORITY_LABEL[x.priority]} priority · ${humanize(x.reason)}`;
  if (state === 'claimed') {
    const who = x?.claimedBy?.name ?? holder?.name;
    return who ? `${label} by ${who}${x ? ` (queue ${x.queue})` : ''}` : label;
  }
  if (state === 'human_active' && holder) return `${label} · taken over by ${holder.name}`;
  return label;
}
