/**
 * Teams on the Team screen, without the network: the team filter, who may lead a team, and who would leave another
 * team when an admin puts them in this one (a person is in one team at most).
 */
import { may } from '@livespace/protocol/policy';
import type { Team } from '@livespace/protocol/team-config';
import type { TeamUser } from './team';

/** The Team filter: every team (''), people in none ('none'), or one team's id. */
export type TeamChoice = '' | 'none' | string;

export function matchesTeamChoice(u: Pick<TeamUser, 'teamId'>, choice: TeamChoice): boolean {
  if (choice === '') return true;
  if (choice === 'none') return !u.teamId;
  return u.teamId === choice;
}

/** Who may lead a team (`team.lead`): enabled supervisors and admins, by name. */
export function leadCandidates(users: readonly TeamUser[]): TeamUser[] {
  return users
    .filter((u) => !u.disabled && may(u.role, 'team.lead'))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

/** Of the people chosen for team `teamId` (null: a new team), those now in another team, with that team's name. */
export function movesFrom(
  chosen: ReadonlySet<string>,
  teamId: string | null,
  users: readonly TeamUser[],
  teams: readonly Team[],
): Array<{ name: string; from: string }> {
  const names = new Map(teams.map((t) => [t.id, t.name]));
  return users
    .filter((u) => chosen.has(u.id) && u.teamId && u.teamId !== teamId && names.has(u.teamId))
    .map((u) => ({ name: u.name, from: names.get(u.teamId!)! }));
}

/** A team's members as a sentence's count: "3 people", "1 person", "nobody yet". */
export const peopleCount = (n: number): string => (n === 0 ? 'nobody yet' : `${n} ${n === 1 ? 'person' : 'people'}`);
