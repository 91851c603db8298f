/**
 * The health icons: a triangle for a warning, a filled circle for critical (shape as well as colour, for colour-blind
 * readers).
 */
import type { HealthLevel } from '@livespace/protocol/session';

const WARNING = 'M12 2.8 1.6 21h20.8zM11 9.5h2v5.5h-2zm0 7.5h2v2h-2z';
const CRITICAL = 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1 5h2v7h-2zm0 9h2v2h-2z';

export function HealthIcon({ level, size = 12 }: { level: Exclude<HealthLevel, 'ok'>; size?: number }) {
  return (
    <svg className="icon health-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <path d={level === 'critical' ? CRITICAL : WARNING} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
