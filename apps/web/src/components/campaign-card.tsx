/**
 * One campaign: name, AI agent, status, settings, the live progress bar and counts (links to its calls), and its
 * commands.
 */
import { memo, useState } from 'react';
import type { Campaign } from '@livespace/protocol/campaign';
import { canAddContacts, settingsSummary } from '../campaign-format';
import { campaignCallsPath } from '../campaign-paths';
import { CampaignCommands } from './campaign-commands';
import { CampaignCounts } from './campaign-counts';
import { CampaignProgressBar } from './campaign-progress';
import { CampaignStatusBadge } from './campaign-status-badge';
import { ContactsUpload } from './contacts-upload';
import { InternalLink } from './internal-link';

interface Props {
  campaign: Campaign;
  agentName: string;
  /** Admins and supervisors: commands and uploads. */
  canManage: boolean;
}

export const CampaignCard = memo(function CampaignCard({ campaign: c, agentName, canManage }: Props) {
  const [adding, setAdding] = useState(false);
  const addable = canManage && canAddContacts(c.status);
  return (
    <article
      className={`campaign-card status-${c.status}`}
      data-testid="campaign-card"
      data-campaign-id={c.id}
      data-status={c.status}
      aria-label={`Campaign ${c.name}`}
    >
      <header className="cc-head">
        <div className="cc-title">
          <h2 className="cc-name" data-testid="campaign-name">
            <InternalLink href={campaignCallsPath(c.id)} title="Open its calls">
              {c.name}
            </InternalLink>
          </h2>
          <CampaignStatusBadge status={c.status} />
        </div>
        <span className="cc-agent">
          AI agent <strong data-testid="campaign-agent">{agentName}</strong>
        </span>
        {canManage && (
          <div className="cc-actions">
            <CampaignCommands campaign={c} />
            {addable && (
              <button
                type="button"
                className="ab-button"
                data-testid="campaign-add-contacts"
                aria-expanded={adding}
                onClick={() => setAdding((a) => !a)}
              >
                Add contacts
              </button>
            )}
          </div>
        )}
      </header>
      <ul className="cc-settings" data-testid="campaign-settings" aria-label="Settings">
        {settingsSummary(c.settings).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <CampaignProgressBar progress={c.progress} />
      <CampaignCounts campaignId={c.id} progress={c.progress} />
      {adding && addable && <ContactsUpload campaignId={c.id} onClose={() => setAdding(false)} />}
    </article>
  );
});
