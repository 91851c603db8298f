/**
 * Writes an entry of the audit log for the person making a request. What the entry records has already happened (an
 * export delivered, a user changed): a failure to write it is logged with the action and never undoes or fails the
 * request.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditEntry, Clock, Store } from '@livespace/app';
import { storeErrorForLog } from './errors';

export type AuditWriter = (req: FastifyRequest, entry: Omit<AuditEntry, 'at' | 'userId' | 'userName'>) => Promise<void>;

export function auditWriter(store: Store, clock: Clock): AuditWriter {
  return async (req, entry) => {
    try {
      await store.recordAudit({
        ...entry,
        at: clock.now().toISOString(),
        userId: req.user!.id,
        userName: req.user!.name,
      });
    } catch (err) {
      req.log.error({ err: storeErrorForLog(err), action: entry.action }, 'an action was not written to the audit log');
    }
  };
}
