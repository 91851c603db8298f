/**
 * The outcome filter of a campaign's calls as chips: All, Answered, Interested, Not interested, No answer, Busy,
 * Voicemail, Failed.
 */
import { CALL_OUTCOME_LABEL, CALL_OUTCOMES, type CallOutcome } from '../campaign-format';

interface Props {
  value: CallOutcome | null;
  onChange(outcome: CallOutcome | null): void;
}

export function OutcomeChips({ value, onChange }: Props) {
  const chips: Array<{ key: CallOutcome | null; label: string }> = [
    { key: null, label: 'All' },
    ...CALL_OUTCOMES.map((o) => ({ key: o, label: CALL_OUTCOME_LABEL[o] })),
  ];
  return (
    <div className="outcome-chips" role="group" aria-label="Filter by outcome">
      {chips.map((c) => {
        const on = value === c.key;
        return (
          <button
            key={c.key ?? 'all'}
            type="button"
            className={`outcome-chip${c.key ? ` chip-${c.key}` : ''}${on ? ' is-on' : ''}`}
            aria-pressed={on}
            data-testid={`outcome-chip-${c.key ?? 'all'}`}
            onClick={() => onChange(c.key)}
          >
            {c.label}
          </button>
        );
      })}
    </div>
  );
}
