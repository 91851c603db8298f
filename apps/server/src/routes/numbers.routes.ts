/** `/api/numbers`: which AI agent answers which of our numbers, on which carrier and channels. */
import type { FastifyInstance } from 'fastify';
import { PhoneNumberBody, isShortCode } from '@livespace/protocol';
import type { CountryCode } from '@livespace/domain';
import type { Clock, Store } from '@livespace/app';
import { HttpError, notFound, parseBody } from '../http/errors';
import { requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
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

/**
 * One of our numbers: E.164, or an SMS short code kept as its digits (`894546`), as Twilio names it in
 * `To`; so a short code maps to an agent like any number (SMS only). "415 555", with a space, is not one.
 */
function numberOrShortCode(input: string, country: CountryCode): string {
  const digits = input.trim();
  return isShortCode(digits) ? digits : phoneOrThrow(input, country, 'number');
}

export function numberRoutes(app: FastifyInstance, auth: AuthService, deps: NumbersDeps): void {
  app.get('/api/numbers', { onRequest: requirePermission(auth, 'numbers.read') }, async () => ({
    items: deps.numbers.all(),
  }));

  // Which agent answers the public is configuration: admins only.
  app.post('/api/numbers', { onRequest: requirePermission(auth, 'numbers.manage') }, async (req, reply) => {
    const body = parseBody(PhoneNumberBody, req.body);
    const number = numberOrShortCode(body.number, deps.defaultCountry);
    if (isShortCode(number) && (body.carrier !== 'twilio' || body.channels.some((c) => c !== 'sms'))) {
      throw new HttpError(422, 'invalid_input', 'channels: a short code carries SMS only, on Twilio', 'channels');
    }
    if (!deps.agents.get(body.agentId))
      throw new HttpError(422, 'unknown_agent', 'agentId: no such AI agent', 'agentId');
    const existed = deps.numbers.get(number) !== undefined;
    const saved = await deps.store.upsertNumber(
      { number, agentId: body.agentId, carrier: body.carrier, channels: body.channels },
      deps.clock.now(),
    );
    await deps.numbers.changed();
    req.log.info(
      { carrier: saved.carrier, channels: saved.channels, agentId: saved.agentId },
      existed ? 'number mapping changed' : 'number mapped',
    );
    return reply.status(existed ? 200 : 201).send(saved);
  });

  app.delete<{ Params: { number: string } }>(
    '/api/numbers/:number',
    { onRequest: requirePermission(auth, 'numbers.manage') },
    async (req, reply) => {
      const number = numberOrShortCode(req.params.number, deps.defaultCountry);
      if (!(await deps.store.deleteNumber(number))) throw notFound('Number');
      await deps.numbers.changed();
      return reply.status(204).send();
    },
  );
}
