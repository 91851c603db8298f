/** Time since an instant, ticking every second on the shared clock (no polling of the server). */
import { elapsedSeconds, formatDuration } from '../format';
import { useNow } from '../live/use-now';

interface Props {
  since: string;
  testId?: string;
  /** From this many seconds the time is shown as a warning, and from `alertAfter` as an alert. */
  warnAfter?: number;
  alertAfter?: number;
}

export function Elapsed({ since, testId = 'elapsed', warnAfter, alertAfter }: Props) {
  const now = useNow();
  const s = elapsedSeconds(since, now);
  const level =
    alertAfter !== undefined && s >= alertAfter
      ? ' is-alert'
      : warnAfter !== undefined && s >= warnAfter
        ? ' is-warn'
        : '';
  return (
    <span className={`duration${level}`} data-testid={testId} data-seconds={s}>
      {formatDuration(s)}
    </span>
  );
}
