/** Authentication for every /api route and the WebSocket: bearer header, ?token= or the cookie. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@livespace/protocol';
import type { UserRecord } from '@livespace/app';
import { forbidden, unauthorized } from '../http/errors';
import type { AuthService } from './auth.service';

export const TOKEN_COOKIE = 'livespace_token';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRecord | null;
  }
}

/** The token a request carries, if any. */
export function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  if (typeof q === 'string' && q) return q;
  const cookie = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) || null : null;
}

/**
 * An `onRequest` hook that requires a logged-in user with one of `roles` (any role when empty). It runs
 * before the body is read: an anonymous upload is refused without reading it.
 */
export function requireUser(auth: AuthService, ...roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = tokenOf(req);
    const user = token ? await auth.userForToken(token) : null;
    if (!user) throw unauthorized(token ? 'Your session has expired; log in again' : 'Log in first');
    if (roles.length > 0 && !roles.includes(user.role)) throw forbidden(`Requires role ${roles.join(' or ')}`);
    req.user = user;
  };
}
