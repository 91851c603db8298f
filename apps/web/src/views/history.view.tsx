/**
 * History ("after the call"): ended calls and conversations, searched by what was said, the caller's number, when,
 * and how they went. The filters live in the URL (a link shows the same results), the count comes with the first
 * page, "Show more" appends the next (keyset cursor). A row opens the session drawer beside the list, read-only:
 * an ended session offers no action. Human agents see only the sessions they handled (the server narrows it).
 */
import '../history.css';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { getAuth, subscribeAuth } from '../auth';
import { HistoryFilters as FilterForm } from '../components/history-filters';
import { HistoryRow } from '../components/history-row';
import { EmptyState } from '../components/empty-state';
import {
  countLabel,
  filtersFromQuery,
  filtersToQuery,
  HISTORY_FILTER_KEYS,
  isFiltered,
  type HistoryFilterKey,
  type HistoryFilters,
} from '../history-query';
import { formatCount } from '../locale-format';
import { useAgents } from '../live/use-agents';
import { useHistory } from '../live/use-history';
import { useHistoryOptions } from '../live/use-history-options';
import { useEscapeCloses } from '../live/use-escape-closes';
import { historySessionIdFromPath, navigate, useLocation, withQuery } from '../router';
import { SessionDetailView } from './session-detail.view';

const isFilterKey = (field: string | undefined): field is HistoryFilterKey =>
  (HISTORY_FILTER_KEYS as readonly string[]).includes(field ?? '');

export function HistoryView() {
  const { pathname, search } = useLocation();
  const openId = historySessionIdFromPath(pathname);
  const filters = useMemo(() => filtersFromQuery(search), [search]);
  const query = useMemo(() => filtersToQuery(filters), [filters]);
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  const agents = useAgents();
  const { campaigns, queues, handlers } = useHistoryOptions(user);
  const results = useHistory(filters);
  const { status, items, total, nextCursor, error, loadingMore, moreError, loadMore } = results;

  // Stable callbacks (rows are memoized); they read the current query when called.
  const queryRef = useRef(query);
  queryRef.current = query;
  const open = useCallback(
    (id: string) => navigate(withQuery(`/history/sessions/${encodeURIComponent(id)}`, queryRef.current)),
    [],
  );
  const close = useCallback(() => navigate(withQuery('/history', queryRef.current)), []);
  const setFilters = useCallback(
    (f: HistoryFilters) => navigate(withQuery(pathname, filtersToQuery(f)), { replace: true }),
    [pathname],
  );

  useEffect(() => {
    document.title = 'History · Live Space';
  }, []);

  useEscapeCloses(openId !== null, close);

  const fieldError =
    error && error.status === 422 && isFilterKey(error.field)
      ? { field: error.field, message: error.message.replace(/^[\w]+:\s*/, '') }
      : null;
  const generalError = error && !fieldError ? error.message : null;
  const hrefOf = (id: string) => withQuery(`/history/sessions/${encodeURIComponent(id)}`, query);
  const filtered = isFiltered(filters);

  return (
    <div className={`history${openId ? ' has-detail' : ''}`} data-testid="history-view">
      <div className="list-pane">
        <div className="workspace-bar">
          <h1 className="view-title">History</h1>
          <span className="wb-total" data-testid="history-count" data-status={status} aria-live="polite">
            {total ? <strong>{countLabel(total)}</strong> : status === 'error' ? '' : '…'}
          </span>
          <span className="ws-note">
            {user?.role === 'agent'
              ? 'The calls and conversations you handled, once they ended.'
              : 'Ended calls and conversations.'}
          </span>
        </div>
        <FilterForm
          filters={filters}
          agents={agents}
          campaigns={campaigns}
          queues={queues}
          handlers={handlers}
          fieldError={fieldError}
          narrow={openId !== null}
          onChange={setFilters}
        />
        <div
          className={`table-wrap hist-results${status === 'loading' && items.length > 0 ? ' is-stale' : ''}`}
          data-testid="history-results"
          data-status={status}
          aria-busy={status === 'loading'}
        >
          {generalError && (
            <div className="form-error hist-error" role="alert" data-testid="history-error">
              Could not search the history: {generalError}
            </div>
          )}
          {status === 'loading' && items.length === 0 ? (
            <div className="placeholder" data-testid="history-loading">
              Searching the history…
            </div>
          ) : status === 'ready' && items.length === 0 ? (
            filtered ? (
              <div className="placeholder" data-testid="history-no-match">
                <p>No conversation matches these filters.</p>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setFilters(filters.sort ? { sort: filters.sort } : {})}
                >
                  Clear filters
                </button>
              </div>
            ) : (
              <NoHistory />
            )
          ) : items.length > 0 && status !== 'error' ? (
            <>
              <div className="hist-head" aria-hidden="true">
                <span className="hist-when">Started</span>
                <span className="hist-duration">Duration</span>
                <span className="hist-channel">Channel</span>
                <span className="hist-caller">Caller</span>
                <span className="hist-agent">AI agent</span>
                <span className="hist-end">Outcome · end</span>
                <span className="hist-escalation">Escalation · handled by</span>
              </div>
              <ul className="hist-list" aria-label="Ended sessions" data-testid="history-list">
                {items.map((item) => (
                  <HistoryRow
                    key={item.id}
                    item={item}
                    href={hrefOf(item.id)}
                    open={item.id === openId}
                    onOpen={open}
                  />
                ))}
              </ul>
              <div className="show-more hist-show-more">
                <span data-testid="history-shown">
                  Showing {formatCount(items.length)}
                  {total ? ` of ${formatCount(total.count)}${total.atLeast ? '+' : ''}` : ''}
                </span>
                {nextCursor && (
                  <button
                    type="button"
                    className="ghost"
                    data-testid="history-show-more"
                    disabled={loadingMore}
                    onClick={loadMore}
                  >
                    {loadingMore ? 'Loading…' : 'Show more'}
                  </button>
                )}
                {moreError && (
                  <span className="form-error" role="alert">
                    {moreError}
                  </span>
                )}
              </div>
            </>
          ) : null}
        </div>
      </div>
      {openId && <SessionDetailView key={openId} id={openId} onClose={close} />}
    </div>
  );
}

function NoHistory() {
  return (
    <EmptyState
      testId="history-empty"
      title="No ended conversations yet"
      icon="M13 3a9 9 0 0 0-9 9H1l3.9 3.9L9 12H6a7 7 0 1 1 2.1 5l-1.4 1.4A9 9 0 1 0 13 3zm-1 5v5l4.3 2.5.7-1.2-3.5-2.1V8z"
    >
      Calls and conversations appear here once they end, searchable by what was said.
    </EmptyState>
  );
}
