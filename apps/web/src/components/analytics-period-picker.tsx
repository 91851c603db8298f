/**
 * Analytics' period (Today, 7 days, 30 days, or Custom with two days) and the charts' bucket (hour or day; hours only
 * up to 62 days). Radio groups: Tab reaches each group, the arrow keys pick within it. What is picked goes to the URL.
 */
import {
  PERIOD_PRESETS,
  type Bucket,
  type PeriodChoice,
  type PeriodProblem,
  type PeriodPreset,
  type ResolvedPeriod,
} from '../analytics-period';

interface Props {
  choice: PeriodChoice;
  period: ResolvedPeriod | PeriodProblem;
  /** The days the current choice covers (for a Custom that starts from them). */
  days: { first: string; last: string };
  bucket: Bucket;
  today: string;
  onPeriod(choice: PeriodChoice): void;
  onBucket(bucket: Bucket): void;
}

type Option = PeriodPreset | 'custom';

export function AnalyticsPeriodPicker({ choice, period, days, bucket, today, onPeriod, onBucket }: Props) {
  const picked: Option = choice.kind === 'preset' ? choice.preset : 'custom';
  const pick = (o: Option) => {
    if (o === picked) return;
    onPeriod(o === 'custom' ? { kind: 'custom', from: days.first, to: days.last } : { kind: 'preset', preset: o });
  };
  const problem = period.ok ? null : period;
  const hoursAllowed = period.ok ? period.hoursAllowed : true;
  const setDay = (which: 'from' | 'to', value: string) => {
    if (choice.kind !== 'custom') return;
    onPeriod({ ...choice, [which]: value });
  };

  return (
    <div className="an-controls" data-testid="analytics-controls">
      <fieldset className="an-seg" data-testid="analytics-period">
        <legend className="an-legend">Period</legend>
        <div className="an-seg-items">
          {[
            ...PERIOD_PRESETS.map((p) => ({ value: p.value as Option, label: p.label })),
            { value: 'custom' as Option, label: 'Custom' },
          ].map((o) => (
            <label key={o.value} className={`an-seg-item${picked === o.value ? ' is-on' : ''}`}>
              <input
                type="radio"
                name="an-period"
                value={o.value}
                checked={picked === o.value}
                onChange={() => pick(o.value)}
                data-testid={`period-${o.value}`}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      </fieldset>

      {choice.kind === 'custom' && (
        <div className="an-custom" data-testid="analytics-custom">
          <label className="field an-date">
            <span>From</span>
            <input
              type="date"
              value={choice.from}
              max={choice.to || today}
              onChange={(e) => setDay('from', e.target.value)}
              aria-invalid={problem?.field === 'from' || undefined}
              aria-describedby={problem?.field === 'from' ? 'an-period-problem' : undefined}
              data-testid="analytics-from"
            />
          </label>
          <label className="field an-date">
            <span>To</span>
            <input
              type="date"
              value={choice.to}
              min={choice.from || undefined}
              onChange={(e) => setDay('to', e.target.value)}
              aria-invalid={problem?.field === 'to' || undefined}
              aria-describedby={problem?.field === 'to' ? 'an-period-problem' : undefined}
              data-testid="analytics-to"
            />
          </label>
          {problem && (
            <span
              className="field-error an-problem"
              id="an-period-problem"
              role="alert"
              data-testid="analytics-period-problem"
            >
              {problem.message}
            </span>
          )}
        </div>
      )}

      <fieldset className="an-seg" data-testid="analytics-bucket">
        <legend className="an-legend">Charts by</legend>
        <div className="an-seg-items">
          {(['hour', 'day'] as const).map((b) => (
            <label
              key={b}
              className={`an-seg-item${bucket === b ? ' is-on' : ''}${b === 'hour' && !hoursAllowed ? ' is-disabled' : ''}`}
              title={b === 'hour' && !hoursAllowed ? 'Hours cover at most 62 days' : undefined}
            >
              <input
                type="radio"
                name="an-bucket"
                value={b}
                checked={bucket === b}
                disabled={b === 'hour' && !hoursAllowed}
                onChange={() => onBucket(b)}
                data-testid={`bucket-${b}`}
              />
              <span>{b === 'hour' ? 'Hour' : 'Day'}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
