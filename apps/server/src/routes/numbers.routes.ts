/** `/api/numbers`: which AI agent answers which of our numbers, on which carrier and channels. */
import type { FastifyInstance } from 'fastify';
import { PhoneNumberBody } from '@livespace/protocol';
import type { CountryCode } from '@livespace/domain';
import type { Clock, Store } from '@livespace/app';
import { HttpError, notFound, parseBody } from '../http/errors';
import { requireUser } from '../auth/auth.hooks';
import type { AuthService } from '../auth/auth.service';
import type { AgentDirectory } from '../agent-directory';
import type { NumberDirectory } from '../number-directory';
import { phoneOrThrow } from './calls.routes';

export interface NumbersDeps {
  store: Store;
  clock: Clock;
  agents: AgentDirectory;
  numbers: NumberDirectory;
  defaultCountry: CountryCode;
}

export function numberRoutes(app: FastifyInstance, auth: AuthService, deps: NumbersDeps): void {
  app.get('/api/numbers', { onRequest: requireUser(auth, 'admin', 'supervisor') }, async () => ({ items: deps.numbers.all() }));

  // Which agent answers the public is configuration: admins only.
  app.post('/api/numbers', { onRequest: requireUser(auth, 'admin') }, async (req, reply) => {
    const body = parseBody(PhoneNumberBody, req.body);
    const number = phoneOrThrow(body.number, deps.defaultCountry, 'number');
    if (!deps.agents.get(body.agentId)) throw new HttpError(422, 'unknown_agent', 'agentId: no such AI agent', 'agentId');
    const existed = deps.numbers.get(number) !== undefined;
    const saved = await deps.store.upsertNumber({ number, agentId: body.agentId, carrier: body.carrier, channels: body.channels }, deps.clock.now());
    await deps.numbers.changed();
    req.log.info({ carrier: saved.carrier, channels: saved.channels, agentId: saved.agentId }, existed ? 'number mapping changed' : 'number mapped');
    return reply.status(existed ? 200 : 201).send(saved);
  });

  app.delete<{ Params: { number: string } }>('/api/numbers/:number', { onRequest: requireUser(auth, 'admin') }, async (req, reply) => {
    const number = phoneOrThrow(req.params.number, deps.defaultCountry, 'number');
    if (!(await deps.store.deleteNumber(number))) throw notFound('Number');
    await deps.numbers.changed();
    return reply.status(204).send();
  });
}
