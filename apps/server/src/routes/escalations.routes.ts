/** The escalation queue, human agents' presence and the queues' figures. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CompleteBody, PresenceBody, TransferBody, type EscalationStatus } from '@livespace/protocol';
import type { Escalations, PresenceService, QueueStatsService } from '@livespace/app';
import { HttpError, parseBody, refusalError } from '../http/errors';
import { requireUser } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

const StatusQuery = z.object({
  status: z.enum(['waiting', 'claimed', 'resolved', 'abandoned', 'returned', 'transferred']).optional(),
});

export function escalationRoutes(
  app: FastifyInstance,
  auth: AuthService,
  deps: { escalations: Escalations; presence: PresenceService; queues: QueueStatsService },
): void {
  const user = requireUser(auth);

  app.get('/api/escalations', { onRequest: user }, async (req) => {
    const q = StatusQuery.safeParse(req.query);
    if (!q.success)
      throw new HttpError(
        422,
        'invalid_input',
        'status: one of waiting, claimed, resolved, abandoned, returned, transferred',
        'status',
      );
    const statuses: EscalationStatus[] = q.data.status ? [q.data.status] : ['waiting', 'claimed'];
    return { items: await deps.escalations.list(statuses) };
  });

  app.post<{ Params: { id: string } }>('/api/escalations/:id/claim', { onRequest: user }, async (req) => {
    const u = req.user!;
    const r = await deps.escalations.claim(req.params.id, { id: u.id, name: u.name, role: u.role, queues: u.queues });
    if (!r.ok) throw refusalError(r);
    req.log.info({ escalationId: req.params.id, userId: u.id }, 'escalation claimed');
    return { ok: true, escalation: r.escalation };
  });

  app.post<{ Params: { id: string } }>('/api/escalations/:id/complete', { onRequest: user }, async (req) => {
    const body = parseBody(CompleteBody, req.body);
    const u = req.user!;
    const r = await deps.escalations.complete(req.params.id, { id: u.id, name: u.name, role: u.role }, body);
    if (!r.ok) throw refusalError(r);
    req.log.info({ escalationId: req.params.id, userId: u.id, resolution: body.resolution }, 'escalation completed');
    return { ok: true, escalation: r.escalation };
  });

  // Supervisors, or the human agent holding the call; the session machine checks who holds it.
  app.post<{ Params: { id: string } }>('/api/sessions/:id/transfer', { onRequest: user }, async (req) => {
    const body = parseBody(TransferBody, req.body);
    const u = req.user!;
    const r = await deps.escalations.transfer(req.params.id, { id: u.id, name: u.name, role: u.role }, body);
    if (!r.ok) throw refusalError(r);
    req.log.info({ sessionId: req.params.id, userId: u.id, to: body.queue ? 'queue' : 'agent' }, 'session transferred');
    return { ok: true };
  });

  app.get('/api/presence', { onRequest: user }, async () => ({ items: await deps.presence.list() }));

  app.put('/api/presence/me', { onRequest: user }, async (req) => {
    const { status } = parseBody(PresenceBody, req.body);
    const r = await deps.presence.setMine(req.user!, status);
    if (!r.ok) throw refusalError(r);
    return r.presence;
  });

  // docs/api.md: a plain array of queues.
  app.get('/api/queues', { onRequest: user }, async () => deps.queues.compute());
}
