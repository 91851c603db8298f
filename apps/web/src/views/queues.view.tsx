/**
 * Queues wallboard: each queue's figures (waiting, longest and average wait, agents, service level against the queue's
 * own threshold, answered, abandoned) in the order an admin set, the human agents' presence, and who is waiting now.
 * Pushed on the `queues`, `presence` and `escalations` topics; the waits tick here every second, nothing is polled.
 * Admins configure a queue (threshold, order, members) or add one from here.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { HumanAgentPresence, Presence, QueueStats } from '@livespace/protocol/escalation';
import type { QueueConfig } from '@livespace/protocol/queue-config';
import { getAuth, subscribeAuth } from '../auth';
import { userMay } from '../permissions';
import { PresenceBadge } from '../components/badges';
import { QueueSettingsDialog } from '../components/queue-settings-dialog';
import { queueConfigApi } from '../live/queue-config-api';
import { Elapsed } from '../components/elapsed';
import { EscalationCard, WAIT_ALERT_S, WAIT_WARN_S } from '../components/escalation-card';
import { formatClock, formatDuration, formatPercent, PRESENCE_LABEL } from '../format';
import { formatDateTime, formatSince, formatTime, viewer } from '../locale-format';
import { compareEscalations } from '../live/escalation-queue';
import { useEscalations } from '../live/use-escalations';
import { usePresence } from '../live/use-presence';
import { useQueues } from '../live/use-queues';
import '../queues.css';

const PRESENCE_ORDER: Record<Presence, number> = { available: 0, busy: 1, away: 2, offline: 3 };

/** Configured queues by their order (1 first), then the others by name. */
export const byQueueOrder = (a: QueueStats, b: QueueStats) =>
  (a.priority ?? Number.POSITIVE_INFINITY) - (b.priority ?? Number.POSITIVE_INFINITY) || a.name.localeCompare(b.name);

export function QueuesView() {
  const queues = useQueues();
  const presence = usePresence();
  const escalations = useEscalations();
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  const isAdmin = userMay(user, 'queues.manage');
  /** The settings dialog: a queue's configuration (null: a new queue); undefined when closed. */
  const [editing, setEditing] = useState<QueueConfig | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);

  const rows = useMemo(() => [...queues.items].sort(byQueueOrder), [queues.items]);
  const agents = useMemo(
    () =>
      [...presence.items].sort(
        (a, b) => PRESENCE_ORDER[a.status] - PRESENCE_ORDER[b.status] || a.name.localeCompare(b.name),
      ),
    [presence.items],
  );
  const waiting = useMemo(
    () => escalations.items.filter((e) => e.status === 'waiting').sort(compareEscalations),
    [escalations.items],
  );
  const totalWaiting = rows.reduce((n, q) => n + q.waiting, 0);
  const dayStart = rows[0]?.dayStart;
  const humanAgents = useMemo(() => [...presence.items].sort((a, b) => a.name.localeCompare(b.name)), [presence.items]);

  /** Opens a queue's settings as the server has them now (members included). */
  const configure = async (name: string) => {
    setLoadError(null);
    try {
      const q = (await queueConfigApi.list()).find((c) => c.name === name);
      setEditing(q ?? null);
    } catch {
      setLoadError('Could not read the queue settings; try again.');
    }
  };

  useEffect(() => {
    document.title = queues.ready ? `(${totalWaiting}) Queues · Live Space` : 'Queues · Live Space';
  }, [queues.ready, totalWaiting]);

  return (
    <div className="wallboard" data-testid="queues-view">
      <div className="workspace-bar">
        <h1 className="view-title">Queues</h1>
        <span className="wb-total" data-testid="queues-total-waiting">
          <strong>{queues.ready ? totalWaiting : '…'}</strong> waiting
        </span>
        {dayStart && (
          <span
            className="ws-note"
            data-testid="queues-since"
            title={formatDateTime(dayStart, viewer(), { zone: true })}
          >
            Today's figures since <time dateTime={dayStart}>{formatSince(dayStart, Date.now())}</time>
          </span>
        )}
        {isAdmin && (
          <button
            type="button"
            className="ab-button wb-new-queue"
            data-testid="queue-new"
            onClick={() => setEditing(null)}
          >
            New queue
          </button>
        )}
      </div>
      {loadError && (
        <div className="notice is-error" role="alert">
          {loadError}
        </div>
      )}
      {editing !== undefined && (
        <QueueSettingsDialog
          queue={editing}
          agents={humanAgents}
          onClose={() => setEditing(undefined)}
          onSaved={() => undefined}
        />
      )}
      <div className="wallboard-body">
        <section className="wb-section wb-queues" aria-labelledby="wb-queues-title">
          <h2 className="section-title" id="wb-queues-title">
            Queues
          </h2>
          {!queues.ready ? (
            <div className="placeholder" data-testid="queues-loading">
              Connecting to the queues…
            </div>
          ) : rows.length === 0 ? (
            <div className="placeholder">No queue yet: queues appear when a flow or an agent names one.</div>
          ) : (
            <div className="table-wrap wb-table-wrap">
              <table className="sessions wb-table" data-testid="queues-table" aria-label="Queue figures">
                <thead>
                  <tr>
                    <th className="wb-name">Queue</th>
                    <th className="num">Waiting</th>
                    <th className="num">Longest wait</th>
                    <th className="num">Average wait</th>
                    <th className="num">Agents available</th>
                    <th className="num">Agents busy</th>
                    <th
                      className="num"
                      title="Answered within the service level, of those answered or abandoned (short abandons excluded)"
                    >
                      Service level
                    </th>
                    <th className="num">Answered</th>
                    <th className="num">Abandoned</th>
                    {isAdmin && (
                      <th className="wb-settings">
                        <span className="sr-only">Settings</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((q) => (
                    <QueueRow key={q.name} q={q} onConfigure={isAdmin ? () => void configure(q.name) : null} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <div className="wb-columns">
          <section className="wb-section" aria-labelledby="wb-agents-title">
            <h2 className="section-title" id="wb-agents-title">
              Agents{' '}
              <span className="pane-count">
                {presence.ready ? agents.filter((a) => a.status === 'available').length : '…'}
              </span>
              <span className="section-sub">available</span>
            </h2>
            {!presence.ready ? (
              <div className="placeholder">Connecting…</div>
            ) : agents.length === 0 ? (
              <div className="placeholder">No human agent yet.</div>
            ) : (
              <ul className="agent-list" data-testid="agents-list" aria-label="Human agents">
                {agents.map((a) => (
                  <AgentRow key={a.userId} a={a} />
                ))}
              </ul>
            )}
          </section>
          <section className="wb-section" aria-labelledby="wb-waiting-title">
            <h2 className="section-title" id="wb-waiting-title">
              Waiting now <span className="pane-count">{escalations.ready ? waiting.length : '…'}</span>
            </h2>
            {!escalations.ready ? (
              <div className="placeholder">Connecting…</div>
            ) : waiting.length === 0 ? (
              <div className="placeholder">No caller is waiting for a person.</div>
            ) : (
              <ul className="esc-list" data-testid="wallboard-waiting" aria-label="Callers waiting for a person">
                {waiting.map((e) => (
                  <EscalationCard key={e.id} escalation={e} leaving={false} claiming={false} />
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

function QueueRow({ q, onConfigure }: { q: QueueStats; onConfigure: (() => void) | null }) {
  return (
    <tr
      className={`queue-row${q.waiting > 0 ? ' has-waiting' : ''}`}
      data-testid="queue-row"
      data-queue={q.name}
      data-waiting={q.waiting}
    >
      <td className="wb-name">{q.name}</td>
      <td className="num wb-big" data-testid="queue-waiting">
        {q.waiting}
      </td>
      <td className="num wb-big" data-testid="queue-longest">
        {q.oldestWaitingSince ? (
          <Elapsed
            since={q.oldestWaitingSince}
            testId="queue-longest-wait"
            warnAfter={WAIT_WARN_S}
            alertAfter={WAIT_ALERT_S}
          />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num" data-testid="queue-average">
        <span className="duration">{formatDuration(q.averageWaitSeconds)}</span>
      </td>
      <td className="num" data-testid="queue-available">
        <span className={q.availableAgents === 0 && q.waiting > 0 ? 'is-alert-text' : ''}>{q.availableAgents}</span>
      </td>
      <td className="num" data-testid="queue-busy">
        {q.busyAgents}
      </td>
      <td className="num" data-testid="queue-sla">
        <span className={slaClass(q.slaPercent)}>{formatPercent(q.slaPercent)}</span>
        <span className="wb-sla-threshold" data-testid="queue-sla-threshold">
          within {q.slaSeconds} s
        </span>
      </td>
      <td className="num" data-testid="queue-answered">
        {q.answered}
      </td>
      <td className="num" data-testid="queue-abandoned">
        {q.abandoned}
      </td>
      {onConfigure && (
        <td className="wb-settings">
          <button
            type="button"
            className="ab-button"
            data-testid="queue-configure"
            aria-label={`Settings of queue ${q.name}`}
            onClick={onConfigure}
          >
            Settings
          </button>
        </td>
      )}
    </tr>
  );
}

function slaClass(p: number | null): string {
  if (p === null) return 'muted';
  return p >= 80 ? 'sla-good' : p >= 60 ? 'sla-warn' : 'sla-bad';
}

function AgentRow({ a }: { a: HumanAgentPresence }) {
  return (
    <li
      className={`agent-row status-${a.status}`}
      data-testid="agent-row"
      data-user-id={a.userId}
      data-status={a.status}
    >
      <span className="agent-name" data-testid="agent-name">
        {a.name}
      </span>
      <PresenceBadge status={a.status} />
      <span className="agent-since" title={`${PRESENCE_LABEL[a.status]} since ${formatClock(a.since)}`}>
        <Elapsed since={a.since} testId="agent-since" /> <span className="muted">since {formatTime(a.since)}</span>
      </span>
      <span className="agent-queues">
        {a.queues.length === 0 ? (
          <span className="muted">no queue</span>
        ) : (
          a.queues.map((q) => (
            <span key={q} className="queue-chip-name">
              {q}
            </span>
          ))
        )}
      </span>
    </li>
  );
}
