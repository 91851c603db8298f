/** Reading sessions: live lists and one session with its transcript. */
import type { FastifyInstance } from 'fastify';
import { detailFromEvents } from '@livespace/protocol';
import type { Store } from '@livespace/app';
import { HttpError, notFound } from '../http/errors';
import { requireUser } from '../auth/auth.hooks';
import type { AuthService } from '../auth/auth.service';

export function sessionRoutes(app: FastifyInstance, auth: AuthService, store: Store): void {
  app.get('/api/sessions', { onRequest: requireUser(auth) }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.state !== undefined && q.state !== 'live' && q.state !== 'all') {
      throw new HttpError(422, 'invalid_input', 'state: must be "live" or "all"', 'state');
    }
    const limit = q.limit === undefined ? undefined : Number(q.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 5000)) {
      throw new HttpError(422, 'invalid_input', 'limit: must be an integer from 1 to 5000', 'limit');
    }
    const offset = q.offset === undefined ? undefined : Number(q.offset);
    if (offset !== undefined && (!Number.isInteger(offset) || offset < 0 || offset > 1_000_000_000)) throw new HttpError(422, 'invalid_input', 'offset: must be an integer from 0 to 1000000000', 'offset');
    for (const key of ['campaignId', 'outcome'] as const) {
      if (q[key] !== undefined && !/^[\w.-]{1,100}$/.test(q[key])) throw new HttpError(422, 'invalid_input', `${key}: letters, digits, _ . - only`, key);
    }
    return {
      items: await store.listSessions({
        live: q.state !== 'all', ...(limit ? { limit } : {}), ...(offset ? { offset } : {}), ...(q.campaignId ? { campaignId: q.campaignId } : {}), ...(q.outcome ? { outcome: q.outcome } : {}),
      }),
    };
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id', { onRequest: requireUser(auth) }, async (req) => {
    const detail = detailFromEvents(await store.sessionEvents(req.params.id, 0));
    if (!detail) throw notFound('Session');
    return detail;
  });
}
