/**
 * Book a callback by hand: the number (checked as it is typed), the AI agent, when (in the viewer's time zone), a note.
 * The new one arrives on the topic.
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { formError, outboundActions, type FormError } from '../live/outbound-actions';
import type { AgentOption } from '../live/use-agents';
import { useFadingStatus, useMounted } from '../live/use-status';
import { checkPhone, formatPhone } from '../phone';
import { formatPlanned, isoToLocalInput, localInputToIso, tomorrowAtTen } from '../planned-time';
import { PhoneField } from './phone-field';
import { AgentSelect } from './agent-select';

const FIELDS = ['to', 'agentId', 'at', 'note'] as const;
const OK_STATUS_MS = 6000;

export function NewCallbackForm({ agents }: { agents: readonly AgentOption[] }) {
  const [number, setNumber] = useState('');
  const [agentId, setAgentId] = useState('');
  const [when, setWhen] = useState(() => tomorrowAtTen(Date.now()));
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [status, setStatus] = useFadingStatus<{ kind: 'ok'; text: string }>(OK_STATUS_MS);
  const numberInput = useRef<HTMLInputElement>(null);
  const mounted = useMounted();
  const phone = useMemo(() => checkPhone(number), [number]);
  const agent = agentId || agents[0]?.id || '';
  const at = localInputToIso(when);
  const canBook = phone.kind === 'valid' && agent !== '' && at !== null && !pending;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canBook || phone.kind !== 'valid' || !at) return;
    setPending(true);
    setError(null);
    try {
      const c = await outboundActions.book({
        to: phone.e164,
        agentId: agent,
        at,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      if (!mounted.current) return;
      setStatus({ kind: 'ok', text: `Callback to ${formatPhone(c.to)} booked for ${formatPlanned(c.at)}` });
      setNumber('');
      setNote('');
      numberInput.current?.focus();
    } catch (err) {
      if (mounted.current) setError(formError(err, FIELDS));
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const fieldError = (field: string) => (error?.field === field ? error.message : null);
  const clearFieldError = (field: string) => {
    if (error?.field === field) setError(null);
  };

  return (
    <section className="cb-new" aria-labelledby="cb-new-title" data-testid="new-callback">
      <h2 className="section-title" id="cb-new-title">
        New callback
      </h2>
      <form className="cb-new-form" onSubmit={submit} noValidate>
        <PhoneField
          id="cb-number"
          label="Number"
          value={number}
          check={phone}
          serverError={fieldError('to')}
          inputRef={numberInput}
          testId="cb-number"
          onChange={(v) => {
            setNumber(v);
            clearFieldError('to');
          }}
        />
        <div className="field">
          <label htmlFor="cb-agent">AI agent</label>
          <AgentSelect id="cb-agent" testId="cb-agent" value={agent} agents={agents} onChange={setAgentId} />
          {fieldError('agentId') && <span className="field-error">{fieldError('agentId')}</span>}
        </div>
        <div className="field">
          <label htmlFor="cb-at">When (your time)</label>
          <input
            id="cb-at"
            type="datetime-local"
            data-testid="cb-at"
            value={when}
            min={isoToLocalInput(Date.now())}
            onChange={(e) => {
              setWhen(e.target.value);
              clearFieldError('at');
            }}
          />
          {fieldError('at') ? (
            <span className="field-error">{fieldError('at')}</span>
          ) : (
            !at && <span className="field-error">Pick a date and a time</span>
          )}
        </div>
        <div className="field cb-note-field">
          <label htmlFor="cb-note">Note (optional)</label>
          <input
            id="cb-note"
            data-testid="cb-note"
            value={note}
            maxLength={1000}
            placeholder="What the call is about"
            onChange={(e) => setNote(e.target.value)}
          />
          {fieldError('note') && <span className="field-error">{fieldError('note')}</span>}
        </div>
        <button type="submit" className="primary cb-book" data-testid="cb-book" disabled={!canBook}>
          {pending ? 'Booking…' : 'Book callback'}
        </button>
      </form>
      {error && error.field === null && (
        <p className="form-error" role="alert" data-testid="cb-error">
          {error.message}
        </p>
      )}
      {status && (
        <p className="cb-booked" role="status" data-testid="cb-booked">
          {status.text}
        </p>
      )}
    </section>
  );
}
