/** Signed out: the login page. Signed in: one live connection and the Live Calls floor. */
import { useEffect, useSyncExternalStore } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { api } from './api';
import { getAuth, subscribeAuth, updateUser } from './auth';
import { TopBar } from './components/top-bar';
import { LiveProvider } from './live/live-context';
import { navigate, useLocation } from './router';
import { LiveCallsView } from './views/live-calls.view';
import { LoginView } from './views/login.view';

export function App() {
  const auth = useSyncExternalStore(subscribeAuth, getAuth);
  const { pathname } = useLocation();

  // Check the stored token once per sign-in; api() signs out on 401.
  useEffect(() => {
    if (!auth.token) return;
    api<{ user: PublicUser }>('/api/auth/me')
      .then((r) => updateUser(r.user))
      .catch(() => undefined);
  }, [auth.token]);

  useEffect(() => {
    if (auth.token && pathname === '/login') navigate('/', { replace: true });
  }, [auth.token, pathname]);

  if (!auth.token) return <LoginView />;
  return (
    <LiveProvider token={auth.token}>
      <div className="shell">
        <TopBar user={auth.user} />
        <LiveCallsView />
      </div>
    </LiveProvider>
  );
}
