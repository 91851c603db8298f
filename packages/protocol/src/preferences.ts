/**
 * A person's own preferences, kept on the server so they follow them to every browser (`GET /api/me/preferences`,
 * `PUT /api/me/preferences`). Alerts: mute, and quiet hours as "HH:MM" read in the browser's local time (a range whose
 * end is before its start spans midnight).
 */
import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):([0-5]\d)$/, 'a time like 22:00');

const AlertPreferences = z
  .object({
    muted: z.boolean(),
    quietHours: z.boolean(),
    quietFrom: HHMM,
    quietTo: HHMM,
  })
  .strict();
type AlertPreferences = z.infer<typeof AlertPreferences>;

/** Every section is optional: a person who never chose has `{}`. */
export interface UserPreferences {
  alerts?: AlertPreferences;
}

/** `PUT /api/me/preferences`: the sections given replace those kept; the others stay. */
export const PreferencesBody = z
  .object({ alerts: AlertPreferences.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one section: alerts' });
export type PreferencesBody = z.infer<typeof PreferencesBody>;
