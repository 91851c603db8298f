/**
 * Agent workspace: the agent's status, the callers waiting in its queues (supervisors: every queue),
 * claimed with one click, and the claimed call itself until it is completed. Everything comes from the
 * `escalations`, `presence` and `session:<id>` topics; nothing is polled.
 */
import '../agent-workspace.css';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { HumanAgentPresence, Escalation } from '@livespace/protocol/escalation';
import { getAuth, subscribeAuth } from '../auth';
import { ClaimedCall } from '../components/claimed-call';
import { EscalationCard } from '../components/escalation-card';
import { PresenceToggle } from '../components/presence-toggle';
import { heldBy, presenceOf, waitingFor } from '../live/escalation-queue';
import { claimEscalation, completionText, escalationErrorMessage, type EscalationRecord } from '../live/escalations';
import { useEscalations } from '../live/use-escalations';
import { useLeaving } from '../live/use-leaving';
import { usePresence } from '../live/use-presence';
import { formatPhone } from '../phone';

/** How long a caller someone else claimed stays (fading, saying who) before it leaves the list. */
const LEAVE_MS = 1200;
/** An ok notice fades after this long; errors stay until the next action. */
const OK_NOTICE_MS = 8000;

interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

const escKey = (e: Escalation) => e.id;

export function AgentWorkspaceView() {
  const { user: me } = useSyncExternalStore(subscribeAuth, getAuth);
  const escalations = useEscalations();
  const presence = usePresence();
  const isAgent = me?.role === 'agent';

  const waiting = useMemo(() => waitingFor(escalations.items, me), [escalations.items, me]);
  const shown = useLeaving(waiting, escKey, LEAVE_MS);
  const myPresence = presenceOf(presence.items, me);

  /** The claim as the server answered it, until the topic shows it claimed (a moment later). */
  const [justClaimed, setJustClaimed] = useState<EscalationRecord | null>(null);
  /** Completed here: hidden at once, before the topic removes them. */
  const [completed, setCompleted] = useState<ReadonlySet<string>>(() => new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const held = useMemo(() => {
    const list: Array<Escalation | EscalationRecord> = heldBy(escalations.items, me).filter(
      (e) => !completed.has(e.id),
    );
    if (justClaimed && !completed.has(justClaimed.id) && !list.some((e) => e.id === justClaimed.id))
      list.push(justClaimed);
    return list;
  }, [escalations.items, me, completed, justClaimed]);
  const active = held.find((e) => e.id === activeId) ?? held[0] ?? null;

  // Once the topic has the claim, it is the source of truth.
  useEffect(() => {
    if (justClaimed && escalations.items.some((e) => e.id === justClaimed.id && e.status === 'claimed'))
      setJustClaimed(null);
  }, [escalations.items, justClaimed]);

  useEffect(() => {
    if (notice?.kind !== 'ok') return;
    const t = setTimeout(() => setNotice((n) => (n === notice ? null : n)), OK_NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);

  useEffect(() => {
    document.title = escalations.ready
      ? `(${waiting.length}) Agent workspace · Live Space`
      : 'Agent workspace · Live Space';
  }, [escalations.ready, waiting.length]);

  const claim = useCallback(async (e: Escalation) => {
    setClaiming(e.id);
    setNotice(null);
    try {
      const record = await claimEscalation(e.id);
      setJustClaimed(record);
      setActiveId(record.id);
    } catch (err) {
      setNotice({ kind: 'error', text: escalationErrorMessage('claim', err) });
    } finally {
      setClaiming(null);
    }
  }, []);

  /** The call left the agent's hands (completed or transferred): hidden at once, and said so. */
  const release = useCallback((id: string, text: string) => {
    setCompleted((prev) => new Set(prev).add(id));
    setJustClaimed((j) => (j?.id === id ? null : j));
    setActiveId(null);
    setNotice({ kind: 'ok', text });
  }, []);

  const onCompleted = useCallback(
    (record: EscalationRecord, returnedToAi: boolean) => release(record.id, completionText(record, returnedToAi)),
    [release],
  );

  const onPresence = useCallback((p: HumanAgentPresence) => presence.store.upsert(p), [presence.store]);

  // An agent holds one call at a time (the server says busy otherwise).
  const claimBlocked =
    isAgent && (held.length > 0 || myPresence?.status === 'busy') ? 'Complete your call before claiming another' : null;

  /** Who took a caller that is fading out of the list. */
  const goneText = (id: string): string => {
    const now = escalations.store.get(id);
    if (now?.status === 'claimed' && now.claimedBy)
      return now.claimedBy.id === me?.id ? 'You claimed it' : `${now.claimedBy.name} claimed it`;
    return 'Left the queue';
  };

  // ↑/↓ move between the Claim buttons.
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [
      ...e.currentTarget.querySelectorAll<HTMLButtonElement>('[data-testid=claim-button]:not(:disabled)'),
    ];
    if (buttons.length === 0) return;
    e.preventDefault();
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = i === -1 ? 0 : Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)));
    buttons[next]!.focus();
  };

  const queues = isAgent ? (me?.queues ?? []) : null;
  return (
    <div className={`workspace${active ? ' has-call' : ''}`} data-testid="agent-workspace">
      <div className="workspace-bar">
        <h1 className="view-title">Agent workspace</h1>
        <span className="ws-queues" data-testid="workspace-queues">
          {queues === null ? (
            <span className="muted">All queues (supervisor)</span>
          ) : queues.length === 0 ? (
            <span className="muted">No queue yet</span>
          ) : (
            queues.map((q) => (
              <span key={q} className="queue-chip-name">
                {q}
              </span>
            ))
          )}
        </span>
        {isAgent ? (
          <PresenceToggle presence={myPresence} ready={presence.ready} onChanged={onPresence} />
        ) : (
          <span className="ws-note">Supervisors claim from any queue and have no status of their own.</span>
        )}
      </div>
      <div className="workspace-body">
        <section className="queue-pane" aria-labelledby="waiting-title">
          <header className="pane-head">
            <h2 id="waiting-title">Waiting</h2>
            <span className="pane-count" data-testid="waiting-count" aria-live="polite">
              {escalations.ready ? waiting.length : '…'}
            </span>
            <span className="pane-hint">most urgent, then longest wait, first</span>
          </header>
          {notice && (
            <div
              className={`notice is-${notice.kind}`}
              data-testid="workspace-notice"
              data-kind={notice.kind}
              role={notice.kind === 'error' ? 'alert' : 'status'}
            >
              <span>{notice.text}</span>
              <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
                ×
              </button>
            </div>
          )}
          <div className="esc-scroll">
            {!escalations.ready ? (
              <div className="placeholder" data-testid="escalations-loading">
                Connecting to the queue…
              </div>
            ) : shown.length === 0 ? (
              <div className="empty-state small" data-testid="no-waiting">
                <h2>No one is waiting</h2>
                <p>
                  {queues && queues.length === 0
                    ? 'You are in no queue yet: an admin adds you to one.'
                    : 'Callers who ask for a person appear here the moment they do.'}
                </p>
              </div>
            ) : (
              <ul className="esc-list" aria-label="Waiting callers" onKeyDown={onListKey}>
                {shown.map(({ item, leaving }) => (
                  <EscalationCard
                    key={item.id}
                    escalation={item}
                    leaving={leaving}
                    gone={leaving ? goneText(item.id) : null}
                    onClaim={claim}
                    claiming={claiming === item.id}
                    claimBlocked={
                      claimBlocked ?? (claiming !== null && claiming !== item.id ? 'Claiming another caller…' : null)
                    }
                  />
                ))}
              </ul>
            )}
          </div>
        </section>
        <div className="call-slot">
          {held.length > 1 && (
            <div className="held-tabs" role="tablist" aria-label="Calls you hold">
              {held.map((e) => (
                <button
                  key={e.id}
                  type="button"
                  role="tab"
                  aria-selected={e.id === active?.id}
                  className={`held-tab${e.id === active?.id ? ' is-on' : ''}`}
                  onClick={() => setActiveId(e.id)}
                >
                  {e.callerName ? `${e.callerName} · ${formatPhone(e.callerNumber)}` : formatPhone(e.callerNumber)}
                </button>
              ))}
            </div>
          )}
          {active ? (
            <ClaimedCall
              key={active.id}
              escalation={active}
              me={me}
              onCompleted={onCompleted}
              onTransferred={release}
            />
          ) : (
            <NoCall available={!isAgent || myPresence?.status === 'available'} />
          )}
        </div>
      </div>
    </div>
  );
}

function NoCall({ available }: { available: boolean }) {
  return (
    <div className="empty-state no-call" data-testid="no-call">
      <svg width="44" height="44" viewBox="0 0 24 24" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 3a9 9 0 0 0-9 9v6.5A2.5 2.5 0 0 0 5.5 21H8v-8H5v-1a7 7 0 0 1 14 0v1h-3v8h2.5a2.5 2.5 0 0 0 2.5-2.5V12a9 9 0 0 0-9-9z"
        />
      </svg>
      <h2>No call in hand</h2>
      <p>Claim a waiting caller: the conversation so far, and everything to talk to them, opens here.</p>
      {!available && <p className="no-call-hint">Set your status to Available when you are ready to take calls.</p>}
    </div>
  );
}
