/**
 * The call an agent claimed: the live transcript (`session:<id>`), Listen and Talk with the microphone,
 * Say (typed words the caller hears), and Complete with an outcome, notes, or a hand-back to the AI.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useFadingStatus, useMounted } from '../live/use-status';
import type { PublicUser } from '@livespace/protocol/http';
import type { Escalation, Resolution } from '@livespace/protocol/escalation';
import type { SessionDetail } from '@livespace/protocol/session';
import { elapsedSeconds, formatDuration, humanize, RESOLUTION_LABEL } from '../format';
import { holdsCall } from '../live/escalation-queue';
import { completeEscalation, escalationErrorMessage, type EscalationRecord } from '../live/escalations';
import { actionErrorMessage, sessionActions } from '../live/supervisor-actions';
import { useListen } from '../live/use-listen';
import { useLiveSession } from '../live/use-live-session';
import { PriorityBadge } from './badges';
import { ChannelTag } from './channel-icon';
import { Elapsed } from './elapsed';
import { ListenControls } from './listen-controls';
import { StateBadge } from './state-badge';
import { Transcript } from './transcript';

interface Props {
  escalation: Escalation | EscalationRecord;
  me: PublicUser | null;
  onCompleted(record: EscalationRecord, returnedToAi: boolean): void;
}

export function ClaimedCall({ escalation: x, me, onCompleted }: Props) {
  const { detail, version, status, error } = useLiveSession(x.sessionId);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    panel.current?.focus({ preventScroll: true });
  }, [x.id]);

  return (
    <section className="call-pane" data-testid="claimed-call" data-escalation-id={x.id} data-session-id={x.sessionId} ref={panel} tabIndex={-1} aria-label="Your call">
      <header className="detail-header call-header">
        <div className="detail-title">
          <h2 data-testid="claimed-caller">{x.callerNumber}</h2>
          {detail && (
            <span data-testid="claimed-state">
              {detail.state === 'ended' ? (
                <span className="badge state-ended">ended{detail.endReason ? ` (${humanize(detail.endReason)})` : ''}</span>
              ) : (
                <StateBadge state={detail.state} />
              )}
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
        <Transcript lines={detail.transcript} version={version} live={detail.state !== 'ended'} />
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

function CallControls({ escalation: x, detail, me, onCompleted }: { escalation: Escalation | EscalationRecord; detail: SessionDetail | null; me: PublicUser | null; onCompleted: Props['onCompleted'] }) {
  const state = detail?.state ?? 'claimed';
  const ended = state === 'ended';
  // Until the detail arrives the claim itself says who holds the call.
  const mine = detail ? holdsCall(detail.state, detail.takenOverBy, me) : x.claimedBy?.id === me?.id;
  const audible = x.channel === 'voice' && !ended && state !== 'wrap_up';
  const listen = useListen(x.sessionId, { available: audible, canTalk: mine });

  const [text, setText] = useState('');
  const [sayStatus, setSayStatus] = useFadingStatus<Status>(OK_STATUS_MS);
  const [saying, setSaying] = useState(false);
  const [resolution, setResolution] = useState<Resolution>('resolved');
  const [notes, setNotes] = useState('');
  const [returnToAi, setReturnToAi] = useState(false);
  const [completing, setCompleting] = useState(false);
  const [completeError, setCompleteError] = useState<string | null>(null);
  const sayInput = useRef<HTMLInputElement>(null);
  const mounted = useMounted();

  // The agent's hands go to the caller first: the Say input has the focus once the call is theirs.
  useEffect(() => {
    if (mine && !ended) requestAnimationFrame(() => sayInput.current?.focus({ preventScroll: true }));
  }, [mine, ended]);

  useEffect(() => {
    if (ended) setReturnToAi(false);
  }, [ended]);

  const say = async (e: FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    if (!t || saying) return;
    setSaying(true);
    setSayStatus({ kind: 'pending', text: 'Sending…' });
    try {
      await sessionActions.say(x.sessionId, t);
      if (!mounted.current) return;
      setText((cur) => (cur === text ? '' : cur));
      setSayStatus({ kind: 'ok', text: 'Sent to the caller' });
    } catch (err) {
      if (mounted.current) setSayStatus({ kind: 'error', text: actionErrorMessage('say', err) });
    } finally {
      if (mounted.current) setSaying(false);
    }
  };

  const complete = async (e?: FormEvent) => {
    e?.preventDefault();
    if (completing) return;
    setCompleting(true);
    setCompleteError(null);
    const n = notes.trim();
    try {
      const record = await completeEscalation(x.id, { resolution, returnToAi: returnToAi && !ended, ...(n ? { notes: n } : {}) });
      listen.stop();
      onCompleted(record, returnToAi && !ended);
    } catch (err) {
      if (mounted.current) setCompleteError(escalationErrorMessage('complete', err));
    } finally {
      if (mounted.current) setCompleting(false);
    }
  };

  const onNotesKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void complete();
    }
  };

  return (
    <section className="action-bar mode-say call-controls" data-testid="call-controls" aria-label="Talk to the caller and complete">
      {ended ? (
        <p className="call-ended-note" data-testid="caller-left" role="status">
          The caller has hung up. Record the outcome to finish.
        </p>
      ) : (
        <>
          {audible && <ListenControls listen={listen} canTalk={mine} />}
          <form className="ab-compose" onSubmit={say}>
            <input
              ref={sayInput}
              data-testid="say-input"
              type="text"
              value={text}
              maxLength={2000}
              placeholder="Type to the caller (they hear it)…"
              aria-label="Type to the caller"
              autoComplete="off"
              disabled={!mine}
              onChange={(ev) => setText(ev.target.value)}
              onKeyDown={(ev) => {
                if (ev.key === 'Escape') ev.currentTarget.blur();
              }}
            />
            <button type="submit" className="ab-send" data-testid="say-send" disabled={!mine || saying || text.trim() === ''}>
              Say
            </button>
          </form>
          <span className={`ab-status${sayStatus ? ` is-${sayStatus.kind}` : ''}`} data-testid="say-status" data-kind={sayStatus?.kind} role="status" aria-live="polite">
            {sayStatus?.text}
          </span>
        </>
      )}
      <form className="complete-form" data-testid="complete-form" onSubmit={complete} aria-label="Complete the call">
        <label className="ab-option">
          <span>Outcome</span>
          <select data-testid="complete-resolution" value={resolution} onChange={(ev) => setResolution(ev.target.value as Resolution)}>
            {(Object.keys(RESOLUTION_LABEL) as Resolution[]).map((r) => (
              <option key={r} value={r}>
                {RESOLUTION_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="ab-option" title={ended ? 'The caller has left' : 'The AI agent goes on with the caller instead of ending the call'}>
          <input type="checkbox" data-testid="complete-return" checked={returnToAi} disabled={ended} onChange={(ev) => setReturnToAi(ev.target.checked)} />
          <span>Hand back to the AI</span>
        </label>
        <textarea
          className="complete-notes"
          data-testid="complete-notes"
          rows={2}
          maxLength={4000}
          value={notes}
          placeholder="Notes (optional)"
          aria-label="Notes"
          onChange={(ev) => setNotes(ev.target.value)}
          onKeyDown={onNotesKey}
        />
        <div className="complete-foot">
          {completeError && (
            <span className="inline-error" role="alert" data-testid="complete-error">
              {completeError}
            </span>
          )}
          <span className="ab-keys" aria-hidden="true">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> in notes
          </span>
          <button type="submit" className="primary complete-button" data-testid="complete-button" disabled={completing}>
            {completing ? 'Completing…' : ended ? 'Complete' : returnToAi ? 'Complete · back to the AI' : 'Complete & end call'}
          </button>
        </div>
      </form>
    </section>
  );
}
