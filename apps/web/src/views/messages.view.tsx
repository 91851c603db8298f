/**
 * Messages: the live WhatsApp and SMS conversations from the `conversations` topic (pushed, never polled). Those
 * that need a person (escalated, the AI paused by a takeover, a customer waiting for an answer) come first, marked
 * with why; "Needs a person" keeps only them. A conversation opens in the session drawer beside the list, with its
 * live transcript and the actions (take over and type, resume, end, whisper, barge).
 */
import '../messages.css';
import '../health.css';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Conversation } from '@livespace/protocol/health';
import { ConversationRow } from '../components/conversation-row';
import { EmptyState } from '../components/empty-state';
import { needsPerson, needsPersonCount, orderConversations } from '../live/conversations';
import { useConversations } from '../live/use-conversations';
import { useLeaving } from '../live/use-leaving';
import { useEscapeCloses } from '../live/use-escape-closes';
import { messagesSessionIdFromPath, navigate, useLocation, withQuery } from '../router';
import { SessionDetailView } from './session-detail.view';

/** How long a conversation that ended stays, fading, before it leaves the list. */
const LEAVE_MS = 700;

const keyOf = (c: Conversation) => c.summary.id;

export function MessagesView() {
  const { pathname, search } = useLocation();
  const openId = messagesSessionIdFromPath(pathname);
  // Off unless the URL says so: the list already puts those that need a person on top, and a supervisor watches the
  // others too.
  const onlyNeeding = search.get('attention') === '1';
  const { ready, items } = useConversations();
  const shown = useLeaving(items, keyOf, LEAVE_MS);

  const ordered = useMemo(() => orderConversations(shown), [shown]);
  const visible = useMemo(
    () => (onlyNeeding ? ordered.filter((r) => needsPerson(r.item)) : ordered),
    [ordered, onlyNeeding],
  );
  const total = items.length;
  const needing = useMemo(() => needsPersonCount(shown), [shown]);

  // Stable callbacks (rows are memoized); they read the current query when called.
  const searchRef = useRef(search);
  searchRef.current = search;
  const open = useCallback(
    (id: string) => navigate(withQuery(`/messages/sessions/${encodeURIComponent(id)}`, searchRef.current)),
    [],
  );
  const close = useCallback(() => navigate(withQuery('/messages', searchRef.current)), []);
  const setOnlyNeeding = useCallback(
    (on: boolean) => {
      const q = new URLSearchParams(search);
      if (on) q.set('attention', '1');
      else q.delete('attention');
      navigate(withQuery(pathname, q), { replace: true });
    },
    [pathname, search],
  );

  useEffect(() => {
    document.title = ready ? `(${needing}) Messages · Live Space` : 'Messages · Live Space';
  }, [ready, needing]);

  useEscapeCloses(openId !== null, close);

  return (
    <div className={`messages${openId ? ' has-detail' : ''}`} data-testid="messages-view">
      <div className="list-pane">
        <div className="workspace-bar">
          <h1 className="view-title">Messages</h1>
          <span className="wb-total" data-testid="messages-count">
            <strong>{ready ? total : '…'}</strong> live {total === 1 ? 'conversation' : 'conversations'}
          </span>
          <button
            type="button"
            className={`attention-toggle msg-needs-toggle${needing > 0 ? ' attention-warning' : ''}${onlyNeeding ? ' is-on' : ''}`}
            data-testid="filter-needs-person"
            data-count={needing}
            aria-pressed={onlyNeeding}
            title={
              onlyNeeding
                ? 'Showing only the conversations that need a person: click to show all'
                : 'Show only the conversations that need a person'
            }
            onClick={() => setOnlyNeeding(!onlyNeeding)}
          >
            Needs a person
            <span className="attention-count" data-testid="needs-person-count">
              {needing}
            </span>
          </button>
          <span className="ws-note">WhatsApp and SMS, live. Those that need a person come first.</span>
        </div>
        <div className="table-wrap">
          {!ready ? (
            <div className="placeholder" data-testid="messages-loading">
              Connecting to the conversations…
            </div>
          ) : visible.length === 0 ? (
            total === 0 ? (
              <NoConversations />
            ) : (
              <div className="placeholder" data-testid="messages-none-need">
                <p>Nobody needs a person right now: the AI agents are answering every customer.</p>
                <button type="button" className="link-button" onClick={() => setOnlyNeeding(false)}>
                  Show all {total} {total === 1 ? 'conversation' : 'conversations'}
                </button>
              </div>
            )
          ) : (
            <table className="sessions msg-table" data-testid="conversation-table" aria-label="Live conversations">
              <thead>
                <tr>
                  <th className="msg-col-channel">
                    <span>Channel</span>
                  </th>
                  <th className="msg-col-customer">Customer</th>
                  <th className="msg-col-agent">AI agent</th>
                  <th className="msg-col-state">State</th>
                  <th className="msg-col-needs">Needs a person</th>
                  <th className="msg-col-last">Last message</th>
                  <th className="msg-col-when">When</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((r) => (
                  <ConversationRow
                    key={r.item.summary.id}
                    conversation={r.item}
                    leaving={r.leaving}
                    open={r.item.summary.id === openId}
                    onOpen={open}
                  />
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      {openId && <SessionDetailView key={openId} id={openId} onClose={close} />}
    </div>
  );
}

function NoConversations() {
  return (
    <EmptyState
      testId="messages-empty"
      title="No live conversations"
      icon="M5 3h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4.3A2 2 0 0 1 3 15V5a2 2 0 0 1 2-2zm0 2v10h1v2l2.4-2H19V5z"
    >
      WhatsApp and SMS conversations appear here the moment a customer writes, and leave when they end.
    </EmptyState>
  );
}
