/**
 * The top bar: the sections the signed-in role may open (with the count of conversations that need a person on Messages,
 * and the waiting count on the workspace), the connection, who is signed in.
 */
import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { canSeeAnalytics } from '../analytics-figures';
import { canSeeNumbers, signOutEverywhere } from '../auth';
import { needsPerson } from '../live/conversations';
import { waitingFor } from '../live/escalation-queue';
import { useConversations } from '../live/use-conversations';
import { useEscalations } from '../live/use-escalations';
import { canSeeTeam } from '../live/team';
import { navigate, sectionOf, useLocation, type Section } from '../router';
import { AlertsMenu } from './alerts-menu';
import { ConnectionStatus } from './connection-status';
import { PasswordDialog } from './password-dialog';

/** The top bar's entries; `shows` limits one to the roles that may open it. */
const SECTIONS: ReadonlyArray<{ id: Section; label: string; href: string; shows?(user: PublicUser | null): boolean }> = [
  { id: 'live', label: 'Live Calls', href: '/' },
  { id: 'messages', label: 'Messages', href: '/messages' },
  { id: 'queues', label: 'Queues', href: '/queues' },
  { id: 'callbacks', label: 'Callbacks', href: '/callbacks' },
  { id: 'campaigns', label: 'Campaigns', href: '/campaigns' },
  { id: 'numbers', label: 'Numbers', href: '/numbers', shows: canSeeNumbers },
  { id: 'history', label: 'History', href: '/history' },
  { id: 'analytics', label: 'Analytics', href: '/analytics', shows: canSeeAnalytics },
  { id: 'team', label: 'Team', href: '/team', shows: canSeeTeam },
  { id: 'agent', label: 'Agent workspace', href: '/agent' },
];

export function TopBar({ user }: { user: PublicUser | null }) {
  const { pathname } = useLocation();
  const current = sectionOf(pathname);
  const escalations = useEscalations();
  const waiting = useMemo(() => waitingFor(escalations.items, user).length, [escalations.items, user]);
  const conversations = useConversations();
  const needing = useMemo(() => conversations.items.filter(needsPerson).length, [conversations.items]);
  const [changingPassword, setChangingPassword] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(t);
  }, [notice]);

  const go = (e: MouseEvent<HTMLAnchorElement>, href: string, id: Section) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // new tab: the browser's way
    e.preventDefault();
    // Live Calls, Messages and History keep their filters (the query) when coming back from their own session drawer.
    navigate((id === 'live' || id === 'messages' || id === 'history') && current === id ? `${href}${window.location.search}` : href);
  };

  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Live Space
      </div>
      <nav className="nav" aria-label="Sections">
        {SECTIONS.filter((s) => !s.shows || s.shows(user)).map((s) => (
          <a
            key={s.id}
            href={s.href}
            className={`nav-item${current === s.id ? ' is-active' : ''}`}
            aria-current={current === s.id ? 'page' : undefined}
            data-testid={`nav-${s.id}`}
            onClick={(e) => go(e, s.href, s.id)}
          >
            {s.label}
            {s.id === 'messages' && conversations.ready && needing > 0 && (
              <span className="nav-badge" data-testid="nav-needs-person" title={`${needing} ${needing === 1 ? 'conversation needs' : 'conversations need'} a person`}>
                {needing}
              </span>
            )}
            {s.id === 'agent' && escalations.ready && waiting > 0 && (
              <span className="nav-badge" data-testid="nav-waiting" title={`${waiting} waiting in your queues`}>
                {waiting}
              </span>
            )}
          </a>
        ))}
      </nav>
      <div className="top-bar-right">
        <ConnectionStatus />
        <AlertsMenu user={user} />
        {user && (
          <span className="user" data-testid="current-user" title={user.email}>
            {user.name} <span className="role">{user.role}</span>
          </span>
        )}
        <span role="status" className="top-bar-notice" data-testid="top-bar-notice">{notice}</span>
        {user && (
          <button type="button" className="ghost" data-testid="change-password" onClick={() => setChangingPassword(true)}>
            Password
          </button>
        )}
        {changingPassword && (
          <PasswordDialog onClose={() => setChangingPassword(false)} onChanged={() => setNotice('Password changed; your other sign-ins ended')} />
        )}
        <button type="button" className="ghost" data-testid="sign-out" onClick={() => void signOutEverywhere()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
