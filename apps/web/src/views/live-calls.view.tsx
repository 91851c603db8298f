/**
 * Live Calls: every live session, counted, filtered, navigable by keyboard, with the detail beside it; Dial Now for
 * supervisors and admins. Sessions that need attention (critical, then warning) are listed first.
 */
import '../live-calls.css';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { canPlaceCalls, getAuth, subscribeAuth } from '../auth';
import { DialNowDialog } from '../components/dial-now-dialog';
import { FilterBar } from '../components/filter-bar';
import { LiveCounts } from '../components/live-counts';
import { QueueStrip } from '../components/queue-strip';
import { SessionRow } from '../components/session-row';
import { EmptyState } from '../components/empty-state';
import { orderByAttention } from '../live/attention';
import { filtersFromQuery, filtersToQuery, matches, NO_FILTERS, viewOf, type Filters } from '../live/filters';
import { useAgentOptions } from '../live/use-agents';
import { useLiveSessions } from '../live/use-live-sessions';
import { useRowWindow } from '../live/use-row-window';
import { navigate, sessionIdFromPath, useLocation, withQuery } from '../router';
import { SessionDetailView } from './session-detail.view';

const NEW_HIGHLIGHT_MS = 2000;
/** Rows asked for at first, and added by each "Show more": the server sends only these (and the counts). */
const LIVE_PAGE = 100;

export function LiveCallsView() {
  const { pathname, search } = useLocation();
  const openId = sessionIdFromPath(pathname);
  const filters = useMemo(() => filtersFromQuery(search), [search]);
  const [limit, setLimit] = useState(LIVE_PAGE);
  const { ready, rows, counts } = useLiveSessions(useMemo(() => viewOf(filters, limit), [filters, limit]));
  const agents = useAgentOptions(counts?.agents ?? []);
  const [selectedId, setSelectedId] = useState<string | null>(openId);
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  const [dialing, setDialing] = useState(false);

  // Longest-running first (the store's order), then those that need attention moved to the top (a stable sort): the
  // server's window is the top of this same order.
  const visible = useMemo(() => orderByAttention(rows.filter((r) => matches(r.summary, filters))), [rows, filters]);
  const attention = counts?.attention ?? { count: 0, critical: false };
  const liveTotal = counts?.live ?? 0;
  const matched = counts?.matched ?? 0;
  const liveShown = visible.reduce((n, r) => (r.leaving ? n : n + 1), 0);
  // A long list draws only the rows on screen and a margin (the rest are spacers of their height).
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const { window: drawn, reveal } = useRowWindow(visible.length, ready && visible.length > 0, bodyRef, wrapRef);

  // Stable callbacks (rows are memoized); they read the current query when called.
  const searchRef = useRef(search);
  searchRef.current = search;
  const open = useCallback((id: string) => {
    setSelectedId(id);
    navigate(withQuery(`/sessions/${encodeURIComponent(id)}`, searchRef.current));
  }, []);
  const close = useCallback(() => navigate(withQuery('/', searchRef.current)), []);
  const setFilters = useCallback(
    (f: Filters) => navigate(withQuery(pathname, filtersToQuery(f, search)), { replace: true }),
    [pathname, search],
  );

  useEffect(() => {
    document.title = ready ? `(${liveTotal}) Live Calls · Live Space` : 'Live Space';
  }, [ready, liveTotal]);

  // The open session is the selection (after a click, a reload or the back button).
  useEffect(() => {
    if (openId) setSelectedId(openId);
  }, [openId]);

  // Keyboard: ↑/↓ move the selection, Enter opens it, Escape closes the detail (the selection is kept in view below).
  const keyState = useRef({ visible, selectedId, openId, open, close, reveal });
  keyState.current = { visible, selectedId, openId, open, close, reveal };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A focused row (or button) that handled the key already opened what it holds.
      if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable))
        return;
      const k = keyState.current;
      const ids = k.visible.filter((r) => !r.leaving).map((r) => r.summary.id);
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (ids.length === 0) return;
        e.preventDefault();
        const i = k.selectedId ? ids.indexOf(k.selectedId) : -1;
        const next =
          i === -1
            ? e.key === 'ArrowDown'
              ? 0
              : ids.length - 1
            : Math.min(ids.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)));
        setSelectedId(ids[next]!);
      } else if (e.key === 'Enter') {
        if (k.selectedId && ids.includes(k.selectedId) && k.selectedId !== k.openId) {
          e.preventDefault();
          k.open(k.selectedId);
        }
      } else if (e.key === 'Escape') {
        if (k.openId) {
          e.preventDefault();
          k.close();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Keep the selected row in view (scrolled to where it will be drawn, if it is not).
  useEffect(() => {
    if (!selectedId) return;
    const row = document.querySelector(`tr[data-session-id="${CSS.escape(selectedId)}"]`);
    if (row) row.scrollIntoView({ block: 'nearest' });
    else {
      const k = keyState.current;
      const i = k.visible.findIndex((r) => r.summary.id === selectedId);
      if (i >= 0) k.reveal(i);
    }
  }, [selectedId]);

  const now = Date.now();
  return (
    <div className={`live-calls${openId ? ' has-detail' : ''}`} data-testid="live-calls">
      <div className="list-pane">
        <h1 className="sr-only">Live Calls</h1>
        <div className="live-head">
          <LiveCounts counts={counts} />
          {canPlaceCalls(user) && (
            <button
              type="button"
              className="primary dial-now-button"
              data-testid="dial-now-button"
              onClick={() => setDialing(true)}
            >
              <span aria-hidden="true">↗</span> Dial Now
            </button>
          )}
        </div>
        <QueueStrip />
        <FilterBar
          filters={filters}
          agents={agents}
          shown={matched}
          total={liveTotal}
          attention={attention}
          onChange={setFilters}
        />
        <div className="table-wrap" ref={wrapRef}>
          {!ready ? (
            <div className="placeholder" data-testid="loading">
              Connecting to the live floor…
            </div>
          ) : visible.length === 0 ? (
            liveTotal === 0 ? (
              <AllQuiet />
            ) : (
              <div className="placeholder" data-testid="no-match">
                <p>
                  {filters.attention && attention.count === 0
                    ? 'Nothing needs attention right now.'
                    : 'No live session matches these filters.'}
                </p>
                <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)}>
                  Clear filters
                </button>
              </div>
            )
          ) : (
            <table
              className="sessions"
              data-testid="session-table"
              aria-label="Live sessions"
              aria-rowcount={visible.length + 1}
            >
              <thead>
                <tr aria-rowindex={1}>
                  <th className="col-channel">Channel</th>
                  <th className="col-direction">Dir</th>
                  <th className="col-caller">Caller</th>
                  <th className="col-agent">AI agent</th>
                  <th className="col-state">State</th>
                  <th className="col-duration">Duration</th>
                  <th className="col-node">Flow node</th>
                  <th className="col-last">Last line</th>
                </tr>
              </thead>
              <tbody ref={bodyRef}>
                {drawn.padTop > 0 && <RowSpacer height={drawn.padTop} />}
                {visible.slice(drawn.start, drawn.end).map((r, i) => (
                  <SessionRow
                    key={r.summary.id}
                    row={r}
                    rowIndex={drawn.start + i + 2}
                    selected={r.summary.id === selectedId}
                    open={r.summary.id === openId}
                    isNew={r.arrivedAt !== null && now - r.arrivedAt < NEW_HIGHLIGHT_MS}
                    onOpen={open}
                  />
                ))}
                {drawn.padBottom > 0 && <RowSpacer height={drawn.padBottom} />}
              </tbody>
            </table>
          )}
          {ready && matched > liveShown && liveShown >= limit && (
            <div className="show-more" data-testid="show-more">
              <span>
                Showing the first {liveShown} of {matched}
              </span>
              <button type="button" className="link-button" onClick={() => setLimit((l) => l + LIVE_PAGE)}>
                Show {Math.min(LIVE_PAGE, matched - liveShown)} more
              </button>
            </div>
          )}
        </div>
      </div>
      {openId && <SessionDetailView key={openId} id={openId} onClose={close} />}
      {dialing && <DialNowDialog onClose={() => setDialing(false)} onDialed={open} />}
    </div>
  );
}

/**
 * Stands in for the rows of a long list not drawn (off screen), with their height. One cell, in the first column: a
 * cell spanning the columns would add columns where a phone hides some, and narrow the others.
 */
function RowSpacer({ height }: { height: number }) {
  return (
    <tr className="row-spacer">
      <td style={{ height }} aria-hidden="true" />
    </tr>
  );
}

function AllQuiet() {
  return (
    <EmptyState
      testId="empty-state"
      title="All quiet"
      icon="M12 3a9 9 0 1 0 9 9 9 9 0 0 0-9-9zm0 16.2A7.2 7.2 0 1 1 19.2 12 7.2 7.2 0 0 1 12 19.2zM8.4 10.2a1.2 1.2 0 1 1 1.2-1.2 1.2 1.2 0 0 1-1.2 1.2zm7.2 0a1.2 1.2 0 1 1 1.2-1.2 1.2 1.2 0 0 1-1.2 1.2zM12 17a4.4 4.4 0 0 1-3.9-2.4h7.8A4.4 4.4 0 0 1 12 17z"
    >
      No live calls or conversations right now. New ones appear here the moment they start.
    </EmptyState>
  );
}
