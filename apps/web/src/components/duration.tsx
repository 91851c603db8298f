/** A duration that ticks every second while the session is live. Only this cell re-renders. */
import { elapsedSeconds, formatDuration } from '../format';
import { useNow } from '../live/use-now';

export function LiveDuration({ startedAt, endedAt }: { startedAt: string; endedAt: string | null }) {
  return endedAt ? (
    <StaticDuration startedAt={startedAt} endedAt={endedAt} />
  ) : (
    <TickingDuration startedAt={startedAt} />
  );
}

function TickingDuration({ startedAt }: { startedAt: string }) {
  const now = useNow();
  return (
    <span className="duration" data-testid="duration">
      {formatDuration(elapsedSeconds(startedAt, now))}
    </span>
  );
}

function StaticDuration({ startedAt, endedAt }: { startedAt: string; endedAt: string }) {
  return (
    <span className="duration" data-testid="duration">
      {formatDuration(elapsedSeconds(startedAt, Date.parse(endedAt)))}
    </span>
  );
}
