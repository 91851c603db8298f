/**
 * Queue administration: `GET /api/queues/config` (admins and supervisors), `POST /api/queues` and
 * `PATCH /api/queues/:name` (admins), each change written to the audit log.
 */
import type { FastifyInstance } from 'fastify';
import { CreateQueueBody, UpdateQueueBody } from '@livespace/protocol';
import type { QueueAdmin, QueueRefusal } from '@livespace/app';
import { conflict, HttpError, notFound, parseBody } from '../http/errors';
import { requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import type { AuditWriter } from '../http/audit-writer';

function refusal(r: QueueRefusal): HttpError {
  switch (r.refused) {
    case 'exists':
      return conflict('queue_exists', r.message);
    case 'not_found':
      return notFound('Queue');
    case 'unknown_members':
      return new HttpError(422, 'invalid_input', `members: ${r.message}`, 'members');
  }
}

const isRefusal = (r: object): r is QueueRefusal => 'refused' in r;

export function queueAdminRoutes(
  app: FastifyInstance,
  auth: AuthService,
  deps: { queues: QueueAdmin; audit: AuditWriter },
): void {
  const { queues, audit } = deps;
  app.get('/api/queues/config', { onRequest: requirePermission(auth, 'queues.read') }, async () => ({
    items: await queues.list(),
  }));

  app.post('/api/queues', { onRequest: requirePermission(auth, 'queues.manage') }, async (req, reply) => {
    const body = parseBody(CreateQueueBody, req.body);
    const { name, ...change } = body;
    const r = await queues.create(name, change);
    if (isRefusal(r)) throw refusal(r);
    await audit(req, {
      action: 'queue.create',
      target: name,
      detail: { slaSeconds: r.slaSeconds, priority: r.priority, members: r.members },
    });
    return reply.status(201).send({ queue: r });
  });

  app.patch<{ Params: { name: string } }>(
    '/api/queues/:name',
    { onRequest: requirePermission(auth, 'queues.manage') },
    async (req) => {
      const body = parseBody(UpdateQueueBody, req.body);
      const r = await queues.update(req.params.name, body);
      if (isRefusal(r)) throw refusal(r);
      await audit(req, { action: 'queue.update', target: r.name, detail: { ...body } });
      return { queue: r };
    },
  );
}
