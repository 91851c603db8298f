/**
 * Dial Now: an AI agent calls a number at once. The number is checked as it is typed; on the simulator a
 * persona may be picked for the callee. Enter calls, Escape closes; the new session opens on success.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { DIAL_PERSONAS, humanize } from '../format';
import { formError, outboundActions, type FormError } from '../live/outbound-actions';
import { useAgents } from '../live/use-agents';
import { useMounted } from '../live/use-status';
import { checkPhone } from '../phone';
import { PhoneField } from './phone-field';
import { AgentSelect } from './agent-select';

interface Props {
  onClose(): void;
  /** The call was placed: its session. */
  onDialed(sessionId: string): void;
}

const FIELDS = ['to', 'agentId', 'persona'] as const;

export function DialNowDialog({ onClose, onDialed }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const numberInput = useRef<HTMLInputElement>(null);
  const agents = useAgents();
  const [agentId, setAgentId] = useState('');
  const [number, setNumber] = useState('');
  const [persona, setPersona] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const mounted = useMounted();
  const phone = useMemo(() => checkPhone(number), [number]);
  const agent = agentId || agents[0]?.id || '';
  const canCall = phone.kind === 'valid' && agent !== '' && !pending;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    numberInput.current?.focus();
    return () => {
      if (d.open) d.close();
      if (previous && document.activeElement === document.body) previous.focus({ preventScroll: true });
    };
  }, []);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canCall || phone.kind !== 'valid') return;
    setPending(true);
    setError(null);
    try {
      const { sessionId } = await outboundActions.dial({ agentId: agent, to: phone.e164, ...(persona ? { persona } : {}) });
      onClose();
      onDialed(sessionId);
    } catch (err) {
      if (mounted.current) setError(formError(err, FIELDS));
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    // Enter submits from the pickers too (inputs submit the form by themselves).
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'SELECT') {
      e.preventDefault();
      void submit();
    }
  };

  const fieldError = (field: string) => (error?.field === field ? error.message : null);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog form-dialog"
      data-testid="dial-now-dialog"
      aria-labelledby="dial-now-title"
      // Keys stay in the dialog: Live Calls' own Enter and Escape must not see them.
      onKeyDown={(e) => e.stopPropagation()}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes.
        if (e.target !== dialog.current) return;
        const r = dialog.current.getBoundingClientRect();
        if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) onClose();
      }}
    >
      <form onSubmit={submit} onKeyDown={onKeyDown} noValidate>
        <h3 id="dial-now-title">Dial Now</h3>
        <p className="dialog-sub">An AI agent calls this number now; the call opens as it dials.</p>
        <div className="field">
          <label htmlFor="dial-agent">AI agent</label>
          <AgentSelect id="dial-agent" testId="dial-agent" value={agent} agents={agents} onChange={setAgentId} />
          {fieldError('agentId') && <span className="field-error">{fieldError('agentId')}</span>}
        </div>
        <PhoneField
          id="dial-number"
          label="Number"
          value={number}
          check={phone}
          serverError={fieldError('to')}
          inputRef={numberInput}
          testId="dial-number"
          onChange={(v) => {
            setNumber(v);
            if (error?.field === 'to') setError(null);
          }}
        />
        <div className="field">
          <label htmlFor="dial-persona">Simulator persona</label>
          <select id="dial-persona" data-testid="dial-persona" value={persona} onChange={(e) => setPersona(e.target.value)}>
            <option value="">By number (its last digit)</option>
            {DIAL_PERSONAS.map((p) => (
              <option key={p} value={p}>
                {sentenceCase(humanize(p))}
              </option>
            ))}
          </select>
          {fieldError('persona') && <span className="field-error">{fieldError('persona')}</span>}
        </div>
        {error && error.field === null && (
          <p className="form-error" role="alert" data-testid="dial-error">
            {error.message}
          </p>
        )}
        <div className="confirm-buttons">
          <button type="button" className="ghost" data-testid="dial-cancel" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="dial-call" disabled={!canCall}>
            {pending ? 'Calling…' : 'Call'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** "not interested" → "Not interested". */
function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
