/** Analytics' big numbers, from the period's summary: each a tile with its label, its figure and what it is made of. */
import type { ReactNode } from 'react';
import type { AnalyticsSummary } from '@livespace/protocol/analytics';
import {
  breakdown,
  callbackFigures,
  formatCount,
  formatPercentFigure,
  formatSeconds,
  queueTotals,
  topCounts,
} from '../analytics-figures';
import { CHANNEL_LABEL, DIRECTION_LABEL } from '../format';

function Tile({
  id,
  label,
  value,
  raw,
  tone,
  children,
}: {
  id: string;
  label: string;
  value: ReactNode;
  raw: number | string | null;
  tone?: string;
  children?: ReactNode;
}) {
  return (
    <li className={`an-tile${tone ? ` tone-${tone}` : ''}`} data-testid={`tile-${id}`} data-value={raw ?? ''}>
      <span className="an-tile-label">{label}</span>
      <span className="an-tile-value" data-testid="tile-value">
        {value}
      </span>
      {children && <span className="an-tile-sub">{children}</span>}
    </li>
  );
}

const dot = (
  <span className="an-dot" aria-hidden="true">
    ·
  </span>
);

function Parts({ items }: { items: Array<{ key: string; label: string; count: number }> }) {
  return (
    <>
      {items.map((x, i) => (
        <span key={x.key} className="an-part" data-key={x.key} data-count={x.count}>
          {i > 0 && dot} {x.label} <strong>{formatCount(x.count)}</strong>
        </span>
      ))}
    </>
  );
}

export function AnalyticsTiles({ summary: s }: { summary: AnalyticsSummary }) {
  const queues = queueTotals(s);
  const callbacks = callbackFigures(s.callbacks);
  const reasons = topCounts(s.escalationReasons, 3);
  const sla = s.serviceLevelPercent;
  return (
    <ul className="an-tiles" aria-label="The period in figures" data-testid="analytics-tiles">
      <Tile id="conversations" label="Conversations" value={formatCount(s.conversations)} raw={s.conversations}>
        <span className="an-line" data-testid="tile-by-channel">
          <Parts items={breakdown(s.byChannel, CHANNEL_LABEL)} />
        </span>
        <span className="an-line" data-testid="tile-by-direction">
          <Parts items={breakdown(s.byDirection, DIRECTION_LABEL)} />
        </span>
      </Tile>
      <Tile
        id="containment"
        label="AI containment"
        value={formatPercentFigure(s.containmentPercent)}
        raw={s.containmentPercent}
        tone="ai"
      >
        {formatCount(s.contained)} of {formatCount(s.ended)} ended without a person
      </Tile>
      <Tile
        id="escalation"
        label="Escalation rate"
        value={formatPercentFigure(s.escalationPercent)}
        raw={s.escalationPercent}
        tone={s.escalated > 0 ? 'queued' : undefined}
      >
        <span className="an-line">{formatCount(s.escalated)} asked for a person</span>
        {reasons.length > 0 && (
          <span className="an-line an-reasons" data-testid="tile-reasons">
            {reasons.map((r, i) => (
              <span key={r.key} className="an-part">
                {i > 0 && dot} {r.key} <strong>{formatCount(r.count)}</strong>
              </span>
            ))}
          </span>
        )}
      </Tile>
      <Tile
        id="handle"
        label="Average handle time"
        value={formatSeconds(s.averageHandleSeconds)}
        raw={s.averageHandleSeconds}
      >
        over {formatCount(s.ended)} ended
      </Tile>
      <Tile
        id="service-level"
        label="Service level"
        value={formatPercentFigure(sla)}
        raw={sla}
        tone={sla === null ? undefined : sla >= 80 ? 'ai' : sla >= 60 ? 'warn' : 'bad'}
      >
        {formatCount(queues.answered)} answered of {formatCount(queues.waited)} who waited
      </Tile>
      <Tile id="wait" label="Average wait" value={formatSeconds(s.averageWaitSeconds)} raw={s.averageWaitSeconds}>
        <span className="an-line" data-testid="tile-longest-wait">
          longest <strong>{formatSeconds(s.longestWaitSeconds)}</strong>
        </span>
      </Tile>
      <Tile
        id="abandoned"
        label="Abandoned"
        value={formatCount(s.abandoned)}
        raw={s.abandoned}
        tone={s.abandoned > 0 ? 'bad' : undefined}
      >
        hung up while waiting
      </Tile>
      <Tile
        id="callbacks"
        label="Callbacks kept / missed"
        raw={callbacks.kept}
        value={
          <>
            <span className="tone-ai-text" data-testid="tile-callbacks-kept">
              {formatCount(callbacks.kept)}
            </span>
            <span className="an-slash" aria-label="and">
              /
            </span>
            <span className={callbacks.missed > 0 ? 'tone-bad-text' : undefined} data-testid="tile-callbacks-missed">
              {formatCount(callbacks.missed)}
            </span>
          </>
        }
      >
        of {formatCount(callbacks.due)} due
      </Tile>
      <Tile
        id="health"
        label="Health marks"
        raw={s.health.critical}
        value={
          <>
            <span className={s.health.warning > 0 ? 'tone-warn-text' : undefined} data-testid="tile-health-warning">
              {formatCount(s.health.warning)}
            </span>
            <span className="an-slash" aria-label="and">
              /
            </span>
            <span className={s.health.critical > 0 ? 'tone-bad-text' : undefined} data-testid="tile-health-critical">
              {formatCount(s.health.critical)}
            </span>
          </>
        }
      >
        warning / critical
      </Tile>
    </ul>
  );
}
