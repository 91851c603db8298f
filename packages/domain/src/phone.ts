/** Phone numbers: normalize what people type to E.164, and mask numbers for logs. */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type { CountryCode };

/** True for a country code numbers can be read in (`US`, `GB`, `FR`…). */
export function isCountryCode(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

/** Result of `normalizePhone`: the E.164 number, or why the input is not one. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

// Digits, a leading +, and the separators people type. Anything else (letters, "call me at …")
// is refused rather than guessed at, since a guessed number may dial a stranger.
const PHONE_CHARS = /^\+?[0-9\s().\-/]+$/;

/**
 * Normalizes a typed number to E.164 (`+14155550123`). Accepts `whatsapp:` and `tel:` prefixes;
 * numbers without `+` are read in `defaultCountry` (US). Messages never repeat the number.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'US'): PhoneResult {
  const text = input.trim().replace(/^(whatsapp|tel):\s*/i, '');
  if (!text) return { ok: false, message: 'phone number is empty' };
  if (text.length > 40 || !PHONE_CHARS.test(text))
    return { ok: false, message: 'phone number may only contain digits, spaces, + ( ) - . /' };
  const phone = parsePhoneNumberFromString(text, { defaultCountry });
  if (!phone || !phone.isValid()) {
    return {
      ok: false,
      message: text.startsWith('+')
        ? 'not a valid phone number'
        : `not a valid phone number (read as ${defaultCountry}; use +country code)`,
    };
  }
  return { ok: true, e164: phone.number };
}

/** Masks a number for logs, keeping the country code and the last four digits: `+1 ••• ••• 0123`. */
export function maskPhone(e164: string): string {
  const text = e164.trim().replace(/^(whatsapp|tel):\s*/i, '');
  const phone = PHONE_CHARS.test(text) ? parsePhoneNumberFromString(text) : undefined;
  if (phone) {
    const national = phone.nationalNumber;
    const hidden = Math.max(0, national.length - 4);
    // Groups of three dots read like a number without revealing how it is split in that country.
    const dots = '•'.repeat(hidden).replace(/(•{3})(?=•)/g, '$1 ');
    return `+${phone.countryCallingCode} ${dots ? `${dots} ` : ''}${national.slice(hidden)}`;
  }
  // Not a number we can parse: still never show more than the last two digits.
  const digits = text.replace(/\D/g, '');
  return digits.length >= 6 ? `••• ${digits.slice(-2)}` : '•••';
}
