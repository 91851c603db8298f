/**
 * A campaign's counts, each a link to its calls: filtered to the outcome it counts (answered, busy…), or every call
 * (total, dialed, remaining, calling now). The result counts carry the colour of their segment of the progress bar.
 */
import type { CampaignProgress } from '@livespace/protocol/campaign';
import type { CallOutcome } from '../campaign-format';
import { campaignCallsPath } from '../campaign-paths';
import { InternalLink } from './internal-link';

type CountKey =
  | 'total'
  | 'dialed'
  | 'answered'
  | 'interested'
  | 'not_interested'
  | 'no_answer'
  | 'busy'
  | 'voicemail'
  | 'failed'
  | 'do_not_call'
  | 'remaining'
  | 'active';

interface Count {
  key: CountKey;
  label: string;
  of(p: CampaignProgress): number;
  /** The calls filter the count opens (null: every call). */
  outcome: CallOutcome | null;
  /** Shown only when not zero. */
  optional?: boolean;
  /** Has a segment in the progress bar (the swatch shows its colour). */
  swatch?: boolean;
}

const COUNTS: readonly Count[] = [
  { key: 'total', label: 'Total', of: (p) => p.total, outcome: null },
  { key: 'dialed', label: 'Dialed', of: (p) => p.dialed, outcome: null },
  { key: 'answered', label: 'Answered', of: (p) => p.answered, outcome: 'answered', swatch: true },
  { key: 'interested', label: 'Interested', of: (p) => p.interested, outcome: 'interested' },
  { key: 'not_interested', label: 'Not interested', of: (p) => p.notInterested, outcome: 'not_interested' },
  { key: 'no_answer', label: 'No answer', of: (p) => p.noAnswer, outcome: 'no_answer', swatch: true },
  { key: 'busy', label: 'Busy', of: (p) => p.busy, outcome: 'busy', swatch: true },
  { key: 'voicemail', label: 'Voicemail', of: (p) => p.voicemail, outcome: 'voicemail', swatch: true },
  { key: 'failed', label: 'Failed', of: (p) => p.failed, outcome: 'failed', swatch: true },
  { key: 'do_not_call', label: 'Do not call', of: (p) => p.doNotCall, outcome: null, optional: true, swatch: true },
  { key: 'remaining', label: 'Remaining', of: (p) => p.remaining, outcome: null },
  { key: 'active', label: 'Calling now', of: (p) => p.active, outcome: null },
];

export function CampaignCounts({ campaignId, progress }: { campaignId: string; progress: CampaignProgress }) {
  return (
    <ul className="campaign-counts" aria-label="Counts (each opens its calls)">
      {COUNTS.map((c) => {
        const n = c.of(progress) ?? 0;
        if (c.optional && n === 0) return null;
        const filtered = c.outcome ? `${c.label.toLowerCase()} calls` : 'all calls';
        return (
          <li key={c.key}>
            <InternalLink
              href={campaignCallsPath(campaignId, c.outcome)}
              className={`tile cc-count cc-count-${c.key}${n === 0 ? ' is-zero' : ''}`}
              title={`${c.label}: ${n} — open ${filtered}`}
              testId={`campaign-count-${c.key}`}
              data={{ count: n }}
            >
              <span className="tile-value">{n}</span>
              <span className="tile-label">
                {c.swatch && <span className={`cc-swatch cp-${c.key}`} aria-hidden="true" />}
                {c.label}
              </span>
            </InternalLink>
          </li>
        );
      })}
    </ul>
  );
}
