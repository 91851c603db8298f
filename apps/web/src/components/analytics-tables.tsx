/**
 * Analytics' tables: outcomes by AI agent and by campaign, each queue, each human agent (handled, handle and wrap-up
 * times, time available, busy and away, occupancy), and each person's interventions by kind.
 */
import type { ReactNode } from 'react';
import type { HumanAgentFigures, AnalyticsSummary } from '@livespace/protocol/analytics';
import {
  formatCount,
  formatPercentFigure,
  formatSeconds,
  formatSpan,
  followedText,
  INTERVENTION_LABEL,
  interventionColumns,
  sumFollowed,
  outcomesText,
} from '../analytics-figures';
import { humanize } from '../format';

function Section({
  id,
  title,
  sub,
  actions,
  children,
}: {
  id: string;
  title: string;
  sub?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="an-section" data-testid={`analytics-${id}`} aria-labelledby={`an-${id}-title`}>
      <h2 className="section-title" id={`an-${id}-title`}>
        {title}
        {sub && <span className="section-sub">{sub}</span>}
        {actions && <span className="an-section-actions">{actions}</span>}
      </h2>
      {children}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="an-none">{children}</p>;
}

const pct = (part: number, whole: number) => (whole > 0 ? formatPercentFigure((100 * part) / whole) : '—');

export function AgentOutcomesTable({
  summary,
  agentName,
}: {
  summary: AnalyticsSummary;
  agentName: (id: string) => string;
}) {
  return (
    <Section id="by-agent" title="By AI agent" sub="outcomes of the conversations each agent had">
      {summary.byAgent.length === 0 ? (
        <Empty>No conversation in this period.</Empty>
      ) : (
        <div className="an-table-wrap">
          <table className="sessions an-table">
            <thead>
              <tr>
                <th scope="col" className="an-name">
                  AI agent
                </th>
                <th scope="col" className="num">
                  Conversations
                </th>
                <th scope="col" className="num">
                  Contained
                </th>
                <th scope="col" className="num">
                  Escalated
                </th>
                <th scope="col" className="an-wide">
                  Outcomes
                </th>
              </tr>
            </thead>
            <tbody>
              {[...summary.byAgent]
                .sort(
                  (x, y) =>
                    y.conversations - x.conversations || agentName(x.agentId).localeCompare(agentName(y.agentId)),
                )
                .map((a) => (
                  <tr key={a.agentId} data-testid="by-agent-row" data-agent-id={a.agentId}>
                    <th scope="row" className="an-name" title={agentName(a.agentId)}>
                      {agentName(a.agentId)}
                    </th>
                    <td className="num" data-testid="by-agent-conversations">
                      {formatCount(a.conversations)}
                    </td>
                    <td className="num">
                      {formatCount(a.contained)} <span className="muted">{pct(a.contained, a.conversations)}</span>
                    </td>
                    <td className="num">
                      {formatCount(a.escalated)} <span className="muted">{pct(a.escalated, a.conversations)}</span>
                    </td>
                    <td className="an-wide" title={outcomesText(a.byOutcome)}>
                      {outcomesText(a.byOutcome)}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function CampaignOutcomesTable({
  summary,
  campaignName,
}: {
  summary: AnalyticsSummary;
  campaignName: (id: string) => string;
}) {
  return (
    <Section id="by-campaign" title="By campaign" sub="outbound calls of each campaign">
      {summary.byCampaign.length === 0 ? (
        <Empty>No campaign call in this period.</Empty>
      ) : (
        <div className="an-table-wrap">
          <table className="sessions an-table">
            <thead>
              <tr>
                <th scope="col" className="an-name">
                  Campaign
                </th>
                <th scope="col" className="num">
                  Conversations
                </th>
                <th scope="col" className="an-wide">
                  Outcomes
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.byCampaign.map((c) => (
                <tr key={c.campaignId} data-testid="by-campaign-row">
                  <th scope="row" className="an-name" title={campaignName(c.campaignId)}>
                    {campaignName(c.campaignId)}
                  </th>
                  <td className="num">{formatCount(c.conversations)}</td>
                  <td className="an-wide" title={outcomesText(c.byOutcome)}>
                    {outcomesText(c.byOutcome)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function QueuesTable({ summary }: { summary: AnalyticsSummary }) {
  return (
    <Section id="queues" title="Queues" sub="callers who waited for a person">
      {summary.queues.length === 0 ? (
        <Empty>Nobody waited in a queue in this period.</Empty>
      ) : (
        <div className="an-table-wrap">
          <table className="sessions an-table">
            <thead>
              <tr>
                <th scope="col" className="an-name">
                  Queue
                </th>
                <th scope="col" className="num">
                  Waited
                </th>
                <th scope="col" className="num">
                  Answered
                </th>
                <th scope="col" className="num">
                  Abandoned
                </th>
                <th scope="col" className="num">
                  Service level
                </th>
                <th scope="col" className="num">
                  Average wait
                </th>
                <th scope="col" className="num">
                  Longest wait
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.queues.map((q) => (
                <tr key={q.queue} data-testid="queue-figures-row">
                  <th scope="row" className="an-name an-mono">
                    {q.queue}
                  </th>
                  <td className="num">{formatCount(q.waited)}</td>
                  <td className="num">{formatCount(q.answered)}</td>
                  <td className="num">{formatCount(q.abandoned)}</td>
                  <td className="num">{formatPercentFigure(q.serviceLevelPercent)}</td>
                  <td className="num">{formatSeconds(q.averageWaitSeconds)}</td>
                  <td className="num">{formatSeconds(q.longestWaitSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export interface TeamPick {
  teams: ReadonlyArray<{ id: string; name: string }>;
  /** The team shown ('' for everyone). */
  value: string;
  onChange(id: string): void;
}

export function HumanAgentsTable({
  agents,
  csvHref,
  team,
}: {
  agents: readonly HumanAgentFigures[];
  csvHref: string;
  team?: TeamPick;
}) {
  return (
    <Section
      id="agents"
      title="Human agents"
      sub="escalations claimed, and time by status"
      actions={
        <>
          {team && team.teams.length > 0 && (
            <label className="an-team-pick">
              <span>Team</span>
              <select data-testid="analytics-team" value={team.value} onChange={(e) => team.onChange(e.target.value)}>
                <option value="">Everyone</option>
                {team.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <a href={csvHref} download data-testid="csv-agents" aria-label="Download CSV: human agents">
            CSV
          </a>
        </>
      }
    >
      {agents.length === 0 ? (
        <Empty>{team?.value ? 'Nobody in this team is a human agent.' : 'No human agent yet.'}</Empty>
      ) : (
        <div className="an-table-wrap">
          <table className="sessions an-table an-agents">
            <thead>
              <tr>
                <th scope="col" className="an-name">
                  Agent
                </th>
                <th scope="col" className="num">
                  Handled
                </th>
                <th scope="col" className="num">
                  Avg handle
                </th>
                <th scope="col" className="num">
                  Avg wrap-up
                </th>
                <th scope="col" className="num">
                  Available
                </th>
                <th scope="col" className="num">
                  Busy
                </th>
                <th scope="col" className="num">
                  Away
                </th>
                <th scope="col" className="num">
                  Occupancy
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.userId} data-testid="human-agent-row" data-user-id={a.userId}>
                  <th scope="row" className="an-name" title={a.name}>
                    {a.name}
                  </th>
                  <td className="num" data-testid="human-agent-handled">
                    {formatCount(a.handled)}
                  </td>
                  <td className="num">{formatSeconds(a.averageHandleSeconds)}</td>
                  <td className="num">{formatSeconds(a.averageWrapUpSeconds)}</td>
                  <td className="num">{formatSpan(a.availableSeconds)}</td>
                  <td className="num">{formatSpan(a.busySeconds)}</td>
                  <td className="num">{formatSpan(a.awaySeconds)}</td>
                  <td className="num">{formatPercentFigure(a.occupancyPercent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function InterventionsTable({ summary }: { summary: AnalyticsSummary }) {
  const { byKind, bySupervisor } = summary.interventions;
  const kinds = interventionColumns(byKind);
  const total = (k: Record<string, number>) => Object.values(k).reduce((n, v) => n + v, 0);
  return (
    <Section id="interventions" title="Interventions" sub="supervisors’ actions that went through">
      {bySupervisor.length === 0 ? (
        <Empty>No intervention in this period.</Empty>
      ) : (
        <div className="an-table-wrap">
          <table className="sessions an-table">
            <thead>
              <tr>
                <th scope="col" className="an-name">
                  Person
                </th>
                {kinds.map((k) => (
                  <th key={k} scope="col" className="num">
                    {INTERVENTION_LABEL[k] ?? humanize(k)}
                  </th>
                ))}
                <th scope="col" className="num">
                  Total
                </th>
                <th
                  scope="col"
                  className="num an-num-wide"
                  title="Sessions they took over or barged into that the AI then carried to the end"
                >
                  Resumed after take-over
                </th>
                <th
                  scope="col"
                  className="an-followed"
                  title="How the sessions they stepped into went on: each counted once"
                >
                  What followed
                </th>
              </tr>
            </thead>
            <tbody>
              {bySupervisor.map((p) => (
                <tr key={p.userId} data-testid="interventions-row">
                  <th scope="row" className="an-name" title={p.name}>
                    {p.name}
                  </th>
                  {kinds.map((k) => (
                    <td key={k} className="num" data-kind={k}>
                      {formatCount(p.byKind[k] ?? 0)}
                    </td>
                  ))}
                  <td className="num">{formatCount(total(p.byKind))}</td>
                  <td className="num">{formatCount(p.resumedAfterTakeover)}</td>
                  <td className="an-followed" data-testid="interventions-followed">
                    {followedText(p.followed)}
                  </td>
                </tr>
              ))}
            </tbody>
            {bySupervisor.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row" className="an-name">
                    Everyone
                  </th>
                  {kinds.map((k) => (
                    <td key={k} className="num">
                      {formatCount(byKind[k] ?? 0)}
                    </td>
                  ))}
                  <td className="num">{formatCount(total(byKind))}</td>
                  <td className="num">{formatCount(bySupervisor.reduce((n, p) => n + p.resumedAfterTakeover, 0))}</td>
                  <td className="an-followed">{followedText(sumFollowed(bySupervisor.map((p) => p.followed)))}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </Section>
  );
}
