/** AI agents and their flows. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AgentBody } from '@livespace/protocol';
import type { Clock, Store } from '@livespace/app';
import { notFound, parseBody } from '../http/errors';
import { requireUser } from '../auth/auth.hooks';
import type { AuthService } from '../auth/auth.service';

export function agentRoutes(app: FastifyInstance, auth: AuthService, store: Store, clock: Clock, onChanged: () => Promise<void>): void {
  app.get('/api/agents', { preHandler: requireUser(auth) }, async () => ({ items: await store.listAgents() }));

  app.get<{ Params: { id: string } }>('/api/agents/:id', { preHandler: requireUser(auth) }, async (req) => {
    const agent = await store.getAgent(req.params.id);
    if (!agent) throw notFound('Agent');
    return agent;
  });

  app.post('/api/agents', { preHandler: requireUser(auth, 'admin') }, async (req, reply) => {
    const body = parseBody(AgentBody, req.body);
    const agent = await store.createAgent(`agt_${randomUUID()}`, body, clock.now());
    await onChanged();
    req.log.info({ agentId: agent!.id }, 'agent created');
    return reply.status(201).send(agent);
  });
}
