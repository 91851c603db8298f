/**
 * Teams over HTTP (`/api/teams`): the list, fetched on mount, after every change made here and when the tab comes back
 * into view (there is no topic for it); and the admin's changes — make, change and delete a team.
 */
import type { Team } from '@livespace/protocol/team-config';
import { api } from '../api';
import { useFetchedList, type FetchedList } from './use-fetched-list';

export interface TeamChange {
  name?: string;
  leadId?: string | null;
  members?: string[];
}

const path = (id: string) => `/api/teams/${encodeURIComponent(id)}`;

export const teamsApi = {
  list: async (): Promise<Team[]> => (await api<{ items: Team[] }>('/api/teams')).items,
  create: async (t: TeamChange & { name: string }): Promise<Team> =>
    (await api<{ team: Team }>('/api/teams', { method: 'POST', body: JSON.stringify(t) })).team,
  update: async (id: string, change: TeamChange): Promise<Team> =>
    (await api<{ team: Team }>(path(id), { method: 'PATCH', body: JSON.stringify(change) })).team,
  /** Its people are then in no team. */
  remove: (id: string): Promise<void> => api<void>(path(id), { method: 'DELETE' }),
};

export function useTeams(enabled: boolean): FetchedList<Team> {
  return useFetchedList(enabled, teamsApi.list, { reloadWhenShown: true });
}
