/** Authentication for every /api route and the WebSocket: bearer header, ?token= or the cookie. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor, type Permission, type Role } from '@livespace/protocol';
import type { UserRecord } from '@livespace/app';
import { forbidden, unauthorized } from '../http/errors';
import type { AuthService, Login } from './auth-service';

export const TOKEN_COOKIE = 'livespace_token';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRecord | null;
    /** The login the request came with (set with `user`). */
    login: Login | null;
  }
}

/** The token a request carries, if any. */
export function tokenOf(req: FastifyRequest): string | null {
  return credentialOf(req)?.token ?? null;
}

/** The token a request carries and where: a header or the query are sent on purpose; a cookie rides along by itself. */
function credentialOf(req: FastifyRequest): { token: string; from: 'header' | 'query' | 'cookie' } | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) {
    const token = h.slice(7).trim();
    return token ? { token, from: 'header' } : null;
  }
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  if (typeof q === 'string' && q) return { token: q, from: 'query' };
  const cookie = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  const token = cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : '';
  return token ? { token, from: 'cookie' } : null;
}

/**
 * A request that authenticates with the cookie and changes something (or opens the live WebSocket) must come
 * from this server's own pages: a browser sends the cookie with another site's form posts too (CSRF).
 */
function crossOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return false; // not a browser, or a same-origin GET
  const safe = (req.method === 'GET' || req.method === 'HEAD') && req.headers.upgrade?.toLowerCase() !== 'websocket';
  if (safe) return false;
  const host = (req.headers['x-forwarded-host'] as string | undefined)?.split(',')[0]?.trim() || req.headers.host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * An `onRequest` hook that requires a logged-in user (any role). It runs before the body is read: an anonymous
 * upload is refused without reading it.
 */
export function requireUser(auth: AuthService) {
  return signedIn(auth, []);
}

/**
 * An `onRequest` hook that requires a logged-in user whose role may `permission` (the roles of `POLICY`; a holder's
 * right is the route's own to check, once it knows what the user holds). Refused 403 naming those roles.
 */
export function requirePermission(auth: AuthService, permission: Permission) {
  return signedIn(auth, rolesFor(permission));
}

function signedIn(auth: AuthService, roles: readonly Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const credential = credentialOf(req);
    if (credential?.from === 'cookie' && crossOrigin(req))
      throw forbidden('Requests signed in by cookie must come from Live Space itself');
    const token = credential?.token ?? null;
    const login = token ? await auth.loginFor(token) : null;
    if (!login) throw unauthorized(token ? 'Your session has expired; log in again' : 'Log in first');
    if (roles.length > 0 && !roles.includes(login.user.role)) throw forbidden(`Requires role ${roles.join(' or ')}`);
    req.user = login.user;
    req.login = login;
  };
}
