/**
 * The open session's health near the top of its drawer: why it needs attention, worst first; nothing while it is ok or
 * once it ended.
 */
import type { SessionHealth } from '@livespace/protocol/session';
import { HEALTH_LABEL, reasonsWorstFirst } from '../live/attention';
import { HealthIcon } from './health-icon';
import '../health.css';

export function HealthReasons({ health }: { health: SessionHealth | undefined }) {
  if (!health || health.level === 'ok') return null;
  const level = health.level;
  return (
    <section
      className={`detail-health health-${level}`}
      data-testid="detail-health"
      data-level={level}
      aria-label={HEALTH_LABEL[level]}
      role="status"
    >
      <span className="detail-health-title">
        <HealthIcon level={level} size={13} /> {HEALTH_LABEL[level]}
      </span>
      <ul>
        {reasonsWorstFirst(health).map((r) => (
          <li
            key={r.code}
            className={`health-${r.level}`}
            data-testid="detail-health-reason"
            data-code={r.code}
            data-level={r.level}
          >
            {r.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
