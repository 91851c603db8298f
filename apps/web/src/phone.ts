/** Phone numbers as people type them: checked on every keystroke and normalized to E.164, by the server's rules. */
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/min';
import { isShortCode } from '@livespace/protocol/short-code';

/**
 * Numbers typed without `+` are read in this country: the server's LIVESPACE_DEFAULT_COUNTRY once `/api/auth/me` told
 * it.
 */
let defaultCountry: CountryCode = 'US';

/** The country numbers without + are read in now. */
export function getDefaultCountry(): CountryCode {
  return defaultCountry;
}

/** Takes the server's setting; an unknown code is ignored (the server still checks every number). */
export function setDefaultCountry(code: string): void {
  if (isSupportedCountry(code)) defaultCountry = code;
}

/** What a typed number is: nothing yet, a number (E.164 and where), or why it is not one. */
export type PhoneCheck =
  | { kind: 'empty' }
  | { kind: 'valid'; e164: string; international: string; country: string | null; countryName: string | null }
  | { kind: 'invalid'; message: string };

// Digits, a leading +, and the separators people type (as the server accepts). Letters are refused, not guessed at.
const PHONE_CHARS = /^\+?[0-9\s().\-/]+$/;

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

/** "(415) 555-0100" → valid +14155550100 in the United States; "415" → invalid, too short. Pure. */
export function checkPhone(input: string, country: CountryCode = defaultCountry): PhoneCheck {
  const text = input.trim().replace(/^(whatsapp|tel):\s*/i, '');
  if (!text) return { kind: 'empty' };
  if (text.length > 40 || !PHONE_CHARS.test(text))
    return { kind: 'invalid', message: 'Only digits, spaces and + ( ) - . / please' };
  const phone = parsePhoneNumberFromString(text, { defaultCountry: country });
  if (phone?.isValid()) {
    const country = phone.country ?? null;
    return {
      kind: 'valid',
      e164: phone.number,
      international: phone.formatInternational(),
      country,
      countryName: country ? regionName(country) : null,
    };
  }
  const readAs = text.startsWith('+') ? '' : ` (read as ${country}; start with + and the country code)`;
  switch (validatePhoneNumberLength(text, { defaultCountry: country })) {
    case 'TOO_SHORT':
      return { kind: 'invalid', message: `Too short for a phone number${readAs}` };
    case 'TOO_LONG':
      return { kind: 'invalid', message: `Too long for a phone number${readAs}` };
    case 'INVALID_COUNTRY':
      return { kind: 'invalid', message: 'Unknown country code' };
    default:
      return { kind: 'invalid', message: `Not a valid phone number${readAs}` };
  }
}

/**
 * One of our numbers as typed in Numbers: a phone number, or an SMS short code (`isShortCode`: 5 or 6
 * digits written together, kept as they are; SMS on Twilio only). "415 555", with a space, is the start of
 * a phone number.
 */
export function checkOurNumber(input: string, country: CountryCode = defaultCountry): PhoneCheck {
  const digits = input.trim();
  if (isShortCode(digits))
    return { kind: 'valid', e164: digits, international: digits, country: null, countryName: 'SMS short code' };
  return checkPhone(input, country);
}

/** An E.164 number as people read it: "+14155550150" → "+1 415 555 0150" (as stored when it cannot be parsed). */
export function formatPhone(e164: string): string {
  const phone = PHONE_CHARS.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
  return phone?.formatInternational() ?? e164;
}

/** The country of an E.164 number, in English ("United States"), or null. */
export function phoneCountryName(e164: string): string | null {
  const country = PHONE_CHARS.test(e164) ? parsePhoneNumberFromString(e164)?.country : undefined;
  return country ? regionName(country) : null;
}

function regionName(country: string): string {
  try {
    return regionNames?.of(country) ?? country;
  } catch {
    return country;
  }
}
