/**
 * The supervisor's composer at the bottom of the session drawer: listen to the call (voice), whisper
 * to the AI, barge in through the AI, or (after taking over) speak to the caller, by text or by
 * microphone; take over, resume, end. Shortcuts L, W, B, T, E work while the focus is not in a text
 * field; the destructive ones ask first. On WhatsApp and SMS conversations the words are a conversation's
 * (write to the customer, end the conversation) and a barge is a message sent at once.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useFadingStatus, useMounted } from '../live/use-status';
import type { ActionRecord, PublicUser } from '@livespace/protocol/http';
import type { Actor, Channel, SessionState } from '@livespace/protocol/session';
import { actionWords, type ComposerMode } from '../live/action-words';
import { ACTION_DONE, actionErrorMessage, sessionActions, type ActionResult, type BarAction, type BargeMode } from '../live/supervisor-actions';
import { holdsCall } from '../live/escalation-queue';
import { useListen } from '../live/use-listen';
import { navigate } from '../router';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';
import { ListenControls } from './listen-controls';

export type { ComposerMode };

interface Props {
  sessionId: string;
  channel: Channel;
  state: SessionState;
  takenOverBy: Actor | null | undefined;
  me: PublicUser | null;
  /** After every attempt (the server records rejected ones too), with the record when one came back. */
  onActed(record?: ActionRecord): void;
}

interface Status {
  kind: 'pending' | 'ok' | 'error';
  text: string;
}

const PENDING: Record<BarAction, string> = {
  whisper: 'Sending whisper…',
  barge: 'Barging in…',
  say: 'Sending…',
  takeover: 'Taking over…',
  resume: 'Handing back to the AI…',
  end: 'Ending the call…',
};

const SEND_LABEL: Record<ComposerMode, string> = {
  whisper: 'Whisper',
  barge: 'Barge in',
  say: 'Say',
};

/** An ok status fades after this long; errors stay until the next action. */
const OK_STATUS_MS = 8000;

export function ActionBar({ sessionId, channel, state, takenOverBy, me, onActed }: Props) {
  // Holding the call: took it over, or claimed its escalation (then it is completed in the Agent workspace, not resumed).
  const heldByMe = holdsCall(state, takenOverBy, me);
  const claimedByMe = heldByMe && state === 'claimed';
  // Calls have audio until they wrap up; message conversations have none.
  const audible = channel === 'voice' && state !== 'ended' && state !== 'wrap_up';
  const words = actionWords(channel);
  const { noun } = words;
  const listen = useListen(sessionId, { available: audible, canTalk: heldByMe });
  const holder = takenOverBy && !heldByMe ? takenOverBy.name : null;
  const [mode, setMode] = useState<ComposerMode>(heldByMe ? 'say' : 'whisper');
  const [text, setText] = useState('');
  const [bargeMode, setBargeMode] = useState<BargeMode>('interrupt');
  const [endCall, setEndCall] = useState(false);
  const [pending, setPending] = useState<BarAction | null>(null);
  const [status, setStatus] = useFadingStatus<Status>(OK_STATUS_MS);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const mounted = useMounted();

  // Holding the takeover makes Say the default; losing it takes Say away.
  useEffect(() => {
    if (heldByMe) setMode('say');
    else setMode((m) => (m === 'say' ? 'whisper' : m));
  }, [heldByMe]);

  const run = useCallback(
    async (action: BarAction, call: () => Promise<ActionResult>, after?: () => void) => {
      setPending(action);
      setStatus({ kind: 'pending', text: action === 'end' ? `Ending the ${words.noun}…` : PENDING[action] });
      try {
        const r = await call();
        onActed(r?.action);
        if (!mounted.current) return;
        setStatus({ kind: 'ok', text: (words.done ?? ACTION_DONE)[action] });
        after?.();
      } catch (e) {
        onActed();
        if (mounted.current) setStatus({ kind: 'error', text: actionErrorMessage(action, e, { holder }) });
      } finally {
        if (mounted.current) setPending(null);
      }
    },
    [onActed, holder, words],
  );

  const focusInput = useCallback(() => {
    // After a mode change the input re-renders; focus it once it has.
    requestAnimationFrame(() => input.current?.focus());
  }, []);

  const askTakeover = useCallback(() => {
    setConfirm({
      title: `Take over this ${noun}?`,
      body: (
        <>
          <p>{words.takeoverBody}</p>
          {holder && <p className="confirm-warning">{holder} has taken over this session already.</p>}
        </>
      ),
      confirmLabel: 'Take over',
      onConfirm: () => void run('takeover', () => sessionActions.takeover(sessionId), focusInput),
    });
  }, [holder, run, sessionId, focusInput, noun, words]);

  const askResume = useCallback(() => {
    setConfirm({
      title: `Hand the ${noun} back to the AI?`,
      body: <p>The AI agent continues the conversation from here; you can whisper or take over again.</p>,
      confirmLabel: 'Resume AI',
      onConfirm: () => void run('resume', () => sessionActions.resume(sessionId)),
    });
  }, [run, sessionId, noun]);

  const askEnd = useCallback(() => {
    setConfirm({
      title: `End this ${noun}?`,
      body: <p>{words.endBody}</p>,
      confirmLabel: `End ${noun}`,
      danger: true,
      onConfirm: () => void run('end', () => sessionActions.end(sessionId)),
    });
  }, [run, sessionId, noun, words]);

  const send = () => {
    const t = text.trim();
    if (!t || pending) return;
    const clear = () => setText((cur) => (cur === text ? '' : cur));
    if (mode === 'whisper') void run('whisper', () => sessionActions.whisper(sessionId, t), clear);
    else if (mode === 'say') void run('say', () => sessionActions.say(sessionId, t), clear);
    else if (!endCall) void run('barge', () => sessionActions.barge(sessionId, t, bargeMode, false), clear);
    else
      setConfirm({
        title: `Barge in and end the ${noun}?`,
        body: (
          <>
            <p>{channel === 'voice' ? 'The AI says this to the caller, then hangs up:' : 'The customer gets this message, then the conversation ends:'}</p>
            <blockquote>{t}</blockquote>
          </>
        ),
        confirmLabel: channel === 'voice' ? 'Say it and end call' : 'Send it and end conversation',
        danger: true,
        onConfirm: () =>
          void run('barge', () => sessionActions.barge(sessionId, t, bargeMode, true), () => {
            clear();
            setEndCall(false);
          }),
      });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    send();
  };

  const onInputKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.currentTarget.blur();
    }
  };

  const chooseMode = (m: ComposerMode) => {
    setMode(m);
    focusInput();
  };

  // Shortcuts, read from the latest render.
  const keys = useRef({ chooseMode, askTakeover, askResume, askEnd, heldByMe, claimedByMe, confirmOpen: false, toggleListen: listen.toggle, audible });
  keys.current = { chooseMode, askTakeover, askResume, askEnd, heldByMe, claimedByMe, confirmOpen: confirm !== null, toggleListen: listen.toggle, audible };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const k = keys.current;
      if (k.confirmOpen || document.querySelector('dialog[open]')) return;
      const key = e.key.toLowerCase();
      if (key === 'w') k.chooseMode('whisper');
      else if (key === 'b') k.chooseMode('barge');
      else if (key === 't' && !k.claimedByMe) (k.heldByMe ? k.askResume : k.askTakeover)();
      else if (key === 'e') k.askEnd();
      else if (key === 'l' && k.audible) k.toggleListen();
      else return;
      // Otherwise the letter would be typed into the input that just got the focus.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const busy = pending !== null;
  return (
    <section className={`action-bar mode-${mode}`} data-testid="action-bar" data-mode={mode} aria-label="Supervisor actions">
      {audible && <ListenControls listen={listen} canTalk={heldByMe} />}
      <div className="ab-row">
        <div className="ab-modes" role="radiogroup" aria-label="What to send">
          <ModeButton mode="whisper" current={mode} onPick={chooseMode} hint="W" />
          <ModeButton mode="barge" current={mode} onPick={chooseMode} hint="B" />
          {heldByMe && <ModeButton mode="say" current={mode} onPick={chooseMode} />}
        </div>
        <div className="ab-controls">
          {claimedByMe ? (
            <button type="button" className="ab-button" data-testid="workspace-button" onClick={() => navigate('/agent')} title={`You claimed this ${noun}: complete it (or hand it back to the AI) in the Agent workspace`}>
              Complete in workspace
            </button>
          ) : heldByMe ? (
            <button type="button" className="ab-button" data-testid="resume-button" onClick={askResume} disabled={busy} title={`Hand the ${noun} back to the AI (T)`}>
              Resume AI
            </button>
          ) : (
            <button
              type="button"
              className="ab-button"
              data-testid="takeover-button"
              onClick={askTakeover}
              disabled={busy}
              title={holder ? `${holder} has taken over (T)` : `Take over the ${noun} yourself (T)`}
            >
              Take over
            </button>
          )}
          <button type="button" className="ab-button danger-outline" data-testid="end-button" onClick={askEnd} disabled={busy} title={`End the ${noun} (E)`}>
            End {noun}
          </button>
        </div>
      </div>
      {mode === 'barge' && (
        <div className="ab-row ab-options">
          {/* A message goes at once: there is no sentence to wait for. */}
          {channel === 'voice' && (
            <label className="ab-option">
              <span>When</span>
              <select data-testid="barge-mode" value={bargeMode} onChange={(e) => setBargeMode(e.target.value as BargeMode)}>
                <option value="interrupt">Interrupt now</option>
                <option value="after_sentence">After current sentence</option>
              </select>
            </label>
          )}
          <label className="ab-option">
            <input type="checkbox" data-testid="barge-end-call" checked={endCall} onChange={(e) => setEndCall(e.target.checked)} />
            <span>and end {noun}</span>
          </label>
        </div>
      )}
      <form className="ab-compose" onSubmit={onSubmit}>
        <input
          ref={input}
          data-testid="action-input"
          type="text"
          value={text}
          maxLength={2000}
          placeholder={words.placeholder[mode]}
          aria-label={words.placeholder[mode]}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onInputKey}
        />
        <button type="submit" className="ab-send" data-testid="action-send" disabled={busy || text.trim() === ''}>
          {SEND_LABEL[mode]}
          {mode === 'barge' && endCall ? ' + end' : ''}
        </button>
      </form>
      <div className="ab-row ab-foot">
        <span className={`ab-status${status ? ` is-${status.kind}` : ''}`} data-testid="action-status" data-kind={status?.kind} title={status?.text} role="status" aria-live="polite">
          {status?.text}
        </span>
        <span className="ab-keys" aria-hidden="true">
          {audible && (
            <>
              <kbd>L</kbd> listen{' '}
            </>
          )}
          <kbd>W</kbd> whisper <kbd>B</kbd> barge {!claimedByMe && (
            <>
              <kbd>T</kbd> {heldByMe ? 'resume' : 'take over'}{' '}
            </>
          )}
          <kbd>E</kbd> end
        </span>
      </div>
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </section>
  );
}

const MODE_LABEL: Record<ComposerMode, string> = { whisper: 'Whisper', barge: 'Barge', say: 'Say' };

function ModeButton({ mode, current, onPick, hint }: { mode: ComposerMode; current: ComposerMode; onPick(m: ComposerMode): void; hint?: string }) {
  const on = mode === current;
  return (
    <button
      type="button"
      role="radio"
      aria-checked={on}
      className={`ab-mode ab-mode-${mode}${on ? ' is-on' : ''}`}
      data-testid={`action-mode-${mode}`}
      onClick={() => onPick(mode)}
      title={hint ? `${MODE_LABEL[mode]} (${hint})` : MODE_LABEL[mode]}
    >
      {MODE_LABEL[mode]}
    </button>
  );
}
