/**
 * Dial Now: an AI agent calls a number at once. The number is checked as it is typed; on the simulator a
 * persona may be picked for the callee. Enter calls, Escape closes; the new session opens on success.
 */
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { DIAL_PERSONAS, humanize } from '../format';
import { formError, outboundActions, type FormError } from '../live/outbound-actions';
import { useAgents } from '../live/use-agents';
import { useMounted } from '../live/use-status';
import { checkPhone } from '../phone';
import { PhoneField } from './phone-field';
import { AgentSelect } from './agent-select';
import { DialogFoot, ModalDialog } from './modal-dialog';

interface Props {
  onClose(): void;
  /** The call was placed: its session. */
  onDialed(sessionId: string): void;
}

const FIELDS = ['to', 'agentId', 'persona'] as const;

export function DialNowDialog({ onClose, onDialed }: Props) {
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

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canCall || phone.kind !== 'valid') return;
    setPending(true);
    setError(null);
    try {
      const { sessionId } = await outboundActions.dial({
        agentId: agent,
        to: phone.e164,
        ...(persona ? { persona } : {}),
      });
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
    <ModalDialog
      className="confirm-dialog form-dialog"
      testId="dial-now-dialog"
      labelledBy="dial-now-title"
      initialFocus={numberInput}
      onClose={onClose}
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
          <select
            id="dial-persona"
            data-testid="dial-persona"
            value={persona}
            onChange={(e) => setPersona(e.target.value)}
          >
            <option value="">By number (its last digit)</option>
            {DIAL_PERSONAS.map((p) => (
              <option key={p} value={p}>
                {sentenceCase(humanize(p))}
              </option>
            ))}
          </select>
          {fieldError('persona') && <span className="field-error">{fieldError('persona')}</span>}
        </div>
        <DialogFoot
          error={error && error.field === null ? error.message : null}
          submitLabel="Call"
          pendingLabel="Calling…"
          pending={pending}
          disabled={!canCall}
          onCancel={onClose}
          testIds={{ error: 'dial-error', cancel: 'dial-cancel', submit: 'dial-call' }}
        />
      </form>
    </ModalDialog>
  );
}

/** "not interested" → "Not interested". */
function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
