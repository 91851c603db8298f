/** The built-in virtual phone network, driven over HTTP (demo, tests, users' scripts). */
import type { FastifyInstance } from 'fastify';
import { SimulatorCallBody, TextBody } from '@livespace/protocol';
import { isPersona, normalizePhone, type PersonaName } from '@livespace/domain';
import type { SimulatorCarrier } from '@livespace/adapters/carrier-simulator/simulator.carrier';
import { randomNumber } from '@livespace/adapters/carrier-simulator/demo-traffic';
import type { Store } from '@livespace/app';
import { HttpError, notFound, parseBody } from '../http/errors';
import { requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

/** Personas a call gets when none is asked for. */
export const TALKING_PERSONAS: readonly PersonaName[] = [
  'overdue',
  'wants_human',
  'callback',
  'interested',
  'not_interested',
];

/**
 * `sessionOf` finds the session that answered a leg; `durable` resolves once what was appended so far to a session is
 * committed, so a session id handed out can be read back at once.
 */
export function simulatorRoutes(
  app: FastifyInstance,
  auth: AuthService,
  store: Store,
  sim: SimulatorCarrier,
  sessionOf: (legId: string) => string | undefined,
  durable: (sessionId: string) => Promise<void>,
): void {
  const operator = requirePermission(auth, 'simulator.operate');

  app.post('/api/simulator/calls', { onRequest: operator }, async (req, reply) => {
    const body = parseBody(SimulatorCallBody, req.body ?? {});
    if (body.persona !== undefined && !isPersona(body.persona)) {
      throw new HttpError(422, 'invalid_input', `persona: unknown persona "${body.persona}"`, 'persona');
    }
    let from = randomNumber(Math.random);
    if (body.from !== undefined) {
      const n = normalizePhone(body.from);
      if (!n.ok) throw new HttpError(422, 'invalid_phone', `from: ${n.message}`, 'from');
      from = n.e164;
    }
    if (body.agentId !== undefined && !(await store.getAgent(body.agentId))) {
      throw new HttpError(422, 'invalid_input', 'agentId: no such agent', 'agentId');
    }
    const persona = body.persona ?? TALKING_PERSONAS[Math.floor(Math.random() * TALKING_PERSONAS.length)]!;
    const call = sim.placeCall({
      persona,
      from,
      channel: body.channel ?? 'voice',
      ...(body.agentId ? { agentId: body.agentId } : {}),
    });
    const sessionId = sessionOf(call.id);
    if (!sessionId) throw new HttpError(503, 'no_agent', 'No AI agent could take the call');
    await durable(sessionId);
    return reply.status(201).send({ sessionId, persona, channel: call.channel });
  });

  const callOf = (sessionId: string) => {
    const call = sim.bySessionId(sessionId);
    if (!call) throw notFound('Simulated call');
    return call;
  };

  app.post<{ Params: { sessionId: string } }>(
    '/api/simulator/calls/:sessionId/say',
    { onRequest: operator },
    async (req, reply) => {
      const call = callOf(req.params.sessionId);
      const { text } = parseBody(TextBody, req.body);
      if (call.isEnded) throw new HttpError(409, 'call_ended', 'The call has ended');
      void call.say(text);
      return reply.status(202).send({ ok: true });
    },
  );

  app.post<{ Params: { sessionId: string } }>(
    '/api/simulator/calls/:sessionId/hangup',
    { onRequest: operator },
    async (req) => {
      const call = callOf(req.params.sessionId);
      if (call.isEnded) throw new HttpError(409, 'call_ended', 'The call has ended');
      call.callerHangup();
      return { ok: true };
    },
  );

  app.get<{ Params: { sessionId: string } }>(
    '/api/simulator/calls/:sessionId',
    { onRequest: operator },
    async (req) => {
      const call = callOf(req.params.sessionId);
      return {
        sessionId: req.params.sessionId,
        persona: call.persona,
        channel: call.channel,
        ended: call.isEnded,
        heard: call.heard,
        said: call.said,
      };
    },
  );
}
