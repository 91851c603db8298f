import type { SessionState } from '@livespace/protocol/session';
import { STATE_LABEL } from '../format';

export function StateBadge({ state }: { state: SessionState }) {
  return (
    <span className={`badge state-${state}`} data-testid="state-badge" data-state={state}>
      {STATE_LABEL[state] ?? state}
    </span>
  );
}
