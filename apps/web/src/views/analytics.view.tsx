/**
 * Analytics (`/analytics`, admins and supervisors): how a period went — big numbers, charts per hour or day, and tables
 * by AI agent, campaign, queue, human agent and supervisor — from `GET /api/analytics/summary|series|agents`. The
 * period (and a bucket other than its default) lives in the URL, so a link shares it; days are the viewer's, in their
 * zone, which the page names. While the period includes today the figures are fetched again every 30 s ("Updated
 * hh:mm:ss"). Every figure has a CSV (`format=csv`): a plain download link, signed in by the cookie the login set.
 */
import '../analytics.css';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { SeriesPoint } from '@livespace/protocol/analytics';
import { getAuth, subscribeAuth } from '../auth';
import {
  canSeeAnalytics,
  formatAxisSeconds,
  formatCount,
  formatPercentFigure,
  formatSeconds,
  isEmptyPeriod,
  seriesTotal,
} from '../analytics-figures';
import {
  apiQuery,
  bucketFor,
  bucketFromQuery,
  choiceFromQuery,
  choiceToQuery,
  daysOf,
  defaultBucket,
  localDay,
  periodLabel,
  resolvePeriod,
  type Bucket,
  type PeriodChoice,
} from '../analytics-period';
import { AnalyticsChart, type ChartLine } from '../components/analytics-chart';
import { AnalyticsPeriodPicker } from '../components/analytics-period-picker';
import {
  AgentOutcomesTable,
  CampaignOutcomesTable,
  HumanAgentsTable,
  InterventionsTable,
  QueuesTable,
} from '../components/analytics-tables';
import { AnalyticsTiles } from '../components/analytics-tiles';
import { COUNT_INCRS, SECONDS_INCRS, type ChartAxis } from '../components/time-chart';
import { NotAllowed } from '../components/not-allowed';
import { formatClock } from '../format';
import { useAgents } from '../live/use-agents';
import { requestKey, useAnalytics, type AnalyticsRequest } from '../live/use-analytics';
import { useCampaigns } from '../live/use-campaigns';
import { useTeams } from '../live/use-teams';
import { homeFor, navigate, useLocation, withQuery } from '../router';

/** How often the figures of a period that includes today are fetched again. */
export const REFRESH_MS = 30_000;

/** Counts: whole numbers from 0. Service level: 0–100 % on the left; waits in seconds on the right. */
const COUNT_AXES: Partial<Record<'y' | 'y2', ChartAxis>> = { y: { incrs: COUNT_INCRS, minTop: 1 } };
const QUEUE_AXES: Partial<Record<'y' | 'y2', ChartAxis>> = {
  y: { range: [0, 100], format: (v) => `${Math.round(v)}%` },
  y2: { minTop: 60, incrs: SECONDS_INCRS, format: formatAxisSeconds },
};

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function AnalyticsView() {
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  if (!canSeeAnalytics(user)) {
    return (
      <div className="analytics" data-testid="analytics-view">
        <NotAllowed
          what="Analytics are for"
          who="admins and supervisors"
          home={{
            href: homeFor(user?.role),
            label: user?.role === 'agent' ? 'Back to your workspace' : 'Back to Live Calls',
          }}
        />
      </div>
    );
  }
  return <Analytics meId={user?.id ?? null} />;
}

/** `meId`: the viewer, whose led team the human agents' table starts on. */
function Analytics({ meId }: { meId: string | null }) {
  const { pathname, search } = useLocation();
  const timeZone = useMemo(viewerZone, []);
  const [now, setNow] = useState(() => Date.now());
  const [refresh, setRefresh] = useState(0);
  const today = localDay(now, timeZone);

  const choice = useMemo(() => choiceFromQuery(search), [search]);
  const picked = useMemo(() => bucketFromQuery(search), [search]);
  const period = useMemo(() => resolvePeriod(choice, today, timeZone), [choice, today, timeZone]);
  const days = useMemo(() => daysOf(choice, today), [choice, today]);
  const bucket: Bucket = period.ok ? bucketFor(period, picked) : (picked ?? 'day');
  const request = useMemo<AnalyticsRequest | null>(
    () => (period.ok ? { from: period.from, to: period.to, timeZone, bucket } : null),
    [period, timeZone, bucket],
  );
  const { status, figures, error } = useAnalytics(request, refresh);
  const live = period.ok && period.includesToday;

  const agents = useAgents();
  const campaigns = useCampaigns();
  // The human agents' table shows everyone or one team (a supervisor starts on the team they lead).
  const teams = useTeams(true);
  const [pickedTeam, setPickedTeam] = useState<string | null>(null);
  const ownTeam = teams.items.find((t) => t.leadId === meId)?.id ?? '';
  const team = pickedTeam ?? ownTeam;
  const agentNames = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);
  const campaignNames = useMemo(() => new Map(campaigns.items.map((c) => [c.id, c.name])), [campaigns.items]);
  const agentName = useCallback((id: string) => agentNames.get(id) ?? id, [agentNames]);
  const campaignName = useCallback((id: string) => campaignNames.get(id) ?? id, [campaignNames]);

  useEffect(() => {
    document.title = 'Analytics · Live Space';
  }, []);

  // Live: every 30 s while the period includes today and the page is seen; at once when it is seen again after longer.
  useEffect(() => {
    if (!live) return;
    let last = Date.now();
    const again = () => {
      last = Date.now();
      setNow(last);
      setRefresh((n) => n + 1);
    };
    const timer = setInterval(() => {
      if (!document.hidden) again();
    }, REFRESH_MS);
    const onVisible = () => {
      if (!document.hidden && Date.now() - last >= REFRESH_MS) again();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [live]);

  const go = useCallback(
    (c: PeriodChoice, b: Bucket | null) => navigate(withQuery(pathname, choiceToQuery(c, b)), { replace: true }),
    [pathname],
  );
  // A new period starts with its own default bucket; a bucket picked is kept in the URL only when it is not the
  // default.
  const setPeriod = useCallback((c: PeriodChoice) => go(c, null), [go]);
  const setBucket = useCallback(
    (b: Bucket) => go(choice, period.ok && b === defaultBucket(period) ? null : b),
    [go, choice, period],
  );

  const current = figures && request && figures.key === requestKey(request) ? figures : null;
  // While another period or bucket loads, the figures shown so far stay, dimmed (not after a failure, nor for no
  // period).
  const shown = current ?? (request && status !== 'error' ? figures : null);
  const stale = shown !== null && shown !== current;
  const csv = useCallback(
    (path: string, more: Record<string, string> = {}) =>
      period.ok ? `/api/analytics/${path}?${apiQuery(period, timeZone, { ...more, format: 'csv' })}` : '#',
    [period, timeZone],
  );

  const charts = useMemo(() => {
    if (!shown) return null;
    const s = shown.summary;
    const series = shown.series;
    const line = (
      metric: keyof typeof series,
      label: string,
      color: string,
      total: ChartLine['total'],
      more: Partial<ChartLine> = {},
    ): ChartLine => ({
      metric,
      label,
      points: series[metric] as SeriesPoint[],
      color,
      total,
      csvHref: csv('series', { bucket, metric }),
      ...more,
    });
    const sum = (metric: keyof typeof series, what: string) => {
      const n = seriesTotal(series[metric]);
      return { value: n, text: `${formatCount(n)} ${what}` };
    };
    return {
      conversations: [
        line(
          'conversations',
          'Conversations',
          '--accent',
          sum('conversations', s.conversations === 1 ? 'conversation' : 'conversations'),
          { bars: true },
        ),
      ],
      outcomes: [
        line('contained', 'Contained', '--st-ai', sum('contained', 'contained by the AI')),
        line('escalated', 'Escalated', '--st-queued', sum('escalated', 'escalated to a person')),
      ],
      queues: [
        line(
          'serviceLevelPercent',
          'Service level',
          '--st-claimed',
          { value: s.serviceLevelPercent, text: `Service level ${formatPercentFigure(s.serviceLevelPercent)}` },
          { format: (v) => `${Math.round(v)}%` },
        ),
        line(
          'averageWaitSeconds',
          'Average wait',
          '--st-ringing',
          { value: s.averageWaitSeconds, text: `average wait ${formatSeconds(s.averageWaitSeconds)}` },
          { scale: 'y2', format: (v) => formatSeconds(v) },
        ),
      ],
    };
  }, [shown, csv, bucket]);

  const updated = current ? formatClock(new Date(current.at).toISOString()) : null;

  return (
    <div className="analytics" data-testid="analytics-view" data-status={status} aria-busy={status === 'loading'}>
      <div className="workspace-bar an-bar">
        <h1 className="view-title">Analytics</h1>
        <span className="an-period-label" data-testid="analytics-period-label">
          {period.ok ? periodLabel(choice, period) : 'Pick a period'}
        </span>
        <span className="ws-note" data-testid="analytics-zone">
          Times in {timeZone}
        </span>
        <span className="an-updated" data-testid="analytics-updated" data-live={live || undefined}>
          {updated ? (
            <>
              {live && <span className="an-live-dot" aria-hidden="true" />}Updated {updated}
              {live ? <span className="sr-only"> (refreshed every 30 seconds)</span> : null}
            </>
          ) : null}
        </span>
        <span className="an-downloads">
          <a href={csv('summary')} download data-testid="csv-summary" aria-disabled={!period.ok || undefined}>
            Download CSV
          </a>
        </span>
      </div>

      <div className="an-body">
        <AnalyticsPeriodPicker
          choice={choice}
          period={period}
          days={days}
          bucket={bucket}
          today={today}
          onPeriod={setPeriod}
          onBucket={setBucket}
        />

        {error && (
          <div className="form-error an-error" role="alert" data-testid="analytics-error">
            {shown ? 'Could not update the figures' : 'Could not load the figures'}: {error}{' '}
            <button type="button" className="link-button" onClick={() => setRefresh((n) => n + 1)}>
              Try again
            </button>
          </div>
        )}

        {!shown ? (
          request !== null &&
          status !== 'error' && (
            <div className="placeholder" data-testid="analytics-loading">
              Loading the figures…
            </div>
          )
        ) : (
          <div
            className={`an-content${stale ? ' is-stale' : ''}`}
            data-testid="analytics-content"
            data-stale={stale || undefined}
          >
            {isEmptyPeriod(shown.summary) && (
              <p className="an-empty" data-testid="analytics-empty">
                Nothing happened{' '}
                {choice.kind === 'preset' && choice.preset === 'today' ? 'yet today' : 'in this period'}: no
                conversation, nobody waiting, no callback due.
              </p>
            )}
            <AnalyticsTiles summary={shown.summary} />
            {charts && (
              <div className="an-charts">
                <AnalyticsChart
                  id="conversations"
                  title="Conversations"
                  lines={charts.conversations}
                  bucket={shown.bucket}
                  timeZone={timeZone}
                  axes={COUNT_AXES}
                  stale={stale}
                  emptyText="No conversation"
                />
                <AnalyticsChart
                  id="outcomes"
                  title="Contained vs escalated"
                  lines={charts.outcomes}
                  bucket={shown.bucket}
                  timeZone={timeZone}
                  axes={COUNT_AXES}
                  stale={stale}
                  emptyText="No conversation"
                />
                <AnalyticsChart
                  id="queues"
                  title="Service level and wait"
                  lines={charts.queues}
                  bucket={shown.bucket}
                  timeZone={timeZone}
                  axes={QUEUE_AXES}
                  emptyText="Nobody waited for a person"
                  stale={stale}
                  note={`${formatCount(shown.summary.queues.reduce((n, q) => n + q.waited, 0))} waited`}
                />
              </div>
            )}
            <div className="an-columns">
              <AgentOutcomesTable summary={shown.summary} agentName={agentName} />
              <CampaignOutcomesTable summary={shown.summary} campaignName={campaignName} />
            </div>
            <QueuesTable summary={shown.summary} />
            <HumanAgentsTable
              agents={team ? shown.agents.filter((a) => a.teamId === team) : shown.agents}
              csvHref={csv('agents', team ? { team } : {})}
              team={{ teams: teams.items, value: team, onChange: setPickedTeam }}
            />
            <InterventionsTable summary={shown.summary} />
          </div>
        )}
      </div>
    </div>
  );
}
