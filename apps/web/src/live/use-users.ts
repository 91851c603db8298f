/**
 * The team over HTTP (`/api/users`): the list, fetched on mount, after every change made here and when the tab comes
 * back into view (there is no topic for it); and the admin's changes — add a person, change one, set a password.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PublicUser, Role } from '@livespace/protocol/http';
import { api, ApiError } from '../api';
import type { TeamUser } from './team';

export interface NewUser {
  name: string;
  email: string;
  role: Role;
  queues: string[];
  password: string;
}

export interface UserChange {
  name?: string;
  role?: Role;
  queues?: string[];
  disabled?: boolean;
}

const path = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export const usersApi = {
  list: async (): Promise<TeamUser[]> => (await api<{ items: TeamUser[] }>('/api/users')).items,
  /** 201 `{user}` (without `disabled`: a new account is enabled). */
  create: async (u: NewUser): Promise<TeamUser> => {
    const { user } = await api<{ user: PublicUser }>('/api/users', { method: 'POST', body: JSON.stringify(u) });
    return { ...user, disabled: user.disabled ?? false };
  },
  update: async (id: string, change: UserChange): Promise<TeamUser> => (await api<{ user: TeamUser }>(path(id), { method: 'PATCH', body: JSON.stringify(change) })).user,
  /** Every sign-in of theirs ends; they sign in again with this password. */
  setPassword: (id: string, password: string): Promise<void> => api<void>(`${path(id)}/password`, { method: 'POST', body: JSON.stringify({ password }) }),
};

export interface UsersState {
  status: 'loading' | 'ready' | 'forbidden' | 'error';
  /** As the server lists them; kept while a reload is under way. */
  items: TeamUser[];
  error: string | null;
  reload(): Promise<void>;
}

export function useUsers(enabled: boolean): UsersState {
  const [state, setState] = useState<Omit<UsersState, 'reload'>>({ status: 'loading', items: [], error: null });
  /** Answers to older requests are dropped (a reload may overtake the first load). */
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const n = ++latest.current;
    try {
      const items = await usersApi.list();
      if (n === latest.current) setState({ status: 'ready', items, error: null });
    } catch (err) {
      if (n !== latest.current) return;
      if (err instanceof ApiError && err.status === 403) setState({ status: 'forbidden', items: [], error: null });
      else setState((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'error', error: err instanceof Error ? err.message : 'The server could not be reached' }));
    }
  }, []);

  useEffect(() => {
    if (!enabled) return;
    void reload();
    // Another admin may have changed the team meanwhile: look again when the tab is shown again.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      latest.current++;
    };
  }, [enabled, reload]);

  return { ...state, reload };
}
