/**
 * One session, live: who, where in the flow, why it needs attention (if it does), and the transcript as it is spoken.
 */
import '../session-drawer.css';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ActionRecord, PublicUser } from '@livespace/protocol/http';
import { may } from '@livespace/protocol/policy';
import type { SessionDetail, TranscriptLine } from '@livespace/protocol/session';
import { getAuth, subscribeAuth } from '../auth';
import { ActionBar } from '../components/action-bar';
import { ActionsLog } from '../components/actions-log';
import { PriorityBadge } from '../components/badges';
import { ChannelTag, DirectionTag } from '../components/channel-icon';
import { LiveDuration } from '../components/duration';
import { HealthReasons } from '../components/health-reasons';
import { HeadphonesIcon } from '../components/icons';
import { OutboundTag, OutcomeBadge } from '../components/outbound-tag';
import { PostCallSummary } from '../components/post-call-summary';
import { StateBadge } from '../components/state-badge';
import { Transcript } from '../components/transcript';
import { RecordingPlayer, type RecordingPlayerHandle } from '../components/recording-player';
import { humanize } from '../format';
import { formatInstantsIn } from '../locale-format';
import { formatPhone } from '../phone';
import { barOffer } from '../live/bar-offer';
import { useLiveSession } from '../live/use-live-session';
import { useSessionActions } from '../live/use-session-actions';

export function SessionDetailView({ id, onClose }: { id: string; onClose(): void }) {
  const { detail, version, status, error } = useLiveSession(id);
  const panel = useRef<HTMLElement>(null);
  const player = useRef<RecordingPlayerHandle | null>(null);
  const [heardLine, setHeardLine] = useState<string | null>(null);
  const seek = useCallback((line: TranscriptLine) => player.current?.seekTo(line.at), []);
  const { user: me } = useSyncExternalStore(subscribeAuth, getAuth);
  // Supervisors and admins act on any live session and see its audit (`session.oversee`); a human agent on one it holds
  // or may claim. Before the server said who is signed in (no user yet) the audit shows, as it always did.
  const supervising = me ? may(me.role, 'session.oversee') : true;
  const offer = detail ? barOffer(detail, me) : null;
  const ended = detail?.state === 'ended';
  // An ended recorded call plays in the drawer, and its transcript lines seek the player.
  const playable = ended && !!detail?.recorded;
  const actions = useSessionActions(
    id,
    detail ? actionLineCount(detail.transcript) : 0,
    supervising && detail !== null,
  );
  const { add: addAction, refresh: refreshActions } = actions;
  const onActed = useCallback(
    (record?: ActionRecord) => {
      if (record) addAction(record);
      refreshActions();
    },
    [addAction, refreshActions],
  );

  // Move focus into the panel so screen readers follow, without stealing the arrow keys.
  useEffect(() => {
    panel.current?.focus({ preventScroll: true });
  }, [id]);

  return (
    <aside
      className="detail-pane"
      data-testid="session-detail"
      data-session-id={id}
      ref={panel}
      tabIndex={-1}
      aria-label="Session detail"
    >
      <button
        type="button"
        className="close"
        onClick={onClose}
        aria-label="Close detail (Esc)"
        title="Close (Esc)"
        data-testid="detail-close"
      >
        ×
      </button>
      {detail ? (
        <>
          <DetailHeader d={detail} me={me} />
          {ended && <PostCallSummary summary={detail.summary} />}
          {playable && (
            <RecordingPlayer
              key={detail.id}
              sessionId={detail.id}
              recording={detail.recording}
              startedAt={detail.startedAt}
              lines={detail.transcript}
              handle={player}
              onHeard={setHeardLine}
            />
          )}
          <Transcript
            lines={detail.transcript}
            version={version}
            live={!ended}
            channel={detail.channel}
            {...(playable ? { onSeek: seek, activeLineId: heardLine } : {})}
          />
          {supervising && (!ended || (actions.items?.length ?? 0) > 0) && (
            <ActionsLog items={actions.items} error={actions.error} />
          )}
          {offer && (
            <ActionBar
              sessionId={detail.id}
              channel={detail.channel}
              state={detail.state}
              takenOverBy={detail.takenOverBy}
              escalation={detail.escalation}
              offer={offer}
              onActed={onActed}
            />
          )}
        </>
      ) : (
        <div className="placeholder" data-testid={`detail-${status}`}>
          {status === 'loading' && 'Loading session…'}
          {status === 'not_found' && 'This session does not exist (or is no longer kept).'}
          {status === 'forbidden' && 'You can read past conversations only if you handled them.'}
          {status === 'error' && `Could not load this session: ${error ?? 'unknown error'}`}
        </div>
      )}
    </aside>
  );
}

/** Lines that show a supervisor's action: when their number changes, the audit list is fetched again. */
function actionLineCount(lines: readonly TranscriptLine[]): number {
  let n = 0;
  for (const l of lines) if (!l.partial && (l.by || l.kind === 'action' || l.kind === 'whisper_applied')) n++;
  return n;
}

/** One entry per person (a re-join can briefly list someone twice). */
function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.id) && (seen.add(i.id), true));
}

function DetailHeader({ d, me }: { d: SessionDetail; me: PublicUser | null }) {
  const ended = d.state === 'ended';
  const holder = !ended && d.takenOverBy ? d.takenOverBy : null;
  const listeners = ended ? [] : uniqueById(d.listeners ?? []);
  const openEscalation =
    !ended && (d.escalation?.status === 'waiting' || d.escalation?.status === 'claimed') ? d.escalation : null;
  return (
    <header className="detail-header">
      <div className="detail-title">
        <h2 data-testid="detail-caller" title={d.callerNumber}>
          {formatPhone(d.callerNumber)}
          {d.callerName && (
            <span className="caller-name" data-testid="detail-caller-name">
              {d.callerName}
            </span>
          )}
        </h2>
        {ended ? (
          <span className="badge state-ended" data-testid="detail-ended">
            ended{d.endReason ? ` (${humanize(d.endReason)})` : ''}
          </span>
        ) : (
          <span data-testid="detail-state">
            <StateBadge state={d.state} escalation={d.escalation} holder={d.takenOverBy} />
          </span>
        )}
        {d.recorded && (
          <span
            className={`recorded-mark${ended ? '' : ' is-recording'}`}
            data-testid="detail-recorded"
            title={ended ? 'This call was recorded' : 'This call is being recorded'}
          >
            {ended ? 'Recorded' : 'Recording…'}
          </span>
        )}
        {d.direction === 'outbound' && (
          <span className="detail-outbound" data-testid="detail-outbound">
            <OutboundTag direction={d.direction} outbound={d.outbound} full />
          </span>
        )}
        {holder && (
          <span className="taken-over" data-testid="detail-taken-over">
            {d.state === 'claimed' ? 'Claimed by' : 'Taken over by'} {holder.name}
            {me && holder.id === me.id ? ' (you)' : ''}
          </span>
        )}
        {listeners.length > 0 && (
          <span className="listeners" data-testid="detail-listeners" title="Listening to the call now">
            <HeadphonesIcon size={13} />
            <span className="sr-only">Listening: </span>
            {listeners.map((l) => (
              <span key={l.id} className="listener" data-testid="detail-listener">
                {l.name}
                {me && l.id === me.id ? ' (you)' : ''}
              </span>
            ))}
          </span>
        )}
      </div>
      {!ended && <HealthReasons health={d.health} />}
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
        {openEscalation && (
          <div>
            <dt>Queue</dt>
            <dd data-testid="detail-queue">
              {openEscalation.queue} <PriorityBadge priority={openEscalation.priority} />
            </dd>
          </div>
        )}
        {ended && d.escalation && (
          <div>
            <dt>Escalated</dt>
            <dd data-testid="detail-escalation">
              {d.escalation.queue}
              {d.escalation.claimedBy ? ` · claimed by ${d.escalation.claimedBy.name}` : ''}
              {d.escalation.resolution ? ` · ${humanize(d.escalation.resolution)}` : ''}
            </dd>
          </div>
        )}
        {d.outcome && (
          <div>
            <dt>Outcome</dt>
            <dd data-testid="detail-outcome">
              <OutcomeBadge outcome={d.outcome} />
            </dd>
          </div>
        )}
      </dl>
      {Object.keys(d.variables ?? {}).length > 0 && (
        <ul className="variables" aria-label="Captured variables">
          {Object.entries(d.variables).map(([k, v]) => (
            <li key={k}>
              <span className="var-name">{k}</span> <span title={v}>{formatInstantsIn(v)}</span>
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}
