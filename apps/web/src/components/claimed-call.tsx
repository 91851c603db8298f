/**
 * The call (or conversation) an agent claimed: the live transcript (`session:<id>`), Listen and Talk with the
 * microphone, Say (typed words the caller hears, or the customer reads), Transfer, and Complete with an outcome,
 * notes, or a hand-back to the AI.
 */
import { useEffect, useRef, useState } from 'react';
import { useFadingStatus, useMounted } from '../live/use-status';
import type { PublicUser } from '@livespace/protocol/http';
import type { Escalation } from '@livespace/protocol/escalation';
import type { SessionDetail } from '@livespace/protocol/session';
import { elapsedSeconds, formatDuration, humanize } from '../format';
import { actionWords } from '../live/action-words';
import { holdsCall } from '../live/escalation-queue';
import type { EscalationRecord } from '../live/escalations';
import { ACTION_DONE, actionErrorMessage, sessionActions } from '../live/supervisor-actions';
import { useListen } from '../live/use-listen';
import { useLiveSession } from '../live/use-live-session';
import { formatPhone } from '../phone';
import { PriorityBadge } from './badges';
import { ChannelTag } from './channel-icon';
import { CompleteForm } from './complete-form';
import { Composer } from './composer';
import { Elapsed } from './elapsed';
import { ListenControls } from './listen-controls';
import { StateBadge } from './state-badge';
import { Transcript } from './transcript';
import { TransferButton } from './transfer-button';
import '../session-drawer.css';

interface Props {
  escalation: Escalation | EscalationRecord;
  me: PublicUser | null;
  onCompleted(record: EscalationRecord, returnedToAi: boolean): void;
  /** Sent on to a queue or a person: the agent no longer holds it. */
  onTransferred(escalationId: string, text: string): void;
}

export function ClaimedCall({ escalation: x, me, onCompleted, onTransferred }: Props) {
  const { detail, version, status, error } = useLiveSession(x.sessionId);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    panel.current?.focus({ preventScroll: true });
  }, [x.id]);

  return (
    <section
      className="call-pane"
      data-testid="claimed-call"
      data-escalation-id={x.id}
      data-session-id={x.sessionId}
      ref={panel}
      tabIndex={-1}
      aria-label="Your call"
    >
      <header className="detail-header call-header">
        <div className="detail-title">
          <h2 data-testid="claimed-caller" title={x.callerNumber}>
            {formatPhone(x.callerNumber)}
            {x.callerName && <span className="caller-name">{x.callerName}</span>}
          </h2>
          {detail && (
            <span data-testid="claimed-state">
              {detail.state === 'ended' ? (
                <span className="badge state-ended">
                  ended{detail.endReason ? ` (${humanize(detail.endReason)})` : ''}
                </span>
              ) : (
                <StateBadge state={detail.state} />
              )}
            </span>
          )}
          {detail && detail.state === 'claimed' && holdsCall(detail.state, detail.takenOverBy, me) && (
            <span className="call-header-actions">
              <TransferButton
                sessionId={x.sessionId}
                channel={x.channel}
                holderId={me?.id ?? null}
                priority={detail.escalation?.priority ?? x.priority}
                onTransferred={(text) => onTransferred(x.id, text)}
              />
            </span>
          )}
        </div>
        <dl className="detail-facts">
          <div>
            <dt>Queue</dt>
            <dd data-testid="claimed-queue">{x.queue}</dd>
          </div>
          <div>
            <dt>Priority</dt>
            <dd>
              <PriorityBadge priority={x.priority} />
            </dd>
          </div>
          <div>
            <dt>Reason</dt>
            <dd>{humanize(x.reason)}</dd>
          </div>
          <div>
            <dt>Channel</dt>
            <dd>
              <ChannelTag channel={x.channel} />
            </dd>
          </div>
          <div>
            <dt>AI agent</dt>
            <dd>{x.agentName}</dd>
          </div>
          <div>
            <dt>Waited</dt>
            <dd className="duration">{waited(x)}</dd>
          </div>
          <div>
            <dt>With you</dt>
            <dd>{x.claimedAt ? <Elapsed since={x.claimedAt} testId="claimed-for" /> : '—'}</dd>
          </div>
        </dl>
      </header>
      {detail ? (
        <Transcript
          lines={detail.transcript}
          version={version}
          live={detail.state !== 'ended'}
          channel={detail.channel}
        />
      ) : (
        <div className="placeholder transcript-placeholder" data-testid={`claimed-${status}`}>
          {status === 'loading' && 'Loading the conversation…'}
          {status === 'not_found' && 'This session is no longer kept.'}
          {status === 'error' && `Could not load the conversation: ${error ?? 'unknown error'}`}
        </div>
      )}
      <CallControls escalation={x} detail={detail} me={me} onCompleted={onCompleted} />
    </section>
  );
}

/** "00:42": from waiting to claimed. */
function waited(x: Escalation | EscalationRecord): string {
  return x.claimedAt ? formatDuration(elapsedSeconds(x.waitingSince, Date.parse(x.claimedAt))) : '—';
}

interface Status {
  kind: 'pending' | 'ok' | 'error';
  text: string;
}

const OK_STATUS_MS = 6000;

function CallControls({
  escalation: x,
  detail,
  me,
  onCompleted,
}: {
  escalation: Escalation | EscalationRecord;
  detail: SessionDetail | null;
  me: PublicUser | null;
  onCompleted: Props['onCompleted'];
}) {
  const state = detail?.state ?? 'claimed';
  const ended = state === 'ended';
  // Until the detail arrives the claim itself says who holds the call.
  const mine = detail ? holdsCall(detail.state, detail.takenOverBy, me) : x.claimedBy?.id === me?.id;
  const audible = x.channel === 'voice' && !ended && state !== 'wrap_up';
  const listen = useListen(x.sessionId, { available: audible, canTalk: mine });
  const words = actionWords(x.channel);

  const [text, setText] = useState('');
  const [sayStatus, setSayStatus] = useFadingStatus<Status>(OK_STATUS_MS);
  const [saying, setSaying] = useState(false);
  const sayInput = useRef<HTMLInputElement>(null);
  const mounted = useMounted();

  // The agent's hands go to the caller first: the Say input has the focus once the call is theirs.
  useEffect(() => {
    if (mine && !ended) requestAnimationFrame(() => sayInput.current?.focus({ preventScroll: true }));
  }, [mine, ended]);

  const say = async () => {
    const t = text.trim();
    if (!t || saying) return;
    setSaying(true);
    setSayStatus({ kind: 'pending', text: 'Sending…' });
    try {
      await sessionActions.say(x.sessionId, t);
      if (!mounted.current) return;
      setText((cur) => (cur === text ? '' : cur));
      setSayStatus({ kind: 'ok', text: (words.done ?? ACTION_DONE).say });
    } catch (err) {
      if (mounted.current) setSayStatus({ kind: 'error', text: actionErrorMessage('say', err) });
    } finally {
      if (mounted.current) setSaying(false);
    }
  };

  return (
    <section
      className="action-bar mode-say call-controls"
      data-testid="call-controls"
      aria-label={`Talk to the ${words.person} and complete`}
    >
      {ended ? (
        <p className="call-ended-note" data-testid="caller-left" role="status">
          {x.channel === 'voice' ? 'The caller has hung up.' : 'The conversation has ended.'} Record the outcome to
          finish.
        </p>
      ) : (
        <>
          {audible && <ListenControls listen={listen} canTalk={mine} />}
          <Composer
            inputRef={sayInput}
            value={text}
            onChange={setText}
            onSend={() => void say()}
            placeholder={x.channel === 'voice' ? 'Type to the caller (they hear it)…' : words.placeholder.say}
            label={`Type to the ${words.person}`}
            disabled={!mine}
            busy={saying}
            testIds={{ input: 'say-input', send: 'say-send' }}
          >
            {words.sendLabel.say}
          </Composer>
          <span
            className={`ab-status${sayStatus ? ` is-${sayStatus.kind}` : ''}`}
            data-testid="say-status"
            data-kind={sayStatus?.kind}
            role="status"
            aria-live="polite"
          >
            {sayStatus?.text}
          </span>
        </>
      )}
      <CompleteForm
        escalationId={x.id}
        channel={x.channel}
        ended={ended}
        onCompleted={(record, back) => {
          listen.stop();
          onCompleted(record, back);
        }}
      />
    </section>
  );
}
