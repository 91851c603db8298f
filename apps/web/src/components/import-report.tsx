/**
 * What a contacts upload did: "Imported N", then the rows left out — invalid (line and reason), duplicates, do-not-call
 * numbers.
 */
import type { ImportReport } from '@livespace/protocol/campaign';
import { plural } from '../campaign-format';

/** One upload's outcome: the server's report, or why it refused the file. */
export type ImportResult = { source: string; report: ImportReport } | { source: string; error: string };

/** Rows listed per kind; the rest are counted. */
const SHOWN = 100;

export function ImportResults({ results }: { results: readonly ImportResult[] }) {
  if (results.length === 0) return null;
  return (
    <div className="import-results" data-testid="import-results">
      {results.map((r, i) =>
        'report' in r ? (
          <ImportReportView key={i} source={r.source} report={r.report} />
        ) : (
          <ImportError key={i} source={r.source} error={r.error} />
        ),
      )}
    </div>
  );
}

function ImportError({ source, error }: { source: string; error: string }) {
  return (
    <div className="import-report is-error" data-testid="import-error" role="alert">
      <span className="import-source">{source}</span> {error}
    </div>
  );
}

function ImportReportView({ source, report }: { source: string; report: ImportReport }) {
  const skipped = report.invalid.length + report.duplicates.length + report.doNotCall.length;
  return (
    <div className={`import-report${skipped > 0 ? ' has-skipped' : ''}`} data-testid="import-report" role="status">
      <p className="import-summary">
        <span className="import-source">{source}</span>
        <strong className="import-imported" data-testid="import-imported" data-count={report.imported}>
          Imported {report.imported}
        </strong>
        {skipped > 0 && <span className="import-skipped">· {plural(skipped, 'row')} left out</span>}
      </p>
      <ReportList
        title="Invalid"
        testId="import-invalid"
        items={report.invalid.map((x) => ({ line: x.line, text: x.reason }))}
      />
      <ReportList
        title="Duplicates"
        testId="import-duplicate"
        items={report.duplicates.map((x) => ({ line: x.line, text: `${x.phone} is already in this campaign` }))}
      />
      <ReportList
        title="Do not call"
        testId="import-dnc"
        items={report.doNotCall.map((x) => ({ line: x.line, text: `${x.phone} is on the do-not-call list` }))}
      />
    </div>
  );
}

function ReportList({
  title,
  testId,
  items,
}: {
  title: string;
  testId: string;
  items: Array<{ line: number; text: string }>;
}) {
  if (items.length === 0) return null;
  return (
    <div className={`import-list ${testId}`}>
      <h4>
        {title} <span className="pane-count">{items.length}</span>
      </h4>
      <ul>
        {items.slice(0, SHOWN).map((x) => (
          <li key={`${x.line}-${x.text}`} data-testid={testId} data-line={x.line}>
            <span className="import-line">Line {x.line}</span> {x.text}
          </li>
        ))}
        {items.length > SHOWN && <li className="muted">…and {items.length - SHOWN} more</li>}
      </ul>
    </div>
  );
}
