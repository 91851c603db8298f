/**
 * When a callback is due: in the viewer's locale and time zone (named), how far off (ticking on the shared clock), and
 * the callee's own time when it lives elsewhere.
 */
import { calleeTime, formatPlanned, formatRelative } from '../planned-time';
import { useNow } from '../live/use-now';

export function PlannedTime({ at, timeZone }: { at: string; timeZone: string | null }) {
  const now = useNow();
  const there = calleeTime(at, timeZone);
  return (
    <div className="cb-when" title={`${new Date(at).toString()}`}>
      <div>
        <time className="cb-planned" dateTime={at} data-testid="callback-planned">
          {formatPlanned(at)}
        </time>{' '}
        <span className={`cb-relative${Date.parse(at) < now ? ' is-past' : ''}`} data-testid="callback-relative">
          {formatRelative(at, now)}
        </span>
      </div>
      {there && (
        <div className="cb-callee-time" data-testid="callback-callee-time">
          {there}
        </div>
      )}
    </div>
  );
}
