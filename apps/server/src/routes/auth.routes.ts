/**
 * Login, logout, who am I, one's own password, and the team's accounts (admins change them; supervisors read the list).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChangePasswordBody, CreateUserBody, LoginBody, SetPasswordBody, UpdateUserBody } from '@livespace/protocol';
import { HttpError, parseBody, conflict, notFound } from '../http/errors';
import { publicUser, type AuthService } from '../auth/auth-service';
import type { AccountRefusal, UserAccounts } from '../auth/user-accounts';
import { requireUser, requirePermission, tokenOf, TOKEN_COOKIE } from '../auth/auth-hooks';
import type { UserRecord } from '@livespace/app';
import type { AuditWriter } from '../http/audit-writer';

/** Settings the web app needs to behave as the server will (numbers typed without + are read in `defaultCountry`). */
interface ClientSettings {
  defaultCountry: string;
}

export interface AuthRouteDeps {
  auth: AuthService;
  accounts: UserAccounts;
  secureCookie: boolean;
  /** A new user exists (a new human agent appears on the `presence` topic). */
  onUserCreated: (userId: string) => Promise<void>;
  /** A user signed out (a human agent goes offline now, and comes back to their chosen status on signing in). */
  onSignedOut: (userId: string) => Promise<void>;
  settings: ClientSettings;
  /** Writes who changed the team to the audit log. */
  audit: AuditWriter;
  /** Sign-in attempts per account, and per address, per minute (each hashes a password). */
  loginsPerMinute: number;
  loginsPerAddressPerMinute: number;
}

/** An account refusal as an HTTP answer. */
function refusal(r: AccountRefusal): HttpError {
  switch (r.refused) {
    case 'not_found':
      return notFound('User');
    case 'email_taken':
      return conflict('email_taken', 'A user with this email exists');
    case 'own_account':
      return conflict('own_account', r.message);
    case 'last_admin':
      return conflict('last_admin', r.message);
    case 'wrong_password':
      return new HttpError(403, 'wrong_password', r.message, 'current');
    case 'weak_password':
      return new HttpError(422, 'weak_password', `password: ${r.message}`, 'password');
  }
}

const isRefusal = (r: unknown): r is AccountRefusal => typeof r === 'object' && r !== null && 'refused' in r;

export function authRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const { auth, accounts } = deps;
  // Sign-in attempts are limited per account (from any address) and per address (an office behind one NAT signs a
  // whole shift in at once: a looser limit), counted before any password is hashed — so a burst in parallel is held
  // as well as a slow one — and in Redis when several processes run. Over the limit: 429 with Retry-After.
  const emailOf = (req: FastifyRequest) =>
    String((req.body as { email?: unknown } | undefined)?.email ?? '')
      .trim()
      .toLowerCase();
  const limits = [
    app.createRateLimit({
      max: deps.loginsPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => `login-account|${emailOf(req)}`,
    }),
    app.createRateLimit({
      max: deps.loginsPerAddressPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => `login-address|${req.ip}`,
    }),
  ];
  const limitAttempts = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const counted = await Promise.all(limits.map((limit) => limit(req)));
    const waits = counted.flatMap((c) => (!c.isAllowed && c.isExceeded ? [Math.max(1, c.ttlInSeconds)] : []));
    if (waits.length === 0) return;
    const seconds = Math.max(...waits);
    reply.header('retry-after', String(seconds));
    throw new HttpError(429, 'too_many_attempts', `Too many sign-in attempts; try again in ${seconds} s`);
  };
  app.post('/api/auth/login', { preHandler: limitAttempts }, async (req, reply) => {
    const body = parseBody(LoginBody, req.body);
    const r = await auth.login(body.email, body.password);
    if (r === 'invalid') throw new HttpError(401, 'invalid_credentials', 'Wrong email or password');
    if (r === 'disabled') throw new HttpError(403, 'account_disabled', 'This account is disabled; ask an admin');
    req.log.info({ userId: r.user.id }, 'user logged in');
    const cookie = `${TOKEN_COOKIE}=${r.token}; Path=/; HttpOnly; SameSite=Lax${deps.secureCookie ? '; Secure' : ''}`;
    return reply.header('set-cookie', cookie).send({ token: r.token, user: publicUser(r.user) });
  });

  app.post('/api/auth/logout', { onRequest: requireUser(auth) }, async (req, reply) => {
    const hash = await auth.logout(tokenOf(req)!);
    // Its WebSockets and listeners close now, on every process.
    await accounts.signedOut(req.user!.id, hash);
    await deps
      .onSignedOut(req.user!.id)
      .catch((err: unknown) => req.log.error({ err }, 'taking a signed-out agent offline failed'));
    return reply.header('set-cookie', `${TOKEN_COOKIE}=; Path=/; HttpOnly; Max-Age=0`).send({ ok: true });
  });

  app.get('/api/auth/me', { onRequest: requireUser(auth) }, async (req) => ({
    user: publicUser(req.user!),
    settings: deps.settings,
  }));

  app.post('/api/auth/password', { onRequest: requireUser(auth) }, async (req) => {
    const body = parseBody(ChangePasswordBody, req.body);
    const r = await accounts.changeOwnPassword(req.user!, req.login!.tokenHash, body.current, body.password);
    if (isRefusal(r)) throw refusal(r);
    req.log.info({ userId: req.user!.id }, "password changed; the user's other logins ended");
    return { ok: true };
  });

  const admin = requirePermission(auth, 'users.manage');
  const listed = (u: UserRecord) => ({ ...publicUser(u), disabled: u.disabled, teamId: u.teamId });

  // The team list is read by supervisors too (the Team screen, read-only for them); only admins change it.
  app.get('/api/users', { onRequest: requirePermission(auth, 'team.read') }, async () => ({
    items: (await accounts.list()).map(listed),
  }));

  app.post('/api/users', { onRequest: admin }, async (req, reply) => {
    const body = parseBody(CreateUserBody, req.body);
    const user = await accounts.create(body);
    if (isRefusal(user)) throw refusal(user);
    req.log.info({ userId: user.id, role: user.role }, 'user created');
    await deps.audit(req, {
      action: 'user.create',
      target: user.id,
      detail: { email: user.email, name: user.name, role: user.role, queues: user.queues },
    });
    await deps.onUserCreated(user.id);
    return reply.status(201).send({ user: publicUser(user) });
  });

  app.patch<{ Params: { id: string } }>('/api/users/:id', { onRequest: admin }, async (req) => {
    const body = parseBody(UpdateUserBody, req.body);
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const user = await accounts.update(req.user!, req.params.id, patch);
    if (isRefusal(user)) throw refusal(user);
    req.log.info({ userId: user.id, by: req.user!.id, changed: Object.keys(patch) }, 'user changed');
    await deps.audit(req, { action: 'user.update', target: user.id, detail: patch });
    return { user: listed(user) };
  });

  app.post<{ Params: { id: string } }>('/api/users/:id/password', { onRequest: admin }, async (req) => {
    const body = parseBody(SetPasswordBody, req.body);
    const r = await accounts.resetPassword(req.params.id, body.password);
    if (isRefusal(r)) throw refusal(r);
    req.log.info({ userId: req.params.id, by: req.user!.id }, "password set by an admin; the user's logins ended");
    await deps.audit(req, { action: 'user.password_reset', target: req.params.id, detail: {} });
    return { ok: true };
  });
}
