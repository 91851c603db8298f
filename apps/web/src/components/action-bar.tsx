/**
 * The composer at the bottom of the session drawer: listen to the call (voice), whisper to the AI, barge in
 * through the AI, or (holding the session) speak to the caller, by text or by microphone; take over, claim a
 * waiting escalation, resume, transfer, complete, end — each only where the session's state allows it (see
 * bar-offer.ts). Shortcuts L, W, B, T, E work while the focus is not in a text field; the destructive ones ask
 * first. On WhatsApp and SMS conversations the words are a conversation's (write to the customer, end the
 * conversation) and a barge is a message sent at once.
 */
import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { useFadingStatus, useMounted } from '../live/use-status';
import type { EscalationInfo } from '@livespace/protocol/escalation';
import type { ActionRecord } from '@livespace/protocol/http';
import type { Actor, Channel, SessionState } from '@livespace/protocol/session';
import { actionWords, type ComposerMode } from '../live/action-words';
import type { BarOffer, PrimaryAction } from '../live/bar-offer';
import { claimEscalation, completionText, escalationErrorMessage } from '../live/escalations';
import {
  ACTION_DONE,
  actionErrorMessage,
  sessionActions,
  type ActionResult,
  type BarAction,
  type BargeMode,
} from '../live/supervisor-actions';
import { useBarShortcuts } from '../live/use-bar-shortcuts';
import { useListen } from '../live/use-listen';
import { CompleteForm } from './complete-form';
import { Composer } from './composer';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';
import { ListenControls } from './listen-controls';
import { TransferButton } from './transfer-button';
import '../action-bar.css';
import '../interventions.css';

export type { ComposerMode };

interface Props {
  sessionId: string;
  channel: Channel;
  state: SessionState;
  takenOverBy: Actor | null | undefined;
  escalation: EscalationInfo | null | undefined;
  /** What this person may do on the session now (barOffer). */
  offer: BarOffer;
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
  claim: 'Claiming…',
  resume: 'Handing back to the AI…',
  end: 'Ending the call…',
};

/** An ok status fades after this long; errors stay until the next action. */
const OK_STATUS_MS = 8000;

export function ActionBar({ sessionId, channel, state, takenOverBy, escalation, offer, onActed }: Props) {
  // Holding the call: took it over (resumed here), or claimed its escalation (completed here).
  const heldByMe = offer.held;
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
  /**
   * A claim went through: the Say input gets the focus once the session shows it held (it may have no input before).
   */
  const focusWhenHeld = useRef(false);
  const mounted = useMounted();
  // The mode picked, if the session offers it; else the first one offered (none: no composer).
  const shown: ComposerMode | null = offer.modes.includes(mode) ? mode : (offer.modes[0] ?? null);

  const focusInput = useCallback(() => {
    // After a mode change the input re-renders; focus it once it has.
    requestAnimationFrame(() => input.current?.focus());
  }, []);

  // Holding the session makes Say the default; losing it takes Say away.
  useEffect(() => {
    if (heldByMe) setMode('say');
    else setMode((m) => (m === 'say' ? 'whisper' : m));
    if (heldByMe && focusWhenHeld.current) {
      focusWhenHeld.current = false;
      focusInput();
    }
  }, [heldByMe, focusInput]);

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
        if (mounted.current)
          setStatus({
            kind: 'error',
            text: action === 'claim' ? escalationErrorMessage('claim', e) : actionErrorMessage(action, e, { holder }),
          });
      } finally {
        if (mounted.current) setPending(null);
      }
    },
    [onActed, holder, words],
  );

  const claim = useCallback(() => {
    if (!escalation) return;
    const claimed = () => {
      focusWhenHeld.current = true;
      focusInput();
    };
    void run('claim', () => claimEscalation(escalation.id).then(() => ({ ok: true as const })), claimed);
  }, [escalation, run, focusInput]);

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
    if (!t || pending || !shown) return;
    const clear = () => setText((cur) => (cur === text ? '' : cur));
    if (shown === 'whisper') void run('whisper', () => sessionActions.whisper(sessionId, t), clear);
    else if (shown === 'say') void run('say', () => sessionActions.say(sessionId, t), clear);
    else if (!endCall) void run('barge', () => sessionActions.barge(sessionId, t, bargeMode, false), clear);
    else
      setConfirm({
        title: `Barge in and end the ${noun}?`,
        body: (
          <>
            <p>
              {channel === 'voice'
                ? 'The AI says this to the caller, then hangs up:'
                : 'The customer gets this message, then the conversation ends:'}
            </p>
            <blockquote>{t}</blockquote>
          </>
        ),
        confirmLabel: channel === 'voice' ? 'Say it and end call' : 'Send it and end conversation',
        danger: true,
        onConfirm: () =>
          void run(
            'barge',
            () => sessionActions.barge(sessionId, t, bargeMode, true),
            () => {
              clear();
              setEndCall(false);
            },
          ),
      });
  };

  const chooseMode = (m: ComposerMode) => {
    setMode(m);
    focusInput();
  };

  const primary = { claim, takeover: askTakeover, resume: askResume };
  const offers = (m: ComposerMode) => offer.modes.includes(m);
  useBarShortcuts(
    {
      ...(audible ? { l: listen.toggle } : {}),
      ...(offers('whisper') ? { w: () => chooseMode('whisper') } : {}),
      ...(offers('barge') ? { b: () => chooseMode('barge') } : {}),
      ...(offer.primary ? { t: primary[offer.primary] } : {}),
      ...(offer.end ? { e: askEnd } : {}),
    },
    confirm !== null,
  );

  /** Transferred or completed: the session is in other hands (or the AI's) now. */
  const released = (text: string) => {
    onActed();
    setStatus({ kind: 'ok', text });
  };

  const busy = pending !== null;
  return (
    <section
      className={`action-bar mode-${shown ?? 'none'}`}
      data-testid="action-bar"
      data-mode={shown ?? undefined}
      aria-label={`Actions on this ${noun}`}
    >
      {audible && <ListenControls listen={listen} canTalk={heldByMe} />}
      <div className="ab-row">
        {offer.modes.length > 0 && (
          <div className="ab-modes" role="radiogroup" aria-label="What to send">
            {offer.modes.map((m) => (
              <ModeButton key={m} mode={m} label={words.modeLabel[m]} current={shown} onPick={chooseMode} />
            ))}
          </div>
        )}
        <div className="ab-controls">
          {offer.primary && (
            <button
              type="button"
              className={`ab-button slot-${offer.primary}`}
              data-testid={SLOT[offer.primary].testId}
              onClick={primary[offer.primary]}
              disabled={busy}
              title={slotTitle(offer.primary, noun, holder, escalation)}
            >
              {SLOT[offer.primary].label}
            </button>
          )}
          {offer.transfer && (
            <TransferButton
              sessionId={sessionId}
              channel={channel}
              holderId={takenOverBy?.id ?? null}
              priority={escalation?.priority ?? null}
              disabled={busy}
              onTransferred={released}
            />
          )}
          {offer.end && (
            <button
              type="button"
              className="ab-button danger-outline"
              data-testid="end-button"
              onClick={askEnd}
              disabled={busy}
              title={`End the ${noun} (E)`}
            >
              End {noun}
            </button>
          )}
        </div>
      </div>
      {shown === 'barge' && (
        <div className="ab-row ab-options">
          {/* A message goes at once: there is no sentence to wait for. */}
          {channel === 'voice' && (
            <label className="ab-option">
              <span>When</span>
              <select
                data-testid="barge-mode"
                value={bargeMode}
                onChange={(e) => setBargeMode(e.target.value as BargeMode)}
              >
                <option value="interrupt">Interrupt now</option>
                <option value="after_sentence">After current sentence</option>
              </select>
            </label>
          )}
          <label className="ab-option">
            <input
              type="checkbox"
              data-testid="barge-end-call"
              checked={endCall}
              onChange={(e) => setEndCall(e.target.checked)}
            />
            <span>and end {noun}</span>
          </label>
        </div>
      )}
      {shown && (
        <Composer
          inputRef={input}
          value={text}
          onChange={setText}
          onSend={send}
          placeholder={words.placeholder[shown]}
          label={words.placeholder[shown]}
          busy={busy}
          testIds={{ input: 'action-input', send: 'action-send' }}
        >
          {words.sendLabel[shown]}
          {shown === 'barge' && endCall ? ' + end' : ''}
        </Composer>
      )}
      <div className="ab-row ab-foot">
        <span
          className={`ab-status${status ? ` is-${status.kind}` : ''}`}
          data-testid="action-status"
          data-kind={status?.kind}
          title={status?.text}
          role="status"
          aria-live="polite"
        >
          {status?.text}
        </span>
        <KeyHints offer={offer} audible={audible} />
      </div>
      {offer.complete && escalation && (
        <CompleteForm
          key={escalation.id}
          escalationId={escalation.id}
          channel={channel}
          ended={false}
          onCompleted={(record, back) => released(completionText(record, back))}
        />
      )}
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </section>
  );
}

/** The take-over slot: what it is called, its test id, its shortcut's word. */
const SLOT: Record<PrimaryAction, { label: string; testId: string; key: string }> = {
  claim: { label: 'Claim', testId: 'claim-button', key: 'claim' },
  takeover: { label: 'Take over', testId: 'takeover-button', key: 'take over' },
  resume: { label: 'Resume AI', testId: 'resume-button', key: 'resume' },
};

function slotTitle(
  action: PrimaryAction,
  noun: string,
  holder: string | null,
  escalation: EscalationInfo | null | undefined,
): string {
  if (action === 'claim')
    return `Claim the ${noun} waiting in ${escalation?.queue ?? 'its queue'}: you hold it until you complete or transfer it (T)`;
  if (action === 'resume') return `Hand the ${noun} back to the AI (T)`;
  return holder ? `${holder} has taken over (T)` : `Take over the ${noun} yourself (T)`;
}

const MODE_KEY: Partial<Record<ComposerMode, string>> = { whisper: 'W', barge: 'B' };

function ModeButton({
  mode,
  label,
  current,
  onPick,
}: {
  mode: ComposerMode;
  label: string;
  current: ComposerMode | null;
  onPick(m: ComposerMode): void;
}) {
  const on = mode === current;
  const key = MODE_KEY[mode];
  return (
    <button
      type="button"
      role="radio"
      aria-checked={on}
      className={`ab-mode ab-mode-${mode}${on ? ' is-on' : ''}`}
      data-testid={`action-mode-${mode}`}
      onClick={() => onPick(mode)}
      title={key ? `${label} (${key})` : label}
    >
      {label}
    </button>
  );
}

/** The shortcuts the bar offers now, as a reminder. */
function KeyHints({ offer, audible }: { offer: BarOffer; audible: boolean }) {
  const hints: Array<[string, string]> = [];
  if (audible) hints.push(['L', 'listen']);
  for (const m of offer.modes) if (MODE_KEY[m]) hints.push([MODE_KEY[m], m]);
  if (offer.primary) hints.push(['T', SLOT[offer.primary].key]);
  if (offer.end) hints.push(['E', 'end']);
  return (
    <span className="ab-keys" aria-hidden="true">
      {hints.map(([key, word], i) => (
        <Fragment key={key}>
          {i > 0 && ' '}
          <kbd>{key}</kbd> {word}
        </Fragment>
      ))}
    </span>
  );
}
