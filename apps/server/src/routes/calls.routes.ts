/** Dial Now: an AI agent calls a number at once. */
import type { FastifyInstance } from 'fastify';
import { DialBody, type Actor } from '@livespace/protocol';
import { isPersona, normalizePhone, type CountryCode } from '@livespace/domain';
import type { OutboundCalls } from '@livespace/app';
import { HttpError, parseBody } from '../http/errors';
import { requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import type { AgentDirectory } from '../agent-directory';

export interface CallsDeps {
  outbound: OutboundCalls;
  agents: AgentDirectory;
  defaultCountry: CountryCode;
  callerId: string;
}

/** Checks and normalizes a number typed by a person: a 422 naming `field` when it is not one. */
export function phoneOrThrow(input: string, country: CountryCode, field: string): string {
  const r = normalizePhone(input, country);
  if (!r.ok) throw new HttpError(422, 'invalid_phone', `${field}: ${r.message}`, field);
  return r.e164;
}

export function callRoutes(app: FastifyInstance, auth: AuthService, deps: CallsDeps): void {
  // Placing calls costs money and reaches strangers: supervisors and admins only.
  const staff = requirePermission(auth, 'calls.dial');

  app.post('/api/calls', { onRequest: staff }, async (req, reply) => {
    const body = parseBody(DialBody, req.body);
    const to = phoneOrThrow(body.to, deps.defaultCountry, 'to');
    const agent = deps.agents.get(body.agentId);
    if (!agent) throw new HttpError(422, 'unknown_agent', 'agentId: no such AI agent', 'agentId');
    if (body.persona !== undefined && !isPersona(body.persona))
      throw new HttpError(422, 'invalid_input', 'persona: not a simulator persona', 'persona');
    const u = req.user!;
    const by: Actor = { id: u.id, name: u.name };
    const { sessionId } = await deps.outbound.place({
      agent,
      to,
      from: deps.callerId,
      outbound: { kind: 'dial_now', by },
      ...(body.persona ? { persona: body.persona } : {}),
      ...(body.variables ? { variables: body.variables } : {}),
    });
    req.log.info({ sessionId, agentId: agent.id, userId: u.id }, 'dial now');
    return reply.status(201).send({ sessionId });
  });
}
