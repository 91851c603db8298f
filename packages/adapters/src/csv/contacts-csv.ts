/** Reads a contacts CSV (csv-parse): each row checked by the domain's rules, with its line number for the report. */
import { parse } from 'csv-parse/sync';
import { contactFromRow, type ContactDraft, type CountryCode } from '@livespace/domain';

/** Most contacts one upload may hold. */
const MAX_CSV_ROWS = 100_000;

export type ContactsCsv =
  | { ok: true; contacts: ContactDraft[]; invalid: Array<{ line: number; reason: string }> }
  | { ok: false; line: number | null; message: string };

export function readContactsCsv(text: string, defaultCountry: CountryCode): ContactsCsv {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
      max_record_size: 64 * 1024,
    });
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    return {
      ok: false,
      line: typeof e.lines === 'number' ? e.lines : null,
      message: `not a readable CSV: ${(e.message ?? 'parse error').split('\n')[0]!.slice(0, 200)}`,
    };
  }
  if (records.length === 0)
    return {
      ok: false,
      line: null,
      message: 'the CSV has no rows (a header line with a "phone" column, then one contact per line)',
    };
  if (!Object.keys(records[0]!.record).some((k) => k.trim().toLowerCase() === 'phone'))
    return { ok: false, line: 1, message: 'the CSV has no "phone" column' };
  if (records.length > MAX_CSV_ROWS)
    return { ok: false, line: null, message: `at most ${MAX_CSV_ROWS} contacts per upload` };
  const contacts: ContactDraft[] = [];
  const invalid: Array<{ line: number; reason: string }> = [];
  for (const { record, info } of records) {
    const r = contactFromRow(record, info.lines, defaultCountry);
    if (r.ok) contacts.push(r.contact);
    else invalid.push({ line: info.lines, reason: r.reason });
  }
  return { ok: true, contacts, invalid };
}
