/** `GET /api/conversations`: live WhatsApp and SMS conversations; `?attention=true`: those that need a person. */
import type { FastifyInstance } from 'fastify';
import type { Conversation } from '@livespace/protocol';
import { HttpError } from '../http/errors';
import { requireUser } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

export function conversationRoutes(
  app: FastifyInstance,
  auth: AuthService,
  live: (attention: boolean) => Conversation[],
): void {
  app.get('/api/conversations', { onRequest: requireUser(auth) }, async (req) => {
    const q = (req.query as Record<string, string | undefined>).attention;
    if (q !== undefined && q !== 'true' && q !== 'false')
      throw new HttpError(422, 'invalid_input', 'attention: must be true or false', 'attention');
    return { items: live(q === 'true') };
  });
}
