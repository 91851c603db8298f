/**
 * Contacts to import: a CSV file, and/or CSV text pasted in (a header line with a `phone` column, then one contact per
 * line).
 */
import { useState } from 'react';

export interface CsvSources {
  file: File | null;
  text: string;
}

export const NO_CSV: CsvSources = { file: null, text: '' };

export function hasCsv(s: CsvSources): boolean {
  return s.file !== null || s.text.trim() !== '';
}

/** Each source as CSV text with a name for its report ("contacts.csv", "pasted text"). */
export async function readCsvSources(s: CsvSources): Promise<Array<{ source: string; csv: string }>> {
  const out: Array<{ source: string; csv: string }> = [];
  if (s.file) out.push({ source: s.file.name || 'file', csv: await s.file.text() });
  if (s.text.trim()) out.push({ source: 'pasted text', csv: s.text });
  return out;
}

interface Props {
  value: CsvSources;
  onChange(next: CsvSources): void;
  /** Prefix of the inputs' ids (two uploaders may be on the page). */
  idPrefix: string;
  disabled?: boolean;
}

export function CsvInput({ value, onChange, idPrefix, disabled }: Props) {
  // A file input cannot be cleared by its value: a new key gives a fresh one.
  const [fileKey, setFileKey] = useState(0);
  const [showPaste, setShowPaste] = useState(value.text !== '');
  return (
    <div className="csv-input">
      <div className="csv-file-row">
        <label className="csv-file-label" htmlFor={`${idPrefix}-file`}>
          CSV file
        </label>
        <input
          key={fileKey}
          id={`${idPrefix}-file`}
          type="file"
          accept=".csv,text/csv,text/plain"
          data-testid="csv-file"
          disabled={disabled}
          onChange={(e) => onChange({ ...value, file: e.target.files?.[0] ?? null })}
        />
        {value.file && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onChange({ ...value, file: null });
              setFileKey((k) => k + 1);
            }}
          >
            Remove file
          </button>
        )}
        {!showPaste && (
          <button
            type="button"
            className="link-button"
            data-testid="csv-paste-toggle"
            onClick={() => setShowPaste(true)}
          >
            …or paste CSV
          </button>
        )}
      </div>
      {showPaste && (
        <textarea
          className="csv-text"
          data-testid="csv-text"
          aria-label="Contacts as CSV text"
          placeholder={'phone,name,timezone,persona\n+14155550100,Ann,America/Los_Angeles,interested'}
          rows={4}
          spellCheck={false}
          disabled={disabled}
          value={value.text}
          onChange={(e) => onChange({ ...value, text: e.target.value })}
        />
      )}
      <p className="csv-hint">
        Columns: <code>phone</code> (required), and optionally <code>name</code>, <code>timezone</code>,{' '}
        <code>persona</code>; other columns become variables the AI agent can use.
      </p>
    </div>
  );
}
