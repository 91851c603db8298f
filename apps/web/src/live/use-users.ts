/**
 * The team over HTTP (`/api/users`): the list, fetched on mount, after every change made here and when the tab comes
 * back into view (there is no topic for it); and the admin's changes — add a person, change one, set a password.
 */
import type { PublicUser, Role } from '@livespace/protocol/http';
import { api } from '../api';
import type { TeamUser } from './team';
import { useFetchedList, type FetchedList } from './use-fetched-list';

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
  update: async (id: string, change: UserChange): Promise<TeamUser> =>
    (await api<{ user: TeamUser }>(path(id), { method: 'PATCH', body: JSON.stringify(change) })).user,
  /** Every sign-in of theirs ends; they sign in again with this password. */
  setPassword: (id: string, password: string): Promise<void> =>
    api<void>(`${path(id)}/password`, { method: 'POST', body: JSON.stringify({ password }) }),
};

export type UsersState = FetchedList<TeamUser>;

/** Another admin may have changed the team meanwhile: the list is read again when the tab is shown again. */
export function useUsers(enabled: boolean): UsersState {
  return useFetchedList(enabled, usersApi.list, { reloadWhenShown: true });
}
