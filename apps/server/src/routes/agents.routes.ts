/** AI agents and their flows. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AgentBody } from '@livespace/protocol';
import type { Clock, Store } from '@livespace/app';
import { HttpError, notFound, parseBody } from '../http/errors';
import { requireUser, requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

/** `llmConfigured`: whether LLM_BASE_URL is set; agents with `llm` nodes are refused without it. */
export function agentRoutes(
  app: FastifyInstance,
  auth: AuthService,
  store: Store,
  clock: Clock,
  llmConfigured: boolean,
  onChanged: () => Promise<void>,
): void {
  app.get('/api/agents', { onRequest: requireUser(auth) }, async () => ({ items: await store.listAgents() }));

  app.get<{ Params: { id: string } }>('/api/agents/:id', { onRequest: requireUser(auth) }, async (req) => {
    const agent = await store.getAgent(req.params.id);
    if (!agent) throw notFound('Agent');
    return agent;
  });

  app.post('/api/agents', { onRequest: requirePermission(auth, 'agents.manage') }, async (req, reply) => {
    const body = parseBody(AgentBody, req.body);
    if (!llmConfigured && Object.values(body.flow.nodes).some((n) => n.type === 'llm')) {
      throw new HttpError(
        422,
        'llm_not_configured',
        'This agent talks through a chat model, and none is configured: set LLM_BASE_URL (and LLM_API_KEY, LLM_MODEL)',
        'llm',
      );
    }
    const agent = await store.createAgent(`agt_${randomUUID()}`, body, clock.now());
    await onChanged();
    req.log.info({ agentId: agent!.id }, 'agent created');
    return reply.status(201).send(agent);
  });
}
