/**
 * Use case: teams. An admin groups people into teams, each led by a supervisor (or an admin), so a supervisor reads
 * their own people together (the Team screen, the per-agent figures). A person is in at most one team. Nothing is
 * kept in memory: every read asks the store, so every process sees a change at once.
 */
import { may, type Team } from '@livespace/protocol';
import type { Clock, Store } from '../ports/index';

/** Why a team change was refused, in the teams' own terms. */
export type TeamRefusal =
  | { refused: 'exists'; message: string }
  | { refused: 'not_found'; message: string }
  | { refused: 'unknown_members'; ids: string[]; message: string }
  | { refused: 'bad_lead'; message: string };

export interface TeamChange {
  name?: string;
  leadId?: string | null;
  members?: string[];
}

export class TeamAdmin {
  constructor(private readonly deps: { store: Store; clock: Clock; newId: () => string }) {}

  list(): Promise<Team[]> {
    return this.deps.store.listTeams();
  }

  async create(change: TeamChange & { name: string }): Promise<Team | TeamRefusal> {
    const refused = await this.check(change);
    if (refused) return refused;
    const id = this.deps.newId();
    const created = await this.deps.store.createTeam(
      { id, name: change.name, leadId: change.leadId ?? null },
      this.deps.clock.now(),
    );
    if (created === 'exists') return exists(change.name);
    if (change.members) await this.deps.store.setTeamMembers(id, change.members);
    return (await this.deps.store.getTeam(id))!;
  }

  async update(id: string, change: TeamChange): Promise<Team | TeamRefusal> {
    if (!(await this.deps.store.getTeam(id))) return notFound(id);
    const refused = await this.check(change);
    if (refused) return refused;
    if (change.name !== undefined || change.leadId !== undefined) {
      const updated = await this.deps.store.updateTeam(
        id,
        { name: change.name, leadId: change.leadId },
        this.deps.clock.now(),
      );
      if (updated === 'exists') return exists(change.name!);
      if (updated === null) return notFound(id);
    }
    if (change.members) await this.deps.store.setTeamMembers(id, change.members);
    return (await this.deps.store.getTeam(id)) ?? notFound(id);
  }

  /** Deletes a team; its people are then in none. */
  async remove(id: string): Promise<Team | TeamRefusal> {
    const team = await this.deps.store.getTeam(id);
    if (!team || !(await this.deps.store.deleteTeam(id))) return notFound(id);
    return team;
  }

  /** The members must be people, and the lead a supervisor or an admin who is not disabled. */
  private async check(change: TeamChange): Promise<TeamRefusal | null> {
    if (!change.members?.length && !change.leadId) return null;
    const users = new Map((await this.deps.store.listUsers()).map((u) => [u.id, u]));
    const unknown = [...new Set(change.members ?? [])].filter((id) => !users.has(id));
    if (unknown.length)
      return { refused: 'unknown_members', ids: unknown, message: `No user has the id ${unknown.join(', ')}` };
    if (change.leadId) {
      const lead = users.get(change.leadId);
      if (!lead) return { refused: 'bad_lead', message: `No user has the id ${change.leadId}` };
      if (!may(lead.role, 'team.lead'))
        return {
          refused: 'bad_lead',
          message: `${lead.name} is a human agent; a team is led by a supervisor or an admin`,
        };
      if (lead.disabled) return { refused: 'bad_lead', message: `${lead.name} is disabled` };
    }
    return null;
  }
}

const exists = (name: string): TeamRefusal => ({ refused: 'exists', message: `A team is named ${name} already` });
const notFound = (id: string): TeamRefusal => ({ refused: 'not_found', message: `No team has the id ${id}` });
