/**
 * Scheduled Calls: every callback on the `callbacks` topic (pushed live, never polled), upcoming soonest
 * first, then the missed and failed, then the recent finished ones; booking and changing them for
 * supervisors and admins; the calls they came from and placed open in a drawer beside the list.
 */
import '../callbacks.css';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Callback } from '@livespace/protocol/outbound';
import { getAuth, subscribeAuth } from '../auth';
import { userMay } from '../permissions';
import { CallbackRow } from '../components/callback-row';
import { NewCallbackForm } from '../components/new-callback-form';
import { groupCallbacks } from '../live/callback-groups';
import { useAgents } from '../live/use-agents';
import { useCallbacks } from '../live/use-callbacks';
import { useEscapeCloses } from '../live/use-escape-closes';
import { viewerTimeZone } from '../planned-time';
import { callbackSessionIdFromPath, navigate, useLocation } from '../router';
import { SessionDetailView } from './session-detail.view';

/** Finished callbacks shown (the topic keeps more). */
const RECENT_SHOWN = 50;

export function CallbacksView() {
  const { pathname } = useLocation();
  const openId = callbackSessionIdFromPath(pathname);
  const { ready, items } = useCallbacks();
  const agents = useAgents();
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  const staff = userMay(user, 'callbacks.manage');
  const groups = useMemo(() => groupCallbacks(items), [items]);
  const agentNames = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);

  const openSession = useCallback((id: string) => navigate(`/callbacks/sessions/${encodeURIComponent(id)}`), []);
  const close = useCallback(() => navigate('/callbacks'), []);

  useEffect(() => {
    document.title = ready ? `(${groups.upcoming.length}) Callbacks · Live Space` : 'Callbacks · Live Space';
  }, [ready, groups.upcoming.length]);

  useEscapeCloses(openId !== null, close);

  const section = (id: string, title: string, list: readonly Callback[], note?: string) => (
    <section className="wb-section" aria-labelledby={`cb-${id}-title`} data-testid={`callbacks-${id}`}>
      <h2 className="section-title" id={`cb-${id}-title`}>
        {title} <span className="pane-count">{list.length}</span>
        {note && <span className="section-sub">{note}</span>}
      </h2>
      {list.length === 0 ? (
        <div className="placeholder">
          Nothing scheduled. Callbacks the AI agents book appear here the moment they are booked.
        </div>
      ) : (
        <div className="table-wrap wb-table-wrap">
          <table className="sessions cb-table" aria-label={title}>
            <thead>
              <tr>
                <th className="cb-col-when">When</th>
                <th className="cb-col-number">Number</th>
                <th className="cb-col-agent">AI agent</th>
                <th className="cb-col-status">Status</th>
                <th className="cb-col-attempts">Attempts</th>
                <th className="cb-col-source">Asked by</th>
                <th className="cb-col-note">Note</th>
                <th className="cb-col-calls">Calls</th>
                <th className="cb-col-actions">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <CallbackRow
                  key={c.id}
                  callback={c}
                  agentName={agentNames.get(c.agentId) ?? c.agentId}
                  canAct={staff}
                  openSessionId={openId}
                  onOpenSession={openSession}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );

  const recent = groups.recent.slice(0, RECENT_SHOWN);
  return (
    <div className={`callbacks${openId ? ' has-detail' : ''}`} data-testid="callbacks-view">
      <div className="callbacks-main">
        <div className="workspace-bar">
          <h1 className="view-title">Scheduled calls</h1>
          <span className="wb-total" data-testid="callbacks-upcoming-count">
            <strong>{ready ? groups.upcoming.length : '…'}</strong> upcoming
          </span>
          {groups.attention.length > 0 && (
            <span className="cb-attention-total" data-testid="callbacks-attention-count">
              <strong>{groups.attention.length}</strong> missed or failed
            </span>
          )}
          <span className="ws-note">Times in your time zone ({viewerTimeZone()})</span>
        </div>
        <div className="wallboard-body">
          {staff && <NewCallbackForm agents={agents} />}
          {!ready ? (
            <div className="placeholder" data-testid="callbacks-loading">
              Connecting to the callbacks…
            </div>
          ) : items.length === 0 ? (
            <div className="empty-state small" data-testid="callbacks-empty">
              <svg width="40" height="40" viewBox="0 0 24 24" aria-hidden="true">
                <path
                  fill="currentColor"
                  d="M12 2a10 10 0 1 0 10 10A10 10 0 0 0 12 2zm0 18a8 8 0 1 1 8-8 8 8 0 0 1-8 8zm.5-13H11v6l5.2 3.2.8-1.3-4.5-2.7z"
                />
              </svg>
              <h2>No scheduled calls</h2>
              <p>
                When a caller asks to be called back, the AI agent books it and it appears here at once
                {staff ? '; or book one above' : ''}.
              </p>
            </div>
          ) : (
            <>
              {section('upcoming', 'Upcoming', groups.upcoming)}
              {groups.attention.length > 0 &&
                section('attention', 'Missed and failed', groups.attention, 'call now, reschedule or cancel')}
              {recent.length > 0 &&
                section(
                  'recent',
                  'Recent',
                  recent,
                  groups.recent.length > recent.length
                    ? `the latest ${recent.length} of ${groups.recent.length}`
                    : 'completed and canceled',
                )}
            </>
          )}
        </div>
      </div>
      {openId && <SessionDetailView key={openId} id={openId} onClose={close} />}
    </div>
  );
}
