/**
 * One campaign's calls, live and ended, newest first: pages read over HTTP ("Load more"), live rows kept current by the
 * `sessions` topic, a call's final summary read once when it leaves the topic, and the first page read again when the
 * campaign's progress moves (calls ended). Every read follows a push or a click; nothing is polled.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionSummary } from '@livespace/protocol/session';
import { MAX_VIEW_LIMIT } from '@livespace/protocol/sessions-view';
import type { CallOutcome } from '../campaign-format';
import { addCalls, isCampaignCall, mergeCalls, summaryOf, type CallsById } from './campaign-calls';
import { getSession, listCampaignCalls } from './campaigns-api';
import { useLiveSessions } from './use-live-sessions';

/** Calls per page. */
const CALLS_PAGE = 50;
/** Progress moves about every 200 ms while a campaign runs: read the first page again at most this often. */
const REFRESH_MS = 500;

export interface CampaignCallsList {
  /** False until the first page arrived. */
  ready: boolean;
  rows: SessionSummary[];
  /** Ids of the rows live on the `sessions` topic now. */
  liveIds: ReadonlySet<string>;
  hasMore: boolean;
  loadingMore: boolean;
  error: string | null;
  loadMore(): void;
}

const EMPTY: CallsById = new Map();

/** `changeStamp` changes whenever the campaign's progress or status does (from the `campaigns` topic). */
export function useCampaignCalls(
  campaignId: string,
  outcome: CallOutcome | null,
  changeStamp: string | null,
): CampaignCallsList {
  // Only this campaign's live calls (the server filters), as many as a campaign may have up at once.
  const live = useLiveSessions(useMemo(() => ({ campaignId, limit: MAX_VIEW_LIMIT }), [campaignId]));
  const [known, setKnown] = useState<CallsById>(EMPTY);
  const [ready, setReady] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Bumped when the campaign or the filter changes: answers for the previous one are dropped. */
  const generation = useRef(0);
  const finalsAsked = useRef(new Set<string>());

  const add = useCallback((gen: number, items: readonly SessionSummary[]) => {
    if (gen === generation.current) setKnown((k) => addCalls(k, items));
  }, []);

  // The first page, again for each campaign and filter. Calls already known stay while the new filter's page comes
  // (they are filtered here too), so switching filters never flashes an empty list; another campaign starts afresh.
  const shownCampaign = useRef(campaignId);
  useEffect(() => {
    const gen = ++generation.current;
    if (shownCampaign.current !== campaignId) {
      shownCampaign.current = campaignId;
      setKnown(EMPTY);
      setReady(false);
    }
    setHasMore(false);
    setError(null);
    setLoadingMore(false);
    finalsAsked.current = new Set();
    listCampaignCalls(campaignId, outcome, CALLS_PAGE, 0)
      .then((items) => {
        if (gen !== generation.current) return;
        add(gen, items);
        setHasMore(items.length === CALLS_PAGE);
        setReady(true);
      })
      .catch((e: unknown) => {
        if (gen !== generation.current) return;
        setError(e instanceof Error ? e.message : 'network error');
        setReady(true);
      });
  }, [campaignId, outcome, add]);

  // The campaign's progress moved: some calls ended (maybe too fast to be seen live). Read the first page again,
  // coalesced.
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const firstStamp = useRef(true);
  useEffect(() => {
    if (firstStamp.current) {
      firstStamp.current = false;
      return;
    }
    if (refreshTimer.current) return;
    const gen = generation.current;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      listCampaignCalls(campaignId, outcome, CALLS_PAGE, 0)
        .then((items) => {
          if (gen !== generation.current) return;
          add(gen, items);
          if (items.length === CALLS_PAGE) setHasMore(true);
        })
        .catch(() => undefined); // the next push tries again
    }, REFRESH_MS);
  }, [changeStamp, campaignId, outcome, add]);
  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
      refreshTimer.current = null;
    },
    [],
  );

  // A live call of the campaign ended (its row leaves the topic): read its final summary once, with its outcome.
  useEffect(() => {
    const gen = generation.current;
    for (const r of live.rows) {
      if (!r.leaving || !isCampaignCall(r.summary, campaignId) || finalsAsked.current.has(r.summary.id)) continue;
      finalsAsked.current.add(r.summary.id);
      getSession(r.summary.id)
        .then((d) => add(gen, [summaryOf(d)]))
        .catch(() => finalsAsked.current.delete(r.summary.id));
    }
  }, [live.rows, campaignId, add]);

  // Rows leaving the topic stay (with their last live summary) until their final one is read: no gap in the list.
  const liveRows = useMemo(
    () => live.rows.filter((r) => isCampaignCall(r.summary, campaignId)),
    [live.rows, campaignId],
  );
  const rows = useMemo(
    () =>
      mergeCalls(
        known,
        liveRows.map((r) => r.summary),
        campaignId,
        outcome,
      ),
    [known, liveRows, campaignId, outcome],
  );
  const liveIds = useMemo(() => new Set(liveRows.filter((r) => !r.leaving).map((r) => r.summary.id)), [liveRows]);

  const rowCount = useRef(0);
  rowCount.current = rows.length;
  const loadMore = useCallback(() => {
    if (loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    // Calls that started since shift the pages down: the overlap comes back twice and is merged by id.
    listCampaignCalls(campaignId, outcome, CALLS_PAGE, rowCount.current)
      .then((items) => {
        if (gen !== generation.current) return;
        add(gen, items);
        setHasMore(items.length === CALLS_PAGE);
      })
      .catch((e: unknown) => {
        if (gen === generation.current) setError(e instanceof Error ? e.message : 'network error');
      })
      .finally(() => {
        if (gen === generation.current) setLoadingMore(false);
      });
  }, [campaignId, outcome, loadingMore, add]);

  return { ready, rows, liveIds, hasMore, loadingMore, error, loadMore };
}
