/**
 * Campaigns: every outbound campaign as a card, running ones first, its progress moving live on the `campaigns` topic;
 * the New campaign form (settings, then contacts from CSV). Admins and supervisors create, upload and command; agents
 * watch.
 */
import '../campaigns.css';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Campaign } from '@livespace/protocol/campaign';
import { getAuth, subscribeAuth } from '../auth';
import { userMay } from '../permissions';
import { compareCampaigns } from '../campaign-format';
import { CampaignCard } from '../components/campaign-card';
import { CampaignForm } from '../components/campaign-form';
import { useAgents } from '../live/use-agents';
import { useCampaigns } from '../live/use-campaigns';

export function CampaignsView() {
  const campaigns = useCampaigns();
  const { store } = campaigns;
  const agents = useAgents();
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  const canManage = userMay(user, 'campaigns.manage');
  const [formOpen, setFormOpen] = useState(false);

  const sorted = useMemo(() => [...campaigns.items].sort(compareCampaigns), [campaigns.items]);
  const agentNames = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);
  const running = sorted.filter((c) => c.status === 'running').length;
  const activeCalls = sorted.reduce(
    (n, c) => n + (c.status === 'running' || c.status === 'paused' ? c.progress.active : 0),
    0,
  );

  // Shown at once; the topic's upsert (same campaign) follows and never goes backwards.
  const onCreated = useCallback((c: Campaign) => store.fillMissing([c]), [store]);

  useEffect(() => {
    document.title = campaigns.ready ? `(${running}) Campaigns · Live Space` : 'Campaigns · Live Space';
  }, [campaigns.ready, running]);

  return (
    <div className="campaigns" data-testid="campaigns-view">
      <div className="workspace-bar">
        <h1 className="view-title">Campaigns</h1>
        <span className="wb-total" data-testid="campaigns-running">
          <strong>{campaigns.ready ? running : '…'}</strong> running
        </span>
        {campaigns.ready && activeCalls > 0 && <span className="ws-note">{activeCalls} calling now</span>}
        {canManage && !formOpen && (
          <button
            type="button"
            className="primary campaigns-new"
            data-testid="campaign-new"
            onClick={() => setFormOpen(true)}
          >
            New campaign
          </button>
        )}
      </div>
      <div className="campaigns-body">
        {canManage && formOpen && (
          <CampaignForm agents={agents} onCreated={onCreated} onClose={() => setFormOpen(false)} />
        )}
        {!campaigns.ready ? (
          <div className="placeholder" data-testid="campaigns-loading">
            Connecting to the campaigns…
          </div>
        ) : sorted.length === 0 ? (
          <div className="empty-state small" data-testid="campaigns-empty">
            <h2>No campaign yet</h2>
            <p>
              {canManage
                ? 'Create one with New campaign: its settings, then its contacts as a CSV file.'
                : 'Supervisors create campaigns; they appear here as they run.'}
            </p>
          </div>
        ) : (
          <section className="campaign-list" aria-label="Campaigns" data-testid="campaign-list">
            {sorted.map((c) => (
              <CampaignCard
                key={c.id}
                campaign={c}
                agentName={agentNames.get(c.agentId) ?? c.agentId}
                canManage={canManage}
              />
            ))}
          </section>
        )}
      </div>
    </div>
  );
}
