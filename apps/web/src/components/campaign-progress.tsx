/**
 * A campaign's progress bar: one coloured segment per result (answered, no answer, busy, voicemail, failed,
 * do-not-call), the rest still to call.
 */
import type { CampaignProgress } from '@livespace/protocol/campaign';
import { progressBar } from '../campaign-progress';

export function CampaignProgressBar({ progress }: { progress: CampaignProgress }) {
  const bar = progressBar(progress);
  const sentence = [
    `${bar.donePercent}% done`,
    ...bar.segments.filter((s) => s.count > 0).map((s) => `${s.count} ${s.label.toLowerCase()}`),
    `${progress.remaining} remaining of ${progress.total}`,
  ].join(' · ');
  return (
    <div className="campaign-progress" data-testid="campaign-progress" data-done={bar.donePercent}>
      <div className="cp-bar" role="img" aria-label={sentence} title={sentence}>
        {bar.segments.map((s) =>
          s.count > 0 ? (
            <span
              key={s.key}
              className={`cp-seg cp-${s.key}`}
              style={{ width: `${s.percent}%` }}
              data-testid={`progress-seg-${s.key}`}
              data-count={s.count}
              title={`${s.label}: ${s.count}`}
            />
          ) : null,
        )}
        {progress.active > 0 && bar.restPercent > 0 && (
          <span
            className="cp-active"
            style={{ width: `${Math.min(bar.restPercent, (progress.active / Math.max(1, progress.total)) * 100)}%` }}
            title={`${progress.active} calling now`}
          />
        )}
      </div>
      <span className="cp-done" data-testid="campaign-done-percent">
        {bar.donePercent}%
      </span>
    </div>
  );
}
