/** Teams and who is in each (users.team_id: a person is in at most one team). */
import type { Team } from '@livespace/protocol';
import type { Sql } from './sql-client';

interface TeamRow {
  id: string;
  name: string;
  lead_id: string | null;
  members: string[] | null;
}
const toTeam = (r: TeamRow): Team => ({ id: r.id, name: r.name, leadId: r.lead_id, members: r.members ?? [] });

const SELECT_TEAMS = `select t.id, t.name, t.lead_id,
    coalesce(array_agg(u.id order by u.name, u.email) filter (where u.id is not null), '{}') as members
  from teams t left join users u on u.team_id = t.id`;

/** Every team, by name, with its members. */
export async function listTeams(db: Sql): Promise<Team[]> {
  return (await db.query<TeamRow>(`${SELECT_TEAMS} group by t.id order by lower(t.name), t.id`)).map(toTeam);
}

export async function getTeam(db: Sql, id: string): Promise<Team | null> {
  const rows = await db.query<TeamRow>(`${SELECT_TEAMS} where t.id = $1 group by t.id`, [id]);
  return rows[0] ? toTeam(rows[0]) : null;
}

/** Creates a team; 'exists' when another team has this name in any case (nothing is written). */
export async function createTeam(
  db: Sql,
  t: { id: string; name: string; leadId: string | null },
  now: Date,
): Promise<'created' | 'exists'> {
  const rows = await db.query<{ id: string }>(
    `insert into teams (id, name, lead_id, created_at, updated_at) values ($1, $2, $3, $4, $4)
     on conflict do nothing returning id`,
    [t.id, t.name, t.leadId, now.toISOString()],
  );
  return rows.length ? 'created' : 'exists';
}

/**
 * Renames a team or changes its lead (`leadId` undefined keeps it, null clears it); 'exists' when the new name is
 * another team's, null when there is no such team.
 */
export async function updateTeam(
  db: Sql,
  id: string,
  patch: { name?: string; leadId?: string | null },
  now: Date,
): Promise<'updated' | 'exists' | null> {
  try {
    const rows = await db.query<{ id: string }>(
      `update teams set name = coalesce($2, name), lead_id = case when $3::boolean then $4 else lead_id end,
         updated_at = $5
       where id = $1 returning id`,
      [id, patch.name ?? null, patch.leadId !== undefined, patch.leadId ?? null, now.toISOString()],
    );
    return rows.length ? 'updated' : null;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return 'exists'; // teams_name_key: another team's name
    throw err;
  }
}

/** Deletes a team (its people are in none); false when there was none. */
export async function deleteTeam(db: Sql, id: string): Promise<boolean> {
  return (await db.query<{ id: string }>('delete from teams where id = $1 returning id', [id])).length > 0;
}

/**
 * Makes `memberIds` exactly the people in team `id`, in one statement: they leave any other team, and whoever was in
 * it and is not named leaves it. Answers the ids of the people whose team changed.
 */
export async function setTeamMembers(db: Sql, id: string, memberIds: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `update users set team_id = case when id = any($2::text[]) then $1 else null end
     where (id = any($2::text[]) and team_id is distinct from $1) or (team_id = $1 and not id = any($2::text[]))
     returning id`,
    [id, [...memberIds]],
  );
  return rows.map((r) => r.id);
}
