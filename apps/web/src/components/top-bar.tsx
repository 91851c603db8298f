/**
 * The top bar: the sections the signed-in role may open (with the count of conversations that need a person on
 * Messages, and the waiting count on the workspace), the connection, who is signed in, the colour theme. On a phone or
 * a tablet held upright the sections and the account sit behind a Menu button (the same links, so every test id stays
 * one element).
 */
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { canSeeAnalytics } from '../analytics-figures';
import { canSeeNumbers, signOutEverywhere } from '../auth';
import { needsPerson } from '../live/conversations';
import { waitingFor } from '../live/escalation-queue';
import { useConversations } from '../live/use-conversations';
import { useEscalations } from '../live/use-escalations';
import { canSeeTeam } from '../live/team';
import { navigate, sectionOf, useLocation, type Section } from '../router';
import { setTheme, THEME_CHOICES, useTheme, type ThemeChoice } from '../theme';
import { AlertsMenu } from './alerts-menu';
import { ConnectionStatus } from './connection-status';
import { PasswordDialog } from './password-dialog';

/** The top bar's entries; `shows` limits one to the roles that may open it. */
const SECTIONS: ReadonlyArray<{ id: Section; label: string; href: string; shows?(user: PublicUser | null): boolean }> =
  [
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
  const [menuOpen, setMenuOpen] = useState(false);
  const header = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(t);
  }, [notice]);

  // A section chosen (by the menu or by Back) closes the menu.
  useEffect(() => setMenuOpen(false), [pathname]);

  // Escape (before the drawer behind it hears it) or a tap outside the bar closes the menu; Escape gives the focus
  // back.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!header.current?.contains(e.target as Node | null)) setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer);
    // The focus goes into the menu (it comes before its button), on the section one is in.
    header.current?.querySelector<HTMLElement>('.top-bar-menu [aria-current=page], .top-bar-menu a')?.focus();
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [menuOpen]);

  const go = (e: MouseEvent<HTMLAnchorElement>, href: string, id: Section) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // new tab: the browser's way
    e.preventDefault();
    setMenuOpen(false); // also when the section is the one already open
    // Live Calls, Messages and History keep their filters (the query) when coming back from their own session drawer.
    navigate(
      (id === 'live' || id === 'messages' || id === 'history') && current === id
        ? `${href}${window.location.search}`
        : href,
    );
  };

  return (
    <header className={`top-bar${menuOpen ? ' menu-open' : ''}`} ref={header}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Live Space
      </div>
      {/* Wide: its children sit in the bar itself (display: contents). Narrow: the panel the Menu button opens. */}
      <div className="top-bar-menu" id="top-bar-menu" data-testid="nav-menu">
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
                <span
                  className="nav-badge"
                  data-testid="nav-needs-person"
                  title={`${needing} ${needing === 1 ? 'conversation needs' : 'conversations need'} a person`}
                >
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
        <div className="top-bar-account">
          {user && (
            <span className="user" data-testid="current-user" title={user.email}>
              {user.name} <span className="role">{user.role}</span>
            </span>
          )}
          {user && (
            <button
              type="button"
              className="ghost"
              data-testid="change-password"
              onClick={() => {
                setMenuOpen(false);
                setChangingPassword(true);
              }}
            >
              Password
            </button>
          )}
          <ThemeSelect />
          <button type="button" className="ghost" data-testid="sign-out" onClick={() => void signOutEverywhere()}>
            Sign out
          </button>
        </div>
      </div>
      <div className="top-bar-right">
        <ConnectionStatus />
        <AlertsMenu user={user} />
        <span role="status" className="top-bar-notice" data-testid="top-bar-notice">
          {notice}
        </span>
        <button
          ref={menuButton}
          type="button"
          className="ghost menu-button"
          data-testid="nav-menu-button"
          aria-expanded={menuOpen}
          aria-controls="top-bar-menu"
          onClick={() => setMenuOpen((o) => !o)}
        >
          <MenuIcon open={menuOpen} />
          <span className="sr-only">Menu</span>
        </button>
      </div>
      {changingPassword && (
        <PasswordDialog
          onClose={() => setChangingPassword(false)}
          onChanged={() => setNotice('Password changed; your other sign-ins ended')}
        />
      )}
    </header>
  );
}

/** System (the OS's), Light or Dark: applied at once and remembered in this browser. */
function ThemeSelect() {
  const theme = useTheme();
  return (
    <label className="theme-switch" title="Theme">
      <span className="sr-only">Theme</span>
      <select data-testid="theme-select" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Three bars, or a cross while the menu is open. */
function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg className="icon icon-menu" width={18} height={18} viewBox="0 0 24 24" aria-hidden="true">
      <path
        d={open ? 'M6 6l12 12M18 6L6 18' : 'M4 6h16M4 12h16M4 18h16'}
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        fill="none"
      />
    </svg>
  );
}
