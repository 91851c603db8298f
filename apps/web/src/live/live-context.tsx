/** Provides the app's one LiveSocket to the views, and exposes a small hook for browser tests. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api } from '../api';
import type { PublicUser } from '@livespace/protocol/http';
import { signOut, updateUser } from '../auth';
import { currentListenStats, type ListenStats } from './listen';
import { LiveSocket, type ConnectionStatus, type LiveSocketStats } from './live-socket';

const LiveContext = createContext<LiveSocket | null>(null);

/** What `window.__livespace` offers to tests and to a curious supervisor's console. */
interface LiveTestHook {
  /** Closes the WebSocket as a network failure would; with `hold`, stays down until `resumeConnection()`. */
  dropConnection(opts?: { hold?: boolean }): void;
  resumeConnection(): void;
  status(): ConnectionStatus;
  stats(): LiveSocketStats;
  /** The inbound audio of the call being listened to (WebRTC inbound-rtp stats); null when not listening. */
  listenStats(): Promise<ListenStats | null>;
}

declare global {
  interface Window {
    __livespace?: LiveTestHook;
  }
}

export function LiveProvider({ token, children }: { token: string; children: ReactNode }) {
  const [socket, setSocket] = useState<LiveSocket | null>(null);

  useEffect(() => {
    let lastCheck = 0;
    const s = new LiveSocket({
      token,
      onUnauthorized: signOut,
      // A new role or queues: what the screens offer follows at once.
      onAccountChanged: () => {
        api<{ user: PublicUser }>('/api/auth/me')
          .then((r) => updateUser(r.user))
          .catch(() => undefined);
      },
      onConnectFailed: () => {
        // The WebSocket cannot tell us why it failed; ask the HTTP API whether the token still holds
        // (api() signs out on 401).
        if (Date.now() - lastCheck < 10_000) return;
        lastCheck = Date.now();
        api('/api/auth/me').catch(() => undefined);
      },
    });
    window.__livespace = {
      dropConnection: (opts) => s.dropConnection(opts?.hold ?? false),
      resumeConnection: () => s.resume(),
      status: () => s.status,
      stats: () => ({ ...s.stats, sent: [...s.stats.sent] }),
      listenStats: currentListenStats,
    };
    setSocket(s);
    return () => {
      s.close();
      delete window.__livespace;
    };
  }, [token]);

  if (!socket) return null;
  return <LiveContext.Provider value={socket}>{children}</LiveContext.Provider>;
}

export function useLiveSocket(): LiveSocket {
  const s = useContext(LiveContext);
  if (!s) throw new Error('useLiveSocket outside LiveProvider');
  return s;
}

export function useConnectionStatus(): ConnectionStatus {
  const s = useLiveSocket();
  return useSyncExternalStore(
    (l) => s.onStatus(l),
    () => s.status,
  );
}
