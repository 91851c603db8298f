/**
 * One scheduled callback: when (ticking), whom, which AI agent, its status and attempts, who asked for it,
 * the calls it came from and placed; and for supervisors and admins Call now, Reschedule (inline) and Cancel.
 */
import { memo, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { Callback } from '@livespace/protocol/outbound';
import { ATTEMPT_RESULT_LABEL, callbackSource, truncate } from '../format';
import { CHANGEABLE } from '../live/callback-groups';
import { formError, outboundActions } from '../live/outbound-actions';
import { useMounted } from '../live/use-status';
import { formatPhone } from '../phone';
import { formatPlanned, isoToLocalInput, localInputToIso } from '../planned-time';
import { CallbackStatusBadge } from './badges';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';
import { PlannedTime } from './planned-time';

interface Props {
  callback: Callback;
  agentName: string;
  /** Supervisors and admins: the actions are offered. */
  canAct: boolean;
  /** The session open beside the list, to mark its link. */
  openSessionId: string | null;
  onOpenSession(sessionId: string): void;
}

type Pending = 'call_now' | 'reschedule' | 'cancel' | null;

export const CallbackRow = memo(function CallbackRow({
  callback: c,
  agentName,
  canAct,
  openSessionId,
  onOpenSession,
}: Props) {
  const [pending, setPending] = useState<Pending>(null);
  const [error, setError] = useState<string | null>(null);
  const [rescheduleAt, setRescheduleAt] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const mounted = useMounted();
  const last = c.attempts.at(-1) ?? null;
  const changeable = canAct && CHANGEABLE.has(c.status);

  const run = async (what: Exclude<Pending, null>, call: () => Promise<unknown>, after?: () => void) => {
    setPending(what);
    setError(null);
    try {
      await call();
      if (mounted.current) after?.();
    } catch (e) {
      if (mounted.current) setError(formError(e, ['at']).message);
    } finally {
      if (mounted.current) setPending(null);
    }
  };

  const startReschedule = () => {
    setError(null);
    // The current time when it is still ahead, else an hour from now.
    const due = Date.parse(c.at);
    setRescheduleAt(isoToLocalInput(due > Date.now() ? due : Date.now() + 3600_000));
  };

  const saveReschedule = (e: FormEvent) => {
    e.preventDefault();
    const at = rescheduleAt ? localInputToIso(rescheduleAt) : null;
    if (!at) return setError('Pick a date and a time');
    void run(
      'reschedule',
      () => outboundActions.reschedule(c.id, at),
      () => setRescheduleAt(null),
    );
  };

  const askCancel = () =>
    setConfirm({
      title: 'Cancel this callback?',
      body: (
        <p>
          {formatPhone(c.to)} will not be called {c.status === 'scheduled' ? `on ${formatPlanned(c.at)}` : 'again'}. It
          stays in the list as canceled.
        </p>
      ),
      confirmLabel: 'Cancel callback',
      cancelLabel: 'Keep it',
      danger: true,
      onConfirm: () => void run('cancel', () => outboundActions.cancel(c.id)),
    });

  return (
    <tr
      className={`cb-row cb-row-${c.status}`}
      data-testid="callback-row"
      data-callback-id={c.id}
      data-status={c.status}
    >
      <td className="cb-col-when">
        <PlannedTime at={c.at} timeZone={c.timeZone} />
      </td>
      <td className="cb-col-number" data-testid="callback-number" title={c.to}>
        {formatPhone(c.to)}
      </td>
      <td className="cb-col-agent" data-testid="callback-agent">
        {agentName}
      </td>
      <td className="cb-col-status">
        <CallbackStatusBadge status={c.status} />
      </td>
      <td className="cb-col-attempts" data-testid="callback-attempts">
        <span className="cb-attempt-count">
          {c.attempts.length}/{c.maxAttempts}
        </span>
        {last && (
          <span className="cb-attempt-result" data-testid="callback-last-result">
            {last.result ? ATTEMPT_RESULT_LABEL[last.result] : 'calling…'}
          </span>
        )}
      </td>
      <td className="cb-col-source" data-testid="callback-source">
        {callbackSource(c)}
      </td>
      <td className="cb-col-note" data-testid="callback-note" title={c.note ?? undefined}>
        {c.note ? truncate(c.note, 120) : <span className="muted">—</span>}
      </td>
      <td className="cb-col-calls">
        {c.originSessionId && (
          <SessionLink
            id={c.originSessionId}
            open={openSessionId === c.originSessionId}
            testId="callback-origin"
            onOpen={onOpenSession}
            title="The call in which the callback was asked for"
          >
            From call
          </SessionLink>
        )}
        {last && (
          <SessionLink
            id={last.sessionId}
            open={openSessionId === last.sessionId}
            testId="callback-attempt"
            onOpen={onOpenSession}
            title={`Attempt ${c.attempts.length}`}
          >
            {c.status === 'dialing' && !last.result ? 'Live call' : `Call ${c.attempts.length}`}
          </SessionLink>
        )}
        {!c.originSessionId && !last && <span className="muted">—</span>}
      </td>
      <td className="cb-col-actions">
        {rescheduleAt !== null ? (
          <form
            className="cb-reschedule"
            onSubmit={saveReschedule}
            onKeyDown={(e: KeyboardEvent) => {
              if (e.key !== 'Escape') return;
              e.stopPropagation();
              setRescheduleAt(null);
              setError(null);
            }}
          >
            <input
              type="datetime-local"
              aria-label="New time (your time zone)"
              data-testid="reschedule-at"
              value={rescheduleAt}
              min={isoToLocalInput(Date.now())}
              autoFocus
              onChange={(e) => setRescheduleAt(e.target.value)}
            />
            <button type="submit" className="ab-button" data-testid="reschedule-save" disabled={pending !== null}>
              {pending === 'reschedule' ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="link-button" onClick={() => (setRescheduleAt(null), setError(null))}>
              Back
            </button>
          </form>
        ) : changeable ? (
          <div className="cb-actions">
            <button
              type="button"
              className="ab-button"
              data-testid="callback-call-now"
              disabled={pending !== null}
              onClick={() => void run('call_now', () => outboundActions.callNow(c.id))}
            >
              {pending === 'call_now' ? 'Calling…' : 'Call now'}
            </button>
            <button
              type="button"
              className="ab-button"
              data-testid="callback-reschedule"
              disabled={pending !== null}
              onClick={startReschedule}
            >
              Reschedule
            </button>
            <button
              type="button"
              className="ab-button danger-outline"
              data-testid="callback-cancel"
              disabled={pending !== null}
              onClick={askCancel}
            >
              {pending === 'cancel' ? 'Canceling…' : 'Cancel'}
            </button>
          </div>
        ) : null}
        {error && (
          <div className="inline-error" role="alert" data-testid="callback-error">
            {error}
          </div>
        )}
        {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
      </td>
    </tr>
  );
});

function SessionLink({
  id,
  open,
  testId,
  title,
  onOpen,
  children,
}: {
  id: string;
  open: boolean;
  testId: string;
  title: string;
  onOpen(id: string): void;
  children: string;
}) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // new tab: the browser's way
    e.preventDefault();
    onOpen(id);
  };
  return (
    <a
      href={`/callbacks/sessions/${encodeURIComponent(id)}`}
      className={`cb-session-link${open ? ' is-open' : ''}`}
      data-testid={testId}
      data-session-id={id}
      title={title}
      aria-current={open ? 'true' : undefined}
      onClick={click}
    >
      {children}
    </a>
  );
}
