/** Login, logout, who am I, and user creation (admin). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CreateUserBody, LoginBody } from '@livespace/protocol';
import { HttpError, parseBody, conflict } from '../http/errors';
import { publicUser, type AuthService } from '../auth/auth.service';
import { requireUser, tokenOf, TOKEN_COOKIE } from '../auth/auth.hooks';

/** `onUserCreated`: a new user exists (a new human agent appears on the `presence` topic). */
/** Settings the web app needs to behave as the server will (numbers typed without + are read in `defaultCountry`). */
export interface ClientSettings {
  defaultCountry: string;
}

export function authRoutes(
  app: FastifyInstance, auth: AuthService, secureCookie: boolean, onUserCreated: (userId: string) => Promise<void> = async () => {},
  settings: ClientSettings = { defaultCountry: 'US' }, onLogout: (token: string) => void = () => {}, loginsPerMinute = 10,
): void {
  // Each attempt hashes a password: limited per email and address, checked before any hashing.
  const loginLimit = {
    max: loginsPerMinute, timeWindow: 60_000, hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`,
    errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string }) => new HttpError(429, 'too_many_attempts', `Too many sign-in attempts; try again in ${ctx.after}`),
  };
  app.post('/api/auth/login', { config: { rateLimit: loginLimit } }, async (req, reply) => {
    const body = parseBody(LoginBody, req.body);
    const r = await auth.login(body.email, body.password);
    if (!r) throw new HttpError(401, 'invalid_credentials', 'Wrong email or password');
    req.log.info({ userId: r.user.id }, 'user logged in');
    const cookie = `${TOKEN_COOKIE}=${r.token}; Path=/; HttpOnly; SameSite=Lax${secureCookie ? '; Secure' : ''}`;
    return reply.header('set-cookie', cookie).send({ token: r.token, user: publicUser(r.user) });
  });

  app.post('/api/auth/logout', { onRequest: requireUser(auth) }, async (req, reply) => {
    const token = tokenOf(req)!;
    await auth.logout(token);
    // This process's WebSockets of that login close now; other processes' within their next recheck.
    onLogout(token);
    return reply.header('set-cookie', `${TOKEN_COOKIE}=; Path=/; HttpOnly; Max-Age=0`).send({ ok: true });
  });

  app.get('/api/auth/me', { onRequest: requireUser(auth) }, async (req) => ({ user: publicUser(req.user!), settings }));

  app.post('/api/users', { onRequest: requireUser(auth, 'admin') }, async (req, reply) => {
    const body = parseBody(CreateUserBody, req.body);
    const user = await auth.createUser(body);
    if (user === 'exists') throw conflict('email_taken', 'A user with this email exists');
    req.log.info({ userId: user.id, role: user.role }, 'user created');
    await onUserCreated(user.id);
    return reply.status(201).send({ user: publicUser(user) });
  });
}
