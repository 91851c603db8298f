/**
 * One row of Messages: channel, customer, AI agent, state, why it needs a person (if it does), and the last
 * message with how long ago it came. Memoized: only its clocks tick every second.
 */
import { memo, type KeyboardEvent } from 'react';
import type { Conversation } from '@livespace/protocol/health';
import type { SessionSummary, Speaker } from '@livespace/protocol/session';
import { truncate } from '../format';
import { needsPerson } from '../live/conversations';
import { formatPhone } from '../phone';
import { AttentionChips } from './attention-chips';
import { ChannelTag } from './channel-icon';
import { StateBadge } from './state-badge';
import { TimeAgo } from './time-ago';

interface Props {
  conversation: Conversation;
  leaving: boolean;
  open: boolean;
  onOpen(id: string): void;
}

export const ConversationRow = memo(function ConversationRow({ conversation: c, leaving, open, onOpen }: Props) {
  const s = c.summary;
  const attention = needsPerson(c);
  const cls = ['session-row', 'msg-row', attention && 'needs-person', leaving && 'is-leaving', open && 'is-open']
    .filter(Boolean)
    .join(' ');
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onOpen(s.id);
  };
  return (
    <tr
      className={cls}
      data-testid="conversation-row"
      data-session-id={s.id}
      data-channel={s.channel}
      data-state={s.state}
      data-attention={c.attention.join(' ')}
      data-leaving={leaving ? 'true' : undefined}
      tabIndex={leaving ? -1 : 0}
      onClick={() => onOpen(s.id)}
      onKeyDown={onKey}
    >
      <td className="msg-col-channel">
        <ChannelTag channel={s.channel} />
      </td>
      <td className="msg-col-customer" title={s.callerName ? `${s.callerName}, ${s.callerNumber}` : s.callerNumber}>
        <span data-testid="customer-number">{formatPhone(s.callerNumber)}</span>
        {s.callerName && (
          <span className="caller-name" data-testid="customer-name">
            {s.callerName}
          </span>
        )}
      </td>
      <td className="msg-col-agent" data-testid="agent-name">
        {s.agentName}
      </td>
      <td className="msg-col-state">
        <StateBadge state={s.state} escalation={s.escalation} holder={s.takenOverBy} />
      </td>
      <td className="msg-col-needs" data-testid="needs-person">
        {attention ? <AttentionChips conversation={c} /> : <span className="muted">—</span>}
      </td>
      <td className="msg-col-last" data-testid="last-message">
        {s.lastLine ? (
          <span className="last-line" title={s.lastLine.text}>
            <span className={`speaker speaker-${s.lastLine.speaker}`} data-testid="last-message-by">
              {speakerLabel(s.lastLine.speaker, s)}
            </span>
            <span data-testid="last-message-text">{truncate(s.lastLine.text, 160)}</span>
          </span>
        ) : (
          <span className="muted">No message yet</span>
        )}
      </td>
      <td className="msg-col-when">
        {s.lastLine ? (
          <TimeAgo at={s.lastLine.at} testId="last-message-at" />
        ) : (
          <TimeAgo at={s.startedAt} testId="last-message-at" />
        )}
      </td>
    </tr>
  );
});

/** Who wrote a line, in a conversation's words: the customer, the AI, the person holding it (by name while they do). */
function speakerLabel(speaker: Speaker, s: SessionSummary): string {
  switch (speaker) {
    case 'caller':
      return 'Customer';
    case 'ai':
      return 'AI';
    case 'human':
      return s.takenOverBy?.name ?? 'Person';
    case 'supervisor':
      return 'Supervisor';
    default:
      return 'System';
  }
}
