/** A section the signed-in role may not open: says so, and whose it is, with the way back to the role's own start. */
import type { MouseEvent } from 'react';
import { navigate } from '../router';

export function NotAllowed({ what, who, home }: { what: string; who: string; home: { href: string; label: string } }) {
  const back = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(home.href);
  };
  return (
    <div className="empty-state not-allowed" data-testid="not-allowed" role="alert">
      <svg width="40" height="40" viewBox="0 0 24 24" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 5a3 3 0 0 1 6 0v3H9zm3 6.5a1.5 1.5 0 0 1 .8 2.8V18h-1.6v-1.7a1.5 1.5 0 0 1 .8-2.8z"
        />
      </svg>
      <h2>Not available to you</h2>
      <p>
        {what} {who}.
      </p>
      <p>
        <a className="link-button" href={home.href} onClick={back} data-testid="not-allowed-home">
          {home.label}
        </a>
      </p>
    </div>
  );
}
