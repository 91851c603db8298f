/**
 * One's own preferences: `GET /api/me/preferences` and `PUT /api/me/preferences` (any signed-in person, for
 * themselves).
 */
import type { FastifyInstance } from 'fastify';
import { PreferencesBody } from '@livespace/protocol';
import type { Store } from '@livespace/app';
import { notFound, parseBody } from '../http/errors';
import { requireUser } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

export function preferencesRoutes(app: FastifyInstance, auth: AuthService, store: Store): void {
  const signedIn = requireUser(auth);
  app.get('/api/me/preferences', { onRequest: signedIn }, async (req) => {
    const preferences = await store.getPreferences(req.user!.id);
    if (!preferences) throw notFound('User');
    return { preferences };
  });

  app.put('/api/me/preferences', { onRequest: signedIn }, async (req) => {
    const body = parseBody(PreferencesBody, req.body);
    const preferences = await store.mergePreferences(req.user!.id, body);
    if (!preferences) throw notFound('User');
    return { preferences };
  });
}
