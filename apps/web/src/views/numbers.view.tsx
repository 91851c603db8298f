/**
 * Phone numbers: which AI agent answers each of our numbers, on which carrier and channels (`/api/numbers`).
 * Admins map, change and delete numbers; supervisors see the table read-only; human agents may not open it.
 */
import '../numbers.css';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { PhoneNumber } from '@livespace/protocol/numbers';
import { ApiError } from '../api';
import { canEditNumbers, canSeeNumbers, getAuth, subscribeAuth } from '../auth';
import { ConfirmDialog, type ConfirmRequest } from '../components/confirm-dialog';
import { NotAllowed } from '../components/not-allowed';
import { NumberForm } from '../components/number-form';
import { NumberRow } from '../components/number-row';
import { deleteErrorMessage, numbersApi } from '../live/numbers-api';
import { useAgents } from '../live/use-agents';
import { useNumbers } from '../live/use-numbers';
import { formatPhone } from '../phone';
import { homeFor } from '../router';

type Notice = { kind: 'ok' | 'error'; text: string };

export function NumbersView() {
  const { user } = useSyncExternalStore(subscribeAuth, getAuth);
  const allowed = canSeeNumbers(user);
  const canEdit = canEditNumbers(user);
  const numbers = useNumbers(allowed);
  const agents = useAgents();
  const [editing, setEditing] = useState<{ mapping: PhoneNumber; n: number } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const names = useMemo(() => new Map(agents.map((a) => [a.id, a.name])), [agents]);
  const agentName = useCallback((id: string) => names.get(id) ?? id, [names]);
  const { reload } = numbers;

  useEffect(() => {
    document.title =
      numbers.status === 'ready' ? `(${numbers.items.length}) Numbers · Live Space` : 'Numbers · Live Space';
  }, [numbers.status, numbers.items.length]);

  const remove = useCallback(
    async (m: PhoneNumber) => {
      const shown = formatPhone(m.number);
      try {
        await numbersApi.remove(m.number);
        setNotice({ kind: 'ok', text: `${shown} deleted: ${agentName(m.agentId)} no longer answers it.` });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404)
          setNotice({ kind: 'ok', text: `${shown} was already deleted.` });
        else setNotice({ kind: 'error', text: deleteErrorMessage(err) });
      }
      await reload();
    },
    [agentName, reload],
  );

  const askDelete = useCallback(
    (m: PhoneNumber) =>
      setConfirm({
        title: `Delete ${formatPhone(m.number)}?`,
        body: (
          <p>
            Calls and messages to this number will no longer be answered by <strong>{agentName(m.agentId)}</strong>, and
            calls placed from it no longer go out on {m.carrier === 'twilio' ? 'Twilio' : 'the simulator'}.
          </p>
        ),
        confirmLabel: 'Delete number',
        danger: true,
        onConfirm: () => void remove(m),
      }),
    [agentName, remove],
  );

  const edit = useCallback((m: PhoneNumber) => setEditing((e) => ({ mapping: m, n: (e?.n ?? 0) + 1 })), []);

  if (!allowed || numbers.status === 'forbidden') {
    return (
      <div className="numbers" data-testid="numbers-view">
        <NotAllowed
          what="Phone numbers and the AI agents that answer them are managed by"
          who="admins and supervisors"
          home={{
            href: homeFor(user?.role),
            label: user?.role === 'agent' ? 'Back to your workspace' : 'Back to Live Calls',
          }}
        />
      </div>
    );
  }

  const ready = numbers.status === 'ready';
  return (
    <div className="numbers" data-testid="numbers-view">
      <div className="workspace-bar">
        <h1 className="view-title">Phone numbers</h1>
        <span className="wb-total" data-testid="numbers-count">
          <strong>{ready ? numbers.items.length : '…'}</strong> {numbers.items.length === 1 ? 'number' : 'numbers'}
        </span>
        <span className="ws-note">
          Calls and messages to a number are answered by its AI agent; calls placed from a number go out on its carrier.
        </span>
        {!canEdit && (
          <span className="nr-read-only" data-testid="numbers-read-only">
            Read-only: only admins change numbers
          </span>
        )}
      </div>
      <div className="wallboard-body">
        {canEdit && (
          <NumberForm
            agents={agents}
            mapped={numbers.items}
            editing={editing}
            agentName={agentName}
            onSaved={() => void reload()}
          />
        )}
        {notice && (
          <div
            className={`notice is-${notice.kind}`}
            role={notice.kind === 'error' ? 'alert' : 'status'}
            data-testid="numbers-notice"
          >
            <span>{notice.text}</span>
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
        {numbers.error && (
          <div className="notice is-error" role="alert" data-testid="numbers-error">
            <span>Could not load the numbers: {numbers.error}</span>
            <button type="button" className="link-button" onClick={() => void reload()}>
              Try again
            </button>
          </div>
        )}
        <section className="wb-section" aria-labelledby="numbers-title">
          <h2 className="section-title" id="numbers-title">
            Numbers <span className="pane-count">{numbers.items.length}</span>
          </h2>
          {numbers.status === 'loading' ? (
            <div className="placeholder" data-testid="numbers-loading">
              Loading the numbers…
            </div>
          ) : numbers.status === 'error' ? null : numbers.items.length === 0 ? (
            <div className="empty-state small" data-testid="numbers-empty">
              <h2>No number mapped</h2>
              <p>
                {canEdit
                  ? 'Map one above: calls and messages to it are then answered by its AI agent.'
                  : 'An admin maps numbers to AI agents; they appear here.'}
              </p>
            </div>
          ) : (
            <div className="table-wrap wb-table-wrap">
              <table className="sessions nr-table" aria-label="Phone numbers" data-testid="numbers-table">
                <thead>
                  <tr>
                    <th className="nr-col-number">Number</th>
                    <th className="nr-col-agent">AI agent</th>
                    <th className="nr-col-carrier">Carrier</th>
                    <th className="nr-col-channels">Channels</th>
                    {canEdit && (
                      <th className="nr-col-actions">
                        <span className="sr-only">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {numbers.items.map((m) => (
                    <NumberRow
                      key={m.number}
                      mapping={m}
                      agentName={names.get(m.agentId) ?? null}
                      canEdit={canEdit}
                      onEdit={edit}
                      onDelete={askDelete}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}
