/**
 * Analytics (admins and supervisors): `GET /api/analytics/summary`, `/series` and `/agents` over `from`–`to`, with `tz`
 * for the series' hours and days; each also as CSV (`format=csv`, RFC 4180 like the history export).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  AnalyticsHumanAgentsQuery,
  AnalyticsQuery,
  AnalyticsSeriesQuery,
  type HumanAgentFigures,
  type AnalyticsSeries,
  type AnalyticsSummary,
} from '@livespace/protocol';
import type { Analytics } from '@livespace/app';
import { parseBody } from '../http/errors';
import { requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import { csvRow } from '../export/sessions-csv';

/** The summary as `figure,key,value` rows: one per number (a breakdown's key in the middle column). */
function summaryCsv(s: AnalyticsSummary): string {
  const rows: Array<[string, string, string | number | null]> = [
    ['from', '', s.period.from],
    ['to', '', s.period.to],
    ['conversations', '', s.conversations],
    ['ended', '', s.ended],
    ['contained', '', s.contained],
    ['containmentPercent', '', s.containmentPercent],
    ['escalated', '', s.escalated],
    ['escalationPercent', '', s.escalationPercent],
    ['averageHandleSeconds', '', s.averageHandleSeconds],
    ['serviceLevelPercent', '', s.serviceLevelPercent],
    ['averageWaitSeconds', '', s.averageWaitSeconds],
    ['longestWaitSeconds', '', s.longestWaitSeconds],
    ['abandoned', '', s.abandoned],
    ['healthWarning', '', s.health.warning],
    ['healthCritical', '', s.health.critical],
  ];
  for (const [k, v] of Object.entries(s.byChannel)) rows.push(['byChannel', k, v]);
  for (const [k, v] of Object.entries(s.byDirection)) rows.push(['byDirection', k, v]);
  for (const r of s.escalationReasons) rows.push(['escalationReason', r.key, r.count]);
  for (const r of s.byOutcome) rows.push(['byOutcome', r.key, r.count]);
  for (const a of s.byAgent) for (const o of a.byOutcome) rows.push([`agent:${a.agentId}`, o.key, o.count]);
  for (const c of s.byCampaign) for (const o of c.byOutcome) rows.push([`campaign:${c.campaignId}`, o.key, o.count]);
  for (const q of s.queues) {
    rows.push(
      [`queue:${q.queue}`, 'serviceLevelPercent', q.serviceLevelPercent],
      [`queue:${q.queue}`, 'averageWaitSeconds', q.averageWaitSeconds],
      [`queue:${q.queue}`, 'longestWaitSeconds', q.longestWaitSeconds],
      [`queue:${q.queue}`, 'answered', q.answered],
      [`queue:${q.queue}`, 'abandoned', q.abandoned],
    );
  }
  for (const [k, v] of Object.entries(s.callbacks)) rows.push(['callbacks', k, v]);
  for (const [k, v] of Object.entries(s.interventions.byKind)) rows.push(['interventions', k, v]);
  for (const p of s.interventions.bySupervisor) {
    for (const [k, v] of Object.entries(p.byKind)) rows.push([`supervisor:${p.name}`, k, v]);
    for (const [k, v] of Object.entries(p.followed)) rows.push([`supervisor:${p.name}`, `followed:${k}`, v]);
  }
  return csvRow(['figure', 'key', 'value']) + rows.map((r) => csvRow(r)).join('');
}

const seriesCsv = (s: AnalyticsSeries): string =>
  csvRow(['at', s.metric]) + s.points.map((p) => csvRow([p.at, p.value])).join('');

/** The columns of the per-agent CSV; new ones go at the end, so a reader's column numbers keep their meaning. */
const AGENT_COLUMNS = [
  'userId',
  'name',
  'handled',
  'averageHandleSeconds',
  'averageWrapUpSeconds',
  'availableSeconds',
  'busySeconds',
  'awaySeconds',
  'occupancyPercent',
  'teamId',
] as const;
const humanAgentsCsv = (items: readonly HumanAgentFigures[]): string =>
  csvRow(AGENT_COLUMNS) + items.map((a) => csvRow(AGENT_COLUMNS.map((c) => a[c]))).join('');

const csv = (reply: FastifyReply, name: string, body: string) =>
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(body);

export function analyticsRoutes(app: FastifyInstance, auth: AuthService, analytics: Analytics): void {
  const readers = requirePermission(auth, 'analytics.read');
  const period = (q: { from: string; to: string; tz: string }) => ({
    from: new Date(q.from),
    to: new Date(q.to),
    timeZone: q.tz,
  });

  app.get('/api/analytics/summary', { onRequest: readers }, async (req, reply) => {
    const q = parseBody(AnalyticsQuery, req.query ?? {});
    const s = await analytics.summary(period(q));
    return q.format === 'csv' ? csv(reply, 'analytics-summary', summaryCsv(s)) : s;
  });

  app.get('/api/analytics/series', { onRequest: readers }, async (req, reply) => {
    const q = parseBody(AnalyticsSeriesQuery, req.query ?? {});
    const s = await analytics.series({ ...period(q), bucket: q.bucket, metric: q.metric });
    return q.format === 'csv' ? csv(reply, `analytics-${q.metric}`, seriesCsv(s)) : s;
  });

  app.get('/api/analytics/agents', { onRequest: readers }, async (req, reply) => {
    const q = parseBody(AnalyticsHumanAgentsQuery, req.query ?? {});
    const items = (await analytics.agents(period(q))).filter((a) => q.team === undefined || a.teamId === q.team);
    return q.format === 'csv'
      ? csv(reply, 'analytics-agents', humanAgentsCsv(items))
      : { period: { from: q.from, to: q.to, timeZone: q.tz }, ...(q.team ? { team: q.team } : {}), items };
  });
}
