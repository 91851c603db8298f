/**
 * A campaign's progress bar as numbers: one segment per settled result (answered, no answer, busy, voicemail, failed,
 * do-not-call) as a share of the contacts, and what is left. Pure.
 */
import type { CampaignProgress } from '@livespace/protocol/campaign';
import type { CallOutcome } from './campaign-format';

type SegmentKey = 'answered' | 'no_answer' | 'busy' | 'voicemail' | 'failed' | 'do_not_call';

interface ProgressSegment {
  key: SegmentKey;
  label: string;
  count: number;
  /** Width in percent of the bar (0..100). */
  percent: number;
  /** The calls filter this segment opens; null for do-not-call (skipped contacts have no call). */
  outcome: CallOutcome | null;
}

export interface ProgressBar {
  segments: ProgressSegment[];
  /** The bar's empty part, in percent: contacts with no result yet. */
  restPercent: number;
  /** Contacts with a result (answered, no answer, busy, voicemail, failed) or skipped, of all: 0..100, whole. */
  donePercent: number;
}

const SEGMENTS: ReadonlyArray<{
  key: SegmentKey;
  label: string;
  of: (p: CampaignProgress) => number;
  outcome: CallOutcome | null;
}> = [
  { key: 'answered', label: 'Answered', of: (p) => p.answered, outcome: 'answered' },
  { key: 'no_answer', label: 'No answer', of: (p) => p.noAnswer, outcome: 'no_answer' },
  { key: 'busy', label: 'Busy', of: (p) => p.busy, outcome: 'busy' },
  { key: 'voicemail', label: 'Voicemail', of: (p) => p.voicemail, outcome: 'voicemail' },
  { key: 'failed', label: 'Failed', of: (p) => p.failed, outcome: 'failed' },
  { key: 'do_not_call', label: 'Do not call', of: (p) => p.doNotCall, outcome: null },
];

/**
 * A contact counts once, by its latest attempt; one waiting for a retry is both "no answer" (say) and remaining.
 * The segments are shares of the total (of their sum if a race makes them larger), never negative; `restPercent` fills
 * the bar to 100.
 */
export function progressBar(p: CampaignProgress): ProgressBar {
  const counts = SEGMENTS.map((s) => Math.max(0, Math.floor(s.of(p) || 0)));
  const settled = counts.reduce((a, b) => a + b, 0);
  const scale = Math.max(p.total || 0, settled);
  const segments = SEGMENTS.map((s, i) => ({
    key: s.key,
    label: s.label,
    count: counts[i]!,
    percent: scale > 0 ? (counts[i]! / scale) * 100 : 0,
    outcome: s.outcome,
  }));
  const used = segments.reduce((a, s) => a + s.percent, 0);
  // Contacts still to be (re)tried are not done, even if they already have a result.
  const finished = Math.max(0, Math.min(scale, (p.total || 0) - Math.max(0, p.remaining || 0)));
  return {
    segments,
    restPercent: Math.max(0, 100 - used),
    donePercent: scale > 0 ? Math.floor((finished / scale) * 100) : 0,
  };
}
