/**
 * Teams: `GET /api/teams` (admins and supervisors), `POST /api/teams`, `PATCH /api/teams/:id` and
 * `DELETE /api/teams/:id` (admins), each change written to the audit log.
 */
import type { FastifyInstance } from 'fastify';
import { CreateTeamBody, UpdateTeamBody } from '@livespace/protocol';
import type { TeamAdmin, TeamRefusal } from '@livespace/app';
import { conflict, HttpError, notFound, parseBody } from '../http/errors';
import { requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import type { AuditWriter } from '../http/audit-writer';

function refusal(r: TeamRefusal): HttpError {
  switch (r.refused) {
    case 'exists':
      return conflict('team_exists', r.message);
    case 'not_found':
      return notFound('Team');
    case 'unknown_members':
      return new HttpError(422, 'invalid_input', `members: ${r.message}`, 'members');
    case 'bad_lead':
      return new HttpError(422, 'invalid_input', `leadId: ${r.message}`, 'leadId');
  }
}

const isRefusal = (r: object): r is TeamRefusal => 'refused' in r;

export function teamRoutes(
  app: FastifyInstance,
  auth: AuthService,
  deps: { teams: TeamAdmin; audit: AuditWriter },
): void {
  const { teams, audit } = deps;
  const admin = requirePermission(auth, 'team.manage');
  app.get('/api/teams', { onRequest: requirePermission(auth, 'team.read') }, async () => ({
    items: await teams.list(),
  }));

  app.post('/api/teams', { onRequest: admin }, async (req, reply) => {
    const body = parseBody(CreateTeamBody, req.body);
    const r = await teams.create(body);
    if (isRefusal(r)) throw refusal(r);
    await audit(req, {
      action: 'team.create',
      target: r.id,
      detail: { name: r.name, leadId: r.leadId, members: r.members },
    });
    return reply.status(201).send({ team: r });
  });

  app.patch<{ Params: { id: string } }>('/api/teams/:id', { onRequest: admin }, async (req) => {
    const body = parseBody(UpdateTeamBody, req.body);
    const r = await teams.update(req.params.id, body);
    if (isRefusal(r)) throw refusal(r);
    await audit(req, { action: 'team.update', target: r.id, detail: { ...body } });
    return { team: r };
  });

  app.delete<{ Params: { id: string } }>('/api/teams/:id', { onRequest: admin }, async (req, reply) => {
    const r = await teams.remove(req.params.id);
    if (isRefusal(r)) throw refusal(r);
    await audit(req, { action: 'team.delete', target: r.id, detail: { name: r.name, members: r.members } });
    return reply.status(204).send();
  });
}
