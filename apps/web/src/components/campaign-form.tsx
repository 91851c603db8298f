/**
 * New campaign: name, AI agent, pace and concurrency, calling window and time zone, attempts and retry delays, what
 * to do on voicemail, then the contacts (a CSV file and/or pasted CSV), uploaded once the campaign exists. A refused
 * field is shown next to its input; the import report stays until the next campaign.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Campaign } from '@livespace/protocol/campaign';
import { ApiError } from '../api';
import { campaignFieldOf, windowEndToSend, withoutFieldPrefix, type CampaignFormField } from '../campaign-format';
import { campaignErrorMessage, createCampaign, type NewCampaign } from '../live/campaigns-api';
import type { AgentOption } from '../live/use-agents';
import { useMounted } from '../live/use-status';
import { importCsvSources } from './contacts-upload';
import { CsvInput, hasCsv, NO_CSV, type CsvSources } from './csv-input';
import { ImportResults, type ImportResult } from './import-report';
import { AgentSelect } from './agent-select';

interface Values {
  name: string;
  agentId: string;
  maxConcurrentCalls: string;
  callsPerMinute: string;
  windowStart: string;
  windowEnd: string;
  timeZone: string;
  maxAttempts: string;
  retryNoAnswer: string;
  retryBusy: string;
  onVoicemail: 'hangup' | 'leave_message';
  voicemailMessage: string;
}

/** The browser's IANA zone: contacts without a `timezone` column are called in its window. */
function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The server's defaults, shown filled in. */
function initialValues(agentId: string): Values {
  return {
    name: '',
    agentId,
    maxConcurrentCalls: '5',
    callsPerMinute: '60',
    windowStart: '09:00',
    windowEnd: '20:00',
    timeZone: browserTimeZone(),
    maxAttempts: '3',
    retryNoAnswer: '60',
    retryBusy: '10',
    onVoicemail: 'hangup',
    voicemailMessage: '',
  };
}

type Errors = Partial<Record<CampaignFormField, string>>;

/**
 * A number field: empty is "the server's default" (undefined), anything else is sent as typed (the server checks it).
 */
function num(s: string): number | undefined {
  const t = s.trim();
  return t === '' ? undefined : Number(t);
}

/** The request body, or the fields that cannot be sent as they are. */
function toBody(v: Values): { body: NewCampaign } | { errors: Errors } {
  const errors: Errors = {};
  if (!v.name.trim()) errors.name = 'Give the campaign a name';
  if (!v.agentId) errors.agentId = 'Choose the AI agent that makes the calls';
  const maxConcurrentCalls = num(v.maxConcurrentCalls);
  if (maxConcurrentCalls === undefined || Number.isNaN(maxConcurrentCalls))
    errors.maxConcurrentCalls = 'How many calls at once?';
  for (const [key, value] of [
    ['callsPerMinute', v.callsPerMinute],
    ['maxAttempts', v.maxAttempts],
  ] as const) {
    if (Number.isNaN(num(value))) errors[key] = 'Must be a number';
  }
  if (Number.isNaN(num(v.retryNoAnswer)) || Number.isNaN(num(v.retryBusy)))
    errors.retryDelayMinutes = 'Must be numbers of minutes';
  if (!!v.windowStart !== !!v.windowEnd) errors.callingWindow = 'Give both the start and the end';
  if (v.onVoicemail === 'leave_message' && !v.voicemailMessage.trim())
    errors.voicemailMessage = 'Write the message to leave';
  if (Object.keys(errors).length > 0) return { errors };

  const body: NewCampaign = { name: v.name.trim(), agentId: v.agentId, maxConcurrentCalls: maxConcurrentCalls! };
  const cpm = num(v.callsPerMinute);
  if (cpm !== undefined) body.callsPerMinute = cpm;
  if (v.windowStart && v.windowEnd) body.callingWindow = { start: v.windowStart, end: windowEndToSend(v.windowEnd) };
  if (v.timeZone.trim()) body.defaultTimeZone = v.timeZone.trim();
  const attempts = num(v.maxAttempts);
  if (attempts !== undefined) body.maxAttempts = attempts;
  const noAnswer = num(v.retryNoAnswer);
  const busy = num(v.retryBusy);
  if (noAnswer !== undefined || busy !== undefined)
    body.retryDelayMinutes = { noAnswer: noAnswer ?? 60, busy: busy ?? 10 };
  body.onVoicemail = v.onVoicemail;
  if (v.onVoicemail === 'leave_message') body.voicemailMessage = v.voicemailMessage.trim();
  return { body };
}

interface Props {
  agents: AgentOption[];
  /** The new campaign, at once (the `campaigns` topic brings it too). */
  onCreated(c: Campaign): void;
  onClose(): void;
}

export function CampaignForm({ agents, onCreated, onClose }: Props) {
  const [values, setValues] = useState<Values>(() => initialValues(agents[0]?.id ?? ''));
  const [csv, setCsv] = useState<CsvSources>(NO_CSV);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'creating' | 'uploading' | null>(null);
  const [created, setCreated] = useState<{ name: string; results: ImportResult[] } | null>(null);
  const [round, setRound] = useState(0);
  const mounted = useMounted();

  // The agents arrive after the form opens: preselect the first.
  const agentId = values.agentId || agents[0]?.id || '';

  const set = <K extends keyof Values>(key: K, value: Values[K], field?: CampaignFormField) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (field && errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const parsed = toBody({ ...values, agentId });
    if ('errors' in parsed) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setBusy('creating');
    let campaign: Campaign;
    try {
      campaign = await createCampaign(parsed.body);
    } catch (err) {
      if (!mounted.current) return;
      setBusy(null);
      const field = err instanceof ApiError ? campaignFieldOf(err.field) : null;
      if (err instanceof ApiError && field) setErrors({ [field]: withoutFieldPrefix(err.message, err.field) });
      else setFormError(campaignErrorMessage('create', err));
      return;
    }
    onCreated(campaign);
    let results: ImportResult[] = [];
    if (hasCsv(csv)) {
      if (mounted.current) setBusy('uploading');
      results = await importCsvSources(campaign.id, csv);
    }
    if (!mounted.current) return;
    setBusy(null);
    setCreated({ name: campaign.name, results });
    // Ready for the next one: the same settings are likely, a new name and new contacts are not.
    setValues((v) => ({ ...v, name: '' }));
    setCsv(NO_CSV);
    setRound((n) => n + 1);
  };

  return (
    <form className="campaign-form" data-testid="campaign-form" onSubmit={submit} noValidate aria-labelledby="cf-title">
      <div className="cf-head">
        <h2 className="section-title" id="cf-title">
          New campaign
        </h2>
        <button type="button" className="ghost" data-testid="campaign-form-close" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="cf-grid">
        <Field label="Name" error={errors.name} field="name" wide>
          <input
            type="text"
            data-testid="cf-name"
            value={values.name}
            maxLength={120}
            placeholder="e.g. Solar Q4 follow-up"
            onChange={(e) => set('name', e.target.value, 'name')}
            autoFocus
          />
        </Field>
        <Field label="AI agent" error={errors.agentId} field="agentId">
          <AgentSelect
            testId="cf-agent"
            value={agentId}
            agents={agents}
            onChange={(id) => set('agentId', id, 'agentId')}
          />
        </Field>
        <Field label="Max concurrent calls" error={errors.maxConcurrentCalls} field="maxConcurrentCalls">
          <input
            type="number"
            min={1}
            max={1000}
            step={1}
            data-testid="cf-max-concurrent"
            value={values.maxConcurrentCalls}
            onChange={(e) => set('maxConcurrentCalls', e.target.value, 'maxConcurrentCalls')}
          />
        </Field>
        <Field label="Calls per minute" error={errors.callsPerMinute} field="callsPerMinute">
          <input
            type="number"
            min={0.1}
            max={6000}
            step="any"
            data-testid="cf-calls-per-minute"
            value={values.callsPerMinute}
            onChange={(e) => set('callsPerMinute', e.target.value, 'callsPerMinute')}
          />
        </Field>
        <Field
          label="Calling window"
          error={errors.callingWindow}
          field="callingWindow"
          hint="In each contact's own time zone; an end at midnight is the end of the day"
          group
        >
          <span className="cf-pair">
            <input
              type="time"
              aria-label="Window start"
              data-testid="cf-window-start"
              value={values.windowStart}
              onChange={(e) => set('windowStart', e.target.value, 'callingWindow')}
            />
            <span className="muted">to</span>
            <input
              type="time"
              aria-label="Window end"
              data-testid="cf-window-end"
              value={values.windowEnd}
              onChange={(e) => set('windowEnd', e.target.value, 'callingWindow')}
            />
          </span>
        </Field>
        <Field
          label="Default time zone"
          error={errors.defaultTimeZone}
          field="defaultTimeZone"
          hint="For contacts without a timezone column"
        >
          <input
            type="text"
            data-testid="cf-timezone"
            value={values.timeZone}
            spellCheck={false}
            placeholder="Europe/Paris"
            onChange={(e) => set('timeZone', e.target.value, 'defaultTimeZone')}
          />
        </Field>
        <Field label="Max attempts per contact" error={errors.maxAttempts} field="maxAttempts">
          <input
            type="number"
            min={1}
            max={10}
            step={1}
            data-testid="cf-max-attempts"
            value={values.maxAttempts}
            onChange={(e) => set('maxAttempts', e.target.value, 'maxAttempts')}
          />
        </Field>
        <Field label="Retry after (minutes)" error={errors.retryDelayMinutes} field="retryDelayMinutes" group>
          <span className="cf-pair">
            <label className="cf-inline cf-stacked">
              <span className="muted">no answer</span>
              <input
                type="number"
                min={0.01}
                step="any"
                data-testid="cf-retry-no-answer"
                value={values.retryNoAnswer}
                onChange={(e) => set('retryNoAnswer', e.target.value, 'retryDelayMinutes')}
              />
            </label>
            <label className="cf-inline cf-stacked">
              <span className="muted">busy</span>
              <input
                type="number"
                min={0.01}
                step="any"
                data-testid="cf-retry-busy"
                value={values.retryBusy}
                onChange={(e) => set('retryBusy', e.target.value, 'retryDelayMinutes')}
              />
            </label>
          </span>
        </Field>
        <Field label="On voicemail" error={errors.onVoicemail} field="onVoicemail" wide group>
          <span className="cf-pair">
            <label className="cf-inline">
              <input
                type="radio"
                name="cf-voicemail"
                data-testid="cf-voicemail-hangup"
                checked={values.onVoicemail === 'hangup'}
                onChange={() => set('onVoicemail', 'hangup', 'onVoicemail')}
              />
              Hang up (and try again later)
            </label>
            <label className="cf-inline">
              <input
                type="radio"
                name="cf-voicemail"
                data-testid="cf-voicemail-leave"
                checked={values.onVoicemail === 'leave_message'}
                onChange={() => set('onVoicemail', 'leave_message', 'onVoicemail')}
              />
              Leave a message
            </label>
          </span>
        </Field>
        {values.onVoicemail === 'leave_message' && (
          <Field label="Voicemail message" error={errors.voicemailMessage} field="voicemailMessage" wide>
            <textarea
              data-testid="cf-voicemail-message"
              rows={2}
              maxLength={1000}
              value={values.voicemailMessage}
              placeholder="Hi {{name}}, this is … Call us back at …"
              onChange={(e) => set('voicemailMessage', e.target.value, 'voicemailMessage')}
            />
          </Field>
        )}
        <div className="cf-field is-wide">
          <span className="cf-label">Contacts</span>
          <CsvInput key={round} value={csv} onChange={setCsv} idPrefix="new-campaign" disabled={busy !== null} />
        </div>
      </div>
      {formError && (
        <p className="form-error" role="alert" data-testid="campaign-form-error">
          {formError}
        </p>
      )}
      <div className="cf-foot">
        <button type="submit" className="primary" data-testid="cf-submit" disabled={busy !== null}>
          {busy === 'creating'
            ? 'Creating…'
            : busy === 'uploading'
              ? 'Importing contacts…'
              : hasCsv(csv)
                ? 'Create and import contacts'
                : 'Create campaign'}
        </button>
        <span className="ws-note">The campaign starts as a draft: press Start on its card when it is ready.</span>
      </div>
      {created && (
        <div className="cf-created" data-testid="campaign-created">
          <p className="notice is-ok">
            <span>
              Created “{created.name}” as a draft
              {created.results.length === 0 ? ': add contacts from its card before starting it.' : '.'}
            </span>
          </p>
          <ImportResults results={created.results} />
        </div>
      )}
    </form>
  );
}

interface FieldProps {
  label: string;
  error: string | undefined;
  field: CampaignFormField;
  hint?: string;
  wide?: boolean;
  /** Several inputs (each with its own label): a group, not one label around them. */
  group?: boolean;
  children: ReactNode;
}

/** A labelled input with its error (the server's or the form's) or its hint below. */
function Field({ label, error, field, hint, wide, group, children }: FieldProps) {
  const className = `cf-field${wide ? ' is-wide' : ''}${error ? ' has-error' : ''}`;
  const inner = (
    <>
      <span className="cf-label">{label}</span>
      {children}
      {error ? (
        <span className="field-error" role="alert" data-testid={`field-error-${field}`}>
          {error}
        </span>
      ) : (
        hint && <span className="cf-hint">{hint}</span>
      )}
    </>
  );
  return group ? (
    <div className={className} data-field={field} role="group" aria-label={label}>
      {inner}
    </div>
  ) : (
    <label className={className} data-field={field}>
      {inner}
    </label>
  );
}
