/**
 * Transfer: send a held or waiting call or conversation to a queue (typed, the known queues suggested) or to a
 * named human agent available now (from the live `presence` topic), with an optional note and priority. Enter
 * transfers, Escape closes; the server's refusal shows under the field it is about, or above the buttons.
 */
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Priority } from '@livespace/protocol/flow';
import type { Channel } from '@livespace/protocol/session';
import { PRESENCE_LABEL, PRIORITY_LABEL } from '../format';
import { actionWords } from '../live/action-words';
import type { FormError } from '../live/outbound-actions';
import { transferError, transferSession } from '../live/transfer';
import { queueNames, transferHumanAgents } from '../live/transfer-choices';
import { usePresence } from '../live/use-presence';
import { useQueues } from '../live/use-queues';
import { useMounted } from '../live/use-status';
import { DialogFoot, ModalDialog } from './modal-dialog';
import '../interventions.css';

export interface TransferProps {
  sessionId: string;
  channel: Channel;
  /** Who holds it now (not offered as a target). */
  holderId: string | null;
  /** The priority it has now (kept unless another is picked). */
  priority: Priority | null;
}

interface Props extends TransferProps {
  onClose(): void;
  /** Done: what to tell the person ("Transferred to Dee"). */
  onTransferred(text: string): void;
}

type Target = 'queue' | 'agent';

const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
/** How many queue names are offered as buttons (all of them are in the input's suggestions). */
const QUEUE_CHIPS = 6;

export function TransferDialog({ sessionId, channel, holderId, priority: current, onClose, onTransferred }: Props) {
  const { noun } = actionWords(channel);
  const first = useRef<HTMLInputElement>(null);
  const presence = usePresence();
  const queues = useQueues();
  const [target, setTarget] = useState<Target>('queue');
  const [queue, setQueue] = useState('');
  const [userId, setUserId] = useState('');
  const [priority, setPriority] = useState<Priority | ''>('');
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const mounted = useMounted();

  const agents = useMemo(
    () => transferHumanAgents(presence.items, holderId, userId),
    [presence.items, holderId, userId],
  );
  const names = useMemo(() => queueNames(queues.items, presence.items), [queues.items, presence.items]);
  const chosen = target === 'queue' ? queue.trim() !== '' : userId !== '';
  const fieldError = (field: string) => (error?.field === field ? error.message : null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!chosen || pending) return;
    setPending(true);
    setError(null);
    const n = note.trim();
    const to = target === 'queue' ? { queue: queue.trim() } : { userId };
    try {
      await transferSession(sessionId, { ...to, ...(n ? { note: n } : {}), ...(priority ? { priority } : {}) });
      const name = agents.find((a) => a.userId === userId)?.name ?? 'the agent';
      onClose();
      onTransferred(target === 'queue' ? `Transferred to queue ${queue.trim()}` : `Transferred to ${name}`);
    } catch (err) {
      if (mounted.current) setError(transferError(err));
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    // Enter submits from the pickers too; in the note it is a new line, Ctrl+Enter transfers.
    const tag = (e.target as HTMLElement).tagName;
    if (e.key === 'Enter' && (tag === 'SELECT' || (tag === 'TEXTAREA' && (e.ctrlKey || e.metaKey)))) {
      e.preventDefault();
      void submit();
    }
  };

  const pick = (t: Target) => {
    setTarget(t);
    setError(null);
  };

  /** A new choice: the refusal of the old one goes. */
  const choose = (set: (v: string) => void, field: string, value: string) => {
    set(value);
    if (error?.field === field) setError(null);
  };

  return (
    <ModalDialog
      className="confirm-dialog form-dialog transfer-dialog"
      testId="transfer-dialog"
      labelledBy="transfer-title"
      initialFocus={first}
      onClose={onClose}
    >
      <form onSubmit={submit} onKeyDown={onKeyDown} noValidate>
        <h3 id="transfer-title">Transfer this {noun}</h3>
        <p className="dialog-sub">
          To a queue: it waits there for whoever claims it. To a person: they hold it at once.
        </p>
        <fieldset className="transfer-target">
          <legend>Send to</legend>
          <label>
            <input
              ref={first}
              type="radio"
              name="transfer-target"
              data-testid="transfer-to-queue"
              checked={target === 'queue'}
              onChange={() => pick('queue')}
            />
            <span>A queue</span>
          </label>
          <label>
            <input
              type="radio"
              name="transfer-target"
              data-testid="transfer-to-agent"
              checked={target === 'agent'}
              onChange={() => pick('agent')}
            />
            <span>A person</span>
          </label>
        </fieldset>
        {target === 'queue' ? (
          <div className="field">
            <label htmlFor="transfer-queue">Queue</label>
            <input
              id="transfer-queue"
              data-testid="transfer-queue"
              list="transfer-queue-names"
              value={queue}
              maxLength={100}
              autoComplete="off"
              placeholder="Type a queue name"
              aria-invalid={fieldError('queue') ? true : undefined}
              onChange={(e) => choose(setQueue, 'queue', e.target.value)}
            />
            <datalist id="transfer-queue-names">
              {names.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            {names.length > 0 && (
              <div className="transfer-chips" role="group" aria-label="Known queues">
                {names.slice(0, QUEUE_CHIPS).map((n) => (
                  <button
                    key={n}
                    type="button"
                    className="transfer-chip"
                    data-testid="transfer-queue-chip"
                    aria-pressed={n === queue.trim()}
                    onClick={() => choose(setQueue, 'queue', n)}
                  >
                    {n}
                  </button>
                ))}
              </div>
            )}
            <FieldError field="queue" message={fieldError('queue')} />
          </div>
        ) : (
          <div className="field">
            <label htmlFor="transfer-agent">Person</label>
            <select
              id="transfer-agent"
              data-testid="transfer-agent"
              value={userId}
              aria-invalid={fieldError('userId') ? true : undefined}
              onChange={(e) => choose(setUserId, 'userId', e.target.value)}
            >
              <option value="">
                {agents.length > 0
                  ? 'Choose an available agent…'
                  : presence.ready
                    ? 'No agent is available now'
                    : 'Loading…'}
              </option>
              {agents.map((a) => (
                <option key={a.userId} value={a.userId}>
                  {a.name}
                  {a.status !== 'available' ? ` (${PRESENCE_LABEL[a.status].toLowerCase()} now)` : ''}
                  {a.queues.length > 0 ? ` · ${a.queues.join(', ')}` : ''}
                </option>
              ))}
            </select>
            <FieldError field="userId" message={fieldError('userId')} />
          </div>
        )}
        <div className="field">
          <label htmlFor="transfer-priority">Priority</label>
          <select
            id="transfer-priority"
            data-testid="transfer-priority"
            value={priority}
            onChange={(e) => setPriority(e.target.value as Priority | '')}
          >
            <option value="">As now ({PRIORITY_LABEL[current ?? 'normal']})</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
          <FieldError field="priority" message={fieldError('priority')} />
        </div>
        <div className="field">
          <label htmlFor="transfer-note">Note (optional)</label>
          <textarea
            id="transfer-note"
            data-testid="transfer-note"
            rows={2}
            maxLength={500}
            value={note}
            placeholder="What the next person should know"
            onChange={(e) => setNote(e.target.value)}
          />
          <FieldError field="note" message={fieldError('note')} />
        </div>
        <DialogFoot
          error={error && error.field === null ? error.message : null}
          submitLabel="Transfer"
          pendingLabel="Transferring…"
          pending={pending}
          disabled={!chosen || pending}
          onCancel={onClose}
          testIds={{ error: 'transfer-error', cancel: 'transfer-cancel', submit: 'transfer-submit' }}
        />
      </form>
    </ModalDialog>
  );
}

function FieldError({ field, message }: { field: string; message: string | null }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert" data-testid="transfer-field-error" data-field={field}>
      {message}
    </span>
  );
}
