/**
 * Map a number to an AI agent (admins): the number checked as it is typed, the agent, the carrier and the channels.
 * A number that is mapped already says so, and saving it replaces its mapping. The server's errors sit on their field.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { NumberCarrier, NumberChannel, PhoneNumber } from '@livespace/protocol/numbers';
import { CARRIER_LABEL, CHANNEL_LABEL } from '../format';
import { NUMBER_FIELDS, numberFormError, numbersApi } from '../live/numbers-api';
import type { FormError } from '../live/outbound-actions';
import type { AgentOption } from '../live/use-agents';
import { useFadingStatus, useMounted } from '../live/use-status';
import { checkOurNumber, formatPhone } from '../phone';
import { AgentSelect } from './agent-select';
import { ChannelIcon } from './channel-icon';
import { PhoneField } from './phone-field';

const CARRIERS: readonly NumberCarrier[] = ['twilio', 'simulator'];
const CHANNELS: readonly NumberChannel[] = ['voice', 'sms', 'whatsapp'];
const OK_STATUS_MS = 8000;

interface Props {
  agents: readonly AgentOption[];
  /** The numbers mapped now: typing one of them says what saving replaces. */
  mapped: readonly PhoneNumber[];
  /** A mapping to change (the row's Edit), with a counter so picking the same one again still fills the form. */
  editing: { mapping: PhoneNumber; n: number } | null;
  agentName(id: string): string;
  /** Saved: the list reloads. */
  onSaved(): void;
}

export function NumberForm({ agents, mapped, editing, agentName, onSaved }: Props) {
  const [number, setNumber] = useState('');
  const [agentId, setAgentId] = useState('');
  const [carrier, setCarrier] = useState<NumberCarrier>('twilio');
  const [channels, setChannels] = useState<NumberChannel[]>(['voice']);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [status, setStatus] = useFadingStatus<{ kind: 'ok'; text: string }>(OK_STATUS_MS);
  const numberInput = useRef<HTMLInputElement>(null);
  const mounted = useMounted();
  const phone = useMemo(() => checkOurNumber(number), [number]);
  const agent = agentId || agents[0]?.id || '';
  const existing = phone.kind === 'valid' ? mapped.find((m) => m.number === phone.e164) : undefined;
  const canSave = phone.kind === 'valid' && agent !== '' && channels.length > 0 && !pending;

  // The row's Edit fills the form with that mapping.
  useEffect(() => {
    if (!editing) return;
    const m = editing.mapping;
    setNumber(formatPhone(m.number));
    setAgentId(m.agentId);
    setCarrier(m.carrier);
    setChannels(CHANNELS.filter((c) => m.channels.includes(c)));
    setError(null);
    numberInput.current?.focus();
  }, [editing]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSave || phone.kind !== 'valid') return;
    setPending(true);
    setError(null);
    try {
      const saved = await numbersApi.save({ number: phone.e164, agentId: agent, carrier, channels });
      if (!mounted.current) return;
      const who = agentName(saved.agentId);
      setStatus({
        kind: 'ok',
        text: existing
          ? `${formatPhone(saved.number)} is now answered by ${who} (mapping replaced)`
          : `${formatPhone(saved.number)} is now answered by ${who}`,
      });
      setNumber('');
      onSaved();
      numberInput.current?.focus();
    } catch (err) {
      if (mounted.current) setError(numberFormError(err));
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const fieldError = (field: (typeof NUMBER_FIELDS)[number]) => (error?.field === field ? error.message : null);
  const clearFieldError = (field: string) => {
    if (error?.field === field) setError(null);
  };
  const toggleChannel = (c: NumberChannel, on: boolean) => {
    setChannels((cur) => CHANNELS.filter((x) => (x === c ? on : cur.includes(x))));
    clearFieldError('channels');
  };

  return (
    <section className="nf" aria-labelledby="nf-title" data-testid="number-form">
      <h2 className="section-title" id="nf-title">
        Map a number
      </h2>
      <form className="nf-form" onSubmit={submit} noValidate>
        <PhoneField
          id="nf-number"
          label="Number"
          value={number}
          check={phone}
          serverError={fieldError('number')}
          inputRef={numberInput}
          testId="nf-number"
          placeholder="+1 415 555 0150"
          onChange={(v) => {
            setNumber(v);
            clearFieldError('number');
          }}
        />
        <div className="field" data-field="agentId">
          <label htmlFor="nf-agent">AI agent</label>
          <AgentSelect
            id="nf-agent"
            testId="nf-agent"
            value={agent}
            agents={agents}
            onChange={(id) => {
              setAgentId(id);
              clearFieldError('agentId');
            }}
          />
          {fieldError('agentId') && (
            <span className="field-error" data-testid="nf-agent-error">
              {fieldError('agentId')}
            </span>
          )}
        </div>
        <div className="field" data-field="carrier">
          <label htmlFor="nf-carrier">Carrier</label>
          <select
            id="nf-carrier"
            data-testid="nf-carrier"
            value={carrier}
            onChange={(e) => {
              setCarrier(e.target.value as NumberCarrier);
              clearFieldError('carrier');
            }}
          >
            {CARRIERS.map((c) => (
              <option key={c} value={c}>
                {CARRIER_LABEL[c]}
              </option>
            ))}
          </select>
          {fieldError('carrier') && (
            <span className="field-error" data-testid="nf-carrier-error">
              {fieldError('carrier')}
            </span>
          )}
        </div>
        <div className="field nf-channels" role="group" aria-labelledby="nf-channels-label" data-field="channels">
          <span id="nf-channels-label">Channels</span>
          <div className="nf-channel-boxes">
            {CHANNELS.map((c) => (
              <label key={c} className={`nf-channel channel-${c}`}>
                <input
                  type="checkbox"
                  data-testid={`nf-channel-${c}`}
                  checked={channels.includes(c)}
                  onChange={(e) => toggleChannel(c, e.target.checked)}
                />
                <ChannelIcon channel={c} size={12} />
                {CHANNEL_LABEL[c]}
              </label>
            ))}
          </div>
          {(fieldError('channels') ?? (channels.length === 0 ? 'Pick at least one channel' : null)) && (
            <span className="field-error" data-testid="nf-channels-error">
              {fieldError('channels') ?? 'Pick at least one channel'}
            </span>
          )}
        </div>
        <button type="submit" className="primary nf-submit" data-testid="nf-submit" disabled={!canSave}>
          {pending ? 'Saving…' : existing ? 'Replace mapping' : 'Map number'}
        </button>
      </form>
      {existing && (
        <p className="nf-existing" data-testid="nf-existing">
          Already mapped to <strong>{agentName(existing.agentId)}</strong> ({CARRIER_LABEL[existing.carrier]} ·{' '}
          {existing.channels.map((c) => CHANNEL_LABEL[c]).join(', ')}): saving replaces that mapping.
        </p>
      )}
      {error && error.field === null && (
        <p className="form-error" role="alert" data-testid="nf-error">
          {error.message}
        </p>
      )}
      {status && (
        <p className="nf-saved" role="status" data-testid="nf-saved">
          {status.text}
        </p>
      )}
    </section>
  );
}
