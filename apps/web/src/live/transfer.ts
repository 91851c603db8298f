/** Transfer over the HTTP API (`POST /api/sessions/:id/transfer`); what it changes arrives through the live socket. */
import type { TransferBody } from '@livespace/protocol/escalation';
import { api, ApiError } from '../api';
import { formError, type FormError } from './outbound-actions';

export function transferSession(sessionId: string, body: TransferBody): Promise<{ ok: true }> {
  return api<{ ok: true }>(`/api/sessions/${encodeURIComponent(sessionId)}/transfer`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

const FIELDS = ['queue', 'userId', 'note', 'priority'] as const;
/** Refusals about the person picked: shown under the person picker. */
const ABOUT_AGENT = new Set(['agent_unavailable', 'already_holds']);

/**
 * The server's refusal, next to the field it is about ("Eve is away: …" under the person picker), else above the
 * buttons.
 */
export function transferError(err: unknown): FormError {
  const e = formError(err, FIELDS, 'Only supervisors and admins, or the person holding it, can transfer it.');
  if (e.field === null && err instanceof ApiError && ABOUT_AGENT.has(err.code))
    return { field: 'userId', message: e.message };
  return e;
}
