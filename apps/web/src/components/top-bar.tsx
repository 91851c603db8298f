import type { PublicUser } from '@livespace/protocol/http';
import { signOut } from '../auth';
import { navigate } from '../router';
import { ConnectionStatus } from './connection-status';

export function TopBar({ user }: { user: PublicUser | null }) {
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Live Space
      </div>
      <nav className="nav">
        <a
          href="/"
          className="nav-item is-active"
          aria-current="page"
          onClick={(e) => {
            e.preventDefault();
            navigate(`/${window.location.search}`);
          }}
        >
          Live Calls
        </a>
      </nav>
      <div className="top-bar-right">
        <ConnectionStatus />
        {user && (
          <span className="user" data-testid="current-user" title={user.email}>
            {user.name} <span className="role">{user.role}</span>
          </span>
        )}
        <button type="button" className="ghost" data-testid="sign-out" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
