/**
 * Why a use case refused, in the domain's words; the HTTP edge maps each kind to a status
 * (apps/server/src/http/errors.ts).
 */
export type RefusalKind = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unavailable';

/**
 * A use case's refusal: its kind, a stable `code` (public API: the JSON `error.code`), a message, and the bad field
 * when there is one.
 */
export interface Refusal {
  ok: false;
  kind: RefusalKind;
  code: string;
  message: string;
  field?: string;
}
