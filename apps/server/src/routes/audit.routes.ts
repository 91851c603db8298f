/**
 * `GET /api/audit` (admins): the audit log of exports, deletions and retention runs, newest first, paged by `before`.
 */
import type { FastifyInstance } from 'fastify';
import { AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT, type AuditPage } from '@livespace/protocol';
import type { Store } from '@livespace/app';
import { HttpError } from '../http/errors';
import { requirePermission } from '../auth/auth-hooks';
import type { AuthService } from '../auth/auth-service';

const integer = (q: Record<string, unknown>, key: string, min: number, max: number): number | undefined => {
  const v = q[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{1,16}$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new HttpError(422, 'invalid_input', `${key}: must be an integer from ${min} to ${max}`, key);
  }
  return Number(v);
};

export function auditRoutes(app: FastifyInstance, auth: AuthService, store: Store): void {
  app.get('/api/audit', { onRequest: requirePermission(auth, 'audit.read') }, async (req): Promise<AuditPage> => {
    const q = req.query as Record<string, unknown>;
    const limit = integer(q, 'limit', 1, AUDIT_MAX_LIMIT) ?? AUDIT_DEFAULT_LIMIT;
    const before = integer(q, 'before', 1, Number.MAX_SAFE_INTEGER);
    const items = await store.listAudit({ limit: limit + 1, ...(before !== undefined ? { before } : {}) });
    const more = items.length > limit;
    const page = more ? items.slice(0, limit) : items;
    return { items: page, nextBefore: more ? page[page.length - 1]!.id : null };
  });
}
