/**
 * One waiting caller in the agent's queue: who, which queue, how urgent, how long, why, what was said last; and Claim.
 */
import { memo } from 'react';
import type { Escalation } from '@livespace/protocol/escalation';
import { humanize, speakerLabel, truncate } from '../format';
import { formatPhone } from '../phone';
import { PriorityBadge } from './badges';
import { ChannelIcon } from './channel-icon';
import { Elapsed } from './elapsed';
import '../escalation-card.css';

/** A wait from this long is shown as a warning, then as an alert (the usual 60 s service level). */
export const WAIT_WARN_S = 60;
export const WAIT_ALERT_S = 180;

interface Props {
  escalation: Escalation;
  /** Fading out: someone claimed it, or the caller left. `gone` says which. */
  leaving: boolean;
  gone?: string | null;
  /** Null: no Claim button (the wallboard). */
  onClaim?: ((e: Escalation) => void) | null;
  claiming: boolean;
  /** Why Claim is off (the agent holds a call), as its tooltip. */
  claimBlocked?: string | null;
}

export const EscalationCard = memo(function EscalationCard({
  escalation: e,
  leaving,
  gone,
  onClaim,
  claiming,
  claimBlocked,
}: Props) {
  const line = e.lastLine;
  return (
    <li
      className={`esc-card prio-edge-${e.priority}${leaving ? ' is-leaving' : ''}`}
      data-testid="escalation"
      data-escalation-id={e.id}
      data-session-id={e.sessionId}
      data-queue={e.queue}
      data-priority={e.priority}
      data-leaving={leaving ? 'true' : undefined}
      aria-label={`${e.callerName ? `${e.callerName}, ` : ''}${e.callerNumber}, ${e.priority} priority, queue ${e.queue}`}
    >
      <div className="esc-main">
        <div className="esc-top">
          <PriorityBadge priority={e.priority} />
          <span className="esc-caller" data-testid="escalation-caller">
            <ChannelIcon channel={e.channel} size={12} />
            {formatPhone(e.callerNumber)}
            {e.callerName && (
              <span className="caller-name" data-testid="escalation-caller-name">
                {e.callerName}
              </span>
            )}
          </span>
          <span className="esc-wait" title="Waiting for">
            <span className="esc-wait-label">waiting</span>
            <Elapsed
              since={e.waitingSince}
              testId="escalation-wait"
              warnAfter={WAIT_WARN_S}
              alertAfter={WAIT_ALERT_S}
            />
          </span>
        </div>
        <div className="esc-meta">
          <span className="esc-queue" data-testid="escalation-queue">
            {e.queue}
          </span>
          <span className="esc-reason" data-testid="escalation-reason" title="Why the caller waits for a person">
            {humanize(e.reason)}
          </span>
          <span className="esc-agent" title="The AI agent that had the call">
            {e.agentName}
          </span>
        </div>
        <p className="esc-line" data-testid="escalation-line" title={line?.text}>
          {line ? (
            <>
              <span className={`speaker speaker-${line.speaker}`}>{speakerLabel(line.speaker, e.channel)}</span>
              {truncate(line.text, 160)}
            </>
          ) : (
            <span className="muted">Nothing said yet</span>
          )}
        </p>
      </div>
      {leaving ? (
        <span className="esc-gone" data-testid="escalation-gone" role="status">
          {gone ?? 'Left the queue'}
        </span>
      ) : (
        onClaim && (
          <button
            type="button"
            className="claim-button"
            data-testid="claim-button"
            onClick={() => onClaim(e)}
            disabled={claiming || !!claimBlocked}
            title={claimBlocked ?? `Take this caller (${e.callerNumber})`}
            aria-label={`Claim the call from ${e.callerNumber}`}
          >
            {claiming ? 'Claiming…' : 'Claim'}
          </button>
        )
      )}
    </li>
  );
});
