import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkOurNumber,
  checkPhone,
  formatPhone,
  getDefaultCountry,
  phoneCountryName,
  setDefaultCountry,
} from './phone';

describe('checkPhone', () => {
  it('normalizes what people type to E.164, read as US without +', () => {
    const c = checkPhone('(415) 555-0100');
    assert.equal(c.kind, 'valid');
    if (c.kind !== 'valid') return;
    assert.equal(c.e164, '+14155550100');
    assert.equal(c.country, 'US');
    assert.equal(c.countryName, 'United States');
    assert.equal(c.international, '+1 415 555 0100');
  });

  it('reads numbers with + in their own country, and takes tel: and whatsapp: prefixes', () => {
    const fr = checkPhone('+33 6 12 34 56 78');
    assert.equal(fr.kind === 'valid' && fr.e164, '+33612345678');
    assert.equal(fr.kind === 'valid' && fr.countryName, 'France');
    const tel = checkPhone('tel:+1 415 555 0100');
    assert.equal(tel.kind === 'valid' && tel.e164, '+14155550100');
  });

  it('says why a number is not one', () => {
    assert.deepEqual(checkPhone('   '), { kind: 'empty' });
    const short = checkPhone('415');
    assert.equal(short.kind, 'invalid');
    assert.match(short.kind === 'invalid' ? short.message : '', /too short.*read as US/i);
    const long = checkPhone('+1 415 555 01001');
    assert.match(long.kind === 'invalid' ? long.message : '', /too long/i);
    assert.doesNotMatch(
      long.kind === 'invalid' ? long.message : '',
      /read as/,
      'a number with + is not read in the default country',
    );
    const letters = checkPhone('call me at 5');
    assert.match(letters.kind === 'invalid' ? letters.message : '', /only digits/i);
  });
});

describe('checkOurNumber', () => {
  it('takes 5 or 6 digits written together as an SMS short code; with spaces, or longer, it is a phone number', () => {
    assert.equal(checkOurNumber('415 555').kind, 'invalid', 'the start of a phone number, too short');
    assert.deepEqual(checkOurNumber(' 894546 '), {
      kind: 'valid',
      e164: '894546',
      international: '894546',
      country: null,
      countryName: 'SMS short code',
    });
    assert.equal(checkOurNumber('72975').kind, 'valid');
    assert.equal(checkOurNumber('12').kind, 'invalid');
    assert.equal((checkOurNumber('+1 415 555 0100') as { e164: string }).e164, '+14155550100');
    assert.equal(checkOurNumber('1234567').kind, 'invalid', 'seven digits are neither a short code nor a whole number');
  });
});

describe('default country', () => {
  it("numbers without + are read in the server's default country once it is known", () => {
    assert.equal(getDefaultCountry(), 'US');
    setDefaultCountry('GB');
    try {
      const uk = checkPhone('020 7946 0018');
      assert.equal(uk.kind === 'valid' && uk.e164, '+442079460018');
      setDefaultCountry('XX');
      assert.equal(getDefaultCountry(), 'GB', 'an unknown code is ignored');
    } finally {
      setDefaultCountry('US');
    }
    assert.equal(checkPhone('020 7946 0018').kind, 'invalid');
  });
});

describe('formatPhone', () => {
  it('writes a stored number the way people read it, with its country', () => {
    assert.equal(formatPhone('+14155550150'), '+1 415 555 0150');
    assert.equal(formatPhone('+442079460018'), '+44 20 7946 0018');
    assert.equal(phoneCountryName('+442079460018'), 'United Kingdom');
  });

  it('leaves what it cannot read as it is', () => {
    assert.equal(formatPhone('not a number'), 'not a number');
    assert.equal(phoneCountryName('not a number'), null);
  });
});
