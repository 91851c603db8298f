/** One session, live: who, where in the flow, and the transcript as it is spoken. */
import { useEffect, useRef } from 'react';
import type { SessionDetail } from '@livespace/protocol/session';
import { ChannelTag, DirectionTag } from '../components/channel-icon';
import { LiveDuration } from '../components/duration';
import { StateBadge } from '../components/state-badge';
import { Transcript } from '../components/transcript';
import { humanize } from '../format';
import { useLiveSession } from '../live/use-live-session';

export function SessionDetailView({ id, onClose }: { id: string; onClose(): void }) {
  const { detail, version, status, error } = useLiveSession(id);
  const panel = useRef<HTMLElement>(null);

  // Move focus into the panel so screen readers follow, without stealing the arrow keys.
  useEffect(() => {
    panel.current?.focus({ preventScroll: true });
  }, [id]);

  return (
    <aside className="detail-pane" data-testid="session-detail" data-session-id={id} ref={panel} tabIndex={-1} aria-label="Session detail">
      <button type="button" className="close" onClick={onClose} aria-label="Close detail (Esc)" title="Close (Esc)" data-testid="detail-close">
        ×
      </button>
      {detail ? (
        <>
          <DetailHeader d={detail} />
          <Transcript lines={detail.transcript} version={version} live={detail.state !== 'ended'} />
        </>
      ) : (
        <div className="placeholder" data-testid={`detail-${status}`}>
          {status === 'loading' && 'Loading session…'}
          {status === 'not_found' && 'This session does not exist (or is no longer kept).'}
          {status === 'error' && `Could not load this session: ${error ?? 'unknown error'}`}
        </div>
      )}
    </aside>
  );
}

function DetailHeader({ d }: { d: SessionDetail }) {
  const ended = d.state === 'ended';
  return (
    <header className="detail-header">
      <div className="detail-title">
        <h2 data-testid="detail-caller">{d.callerNumber}</h2>
        {ended ? (
          <span className="badge state-ended" data-testid="detail-ended">
            ended{d.endReason ? ` (${humanize(d.endReason)})` : ''}
          </span>
        ) : (
          <span data-testid="detail-state">
            <StateBadge state={d.state} />
          </span>
        )}
      </div>
      <dl className="detail-facts">
        <div>
          <dt>Channel</dt>
          <dd>
            <ChannelTag channel={d.channel} /> <DirectionTag direction={d.direction} />
          </dd>
        </div>
        <div>
          <dt>AI agent</dt>
          <dd data-testid="detail-agent">{d.agentName}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>
            <LiveDuration startedAt={d.startedAt} endedAt={d.endedAt} />
          </dd>
        </div>
        <div>
          <dt>Flow node</dt>
          <dd data-testid="detail-node">{d.currentNode ? <code className="node">{d.currentNode}</code> : '—'}</dd>
        </div>
        {d.outcome && (
          <div>
            <dt>Outcome</dt>
            <dd data-testid="detail-outcome">{humanize(d.outcome)}</dd>
          </div>
        )}
      </dl>
      {Object.keys(d.variables ?? {}).length > 0 && (
        <ul className="variables" aria-label="Captured variables">
          {Object.entries(d.variables).map(([k, v]) => (
            <li key={k}>
              <span className="var-name">{k}</span> {v}
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}
