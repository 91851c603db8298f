/**
 * What a new password must be (NIST SP 800-63B: length and a list of known passwords, no composition rules):
 * at least 12 characters, at most 72 bytes (bcrypt reads no further), not a known common password — also
 * not one dressed up with digits or symbols at either end ("Password2024!") — not one character run
 * ("aaaaaaaaaaaa", "123456789012"), and not the user's own email name. The list: zxcvbn-ts's 49,000
 * most common passwords (@zxcvbn-ts/language-common), loaded once on first use.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_BYTES = 72;

export type PasswordVerdict =
  | { ok: true }
  | { ok: false; code: 'too_short' | 'too_long' | 'too_common' | 'too_personal'; message: string };

let common: Set<string> | null = null;
const commonPasswords = (): Set<string> => (common ??= new Set(dictionary.passwords.map((p) => p.toLowerCase())));

/** The password without the digits and symbols people add at its ends. */
const core = (p: string): string => p.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');

/** Every step the same (+1, -1 or 0): "aaaa", "1234", "9876", "abcd". */
function isRun(p: string): boolean {
  const cps = [...p].map((c) => c.codePointAt(0)!);
  const step = cps[1]! - cps[0]!;
  if (Math.abs(step) > 1) return false;
  return cps.every(
    (c, i) => i === 0 || c - cps[i - 1]! === step || (step !== 0 && /\d/.test(p) && Math.abs(c - cps[i - 1]!) === 9),
  );
}

export function checkPassword(password: string, user: { email?: string } = {}): PasswordVerdict {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return { ok: false, code: 'too_short', message: `Use at least ${MIN_PASSWORD_LENGTH} characters` };
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES)
    return {
      ok: false,
      code: 'too_long',
      message: `Use at most ${MAX_PASSWORD_BYTES} bytes (about ${MAX_PASSWORD_BYTES} letters)`,
    };
  const lower = password.toLowerCase();
  const trimmed = core(lower);
  const list = commonPasswords();
  if (list.has(lower) || (trimmed.length >= 4 && list.has(trimmed)) || new Set(lower).size < 4 || isRun(lower)) {
    return {
      ok: false,
      code: 'too_common',
      message: 'This password is too easy to guess; choose a longer, less common one',
    };
  }
  const name = user.email?.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 4 && lower.includes(name))
    return { ok: false, code: 'too_personal', message: 'The password must not contain your email name' };
  return { ok: true };
}
