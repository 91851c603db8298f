/**
 * History's filters: words said, the caller's number, the time range, and the selects. Selects and dates apply at
 * once; typed fields when Enter is pressed or they lose focus. The server's 422 shows beside the field it names. On a
 * phone the filters past the first row fold behind "Filters".
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { CHANNELS, type Channel } from '@livespace/protocol/session';
import { CHANNEL_LABEL, DIRECTION_LABEL, humanize } from '../format';
import {
  HISTORY_FILTER_KEYS,
  isFiltered,
  SORT_OPTIONS,
  withFilter,
  type HistoryFilterKey,
  type HistoryFilters,
} from '../history-query';
import type { AgentOption } from '../live/use-agents';
import type { Option } from '../live/use-history-options';
import { isoToLocalInput, localInputToIso } from '../planned-time';

/** Outcomes the AI, people and carriers record most (any other word can be typed). */
const OUTCOME_SUGGESTIONS = [
  'answered',
  'interested',
  'not_interested',
  'callback',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
];
/** Health marks a session had at some moment: a level reached (warning takes critical ones too), or a reason. */
const HEALTH_OPTIONS = [
  { value: 'warning', label: 'Needed attention' },
  { value: 'critical', label: 'Critical' },
  { value: 'provider_error', label: 'Provider error' },
  { value: 'long_silence', label: 'Long silence' },
  { value: 'no_match', label: 'Not understood' },
  { value: 'slow_ai', label: 'Slow AI' },
  { value: 'unanswered', label: 'Unanswered' },
];

/** How sessions end most often (any other reason can be typed). */
const END_REASON_SUGGESTIONS = [
  'caller_hangup',
  'completed',
  'ended_by_supervisor',
  'agent_ended',
  'flow_end',
  'transferred',
  'abandoned',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
];

interface Props {
  filters: HistoryFilters;
  agents: AgentOption[];
  campaigns: Option[];
  queues: Option[];
  /** Empty: no "Handled by" filter (a human agent sees only what they handled). */
  handlers: Option[];
  /** The field the server refused, and why. */
  fieldError: { field: string; message: string } | null;
  /** Beside the drawer: the filters past the first row start folded, as on a phone. */
  narrow: boolean;
  onChange(f: HistoryFilters): void;
}

export function HistoryFilters({ filters, agents, campaigns, queues, handlers, fieldError, narrow, onChange }: Props) {
  // Unfolded on a wide screen without the drawer, until the toggle says otherwise.
  const [toggled, setOpen] = useState<boolean | null>(null);
  const open =
    toggled ?? (!narrow && (typeof window === 'undefined' || window.matchMedia('(min-width: 901px)').matches));
  const set = (key: HistoryFilterKey, value: string | null | undefined) => onChange(withFilter(filters, key, value));
  const errorOf = (key: HistoryFilterKey) => (fieldError?.field === key ? fieldError.message : null);
  // Every filter but the first row's (the number, the words, the order).
  const folded: readonly HistoryFilterKey[] = HISTORY_FILTER_KEYS.filter(
    (k) => k !== 'number' && k !== 'q' && k !== 'sort',
  );
  const foldedCount = folded.filter((k) => filters[k] !== undefined).length;

  // A refused field behind the fold is shown.
  useEffect(() => {
    if (fieldError && folded.includes(fieldError.field as HistoryFilterKey)) setOpen(true);
  }, [fieldError]);

  const select = (key: HistoryFilterKey, label: string, any: string, options: Option[], className = '') => (
    <Field label={label} error={errorOf(key)} className={className} testId={key}>
      {(id, describedBy) => (
        <select
          id={id}
          data-testid={`history-filter-${key}`}
          value={filters[key] ?? ''}
          aria-invalid={errorOf(key) ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => set(key, e.target.value)}
        >
          <option value="">{any}</option>
          {filters[key] && !options.some((o) => o.value === filters[key]) && (
            <option value={filters[key]}>{filters[key]}</option>
          )}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const text = (
    key: HistoryFilterKey,
    label: string,
    placeholder: string,
    opts: { list?: string; type?: string; className?: string } = {},
  ) => (
    <Field label={label} error={errorOf(key)} className={opts.className ?? ''} testId={key}>
      {(id, describedBy) => (
        <TextFilter
          id={id}
          testId={`history-filter-${key}`}
          value={filters[key] ?? ''}
          placeholder={placeholder}
          list={opts.list}
          type={opts.type}
          invalid={errorOf(key) !== null}
          describedBy={describedBy}
          onCommit={(v) => set(key, v)}
        />
      )}
    </Field>
  );

  const time = (key: 'from' | 'to', label: string) => (
    <Field label={label} error={errorOf(key)} testId={key}>
      {(id, describedBy) => (
        <input
          id={id}
          type="datetime-local"
          data-testid={`history-filter-${key}`}
          value={filters[key] ? isoToLocalInput(filters[key]) : ''}
          aria-invalid={errorOf(key) ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            const iso = e.target.value ? localInputToIso(e.target.value) : null;
            set(key, iso ? new Date(iso).toISOString() : null);
          }}
        />
      )}
    </Field>
  );

  return (
    <form
      className="hist-filters"
      role="search"
      aria-label="Search history"
      data-testid="history-filters"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="hist-filter-row">
        {text('q', 'Words in the transcript', 'e.g. invoice, "a phrase", -word', {
          type: 'search',
          className: 'hist-field-q',
        })}
        {text('number', 'Caller number', 'any format, e.g. 555 0123', {
          type: 'search',
          className: 'hist-field-number',
        })}
        {select(
          'sort',
          'Order',
          SORT_OPTIONS[0]!.label,
          SORT_OPTIONS.slice(1).map((o) => ({ value: o.value, label: o.label })),
        )}
        <button
          type="button"
          className="ghost hist-more-toggle"
          aria-expanded={open}
          aria-controls="hist-more"
          data-testid="history-more-filters"
          onClick={() => setOpen(!open)}
        >
          Filters{foldedCount > 0 ? ` (${foldedCount})` : ''}
        </button>
        {isFiltered(filters) && (
          <button
            type="button"
            className="link-button hist-clear"
            data-testid="history-clear"
            onClick={() => onChange(filters.sort ? { sort: filters.sort } : {})}
          >
            Clear filters
          </button>
        )}
      </div>
      <div className={`hist-filter-row hist-more${open ? ' is-open' : ''}`} id="hist-more">
        {time('from', 'From')}
        {time('to', 'To')}
        {select(
          'channel',
          'Channel',
          'All channels',
          CHANNELS.map((c: Channel) => ({ value: c, label: CHANNEL_LABEL[c] })),
        )}
        {select(
          'agentId',
          'AI agent',
          'All agents',
          agents.map((a) => ({ value: a.id, label: a.name })),
        )}
        {text('outcome', 'Outcome', 'any', { list: 'hist-outcomes', className: 'hist-field-word' })}
        {text('endReason', 'End reason', 'any', { list: 'hist-end-reasons', className: 'hist-field-word' })}
        {select(
          'direction',
          'Direction',
          'Both',
          (['inbound', 'outbound'] as const).map((d) => ({ value: d, label: DIRECTION_LABEL[d] })),
        )}
        {select('campaignId', 'Campaign', 'Any', campaigns)}
        {select('queue', 'Queue', 'Any', queues)}
        {select('escalated', 'Escalated', 'Either', [
          { value: 'true', label: 'Escalated' },
          { value: 'false', label: 'Not escalated' },
        ])}
        {handlers.length > 0 && select('handledBy', 'Handled by', 'Anyone', handlers)}
        {select('health', 'Health', 'Any', HEALTH_OPTIONS)}
        {text('contact', 'Contact name', 'part of a name', { type: 'search', className: 'hist-field-word' })}
      </div>
      <datalist id="hist-outcomes">
        {OUTCOME_SUGGESTIONS.map((o) => (
          <option key={o} value={o} label={humanize(o)} />
        ))}
      </datalist>
      <datalist id="hist-end-reasons">
        {END_REASON_SUGGESTIONS.map((o) => (
          <option key={o} value={o} label={humanize(o)} />
        ))}
      </datalist>
    </form>
  );
}

/** A labelled filter with room for the server's complaint about it. */
function Field({
  label,
  error,
  className = '',
  testId,
  children,
}: {
  label: string;
  error: string | null;
  className?: string;
  testId: string;
  children(id: string, describedBy: string | undefined): ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`hist-field ${className}${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, error ? errorId : undefined)}
      {error && (
        <span className="hist-field-error" id={errorId} role="alert" data-testid={`history-error-${testId}`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A typed filter: applied with Enter or when it loses focus, and kept in step with the URL (back, a shared link). */
function TextFilter(props: {
  id: string;
  testId: string;
  value: string;
  placeholder: string;
  list?: string | undefined;
  type?: string | undefined;
  invalid: boolean;
  describedBy: string | undefined;
  onCommit(v: string): void;
}) {
  const { value, onCommit } = props;
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft);
  };
  return (
    <input
      id={props.id}
      type={props.type ?? 'text'}
      data-testid={props.testId}
      value={draft}
      placeholder={props.placeholder}
      list={props.list}
      autoComplete="off"
      spellCheck={false}
      aria-invalid={props.invalid ? true : undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => {
        setDraft(e.target.value);
        // The search field's clear button (×) empties it: apply at once.
        if (e.target.value === '' && (e.nativeEvent as InputEvent).inputType === undefined) onCommit('');
      }}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}
