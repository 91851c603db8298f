/**
 * A human agent's status: Available, Away or Offline, as a radio group (arrow keys move and choose).
 * While the agent holds a call the system has made it Busy: shown, not selectable, until it completes.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { HumanAgentPresence, PresenceChoice } from '@livespace/protocol/escalation';
import { PRESENCE_LABEL } from '../format';
import { formatTime } from '../locale-format';
import { escalationErrorMessage, setMyPresence } from '../live/escalations';
import { Elapsed } from './elapsed';

const CHOICES: readonly PresenceChoice[] = ['available', 'away', 'offline'];

interface Props {
  /** The agent's presence from the `presence` topic; null when not known (yet). */
  presence: HumanAgentPresence | null;
  /** The topic's first snapshot arrived: choosing works even before the agent's own entry is known. */
  ready: boolean;
  /** The server's answer, applied at once (the topic brings the same a moment later). */
  onChanged(p: HumanAgentPresence): void;
}

export function PresenceToggle({ presence, ready, onChanged }: Props) {
  const [pending, setPending] = useState<PresenceChoice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const group = useRef<HTMLDivElement>(null);
  const status = presence?.status ?? null;
  const busy = status === 'busy';

  const choose = async (s: PresenceChoice) => {
    if (busy || pending || s === status) return;
    setPending(s);
    setError(null);
    try {
      onChanged(await setMyPresence(s));
    } catch (e) {
      setError(escalationErrorMessage('presence', e));
    } finally {
      setPending(null);
    }
  };

  // Radio-group keys: ←/→ (or ↑/↓) choose the neighbour and move the focus to it.
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step =
      e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step || busy) return;
    e.preventDefault();
    const i = Math.max(0, CHOICES.indexOf((status ?? 'offline') as PresenceChoice));
    const next = CHOICES[(i + step + CHOICES.length) % CHOICES.length]!;
    group.current?.querySelector<HTMLButtonElement>(`[data-value="${next}"]`)?.focus();
    void choose(next);
  };

  return (
    <div className="presence-toggle" data-testid="presence-toggle" data-status={status ?? 'unknown'}>
      <span className="presence-toggle-label" id="presence-label">
        Status
      </span>
      <div className="seg" role="radiogroup" aria-labelledby="presence-label" ref={group} onKeyDown={onKey}>
        {CHOICES.map((c) => {
          const on = status === c;
          return (
            <button
              key={c}
              type="button"
              role="radio"
              aria-checked={on}
              tabIndex={on || (!CHOICES.includes(status as PresenceChoice) && c === 'available') ? 0 : -1}
              className={`seg-item seg-${c}${on ? ' is-on' : ''}`}
              data-testid={`presence-${c}`}
              data-value={c}
              disabled={busy || !ready}
              onClick={() => void choose(c)}
              title={busy ? 'Busy while you hold a call: complete it first' : `Set your status to ${PRESENCE_LABEL[c]}`}
            >
              <span className="presence-dot" aria-hidden="true" />
              {pending === c ? `${PRESENCE_LABEL[c]}…` : PRESENCE_LABEL[c]}
            </button>
          );
        })}
      </div>
      {busy && (
        <span
          className="presence presence-busy"
          data-testid="presence-busy"
          title="Set by the system while you hold a call"
        >
          <span className="presence-dot" aria-hidden="true" />
          Busy on a call
        </span>
      )}
      {presence && (
        <span className="presence-since" title={`Since ${formatTime(presence.since)}`}>
          for <Elapsed since={presence.since} testId="presence-since" />
        </span>
      )}
      {error && (
        <span className="inline-error" role="alert" data-testid="presence-error">
          {error}
        </span>
      )}
    </div>
  );
}
