/**
 * Teams (`GET /api/teams`, `POST /api/teams`, `PATCH /api/teams/:id`, `DELETE /api/teams/:id`): a named group of
 * people led by a supervisor, so a supervisor reads their own people's figures and screens together. A person is in
 * at most one team: setting a team's `members` takes them out of any other team (and out of this one whoever is not
 * named). Deleting a team leaves its people in none.
 */
import { z } from 'zod';

export interface Team {
  id: string;
  name: string;
  /** The supervisor (or admin) who leads it; null when nobody does. */
  leadId: string | null;
  /** Ids of the people in it, by name. */
  members: string[];
}

const TeamName = z.string().trim().min(1).max(100);
const LeadId = z.string().trim().min(1).max(100).nullable();
const Members = z.array(z.string().trim().min(1).max(100)).max(1000);

/** `POST /api/teams` (admin). */
export const CreateTeamBody = z
  .object({
    name: TeamName,
    leadId: LeadId.optional(),
    members: Members.optional(),
  })
  .strict();
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;

/** `PATCH /api/teams/:id` (admin): at least one field; `leadId: null` leaves the team without a lead. */
export const UpdateTeamBody = z
  .object({
    name: TeamName.optional(),
    leadId: LeadId.optional(),
    members: Members.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one of name, leadId, members' });
export type UpdateTeamBody = z.infer<typeof UpdateTeamBody>;
