/** Signed out: the login page. Signed in: one live connection, the top bar, and the section the URL names. */
import { lazy, Suspense, useEffect, useRef, useSyncExternalStore, type ComponentType } from 'react';
import type { PublicUser } from '@livespace/protocol/http';
import { api } from './api';
import { getAuth, subscribeAuth, updateUser } from './auth';
import { setDefaultCountry } from './phone';
import { TopBar } from './components/top-bar';
import { LiveProvider } from './live/live-context';
import { homeFor, navigate, sectionOf, useLocation } from './router';
import { campaignIdFromCallsPath } from './campaign-paths';
import { LiveCallsView } from './views/live-calls.view';
import { LoginView } from './views/login.view';

/**
 * Live Calls (the supervisors' home) and the sign-in page come with the first load; every other section loads as its
 * own chunk when first opened, so the first page does not wait for screens it may never show.
 */
const section = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));
const AgentWorkspaceView = section(() => import('./views/agent-workspace.view'), 'AgentWorkspaceView');
const AnalyticsView = section(() => import('./views/analytics.view'), 'AnalyticsView');
const CallbacksView = section(() => import('./views/callbacks.view'), 'CallbacksView');
const CampaignCallsView = section(() => import('./views/campaign-calls.view'), 'CampaignCallsView');
const CampaignsView = section(() => import('./views/campaigns.view'), 'CampaignsView');
const HistoryView = section(() => import('./views/history.view'), 'HistoryView');
const MessagesView = section(() => import('./views/messages.view'), 'MessagesView');
const NumbersView = section(() => import('./views/numbers.view'), 'NumbersView');
const QueuesView = section(() => import('./views/queues.view'), 'QueuesView');
const TeamView = section(() => import('./views/team.view'), 'TeamView');

/** While a section's chunk loads (a moment, once per page load). */
const Loading = () => (
  <div className="placeholder" data-testid="section-loading" role="status">
    Loading…
  </div>
);

export function App() {
  const auth = useSyncExternalStore(subscribeAuth, getAuth);
  const { pathname } = useLocation();
  /**
   * The first signed-in render of this page load or sign-in: opening the app or signing in at `/` lands on the role's
   * home.
   */
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
  const view = sectionOf(pathname);
  return (
    <LiveProvider token={auth.token}>
      <div className="shell">
        <TopBar user={auth.user} />
        <main className="shell-main" id="main">
          <Suspense fallback={<Loading />}>
            {view === 'agent' ? (
              <AgentWorkspaceView />
            ) : view === 'messages' ? (
              <MessagesView />
            ) : view === 'queues' ? (
              <QueuesView />
            ) : view === 'callbacks' ? (
              <CallbacksView />
            ) : view === 'campaigns' ? (
              campaignIdFromCallsPath(pathname) ? (
                <CampaignCallsView />
              ) : (
                <CampaignsView />
              )
            ) : view === 'numbers' ? (
              <NumbersView />
            ) : view === 'history' ? (
              <HistoryView />
            ) : view === 'team' ? (
              <TeamView />
            ) : view === 'analytics' ? (
              <AnalyticsView />
            ) : (
              <LiveCallsView />
            )}
          </Suspense>
        </main>
      </div>
    </LiveProvider>
  );
}
