/**
 * One campaign's calls (`/campaigns/<id>/calls?outcome=…`): live and ended, newest first, filtered by outcome chips
 * kept in the URL, live rows moving on the `sessions` topic, "Load more" for older pages; a row opens the session
 * beside the list (`/campaigns/<id>/calls/sessions/<sessionId>`), as Live Calls opens `/sessions/<id>`.
 */
import '../campaigns.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Campaign } from '@livespace/protocol/campaign';
import { ApiError } from '../api';
import { CALL_OUTCOME_LABEL, type CallOutcome } from '../campaign-format';
import {
  CAMPAIGNS_PATH,
  callSessionIdFromPath,
  campaignCallPath,
  campaignCallsPath,
  campaignIdFromCallsPath,
  outcomeFromQuery,
  withOutcome,
} from '../campaign-paths';
import { CampaignCallRow } from '../components/campaign-call-row';
import { CampaignProgressBar } from '../components/campaign-progress';
import { CampaignStatusBadge } from '../components/campaign-status-badge';
import { InternalLink } from '../components/internal-link';
import { OutcomeChips } from '../components/outcome-chips';
import { getCampaign } from '../live/campaigns-api';
import { useCampaignCalls } from '../live/use-campaign-calls';
import { useCampaigns } from '../live/use-campaigns';
import { navigate, useLocation, withQuery } from '../router';
import { SessionDetailView } from './session-detail.view';

export function CampaignCallsView() {
  const { pathname, search } = useLocation();
  const campaignId = campaignIdFromCallsPath(pathname) ?? '';
  const outcome = outcomeFromQuery(search);
  const openId = callSessionIdFromPath(pathname);
  const campaign = useCampaign(campaignId);
  const c = campaign.campaign;
  const stamp = c ? `${c.status}|${JSON.stringify(c.progress)}` : null;
  const calls = useCampaignCalls(campaignId, outcome, stamp);

  // Stable callbacks (rows are memoized); they read the current address when called.
  const here = useRef({ campaignId, pathname, search });
  here.current = { campaignId, pathname, search };
  const open = useCallback(
    (id: string) => navigate(withQuery(campaignCallPath(here.current.campaignId, id), here.current.search)),
    [],
  );
  const close = useCallback(
    () => navigate(withQuery(campaignCallsPath(here.current.campaignId), here.current.search)),
    [],
  );
  const setOutcome = useCallback(
    (o: CallOutcome | null) =>
      navigate(withQuery(here.current.pathname, withOutcome(here.current.search, o)), { replace: true }),
    [],
  );

  useEffect(() => {
    document.title = `${c ? c.name : 'Campaign'} · Calls · Live Space`;
  }, [c]);

  // Escape closes the open session (not while typing in it).
  useEffect(() => {
    if (!openId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable))
        return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openId, close]);

  const filterLabel = outcome ? CALL_OUTCOME_LABEL[outcome].toLowerCase() : null;
  return (
    <div
      className={`campaign-calls${openId ? ' has-detail' : ''}`}
      data-testid="campaign-calls"
      data-campaign-id={campaignId}
    >
      <div className="list-pane">
        <div className="workspace-bar">
          <InternalLink href={CAMPAIGNS_PATH} className="link-button cc-back" testId="campaign-calls-back">
            ← Campaigns
          </InternalLink>
          <h1 className="view-title" data-testid="campaign-calls-title">
            {c ? c.name : campaign.status === 'not_found' ? 'Campaign not found' : '…'}
          </h1>
          {c && <CampaignStatusBadge status={c.status} />}
          {c && (
            <div className="cc-calls-progress">
              <CampaignProgressBar progress={c.progress} />
            </div>
          )}
        </div>
        <div className="filter-bar">
          <OutcomeChips value={outcome} onChange={setOutcome} />
          <span className="filter-summary" data-testid="campaign-calls-summary" data-count={calls.rows.length}>
            {calls.ready
              ? `${calls.rows.length}${calls.hasMore ? '+' : ''} ${filterLabel ? `${filterLabel} ` : ''}call${calls.rows.length === 1 ? '' : 's'}`
              : 'Loading…'}
            {calls.liveIds.size > 0 && ` · ${calls.liveIds.size} live`}
          </span>
        </div>
        <div className="table-wrap">
          {!calls.ready ? (
            <div className="placeholder" data-testid="campaign-calls-loading">
              Loading the calls…
            </div>
          ) : calls.rows.length === 0 ? (
            <div className="placeholder" data-testid="campaign-calls-empty">
              {calls.error ? (
                <p className="inline-error">Could not load the calls: {calls.error}</p>
              ) : (
                <p>
                  {outcome ? `No ${filterLabel} call in this campaign yet.` : 'This campaign has placed no call yet.'}
                </p>
              )}
              {outcome && (
                <button type="button" className="link-button" onClick={() => setOutcome(null)}>
                  Show every call
                </button>
              )}
            </div>
          ) : (
            <>
              <table
                className="sessions campaign-calls-table"
                data-testid="campaign-calls-table"
                aria-label="Campaign calls"
              >
                <thead>
                  <tr>
                    <th className="col-caller">Number</th>
                    <th className="col-state">State</th>
                    <th className="col-outcome">Outcome</th>
                    <th className="col-started">Started</th>
                    <th className="col-duration">Duration</th>
                    <th className="col-last">Last line</th>
                  </tr>
                </thead>
                <tbody>
                  {calls.rows.map((s) => (
                    <CampaignCallRow
                      key={s.id}
                      summary={s}
                      live={calls.liveIds.has(s.id)}
                      open={s.id === openId}
                      onOpen={open}
                    />
                  ))}
                </tbody>
              </table>
              <div className="calls-more">
                {calls.error && <span className="inline-error">{calls.error}</span>}
                {calls.hasMore ? (
                  <button
                    type="button"
                    className="ab-button"
                    data-testid="campaign-calls-more"
                    disabled={calls.loadingMore}
                    onClick={calls.loadMore}
                  >
                    {calls.loadingMore ? 'Loading…' : 'Load more'}
                  </button>
                ) : (
                  <span className="muted" data-testid="campaign-calls-end">
                    That is every call.
                  </span>
                )}
              </div>
            </>
          )}
        </div>
      </div>
      {openId && <SessionDetailView key={openId} id={openId} onClose={close} />}
    </div>
  );
}

/** The campaign from the `campaigns` topic (kept current); read once over HTTP if the topic does not have it. */
function useCampaign(id: string): { campaign: Campaign | null; status: 'loading' | 'ready' | 'not_found' } {
  const campaigns = useCampaigns();
  const live = campaigns.items.find((c) => c.id === id) ?? null;
  const [fetched, setFetched] = useState<{ id: string; campaign: Campaign | null } | null>(null);
  useEffect(() => {
    if (!campaigns.ready || live || !id || fetched?.id === id) return;
    let active = true;
    getCampaign(id)
      .then((c) => active && setFetched({ id, campaign: c }))
      .catch((e: unknown) => active && e instanceof ApiError && e.status === 404 && setFetched({ id, campaign: null }));
    return () => {
      active = false;
    };
  }, [campaigns.ready, live, id, fetched?.id]);
  if (live) return { campaign: live, status: 'ready' };
  if (fetched?.id === id)
    return fetched.campaign ? { campaign: fetched.campaign, status: 'ready' } : { campaign: null, status: 'not_found' };
  return { campaign: null, status: 'loading' };
}
