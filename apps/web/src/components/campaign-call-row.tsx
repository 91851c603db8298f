/** One call of a campaign: who was called, its state, what it came to, when, how long, and its last line. Memoized. */
import { memo } from 'react';
import type { SessionSummary } from '@livespace/protocol/session';
import { callResultLabel } from '../campaign-format';
import { formatClock, speakerLabel, truncate } from '../format';
import { formatDateTime } from '../locale-format';
import { formatPhone } from '../phone';
import { LiveDuration } from './duration';
import { StateBadge } from './state-badge';

interface Props {
  summary: SessionSummary;
  /** On the `sessions` topic now (its state and last line move). */
  live: boolean;
  open: boolean;
  onOpen(id: string): void;
}

export const CampaignCallRow = memo(function CampaignCallRow({ summary: s, live, open, onOpen }: Props) {
  const result = callResultLabel(s);
  const cls = ['session-row', 'campaign-call-row', open && 'is-open', live && 'is-live'].filter(Boolean).join(' ');
  return (
    <tr
      className={cls}
      data-testid="campaign-call-row"
      data-session-id={s.id}
      data-state={s.state}
      data-outcome={s.outcome ?? ''}
      aria-selected={open}
      tabIndex={0}
      onClick={() => onOpen(s.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(s.id);
        }
      }}
    >
      <td className="col-caller" data-testid="call-number" title={s.callerNumber}>
        {formatPhone(s.callerNumber)}
      </td>
      <td className="col-state">
        <StateBadge state={s.state} escalation={s.escalation} holder={s.takenOverBy} />
      </td>
      <td className="col-outcome" data-testid="call-outcome">
        {result ? (
          <span className={`call-outcome outcome-${s.outcome ?? (s.answeredAt ? 'answered' : 'ended')}`}>{result}</span>
        ) : (
          <span className="muted">in progress</span>
        )}
      </td>
      <td className="col-started" title={formatDateTime(s.startedAt, undefined, { zone: true })}>
        {formatClock(s.startedAt)}
      </td>
      <td className="col-duration">
        <LiveDuration startedAt={s.startedAt} endedAt={s.endedAt} />
      </td>
      <td className="col-last" data-testid="last-line">
        {s.lastLine ? (
          <span className="last-line" title={s.lastLine.text}>
            <span className={`speaker speaker-${s.lastLine.speaker}`}>
              {speakerLabel(s.lastLine.speaker, s.channel)}
            </span>
            {truncate(s.lastLine.text, 140)}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
});
