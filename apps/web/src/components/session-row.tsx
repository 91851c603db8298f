/**
 * One row of Live Calls, with its health mark when it needs attention. Memoized: only its duration cell ticks every
 * second.
 */
import { memo } from 'react';
import { speakerLabel, truncate } from '../format';
import { formatInstantsIn } from '../locale-format';
import { formatPhone } from '../phone';
import type { LiveRow } from '../live/sessions-store';
import { ChannelTag } from './channel-icon';
import { LiveDuration } from './duration';
import { HealthMark } from './health-mark';
import { HeadphonesIcon } from './icons';
import { OutboundMark, OutboundTag, OutcomeBadge } from './outbound-tag';
import { StateBadge } from './state-badge';
import '../recording.css';

interface Props {
  row: LiveRow;
  selected: boolean;
  open: boolean;
  isNew: boolean;
  /** Its place in the table (aria-rowindex: the header is 1), drawn or not. */
  rowIndex?: number;
  onOpen(id: string): void;
}

export const SessionRow = memo(function SessionRow({ row, selected, open, isNew, rowIndex, onOpen }: Props) {
  const s = row.summary;
  const health = s.health?.level ?? 'ok';
  // A system line may carry an instant as the server wrote it ("Callback scheduled for 2026-…Z").
  const lastText = s.lastLine
    ? s.lastLine.speaker === 'system'
      ? formatInstantsIn(s.lastLine.text)
      : s.lastLine.text
    : '';
  const cls = [
    'session-row',
    isNew && 'is-new',
    row.leaving && 'is-leaving',
    selected && 'is-selected',
    open && 'is-open',
    health !== 'ok' && `health-${health}`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <tr
      className={cls}
      data-testid="session-row"
      data-session-id={s.id}
      data-state={s.state}
      data-channel={s.channel}
      data-direction={s.direction}
      data-health={health}
      data-leaving={row.leaving ? 'true' : undefined}
      aria-selected={selected}
      aria-rowindex={rowIndex}
      tabIndex={row.leaving ? -1 : 0}
      onClick={() => onOpen(s.id)}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        onOpen(s.id);
      }}
    >
      <td className="col-channel">
        <ChannelTag channel={s.channel} />
      </td>
      <td className="col-direction">
        <OutboundTag direction={s.direction} outbound={s.outbound} />
      </td>
      <td className="col-caller" data-testid="caller-number" title={s.callerNumber}>
        {formatPhone(s.callerNumber)}
        {s.callerName && (
          <span className="caller-name" data-testid="caller-name">
            {s.callerName}
          </span>
        )}
        {s.direction === 'outbound' && <OutboundMark outbound={s.outbound} />}
        {s.recorded && (
          <span
            className="recorded-mark row-recorded"
            data-testid="row-recorded"
            title={s.state === 'ended' ? 'Recorded' : 'Being recorded'}
          >
            Recorded
          </span>
        )}
        {s.listeners && s.listeners.length > 0 && (
          <span
            className="row-listening"
            data-testid="row-listening"
            title={`Listening: ${[...new Set(s.listeners.map((l) => l.name))].join(', ')}`}
          >
            <HeadphonesIcon size={12} />
          </span>
        )}
      </td>
      <td className="col-agent" data-testid="agent-name">
        {s.agentName}
      </td>
      <td className="col-state">
        <StateBadge state={s.state} escalation={s.escalation} holder={s.takenOverBy} />
        <HealthMark health={s.health} />
      </td>
      <td className="col-duration">
        <LiveDuration startedAt={s.startedAt} endedAt={s.endedAt} />
      </td>
      <td className="col-node">
        {s.currentNode ? <code className="node">{s.currentNode}</code> : <span className="muted">—</span>}
      </td>
      <td className="col-last" data-testid="last-line">
        {s.outcome && <OutcomeBadge outcome={s.outcome} />}
        {s.lastLine ? (
          <span className="last-line" title={lastText}>
            <span className={`speaker speaker-${s.lastLine.speaker}`}>
              {speakerLabel(s.lastLine.speaker, s.channel)}
            </span>
            {truncate(lastText, 140)}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
});
