import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword } from './password-policy';

describe('password policy', () => {
  const cases: Array<[string, string, string?]> = [
    ['12345678', 'too_short'],
    ['short-pass1', 'too_short'],
    ['            ', 'too_common'], // twelve spaces
    ['aaaaaaaaaaaa', 'too_common'],
    ['abababababab', 'too_common'],
    ['123456789012', 'too_common'],
    ['987654321098', 'too_common'],
    ['password1234', 'too_common'],
    ['Password2024!', 'too_common'],
    ['!!football!!', 'too_common'],
    ['qwerty123456', 'too_common'],
    ['1qaz2wsx3edc', 'too_common'],
    ['leavemealone', 'too_common'],
    ['é'.repeat(37), 'too_long'], // 37 letters, 74 bytes
    ['jo.smith-secret-2026', 'too_personal', 'jo.smith@example.com'],
    ['correct horse battery staple', 'ok'],
    ['ava-password', 'ok'],
    ['Tq7#mV2!pLx9', 'ok'],
    ['ünïcödé-pässwörd', 'ok'],
  ];
  for (const [password, want, email] of cases) {
    it(`${JSON.stringify(password)} → ${want}`, () => {
      const v = checkPassword(password, email ? { email } : {});
      assert.equal(v.ok ? 'ok' : v.code, want, v.ok ? '' : v.message);
    });
  }
});
