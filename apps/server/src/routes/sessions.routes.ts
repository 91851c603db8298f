/**
 * Reading sessions: live lists, history (filters, search, cursor paging: session-history.ts) and one session with its
 * transcript.
 */
import type { FastifyInstance } from 'fastify';
import { detailFromEvents, HISTORY_ONLY_PARAMS, type SessionDetail } from '@livespace/protocol';
import { mayReadSession, type Store } from '@livespace/app';
import { forbidden, HttpError, notFound } from '../http/errors';
import { requireUser } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';
import { historyCount, historyPage, historyScope } from './session-history';

/** `decorate`: adds to a session's detail what is kept beside its events (its recording). */
export function sessionRoutes(
  app: FastifyInstance,
  auth: AuthService,
  store: Store,
  decorate?: (detail: SessionDetail) => Promise<void>,
): void {
  app.get('/api/sessions/count', { onRequest: requireUser(auth) }, async (req) =>
    historyCount(store, req.user!, req.query as Record<string, unknown>),
  );

  app.get('/api/sessions', { onRequest: requireUser(auth) }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.state !== undefined && q.state !== 'live' && q.state !== 'ended' && q.state !== 'all') {
      throw new HttpError(422, 'invalid_input', 'state: must be "live", "ended" or "all"', 'state');
    }
    // History (filters, search, cursor paging): `state=ended`, and `state=all` unless it pages the older way, by
    // `offset`.
    if (q.offset !== undefined) {
      const other = q.state === 'ended' ? 'state' : HISTORY_ONLY_PARAMS.find((k) => q[k] !== undefined);
      if (other)
        throw new HttpError(422, 'invalid_input', `offset: history (${other}) pages with cursor, not offset`, 'offset');
    } else if (q.state === 'ended' || q.state === 'all') {
      return historyPage(store, req.user!, req.query as Record<string, unknown>);
    }
    const limit = q.limit === undefined ? undefined : Number(q.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 5000)) {
      throw new HttpError(422, 'invalid_input', 'limit: must be an integer from 1 to 5000', 'limit');
    }
    const offset = q.offset === undefined ? undefined : Number(q.offset);
    if (offset !== undefined && (!Number.isInteger(offset) || offset < 0 || offset > 1_000_000_000))
      throw new HttpError(422, 'invalid_input', 'offset: must be an integer from 0 to 1000000000', 'offset');
    for (const key of ['campaignId', 'outcome'] as const) {
      if (q[key] !== undefined && !/^[\w.-]{1,100}$/.test(q[key]))
        throw new HttpError(422, 'invalid_input', `${key}: letters, digits, _ . - only`, key);
    }
    // The older list of every session is history too: a human agent reads only the sessions they handled (see
    // historyScope).
    const handledBy = q.state === 'all' ? historyScope(req.user!, undefined) : undefined;
    return {
      items: await store.listSessions({
        live: q.state !== 'all',
        ...(limit ? { limit } : {}),
        ...(offset ? { offset } : {}),
        ...(q.campaignId ? { campaignId: q.campaignId } : {}),
        ...(q.outcome ? { outcome: q.outcome } : {}),
        ...(handledBy ? { handledBy } : {}),
      }),
    };
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id', { onRequest: requireUser(auth) }, async (req) => {
    if (!(await mayReadSession(store, req.user!, req.params.id)))
      throw forbidden('Human agents read live sessions and, once ended, only those they handled');
    const detail = detailFromEvents(await store.sessionEvents(req.params.id, 0));
    if (!detail) throw notFound('Session');
    await decorate?.(detail);
    return detail;
  });
}
