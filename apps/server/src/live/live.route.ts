/** `GET /api/live`: the WebSocket of live updates; the token comes as ?token=, bearer header or cookie. */
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../auth/auth-service';
import { requireUser } from '../auth/auth-hooks';
import type { LiveGateway } from './gateway';

export function liveRoute(app: FastifyInstance, auth: AuthService, gateway: LiveGateway): void {
  app.get('/api/live', { websocket: true, preValidation: requireUser(auth) }, (socket, req) => {
    const batch = (req.query as Record<string, unknown>).batch === '1';
    // The socket closes when the login it came with ends or expires.
    const login = req.login!;
    gateway.connect(socket, login.user, batch, { tokenHash: login.tokenHash, expiresAt: login.expiresAt });
  });
}
