/** Scheduled callbacks: list, book, reschedule, call now, cancel. */
import type { FastifyInstance } from 'fastify';
import { CallbackBody, CallbackPatch } from '@livespace/protocol';
import type { CountryCode } from '@livespace/domain';
import type { CallbackOutcome, CallbackService } from '@livespace/app';
import { HttpError, parseBody, refusalError } from '../http/errors';
import { requireUser, requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import type { AgentDirectory } from '../agent-directory';
import { phoneOrThrow } from './calls.routes';

function answer(r: CallbackOutcome) {
  if (!r.ok) throw refusalError(r);
  return r.callback;
}

export function callbackRoutes(
  app: FastifyInstance,
  auth: AuthService,
  deps: { callbacks: CallbackService; agents: AgentDirectory; defaultCountry: CountryCode },
): void {
  const user = requireUser(auth);
  // Booking and changing calls is for the staff who run them; human agents may see the list.
  const staff = requirePermission(auth, 'callbacks.manage');

  app.get('/api/callbacks', { onRequest: user }, async () => ({ items: await deps.callbacks.list() }));

  app.post('/api/callbacks', { onRequest: staff }, async (req, reply) => {
    const body = parseBody(CallbackBody, req.body);
    const to = phoneOrThrow(body.to, deps.defaultCountry, 'to');
    if (!deps.agents.get(body.agentId))
      throw new HttpError(422, 'unknown_agent', 'agentId: no such AI agent', 'agentId');
    const u = req.user!;
    const callback = answer(
      await deps.callbacks.create({
        to,
        agentId: body.agentId,
        at: body.at,
        createdBy: { id: u.id, name: u.name },
        ...(body.timeZone ? { timeZone: body.timeZone } : {}),
        ...(body.note ? { note: body.note } : {}),
        ...(body.maxAttempts ? { maxAttempts: body.maxAttempts } : {}),
      }),
    );
    req.log.info({ callbackId: callback.id, userId: u.id }, 'callback booked');
    return reply.status(201).send(callback);
  });

  app.patch<{ Params: { id: string } }>('/api/callbacks/:id', { onRequest: staff }, async (req) => {
    const { at } = parseBody(CallbackPatch, req.body);
    return answer(await deps.callbacks.change(req.params.id, { type: 'reschedule', at }));
  });

  app.post<{ Params: { id: string } }>('/api/callbacks/:id/call-now', { onRequest: staff }, async (req) =>
    answer(await deps.callbacks.change(req.params.id, { type: 'call_now' })),
  );

  app.delete<{ Params: { id: string } }>('/api/callbacks/:id', { onRequest: staff }, async (req) =>
    answer(await deps.callbacks.change(req.params.id, { type: 'cancel' })),
  );
}
