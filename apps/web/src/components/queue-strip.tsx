/** Live Calls' compact wallboard: per queue, who waits and for how long, and the agents free; a link to Queues. */
import type { QueueStats } from '@livespace/protocol/escalation';
import { navigate } from '../router';
import { useQueues } from '../live/use-queues';
import { Elapsed } from './elapsed';
import { WAIT_ALERT_S, WAIT_WARN_S } from './escalation-card';

export function QueueStrip() {
  const { ready, items } = useQueues();
  const queues = [...items].sort((a, b) => b.waiting - a.waiting || a.name.localeCompare(b.name));
  const waiting = queues.reduce((n, q) => n + q.waiting, 0);
  if (ready && queues.length === 0) return null;
  return (
    <section className="queue-strip" data-testid="queue-strip" aria-label={`Queues: ${waiting} waiting`}>
      <span className="queue-strip-title">Queues</span>
      <div className="queue-strip-items">
        {!ready ? <span className="muted">…</span> : queues.map((q) => <QueueChip key={q.name} q={q} />)}
      </div>
      <a
        href="/queues"
        className="queue-strip-link"
        data-testid="queue-strip-link"
        onClick={(e) => {
          e.preventDefault();
          navigate('/queues');
        }}
      >
        Wallboard →
      </a>
    </section>
  );
}

function QueueChip({ q }: { q: QueueStats }) {
  return (
    <span
      className={`queue-chip${q.waiting > 0 ? ' has-waiting' : ''}`}
      data-testid="queue-chip"
      data-queue={q.name}
      data-waiting={q.waiting}
      title={`${q.name}: ${q.waiting} waiting, ${q.availableAgents} agents available, ${q.busyAgents} busy`}
    >
      <span className="queue-chip-name">{q.name}</span>
      <span className="queue-chip-waiting" data-testid="queue-chip-waiting">
        <span className="sr-only">waiting: </span>
        {q.waiting}
      </span>
      {q.oldestWaitingSince && (
        <Elapsed
          since={q.oldestWaitingSince}
          testId="queue-chip-longest"
          warnAfter={WAIT_WARN_S}
          alertAfter={WAIT_ALERT_S}
        />
      )}
      <span className="queue-chip-agents">
        <span className="presence-dot presence-available" aria-hidden="true" />
        <span className="sr-only">agents available: </span>
        {q.availableAgents}
      </span>
    </span>
  );
}
