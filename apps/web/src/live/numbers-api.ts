/**
 * Our phone numbers over HTTP (`/api/numbers`): list, map (new or replacing), delete; and the words shown when one
 * fails.
 */
import type { NumberCarrier, NumberChannel, PhoneNumber } from '@livespace/protocol/numbers';
import { api, ApiError } from '../api';
import { formError, type FormError } from './outbound-actions';

export interface NumberMapping {
  /** E.164 (the form sends what the number check normalized). */
  number: string;
  agentId: string;
  carrier: NumberCarrier;
  channels: NumberChannel[];
}

/** The form's fields, as the server names them in its errors. */
export const NUMBER_FIELDS = ['number', 'agentId', 'carrier', 'channels'] as const;

const path = (number: string) => `/api/numbers/${encodeURIComponent(number)}`;

export const numbersApi = {
  list: async (): Promise<PhoneNumber[]> => (await api<{ items: PhoneNumber[] }>('/api/numbers')).items,
  /** Maps the number to the agent; a number mapped already gets this mapping instead. */
  save: (m: NumberMapping): Promise<PhoneNumber> =>
    api<PhoneNumber>('/api/numbers', { method: 'POST', body: JSON.stringify(m) }),
  remove: (number: string): Promise<void> => api<void>(path(number), { method: 'DELETE' }),
};

/** A failed save, put next to the field it names, or above the form. */
export function numberFormError(err: unknown): FormError {
  if (err instanceof ApiError && err.status === 403)
    return { field: null, message: 'Only admins can map or delete numbers.' };
  return formError(err, NUMBER_FIELDS);
}

/** A failed delete, as a sentence. */
export function deleteErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return 'Only admins can delete numbers.';
    return `Could not delete the number: ${err.message.replace(/\.$/, '')}`;
  }
  return 'Could not delete the number: the server could not be reached.';
}
