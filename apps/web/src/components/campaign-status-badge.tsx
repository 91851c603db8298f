/** A campaign's status as a badge: Draft, Running, Paused, Completed, Stopped. */
import type { CampaignStatus } from '@livespace/protocol/campaign';
import { CAMPAIGN_STATUS_LABEL } from '../campaign-format';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span
      className={`badge campaign-status campaign-status-${status}`}
      data-testid="campaign-status"
      data-status={status}
    >
      {CAMPAIGN_STATUS_LABEL[status] ?? status}
    </span>
  );
}
