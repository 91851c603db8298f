/** "12 s ago", "3 min ago": how long ago an instant was, on the shared one-second clock (no polling of the server). */
import { formatClock } from '../format';
import { formatRelative } from '../planned-time';
import { useNow } from '../live/use-now';

export function TimeAgo({ at, testId = 'time-ago' }: { at: string; testId?: string }) {
  const now = useNow();
  // A clock slightly ahead of ours must not say "in 1 s".
  const text = formatRelative(at, Math.max(now, Date.parse(at)));
  return (
    <time className="time-ago" dateTime={at} title={formatClock(at)} data-testid={testId}>
      {text === 'now' ? 'just now' : text}
    </time>
  );
}
