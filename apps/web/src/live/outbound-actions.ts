/**
 * Placing calls over the HTTP API: Dial Now, and booking and changing callbacks. What they change arrives
 * through the live socket (the `sessions` and `callbacks` topics); these only say whether the server agreed.
 */
import type { Callback } from '@livespace/protocol/outbound';
import { api, ApiError } from '../api';

export interface DialRequest {
  agentId: string;
  to: string;
  persona?: string;
}

export interface BookRequest {
  to: string;
  agentId: string;
  /** ISO 8601 with its offset. */
  at: string;
  note?: string;
}

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const path = (id: string) => `/api/callbacks/${encodeURIComponent(id)}`;

export const outboundActions = {
  dial: (r: DialRequest) => api<{ sessionId: string }>('/api/calls', json('POST', r)),
  book: (r: BookRequest) => api<Callback>('/api/callbacks', json('POST', r)),
  reschedule: (id: string, at: string) => api<Callback>(path(id), json('PATCH', { at })),
  callNow: (id: string) => api<Callback>(`${path(id)}/call-now`, json('POST', {})),
  cancel: (id: string) => api<Callback>(path(id), json('DELETE')),
};

/**
 * A failed request's message, put next to the form field it names (without the "to: " the server starts it with) or
 * above the form.
 */
export interface FormError {
  field: string | null;
  message: string;
}

export function formError(
  e: unknown,
  fields: readonly string[],
  forbidden = 'Only supervisors and admins can place calls.',
): FormError {
  if (!(e instanceof ApiError)) return { field: null, message: 'The server could not be reached. Try again.' };
  if (e.status === 403) return { field: null, message: forbidden };
  const field = e.field && fields.includes(e.field) ? e.field : null;
  const message =
    field && e.message.startsWith(`${field}: `) ? capitalize(e.message.slice(field.length + 2)) : e.message;
  return { field, message };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
