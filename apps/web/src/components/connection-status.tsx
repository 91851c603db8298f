import { useConnectionStatus } from '../live/live-context';

const LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' } as const;

export function ConnectionStatus() {
  const status = useConnectionStatus();
  return (
    <span
      className={`conn conn-${status}`}
      data-testid="connection-status"
      data-status={status}
      role="status"
      aria-live="polite"
    >
      <span className="conn-dot" aria-hidden="true" />
      {LABEL[status]}
    </span>
  );
}
