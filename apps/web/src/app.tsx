/** Signed out: the login page. Signed in: one live connection, the top bar, and the section the URL names. */
import { lazy, Suspense, useEffect, useRef, useSyncExternalStore } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { api } from './api';
import { getAuth, subscribeAuth, updateUser } from './auth';
import { setDefaultCountry } from './phone';
import { TopBar } from './components/top-bar';
import { LiveProvider } from './live/live-context';
import { homeFor, navigate, sectionOf, useLocation } from './router';
import { AgentWorkspaceView } from './views/agent-workspace.view';
import { CallbacksView } from './views/callbacks.view';
import { CampaignCallsView } from './views/campaign-calls.view';
import { CampaignsView } from './views/campaigns.view';
import { HistoryView } from './views/history.view';
import { campaignIdFromCallsPath } from './campaign-paths';
import { LiveCallsView } from './views/live-calls.view';
import { LoginView } from './views/login.view';
import { MessagesView } from './views/messages.view';
import { NumbersView } from './views/numbers.view';
import { QueuesView } from './views/queues.view';
import { TeamView } from './views/team.view';

/** Analytics and its charts (uPlot) load when first opened: a chunk of their own, not in every page load. */
const AnalyticsView = lazy(() => import('./views/analytics.view').then((m) => ({ default: m.AnalyticsView })));

export function App() {
  const auth = useSyncExternalStore(subscribeAuth, getAuth);
  const { pathname } = useLocation();
  /** The first signed-in render of this page load or sign-in: opening the app or signing in at `/` lands on the role's home. */
  const landed = useRef(false);

  // Check the stored token once per sign-in; api() signs out on 401.
  useEffect(() => {
    if (!auth.token) return;
    api<{ user: PublicUser; settings?: { defaultCountry?: string } }>('/api/auth/me')
      .then((r) => {
        if (r.settings?.defaultCountry) setDefaultCountry(r.settings.defaultCountry);
        updateUser(r.user);
      })
      .catch(() => undefined);
  }, [auth.token]);

  useEffect(() => {
    if (auth.token && pathname === '/login') navigate(homeFor(auth.user?.role), { replace: true });
  }, [auth.token, auth.user?.role, pathname]);

  // Opening the app at its root, or signing in there: a human agent starts in the workspace. (Signing in keeps any
  // other address the page was opened at, like a deep link; from /login it goes to the role's home too.)
  useEffect(() => {
    if (landed.current || !auth.token || !auth.user) return;
    landed.current = true;
    if (pathname === '/' && !window.location.search) {
      const home = homeFor(auth.user.role);
      if (home !== '/') navigate(home, { replace: true });
    }
  }, [auth.token, auth.user, pathname]);

  if (!auth.token) {
    // The next sign-in lands like opening the app: at the bare root, on the role's home; any other address stays.
    landed.current = false;
    return <LoginView />;
  }
  const section = sectionOf(pathname);
  return (
    <LiveProvider token={auth.token}>
      <div className="shell">
        <TopBar user={auth.user} />
        {section === 'agent' ? (
          <AgentWorkspaceView />
        ) : section === 'messages' ? (
          <MessagesView />
        ) : section === 'queues' ? (
          <QueuesView />
        ) : section === 'callbacks' ? (
          <CallbacksView />
        ) : section === 'campaigns' ? (
          campaignIdFromCallsPath(pathname) ? <CampaignCallsView /> : <CampaignsView />
        ) : section === 'numbers' ? (
          <NumbersView />
        ) : section === 'history' ? (
          <HistoryView />
        ) : section === 'team' ? (
          <TeamView />
        ) : section === 'analytics' ? (
          <Suspense fallback={<div className="placeholder" data-testid="analytics-loading">Loading Analytics…</div>}>
            <AnalyticsView />
          </Suspense>
        ) : (
          <LiveCallsView />
        )}
      </div>
    </LiveProvider>
  );
}
