/**
 * A phone number field checked as it is typed: under it, the E.164 number and its country, or why it is not a number
 * (or the server's word on it).
 */
import type { Ref } from 'react';
import { getDefaultCountry, type PhoneCheck } from '../phone';

interface Props {
  id: string;
  label: string;
  value: string;
  /** `checkPhone(value)`, computed by the form (which also needs it to allow submitting). */
  check: PhoneCheck;
  /** The server's message about this field, shown instead of the check until the number changes. */
  serverError?: string | null;
  onChange(value: string): void;
  inputRef?: Ref<HTMLInputElement>;
  /** Prefix of the test ids: `<testId>`, `<testId>-normalized`, `<testId>-error`. */
  testId: string;
  placeholder?: string;
}

export function PhoneField({
  id,
  label,
  value,
  check,
  serverError,
  onChange,
  inputRef,
  testId,
  placeholder = '(415) 555-0100 or +44 20 7946 0958',
}: Props) {
  const error = serverError ?? (check.kind === 'invalid' ? check.message : null);
  const hintId = `${id}-hint`;
  return (
    <div className="field phone-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={hintId}
        data-testid={testId}
        data-valid={check.kind === 'valid' ? 'true' : 'false'}
        onChange={(e) => onChange(e.target.value)}
      />
      <div id={hintId} className="field-hint" aria-live="polite">
        {error ? (
          <span className="field-error" data-testid={`${testId}-error`}>
            {error}
          </span>
        ) : check.kind === 'valid' ? (
          <span className="field-ok" data-testid={`${testId}-normalized`} data-e164={check.e164}>
            <span className="phone-e164">{check.e164}</span>
            {check.countryName && <span className="phone-country">{check.countryName}</span>}
          </span>
        ) : (
          <span className="muted">Without +, read as a {getDefaultCountry()} number</span>
        )}
      </div>
    </div>
  );
}
