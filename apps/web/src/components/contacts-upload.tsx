/** "Add contacts" on a campaign's card: a CSV file or pasted CSV, uploaded, with the report of each upload. */
import { useState, type FormEvent } from 'react';
import { campaignErrorMessage, uploadContacts } from '../live/campaigns-api';
import { useMounted } from '../live/use-status';
import { CsvInput, hasCsv, NO_CSV, readCsvSources, type CsvSources } from './csv-input';
import { ImportResults, type ImportResult } from './import-report';

/** Uploads each source in turn; a refused one (not a contacts CSV) is reported and the next still goes. */
export async function importCsvSources(campaignId: string, sources: CsvSources): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  let read: Array<{ source: string; csv: string }>;
  try {
    read = await readCsvSources(sources);
  } catch (e) {
    return [
      {
        source: sources.file?.name ?? 'file',
        error: `Could not read the file: ${e instanceof Error ? e.message : 'unknown error'}`,
      },
    ];
  }
  for (const { source, csv } of read) {
    try {
      results.push({ source, report: await uploadContacts(campaignId, csv) });
    } catch (e) {
      results.push({ source, error: campaignErrorMessage('upload', e) });
    }
  }
  return results;
}

export function ContactsUpload({ campaignId, onClose }: { campaignId: string; onClose(): void }) {
  const [sources, setSources] = useState<CsvSources>(NO_CSV);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ImportResult[]>([]);
  // Each upload gets fresh inputs (the file input is cleared by remounting it).
  const [round, setRound] = useState(0);
  const mounted = useMounted();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !hasCsv(sources)) return;
    setBusy(true);
    const r = await importCsvSources(campaignId, sources);
    if (!mounted.current) return;
    setResults(r);
    setBusy(false);
    if (r.every((x) => 'report' in x)) {
      setSources(NO_CSV);
      setRound((n) => n + 1);
    }
  };

  return (
    <form className="contacts-upload" data-testid="contacts-upload" onSubmit={submit}>
      <h3 className="cu-title">Add contacts</h3>
      <CsvInput key={round} value={sources} onChange={setSources} idPrefix={`add-${campaignId}`} disabled={busy} />
      <div className="cf-foot">
        <button
          type="submit"
          className="primary"
          data-testid="contacts-upload-submit"
          disabled={busy || !hasCsv(sources)}
        >
          {busy ? 'Uploading…' : 'Upload'}
        </button>
        <button type="button" className="ghost" data-testid="contacts-upload-close" onClick={onClose}>
          Close
        </button>
      </div>
      <ImportResults results={results} />
    </form>
  );
}
