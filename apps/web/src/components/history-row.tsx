/**
 * One ended session in History: when it started, how long it lasted, channel, the customer, the AI agent, how it
 * ended, its escalation and who handled it, its post-call summary, and (when searching words) where they were said, the
 * words marked. The row is a link to its drawer, so Tab and Enter reach it and a middle click opens it in a new tab.
 */
import { memo, type MouseEvent } from 'react';
import type { HistoryItem } from '@livespace/protocol/history';
import { formatDuration, humanize } from '../format';
import { parseSnippet } from '../match-snippet';
import { formatDay, formatInstantsIn, formatTime } from '../locale-format';
import { formatPhone } from '../phone';
import { ChannelIcon, DirectionTag } from './channel-icon';
import { OutcomeBadge } from './outbound-tag';
import { SentimentChip } from './post-call-summary';

interface Props {
  item: HistoryItem;
  href: string;
  open: boolean;
  onOpen(id: string): void;
}

export const HistoryRow = memo(function HistoryRow({ item: s, href, open, onOpen }: Props) {
  const handler = s.escalation?.claimedBy ?? s.takenOverBy ?? null;
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // a new tab: the browser's way
    e.preventDefault();
    onOpen(s.id);
  };
  return (
    <li className={`hist-item${open ? ' is-open' : ''}`}>
      <a
        className="hist-row"
        href={href}
        onClick={click}
        aria-current={open ? 'true' : undefined}
        data-testid="history-row"
        data-session-id={s.id}
        data-channel={s.channel}
      >
        <span className="hist-when" data-testid="history-when">
          <time dateTime={s.startedAt}>
            <span className="hist-day">{formatDay(s.startedAt, undefined, { year: true })}</span>{' '}
            <span className="hist-time">{formatTime(s.startedAt)}</span>
          </time>
        </span>
        <span className="hist-duration" data-testid="history-duration" title="Duration">
          {s.durationMs === null ? '—' : formatDuration(s.durationMs / 1000)}
        </span>
        <span className={`hist-channel channel-${s.channel}`} title={s.channel}>
          <ChannelIcon channel={s.channel} />
          <DirectionTag direction={s.direction} />
        </span>
        <span className="hist-caller">
          <span className="hist-number" data-testid="history-caller">
            {formatPhone(s.callerNumber)}
          </span>
          {s.callerName && (
            <span className="caller-name" data-testid="history-caller-name">
              {s.callerName}
            </span>
          )}
        </span>
        <span className="hist-agent" data-testid="history-agent">
          {s.agentName}
        </span>
        <span className="hist-end" data-testid="history-end">
          {s.outcome && <OutcomeBadge outcome={s.outcome} />}
          {s.endReason && <span className="hist-reason">{humanize(s.endReason)}</span>}
        </span>
        <span className="hist-escalation" data-testid="history-escalation">
          {s.escalation ? (
            <>
              <span className="hist-queue" title="Escalated to this queue">
                {s.escalation.queue}
              </span>
              {handler && <span className="hist-handler">{handler.name}</span>}
            </>
          ) : handler ? (
            <span className="hist-handler" title="Taken over by">
              {handler.name}
            </span>
          ) : (
            <span className="muted">—</span>
          )}
        </span>
        {s.summary && (
          <span className="hist-summary" data-testid="history-summary" title={s.summary.text}>
            {s.summary.sentiment && <SentimentChip sentiment={s.summary.sentiment} />}
            {formatInstantsIn(s.summary.text)}
          </span>
        )}
        {s.match && <MatchSnippet html={s.match} />}
      </a>
    </li>
  );
});

/** The server's snippet, its marks as <mark> elements and everything else as text (never parsed as HTML). */
function MatchSnippet({ html }: { html: string }) {
  return (
    <span className="hist-match" data-testid="history-match">
      {parseSnippet(html).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
