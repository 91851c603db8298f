import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskPhone, normalizePhone } from './phone';

// [input, default country, expected E.164 or null for refused]
const NORMALIZE: Array<[string, 'US' | 'GB' | 'DE' | undefined, string | null]> = [
  ['+12025550123', undefined, '+12025550123'],
  ['(202) 555-0123', undefined, '+12025550123'],
  ['202.555.0123', undefined, '+12025550123'],
  ['  +1 202 555 0123 ', undefined, '+12025550123'],
  ['whatsapp:+447911123456', undefined, '+447911123456'],
  ['WhatsApp:+4915112345678', undefined, '+4915112345678'],
  ['tel:+33612345678', undefined, '+33612345678'],
  ['07911 123456', 'GB', '+447911123456'],
  ['0151 12345678', 'DE', '+4915112345678'],
  // The simulator's fictional numbers (555-01xx) are real-shaped and must pass.
  ['+14155550142', undefined, '+14155550142'],
  ['', undefined, null],
  ['   ', undefined, null],
  ['whatsapp:', undefined, null],
  ['12', undefined, null],
  ['+15555550123', undefined, null], // 555 is not an area code
  ['07911 123456', 'US', null],
  ['1-800-FLOWERS', undefined, null],
  ['call me at +12025550123', undefined, null],
  ['+1 202 555 0123 ext 5', undefined, null],
  ['9'.repeat(60), undefined, null],
];

for (const [input, country, expected] of NORMALIZE) {
  test(`normalizePhone(${JSON.stringify(input)}${country ? `, ${country}` : ''}) → ${expected ?? 'refused'}`, () => {
    const r = normalizePhone(input, country);
    if (expected === null) {
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.ok(r.message.length > 0);
        // Refusals are shown and logged: they must not echo the number back.
        const digits = input.replace(/\D/g, '');
        if (digits.length >= 4) assert.ok(!r.message.includes(digits.slice(-4)), r.message);
      }
    } else {
      assert.deepEqual(r, { ok: true, e164: expected });
    }
  });
}

const MASKS: Array<[string, string]> = [
  ['+12025550123', '+1 ••• ••• 0123'],
  ['whatsapp:+12025550123', '+1 ••• ••• 0123'],
  ['+447911123456', '+44 ••• ••• 3456'],
  ['+4915112345678', '+49 ••• ••• • 5678'],
  ['+33612345678', '+33 ••• •• 5678'],
  ['garbage 123456789', '••• 89'],
  ['12', '•••'],
  ['', '•••'],
];

for (const [input, expected] of MASKS) {
  test(`maskPhone(${JSON.stringify(input)}) → ${expected}`, () => {
    assert.equal(maskPhone(input), expected);
  });
}
