/**
 * What the small settings dialogs (a queue's, a team's) share: a refusal of the server put at the field it names,
 * the field's error and its aria attributes, and ticking one id of a set.
 */
import { ApiError } from '../api';

export interface FieldError<F extends string> {
  field: F | null;
  message: string;
}

/**
 * A failed save as words at its field: `known` says what the dialog's own refusals mean (a name in use, 403, 404);
 * anything else naming one of `fields` sits at it (its `field: ` prefix taken off), the rest above the buttons.
 */
export function refusalAt<F extends string>(
  err: unknown,
  fields: readonly F[],
  known: (e: ApiError) => FieldError<F> | null,
): FieldError<F> {
  if (!(err instanceof ApiError)) return { field: null, message: 'The server could not be reached. Try again.' };
  const said = known(err);
  if (said) return said;
  const field = fields.find((f) => f === err.field) ?? null;
  return { field, message: field ? err.message.replace(new RegExp(`^${field}: `), '') : err.message };
}

/** The error shown at `field` (with test id `<prefix>-<field>-error`), and the attributes that tie its input to it. */
export function fieldErrors<F extends string>(prefix: string, error: FieldError<F> | null) {
  const id = (field: F) => `${prefix}-${field}-error`;
  return {
    errorAt: (field: F) =>
      error?.field === field ? (
        <span className="field-error" id={id(field)} data-testid={id(field)}>
          {error.message}
        </span>
      ) : null,
    invalid: (field: F) => ({
      'aria-invalid': error?.field === field,
      'aria-describedby': error?.field === field ? id(field) : undefined,
    }),
  };
}

/** The set with `id` added, or taken out when it was in. */
export function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
