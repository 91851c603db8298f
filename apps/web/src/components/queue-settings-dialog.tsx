/**
 * An admin configures a queue (or a new one): its service-level threshold in seconds, its place in the order (1 first)
 * and which human agents work it. Members other than human agents (a supervisor who lists the queue) are kept as they
 * are. The server's refusals sit at their field.
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { HumanAgentPresence } from '@livespace/protocol/escalation';
import type { QueueConfig } from '@livespace/protocol/queue-config';
import { fieldErrors, refusalAt, toggled, type FieldError } from './dialog-fields';
import { queueConfigApi } from '../live/queue-config-api';
import { useMounted } from '../live/use-status';
import { DialogFoot, ModalDialog } from './modal-dialog';

type Field = 'name' | 'slaSeconds' | 'priority' | 'members';

interface Props {
  /** The queue to change; null: a new queue. */
  queue: QueueConfig | null;
  /** Human agents who may work it. */
  agents: readonly HumanAgentPresence[];
  onClose(): void;
  onSaved(queue: QueueConfig): void;
}

const FIELDS: readonly Field[] = ['name', 'slaSeconds', 'priority', 'members'];

export function QueueSettingsDialog({ queue, agents, onClose, onSaved }: Props) {
  const first = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(queue?.name ?? '');
  const [sla, setSla] = useState(String(queue?.slaSeconds ?? 60));
  const [priority, setPriority] = useState(queue?.priority ? String(queue.priority) : '');
  const agentIds = useMemo(() => new Set(agents.map((a) => a.userId)), [agents]);
  const [members, setMembers] = useState<Set<string>>(
    () => new Set((queue?.members ?? []).filter((id) => agentIds.has(id))),
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FieldError<Field> | null>(null);
  const mounted = useMounted();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const slaSeconds = Number(sla);
    if (!queue && !name.trim()) return setError({ field: 'name', message: 'Name the queue' });
    if (!Number.isInteger(slaSeconds) || slaSeconds < 1 || slaSeconds > 3600)
      return setError({ field: 'slaSeconds', message: 'A whole number of seconds from 1 to 3600' });
    const order = priority.trim() === '' ? undefined : Number(priority);
    if (order !== undefined && (!Number.isInteger(order) || order < 1 || order > 1000))
      return setError({ field: 'priority', message: 'A whole number from 1 (first) to 1000, or empty for last' });
    // Non-agent members (a supervisor listing the queue) stay members.
    const kept = (queue?.members ?? []).filter((id) => !agentIds.has(id));
    const change = { slaSeconds, ...(order !== undefined ? { priority: order } : {}), members: [...kept, ...members] };
    setPending(true);
    setError(null);
    try {
      const saved = queue
        ? await queueConfigApi.update(queue.name, change)
        : await queueConfigApi.create(name.trim(), change);
      onSaved(saved);
      onClose();
    } catch (err) {
      if (!mounted.current) return;
      setError(
        refusalAt(err, FIELDS, (e) =>
          e.code === 'queue_exists'
            ? { field: 'name', message: 'A queue with this name is configured already' }
            : e.status === 403
              ? { field: null, message: 'Only admins configure queues.' }
              : null,
        ),
      );
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  const { errorAt, invalid } = fieldErrors('qs', error);
  const toggle = (id: string) => setMembers((m) => toggled(m, id));

  return (
    <ModalDialog
      className="confirm-dialog form-dialog"
      testId="queue-settings-dialog"
      labelledBy="queue-settings-title"
      initialFocus={first}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <h3 id="queue-settings-title">{queue ? `Queue ${queue.name}` : 'New queue'}</h3>
        <p className="dialog-sub">
          Service level counts callers answered within the threshold. Queues are shown in their order, 1 first.
        </p>
        {!queue && (
          <div className="field">
            <label htmlFor="qs-name">Name</label>
            <input
              id="qs-name"
              ref={first}
              data-testid="qs-name"
              value={name}
              maxLength={100}
              {...invalid('name')}
              onChange={(e) => setName(e.target.value)}
            />
            {errorAt('name')}
          </div>
        )}
        <div className="field">
          <label htmlFor="qs-sla">Service level threshold (seconds)</label>
          <input
            id="qs-sla"
            ref={queue ? first : undefined}
            data-testid="qs-sla"
            type="number"
            inputMode="numeric"
            min={1}
            max={3600}
            value={sla}
            {...invalid('slaSeconds')}
            onChange={(e) => setSla(e.target.value)}
          />
          {errorAt('slaSeconds')}
        </div>
        <div className="field">
          <label htmlFor="qs-priority">Order (1 first; empty: last)</label>
          <input
            id="qs-priority"
            data-testid="qs-priority"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            value={priority}
            {...invalid('priority')}
            onChange={(e) => setPriority(e.target.value)}
          />
          {errorAt('priority')}
        </div>
        <fieldset className="field qs-members" {...invalid('members')}>
          <legend>Human agents who work it</legend>
          {agents.length === 0 ? (
            <p className="muted">No human agent yet.</p>
          ) : (
            agents.map((a) => (
              <label key={a.userId} className="qs-member">
                <input
                  type="checkbox"
                  data-testid="qs-member"
                  data-name={a.name}
                  checked={members.has(a.userId)}
                  onChange={() => toggle(a.userId)}
                />
                {a.name}
              </label>
            ))
          )}
          {errorAt('members')}
        </fieldset>
        <DialogFoot
          error={error && error.field === null ? error.message : null}
          submitLabel={queue ? 'Save queue' : 'Add queue'}
          pendingLabel="Saving…"
          pending={pending}
          disabled={pending}
          onCancel={onClose}
          testIds={{ error: 'qs-error', cancel: 'qs-cancel', submit: 'qs-submit' }}
        />
      </form>
    </ModalDialog>
  );
}
